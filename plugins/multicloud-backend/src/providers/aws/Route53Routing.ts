import {
  ChangeResourceRecordSetsCommand,
  GetChangeCommand,
  ListResourceRecordSetsCommand,
  type ResourceRecordSet,
  type RRType,
} from '@aws-sdk/client-route-53';
import { InputError } from '@backstage/errors';
import {
  BUILT_IN_CLOUDS,
  type CloudId,
} from '@multicloud/backstage-plugin-multicloud-common';
import {
  alignedWindow,
  cloudIdsOf,
  locationOf,
  toCloudError,
  type HealthReading,
  type PerCloud,
  type ServiceLocation,
  type Weights,
} from '../types';
import type { GlobalRouting } from '../cloud/types';
import { PromiseCache } from '../PromiseCache';
import type { AwsClients } from './awsClients';
import type { CloudWatchBatcher, MetricSeries } from './CloudWatchBatcher';

interface Records {
  zoneId: string;
  byCloud: Record<CloudId, ResourceRecordSet>;
}

/**
 * Route53 weighted records as the global routing (terraform-modules/global-routing): one record
 * per cloud, its set identifier the cloud's id, each with a health check. Weights are read from the
 * records and changed with one atomic `ChangeResourceRecordSets`; the change is in effect once
 * Route53 reports it `INSYNC`. Health comes from the health checks' `HealthCheckStatus` metric,
 * read through the CloudWatch batcher, because Route53's own API allows five requests a second per
 * account, which a catalog of services would exceed. For the same reason a zone's records are
 * listed once for all its services and kept for `recordsTtlMs` (default 30 s); the failover path
 * reads them fresh.
 */
export class Route53Routing implements GlobalRouting {
  private readonly zones: PromiseCache<Map<string, ResourceRecordSet[]>>;
  private readonly clouds: readonly CloudId[];

  constructor(
    private readonly clients: AwsClients,
    private readonly batcher: CloudWatchBatcher,
    private readonly options: {
      recordsTtlMs?: number;
      now?: () => number;
      /** The clouds with a weighted record each (their set identifiers); default AWS and Azure. */
      clouds?: readonly CloudId[];
    } = {},
  ) {
    this.clouds = options.clouds ?? cloudIdsOf(BUILT_IN_CLOUDS);
    this.zones = new PromiseCache({
      ttlMs: options.recordsTtlMs ?? 30_000,
      now: options.now,
    });
  }

  async getWeights(service: ServiceLocation): Promise<Weights> {
    const { byCloud } = await this.readRecords(service);
    return Object.fromEntries(
      this.clouds.map(cloud => [cloud, byCloud[cloud].Weight ?? 0]),
    );
  }

  /** Returns Route53's change id, which `GetChange` reports `PENDING` until it is `INSYNC`. */
  async setWeights(
    service: ServiceLocation,
    weights: Weights,
  ): Promise<string | null> {
    const { zoneId, byCloud } = await this.readRecords(service, true);
    const route53 = await this.clients.route53(
      locationOf(service, 'aws').account,
    );
    const { ChangeInfo } = await route53.send(
      new ChangeResourceRecordSetsCommand({
        HostedZoneId: zoneId,
        ChangeBatch: {
          Comment: `multicloud failover of ${service.entityRef}`,
          Changes: this.clouds.map(cloud => ({
            Action: 'UPSERT',
            ResourceRecordSet: { ...byCloud[cloud], Weight: weights[cloud] },
          })),
        },
      }),
    );
    this.zones.delete(zoneKey(locationOf(service, 'aws').account, zoneId));
    return ChangeInfo?.Id ?? null;
  }

  /**
   * In effect once the change is `INSYNC` ("GetChange": "INSYNC indicates that the changes have
   * propagated to all Route 53 DNS servers",
   * https://docs.aws.amazon.com/Route53/latest/APIReference/API_GetChange.html) and the records
   * carry the weights. The change id comes from the failover's record, so it survives a restart.
   */
  async isInEffect(
    service: ServiceLocation,
    weights: Weights,
    change?: string | null,
  ): Promise<boolean> {
    if (change) {
      const route53 = await this.clients.route53(
        locationOf(service, 'aws').account,
      );
      const { ChangeInfo } = await route53.send(
        new GetChangeCommand({ Id: change }),
      );
      if (ChangeInfo?.Status !== 'INSYNC') return false;
    }
    const { byCloud } = await this.readRecords(service, true);
    return this.clouds.every(
      cloud => (byCloud[cloud].Weight ?? 0) === weights[cloud],
    );
  }

  async getHealth(service: ServiceLocation): Promise<PerCloud<HealthReading>> {
    let records: Records;
    try {
      records = await this.readRecords(service);
    } catch (error) {
      return this.clouds.map(cloud => toCloudError(cloud, error));
    }
    const now = this.options.now?.() ?? Date.now();
    const window = alignedWindow(180, 60, now);
    return Promise.all(
      this.clouds.map(async cloud => {
        const healthCheckId = records.byCloud[cloud].HealthCheckId;
        const region = locationOf(service, cloud).region ?? 'unknown';
        if (!healthCheckId)
          return {
            cloud,
            ok: true as const,
            data: {
              region,
              health: 'unknown' as const,
              healthSince: null,
              lastCheck: null,
              lastError: `the Route53 record of ${cloud} has no health check`,
            },
          };
        try {
          const [series] = await this.batcher.query(
            {
              account: locationOf(service, 'aws').account,
              region: 'us-east-1',
              ...window,
              periodSeconds: 60,
            },
            [
              {
                namespace: 'AWS/Route53',
                metricName: 'HealthCheckStatus',
                dimensions: { HealthCheckId: healthCheckId },
                stat: 'Minimum',
              },
            ],
          );
          return {
            cloud,
            ok: true as const,
            data: healthFrom(series, healthCheckId, region),
          };
        } catch (error) {
          return toCloudError(cloud, error);
        }
      }),
    );
  }

  private async readRecords(
    service: ServiceLocation,
    fresh = false,
  ): Promise<Records> {
    const route53Location = service.route53;
    if (!route53Location)
      throw new InputError(
        `${service.entityRef} routes with Route53 but names no hosted zone and domain: add the annotations multicloud.io/route53-zone-id and multicloud.io/domain`,
      );
    const { zoneId, domain } = route53Location;
    const name = (domain.endsWith('.') ? domain : `${domain}.`).toLowerCase();
    const zone = await this.zone(
      locationOf(service, 'aws').account,
      zoneId,
      fresh,
    );
    const sets = zone.get(name) ?? [];
    const byCloud = {} as Record<CloudId, ResourceRecordSet>;
    for (const cloud of this.clouds) {
      const record = sets.find(r => r.SetIdentifier === cloud);
      if (!record || record.Weight === undefined)
        throw new Error(
          `hosted zone ${zoneId} has no weighted record ${name} with set identifier "${cloud}"`,
        );
      byCloud[cloud] = record;
    }
    return { zoneId, byCloud };
  }

  /**
   * The weighted records of a whole hosted zone by name, listed page by page and kept for
   * `recordsTtlMs`: the services of one zone share one listing, which keeps a catalog of services
   * under Route53's five requests a second.
   */
  private zone(
    account: string | null,
    zoneId: string,
    fresh: boolean,
  ): Promise<Map<string, ResourceRecordSet[]>> {
    return this.zones.get(
      zoneKey(account, zoneId),
      () => this.listZone(account, zoneId),
      { fresh },
    );
  }

  private async listZone(account: string | null, zoneId: string) {
    const route53 = await this.clients.route53(account);
    const byName = new Map<string, ResourceRecordSet[]>();
    let next: { name?: string; type?: RRType; id?: string } = {};
    do {
      const page = await route53.send(
        new ListResourceRecordSetsCommand({
          HostedZoneId: zoneId,
          StartRecordName: next.name,
          StartRecordType: next.type,
          StartRecordIdentifier: next.id,
        }),
      );
      for (const record of page.ResourceRecordSets ?? []) {
        if (!record.SetIdentifier || !record.Name) continue;
        const name = record.Name.toLowerCase();
        byName.set(name, [...(byName.get(name) ?? []), record]);
      }
      next = page.IsTruncated
        ? {
            name: page.NextRecordName,
            type: page.NextRecordType,
            id: page.NextRecordIdentifier,
          }
        : {};
    } while (next.name);
    return byName;
  }
}

function zoneKey(account: string | null, zoneId: string) {
  return `${account ?? ''}|${zoneId}`;
}

/** A health reading from a Route53 health check's `HealthCheckStatus` minutes (1 healthy, 0 not). */
function healthFrom(
  series: MetricSeries,
  healthCheckId: string,
  region: string,
): HealthReading {
  const latest = series.points.at(-1);
  if (!latest)
    return {
      region,
      health: 'unknown',
      healthSince: null,
      lastCheck: null,
      lastError: `Route53 health check ${healthCheckId} reported nothing in the last 3 minutes`,
    };
  const healthy = latest.v >= 1;
  // Healthy (or not) since the first minute of the unbroken run that ends with the latest.
  let since = latest.t;
  for (const point of [...series.points].reverse()) {
    if (point.v >= 1 !== healthy) break;
    since = point.t;
  }
  return {
    region,
    health: healthy ? 'healthy' : 'unhealthy',
    healthSince: since.toISOString(),
    lastCheck: {
      at: latest.t.toISOString(),
      ok: healthy,
      latencyMs: null,
      message: `Route53 health check ${healthCheckId}: ${
        healthy ? 'healthy' : 'failing'
      } in the minute from ${latest.t.toISOString()}`,
    },
    lastError: null,
  };
}
