import {
  BUILT_IN_CLOUDS,
  type CloudId,
  type MetricRange,
  type ReplayResult,
} from '@multicloud/backstage-plugin-multicloud-common';
import { NotFoundError } from '@backstage/errors';
import {
  alignedWindow,
  cloudIdsOf,
  toCloudError,
  windowFor,
  type MulticloudProvider,
  type RoutingChange,
  type ServiceLocation,
  type Weights,
} from '../types';
import type { CloudSide, GlobalRouting } from './types';

/**
 * Services deployed to real AWS and Azure: the global routing named by the service's routing
 * annotation holds weights and health, and each cloud reads its own figures and queues. Every
 * cloud is read on its own, so one failing account is one error entry, never a failed page.
 */
export class CloudProvider implements MulticloudProvider {
  readonly name = 'cloud';
  readonly clouds = BUILT_IN_CLOUDS;
  private readonly ids = cloudIdsOf(this.clouds);
  /**
   * CloudWatch and Azure Monitor publish one-minute points a minute or two late, and the current
   * figures are read over a window aligned to the last whole minute: three minutes is a cloud
   * whose figures have stopped coming.
   */
  readonly freshness = {
    requestsMs: 180_000,
    replicationMs: 180_000,
    // The redriver reports every minute. On Azure its figures are log lines, which Log Analytics
    // typically makes queryable 2 to 5 minutes later ("Log data ingestion time in Azure
    // Monitor", https://learn.microsoft.com/azure/azure-monitor/logs/data-ingestion-time;
    // CloudWatch's EMF metrics come sooner): a run, the ingestion and a refresh.
    deadLettersMs: 7 * 60_000,
    // Each cloud starts a round every 15 minutes (and answers the other's): a round interval,
    // the ingestion and a refresh.
    antiEntropyMs: 22 * 60_000,
  };

  constructor(
    private readonly routings: Partial<
      Record<ServiceLocation['routing'], GlobalRouting>
    >,
    private readonly sides: Partial<Record<CloudId, CloudSide>>,
    private readonly now: () => number = Date.now,
  ) {}

  readonly health = {
    getHealth: async (service: ServiceLocation) => {
      try {
        return await this.routing(service).getHealth(service);
      } catch (error) {
        return this.ids.map(cloud => toCloudError(cloud, error));
      }
    },
  };

  readonly metrics = {
    getCurrent: (service: ServiceLocation) =>
      this.perCloud(side => side.current(service)),
    getSeries: async (service: ServiceLocation, range: MetricRange) => {
      const { seconds, stepSeconds } = windowFor(range);
      const window = {
        ...alignedWindow(seconds, stepSeconds, this.now()),
        stepSeconds,
      };
      return {
        stepSeconds,
        clouds: await this.perCloud(side => side.series(service, window)),
      };
    },
  };

  readonly traffic = {
    // async, so a service the portal cannot route is a rejected promise, never a thrown error.
    getWeights: async (service: ServiceLocation) =>
      this.routing(service).getWeights(service),
    setWeights: async (service: ServiceLocation, weights: Weights) =>
      this.routing(service).setWeights(service, weights),
    isInEffect: async (
      service: ServiceLocation,
      weights: Weights,
      change?: RoutingChange,
    ) => this.routing(service).isInEffect(service, weights, change),
  };

  readonly replication = {
    getReplication: (service: ServiceLocation) =>
      this.perCloud(side => side.replication(service)),
    getRecovery: (service: ServiceLocation) =>
      this.perCloud(side => side.recovery(service)),
    listDeadLetters: async (
      service: ServiceLocation,
      cloud: CloudId,
      max: number,
    ) => this.side(cloud).deadLetters(service, max),
    replayDeadLetters: async (
      service: ServiceLocation,
      cloud: CloudId,
    ): Promise<ReplayResult> => {
      const result = await this.side(cloud).replay(service);
      return { cloud, ...result };
    },
  };

  private routing(service: ServiceLocation): GlobalRouting {
    const routing = this.routings[service.routing];
    if (!routing)
      throw new NotFoundError(
        `${service.entityRef} routes with ${service.routing}, which this portal does not support yet`,
      );
    return routing;
  }

  private side(cloud: CloudId): CloudSide {
    const side = this.sides[cloud];
    if (!side)
      throw new NotFoundError(
        `this portal has no ${cloud} configuration (multicloud.${cloud} in app-config)`,
      );
    return side;
  }

  private perCloud<T>(read: (side: CloudSide) => Promise<T>) {
    return Promise.all(
      this.ids.map(async cloud => {
        try {
          return {
            cloud,
            ok: true as const,
            data: await read(this.side(cloud)),
          };
        } catch (error) {
          return toCloudError(cloud, error);
        }
      }),
    );
  }
}
