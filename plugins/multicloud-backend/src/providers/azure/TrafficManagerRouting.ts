import type { Endpoint, Profile } from '@azure/arm-trafficmanager';
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
  cloudIdsOf,
  locationOf,
  type HealthReading,
  type PerCloud,
  type ServiceLocation,
  type Weights,
} from '../types';
import type { AzureClients } from './azureClients';
import { azureNames } from './azureNames';

/**
 * An Azure Traffic Manager profile with weighted routing as the global routing
 * (terraform-modules/global-routing): one external endpoint per cloud, named by the cloud's id.
 * Traffic Manager weights run from 1 to 1000, so a weight of 0 is the endpoint disabled, as the
 * Terraform module does for a drained cloud. Weights change in one PATCH of the profile's endpoints,
 * so both move together. Health is each endpoint's monitor status from Traffic Manager's own probes.
 *
 * Azure Resource Manager allows about 12,000 reads an hour per subscription, so the status reads
 * every profile of a subscription in one listing kept for `profilesTtlMs` (default 30 s); the
 * failover path reads its profile fresh.
 */
export class TrafficManagerRouting implements GlobalRouting {
  private readonly listings: PromiseCache<Map<string, Profile>>;
  private readonly probe: HealthProbe;
  private readonly clouds: readonly CloudId[];

  constructor(
    private readonly clients: AzureClients,
    options: {
      profilesTtlMs?: number;
      now?: () => number;
      probe?: HealthProbe;
      /** The clouds with an endpoint each (named by the cloud's id); default AWS and Azure. */
      clouds?: readonly CloudId[];
    } = {},
  ) {
    this.clouds = options.clouds ?? cloudIdsOf(BUILT_IN_CLOUDS);
    this.listings = new PromiseCache({
      ttlMs: options.profilesTtlMs ?? 30_000,
      now: options.now,
    });
    this.probe = options.probe ?? httpHealthProbe();
  }

  async getWeights(service: ServiceLocation): Promise<Weights> {
    const endpoints = this.endpointsByCloud(await this.profile(service));
    return Object.fromEntries(
      this.clouds.map(cloud => [cloud, weightOf(endpoints[cloud])]),
    );
  }

  async setWeights(service: ServiceLocation, weights: Weights): Promise<null> {
    const { subscription, group, name } = locate(service);
    const profile = await this.profile(service, true);
    const endpoints = this.endpointsByCloud(profile);
    await this.clients
      .trafficManager(subscription)
      .profiles.update(group, name, {
        endpoints: (profile.endpoints ?? []).map(endpoint => {
          const cloud = this.clouds.find(c => endpoints[c] === endpoint);
          if (!cloud) return endpoint;
          const weight = weights[cloud];
          return {
            ...endpoint,
            endpointStatus: weight > 0 ? 'Enabled' : 'Disabled',
            weight: Math.max(1, weight),
          };
        }),
      });
    this.listings.delete(subscription);
    // The PATCH's answer is the profile as changed: the fresh read in isInEffect tells.
    return null;
  }

  async isInEffect(
    service: ServiceLocation,
    weights: Weights,
  ): Promise<boolean> {
    const endpoints = this.endpointsByCloud(await this.profile(service, true));
    return this.clouds.every(
      cloud => weightOf(endpoints[cloud]) === weights[cloud],
    );
  }

  async getHealth(service: ServiceLocation): Promise<PerCloud<HealthReading>> {
    const profile = await this.profile(service);
    const endpoints = this.endpointsByCloud(profile);
    return Promise.all(
      this.clouds.map(async cloud => {
        const endpoint = endpoints[cloud];
        const region = locationOf(service, cloud).region ?? 'unknown';
        // "Disabled: the endpoint is disabled [...] not checked for health" (Endpoint monitor
        // status, "Traffic Manager endpoint monitoring",
        // https://learn.microsoft.com/azure/traffic-manager/traffic-manager-monitoring): a
        // drained cloud is probed here, on the profile's own monitor settings.
        const data =
          endpoint.endpointStatus === 'Disabled'
            ? await probeDrained(
                this.probe,
                monitorUrl(profile, endpoint),
                region,
                'Traffic Manager',
              )
            : healthOf(endpoint, region);
        return { cloud, ok: true as const, data };
      }),
    );
  }

  private async profile(
    service: ServiceLocation,
    fresh = false,
  ): Promise<Profile> {
    const { subscription, group, name } = locate(service);
    const client = this.clients.trafficManager(subscription);
    if (fresh) return client.profiles.get(group, name);
    const listing = await this.listings.get(subscription, async () => {
      const byKey = new Map<string, Profile>();
      for await (const profile of client.profiles.listBySubscription())
        byKey.set(profileKey(profile.id ?? ''), profile);
      return byKey;
    });
    const profile = listing.get(
      profileKey(
        `/subscriptions/${subscription}/resourceGroups/${group}/providers/Microsoft.Network/trafficManagerProfiles/${name}`,
      ),
    );
    if (!profile)
      throw new Error(
        `subscription ${subscription} has no Traffic Manager profile ${name} in resource group ${group}`,
      );
    return profile;
  }

  private endpointsByCloud(profile: Profile): Record<CloudId, Endpoint> {
    const byCloud = {} as Record<CloudId, Endpoint>;
    for (const cloud of this.clouds) {
      const endpoint = profile.endpoints?.find(e => e.name === cloud);
      if (!endpoint)
        throw new Error(
          `Traffic Manager profile ${profile.name} has no endpoint named "${cloud}"`,
        );
      byCloud[cloud] = endpoint;
    }
    return byCloud;
  }
}

function locate(service: ServiceLocation) {
  const subscription = locationOf(service, 'azure').account;
  const group = service.azureRoutingResourceGroup;
  if (!subscription || !group)
    throw new InputError(
      `${service.entityRef} routes with Traffic Manager but names no Azure subscription or resource group: add the annotations multicloud.io/azure-subscription and multicloud.io/azure-routing-resource-group`,
    );
  return {
    subscription,
    group,
    name: azureNames(service.serviceId, subscription).trafficManagerProfile,
  };
}

/** Resource ids differ in case between listings and requests (`trafficManagerProfiles`). */
function profileKey(id: string) {
  return id.toLowerCase();
}

/** The URL Traffic Manager would probe: the profile's monitor protocol, port and path. */
function monitorUrl(profile: Profile, endpoint: Endpoint) {
  const monitor = profile.monitorConfig ?? {};
  const protocol = (monitor.protocol ?? 'HTTPS').toLowerCase();
  const port = monitor.port ? `:${monitor.port}` : '';
  return `${protocol}://${endpoint.target}${port}${monitor.path ?? '/'}`;
}

function weightOf(endpoint: Endpoint) {
  return endpoint.endpointStatus === 'Disabled' ? 0 : endpoint.weight ?? 1;
}

const HEALTH_BY_STATUS: Record<string, HealthReading['health']> = {
  Online: 'healthy',
  Degraded: 'unhealthy',
  Stopped: 'unhealthy',
};

/** Traffic Manager's monitor status of an endpoint as a health reading. */
function healthOf(endpoint: Endpoint, region: string): HealthReading {
  const status = endpoint.endpointMonitorStatus ?? 'Unknown';
  const health: HealthReading['health'] = HEALTH_BY_STATUS[status] ?? 'unknown';
  const why: Record<string, string> = {
    Disabled:
      'the endpoint is disabled (drained), so Traffic Manager does not probe it',
    CheckingEndpoint: 'Traffic Manager is still checking the endpoint',
    Inactive: 'the Traffic Manager profile is disabled',
    Unmonitored: 'the endpoint is not monitored',
  };
  return {
    region,
    health,
    healthSince: null,
    // Traffic Manager does not say when it probed; this is when the portal read the verdict.
    lastCheck: {
      at: new Date().toISOString(),
      ok: health === 'healthy',
      latencyMs: null,
      message: `Traffic Manager endpoint ${endpoint.name}: ${status}`,
    },
    lastError:
      health === 'unknown' ? why[status] ?? `monitor status ${status}` : null,
  };
}
