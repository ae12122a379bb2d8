import type { AFDOrigin, AFDOriginGroup } from '@azure/arm-cdn';
import { InputError } from '@backstage/errors';
import {
  BUILT_IN_CLOUDS,
  type CloudId,
} from '@multicloud/backstage-plugin-multicloud-common';
import type { GlobalRouting } from '../cloud/types';
import {
  httpHealthProbe,
  probeDrained,
  type HealthProbe,
} from '../HealthProbe';
import { PromiseCache } from '../PromiseCache';
import {
  alignedWindow,
  cloudIdsOf,
  locationOf,
  type HealthReading,
  type PerCloud,
  type ServiceLocation,
  type Weights,
} from '../types';
import type { AzureClients } from './azureClients';
import { azureNames } from './azureNames';
import type { MonitorMetricsBatcher } from './MonitorMetricsBatcher';

/** Front Door weights run from 1 to 1000; the module stores the portal's 0 to 100 times ten. */
const WEIGHT_SCALE = 10;
/** Below this share of successful health probes in the last minute, an origin is unhealthy. */
const HEALTHY_PERCENT = 90;

/**
 * Azure Front Door (Standard/Premium) as the global routing (terraform-modules/global-routing):
 * origin group `clouds` of profile `afd-<id>`, one origin per cloud named by the cloud's id. A
 * weight of 0 is the origin disabled, as the Terraform module does for a drained cloud. Front Door
 * has no atomic change of two origins, so the cloud gaining traffic is changed first and the one
 * losing it second: traffic is never drained from both. A change is in effect once both origins
 * carry the new weights with `provisioningState: Succeeded` (see `isInEffect`). Health is the
 * origin's share of successful health probes (`OriginHealthPercentage`, Azure Monitor, batched
 * across services); a disabled origin, which Front Door does not probe, is probed directly.
 *
 * Origins are read per profile, which costs a Resource Manager read each; they are kept
 * `originsTtlMs` (default 60 s) for the status, and read fresh by the failover path.
 */
export class FrontDoorRouting implements GlobalRouting {
  private readonly origins: PromiseCache<AFDOrigin[]>;
  private readonly probeSettings: PromiseCache<AFDOriginGroup>;
  private readonly probe: HealthProbe;
  private readonly clouds: readonly CloudId[];

  constructor(
    private readonly clients: AzureClients,
    private readonly metrics: MonitorMetricsBatcher,
    private readonly options: {
      originsTtlMs?: number;
      now?: () => number;
      probe?: HealthProbe;
      /** The clouds with an origin each (named by the cloud's id); default AWS and Azure. */
      clouds?: readonly CloudId[];
    } = {},
  ) {
    this.clouds = options.clouds ?? cloudIdsOf(BUILT_IN_CLOUDS);
    this.origins = new PromiseCache({
      ttlMs: options.originsTtlMs ?? 60_000,
      now: options.now,
    });
    this.probeSettings = new PromiseCache({
      ttlMs: options.originsTtlMs ?? 60_000,
      now: options.now,
    });
    this.probe = options.probe ?? httpHealthProbe();
  }

  async getWeights(service: ServiceLocation): Promise<Weights> {
    const origins = await this.read(service);
    return Object.fromEntries(
      this.clouds.map(cloud => [cloud, weightOf(origins[cloud])]),
    );
  }

  async setWeights(service: ServiceLocation, weights: Weights): Promise<null> {
    const where = locate(service);
    const current = await this.read(service, true);
    const client = this.clients.cdn(where.subscription);
    // The cloud whose weight grows goes first, so no moment has both origins drained.
    const order = [...this.clouds].sort(
      (a, b) =>
        weights[b] - weightOf(current[b]) - (weights[a] - weightOf(current[a])),
    );
    try {
      for (const cloud of order) {
        if (weightOf(current[cloud]) === weights[cloud]) continue;
        await client.afdOrigins.beginUpdate(
          where.group,
          where.profile,
          where.originGroup,
          cloud,
          {
            enabledState: weights[cloud] > 0 ? 'Enabled' : 'Disabled',
            weight: Math.max(1, weights[cloud] * WEIGHT_SCALE),
          },
        );
      }
    } finally {
      this.origins.delete(originsKey(where));
    }
    // The origins' own provisioning states tell when it is in effect.
    return null;
  }

  async isInEffect(
    service: ServiceLocation,
    weights: Weights,
  ): Promise<boolean> {
    const origins = await this.read(service, true);
    return this.clouds.every(cloud => {
      const origin = origins[cloud];
      if (origin.provisioningState === 'Failed')
        throw new Error(
          `Front Door could not apply the change to origin ${cloud} (provisioningState Failed)`,
        );
      // The resource's own state says the change is applied: ARM's `provisioningState`
      // reaches `Succeeded` once the update is done. `deploymentStatus` (NotStarted,
      // InProgress, Succeeded, Failed) is the edge deployment and may stay `NotStarted` on an
      // origin that finished provisioning: the REST API reference's own example of
      // "AFD Origins - Get" answers `"provisioningState": "Succeeded", "deploymentStatus":
      // "NotStarted"` (azure-rest-api-specs, specification/cdn/resource-manager/Microsoft.Cdn/
      // stable/2024-02-01/examples/AFDOrigins_Get.json;
      // https://learn.microsoft.com/rest/api/frontdoor/azurefrontdoorstandardpremium/afd-origins/get).
      // So only a deployment still running or failed holds it back.
      const deploying =
        origin.deploymentStatus === 'InProgress' ||
        origin.deploymentStatus === 'Failed';
      return (
        weightOf(origin) === weights[cloud] &&
        (origin.provisioningState ?? 'Succeeded') === 'Succeeded' &&
        !deploying
      );
    });
  }

  async getHealth(service: ServiceLocation): Promise<PerCloud<HealthReading>> {
    const where = locate(service);
    const origins = await this.read(service);
    const series = await this.metrics.query(
      {
        subscription: where.subscription,
        region: 'global',
        namespace: 'Microsoft.Cdn/profiles',
        metricNames: ['OriginHealthPercentage'],
        aggregation: 'average',
        ...alignedWindow(300, 60, this.options.now?.() ?? Date.now()),
        intervalSeconds: 60,
        filter: "Origin eq '*'",
      },
      where.profileId,
    );
    return Promise.all(
      this.clouds.map(async cloud => {
        const origin = origins[cloud];
        const region = locationOf(service, cloud).region ?? 'unknown';
        // An origin's `enabledState` is "whether to enable health probes to be made against
        // [it]" (AFDOrigin, @azure/arm-cdn,
        // https://learn.microsoft.com/javascript/api/@azure/arm-cdn/afdorigin): a drained
        // (disabled) cloud gets no probe from Front Door, so it is probed here, on its origin
        // group's probe path and protocol.
        if (origin.enabledState === 'Disabled')
          return {
            cloud,
            ok: true as const,
            data: await probeDrained(
              this.probe,
              await this.probeUrl(service, origin),
              region,
              'Front Door',
            ),
          };
        const host = (origin.hostName ?? '').toLowerCase();
        const points =
          series.find(s =>
            Object.values(s.dimensions).some(v => v.toLowerCase() === host),
          )?.points ?? [];
        const latest = [...points].reverse().find(p => p.average !== undefined);
        if (!latest)
          return {
            cloud,
            ok: true as const,
            data: {
              region,
              health: 'unknown' as const,
              healthSince: null,
              lastCheck: null,
              lastError: `Front Door reported no health probes of ${host} in the last 5 minutes`,
            },
          };
        const percent = latest.average ?? 0;
        const healthy = percent >= HEALTHY_PERCENT;
        return {
          cloud,
          ok: true as const,
          data: {
            region,
            health: healthy ? ('healthy' as const) : ('unhealthy' as const),
            healthSince: null,
            lastCheck: {
              at: latest.t.toISOString(),
              ok: healthy,
              latencyMs: null,
              message: `Front Door: ${percent}% of health probes to ${host} succeeded in the minute from ${latest.t.toISOString()}`,
            },
            lastError: null,
          },
        };
      }),
    );
  }

  /** The URL Front Door would probe: the origin group's probe protocol and path on the origin. */
  private async probeUrl(service: ServiceLocation, origin: AFDOrigin) {
    const where = locate(service);
    const group = await this.probeSettings.get(originsKey(where), () =>
      this.clients
        .cdn(where.subscription)
        .afdOriginGroups.get(where.group, where.profile, where.originGroup),
    );
    const probe = group.healthProbeSettings ?? {};
    const protocol = (probe.probeProtocol ?? 'Https').toLowerCase();
    const port = protocol === 'http' ? origin.httpPort : origin.httpsPort;
    const path = probe.probePath ?? '/';
    return `${protocol}://${origin.hostName}${
      port && port !== (protocol === 'http' ? 80 : 443) ? `:${port}` : ''
    }${path}`;
  }

  private async read(
    service: ServiceLocation,
    fresh = false,
  ): Promise<Record<CloudId, AFDOrigin>> {
    const where = locate(service);
    const list = await this.origins.get(
      originsKey(where),
      async () => {
        const origins: AFDOrigin[] = [];
        for await (const origin of this.clients
          .cdn(where.subscription)
          .afdOrigins.listByOriginGroup(
            where.group,
            where.profile,
            where.originGroup,
          ))
          origins.push(origin);
        return origins;
      },
      { fresh },
    );
    const byCloud = {} as Record<CloudId, AFDOrigin>;
    for (const cloud of this.clouds) {
      const origin = list.find(o => o.name === cloud);
      if (!origin)
        throw new Error(
          `Front Door profile ${where.profile} has no origin named "${cloud}" in origin group ${where.originGroup}`,
        );
      byCloud[cloud] = origin;
    }
    return byCloud;
  }
}

function locate(service: ServiceLocation) {
  const subscription = locationOf(service, 'azure').account;
  const group = service.azureRoutingResourceGroup;
  if (!subscription || !group)
    throw new InputError(
      `${service.entityRef} routes with Front Door but names no Azure subscription or resource group: add the annotations multicloud.io/azure-subscription and multicloud.io/azure-routing-resource-group`,
    );
  const profile = azureNames(service.serviceId, subscription).frontDoorProfile;
  return {
    subscription,
    group,
    profile,
    originGroup: 'clouds',
    profileId: `/subscriptions/${subscription}/resourceGroups/${group}/providers/Microsoft.Cdn/profiles/${profile}`,
  };
}

function originsKey(where: ReturnType<typeof locate>) {
  return where.profileId.toLowerCase();
}

function weightOf(origin: AFDOrigin) {
  return origin.enabledState === 'Disabled'
    ? 0
    : Math.round((origin.weight ?? 1000) / WEIGHT_SCALE);
}
