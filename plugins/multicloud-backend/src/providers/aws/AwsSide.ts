import type {
  CloudMetrics,
  MetricName,
  MetricPoint,
} from '@multicloud/backstage-plugin-multicloud-common';
import { InputError } from '@backstage/errors';
import {
  alignedWindow,
  bucketsOf,
  type CurrentMetrics,
  type ReplicationReading,
  type ServiceLocation,
} from '../types';
import type { CloudSide } from '../cloud/types';
import { awsNames } from './awsNames';
import type {
  CloudWatchBatcher,
  MetricQuery,
  MetricSeries,
} from './CloudWatchBatcher';
import type { SqsQueues } from './SqsQueues';

const CURRENT_SECONDS = 300;

/**
 * The AWS half of a service: Lambda and replication figures from CloudWatch (through the batcher,
 * so many services share a call), queue depths and replay from SQS.
 */
export class AwsSide implements CloudSide {
  constructor(
    private readonly batcher: CloudWatchBatcher,
    private readonly queues: SqsQueues,
    private readonly now: () => number = Date.now,
  ) {}

  async current(service: ServiceLocation): Promise<CurrentMetrics> {
    const [invocations, errors, p50, p99] = await this.currentQuery(
      service,
      requestQueries(service.serviceId),
    );
    const count = latest(invocations) ?? 0;
    return {
      requestsPerSecond: count / CURRENT_SECONDS,
      latencyP50Ms: latest(p50),
      latencyP99Ms: latest(p99),
      errorRate: count > 0 ? (latest(errors) ?? 0) / count : null,
    };
  }

  async replication(service: ServiceLocation): Promise<ReplicationReading> {
    const names = awsNames(service.serviceId);
    const [[average, p50, p99], depths] = await Promise.all([
      this.currentQuery(
        service,
        ['Average', 'p50', 'p99'].map(stat => ({ ...names.lagMetric, stat })),
      ),
      this.queues.depths(service.aws.account, region(service), names.queues),
    ]);
    return {
      replicationLag: {
        currentMs: latest(average),
        p50Ms: latest(p50),
        p99Ms: latest(p99),
      },
      ...depths,
    };
  }

  async replay(service: ServiceLocation) {
    const { moving } = await this.queues.redrive(
      service.aws.account,
      region(service),
      awsNames(service.serviceId).queues,
    );
    // SQS moves them in the background; the dead-letter depth on the status shows the progress.
    return { replayed: moving, remaining: 0 };
  }

  async series(
    service: ServiceLocation,
    window: { start: Date; end: Date; stepSeconds: number },
  ): Promise<CloudMetrics> {
    const names = awsNames(service.serviceId);
    const queue = (name: string): MetricQuery => ({
      namespace: 'AWS/SQS',
      metricName: 'ApproximateNumberOfMessagesVisible',
      dimensions: { QueueName: name },
      stat: 'Maximum',
    });
    const [invocations, errors, p50, p99, lag, inbound, deadLetters] =
      await this.batcher.query(
        {
          account: service.aws.account,
          region: region(service),
          start: window.start,
          end: window.end,
          periodSeconds: window.stepSeconds,
        },
        [
          ...requestQueries(service.serviceId),
          { ...names.lagMetric, stat: 'p99' },
          queue(names.queues.inbound),
          queue(names.queues.deadLetter),
        ],
      );
    const buckets = bucketsOf(window);
    const byTime = (s: MetricSeries) =>
      new Map(s.points.map(p => [p.t.getTime(), p.v]));
    const on = (
      s: MetricSeries,
      f: (v: number, t: number) => number | null = v => v,
    ) => {
      const values = byTime(s);
      return buckets.map(t => {
        const v = values.get(t);
        return {
          t: new Date(t).toISOString(),
          v: v === undefined ? null : f(v, t),
        };
      });
    };
    const counts = byTime(invocations);
    const invocationsAt = (t: number) => counts.get(t) ?? 0;
    const series: Record<MetricName, MetricPoint[]> = {
      requests: buckets.map(t => ({
        t: new Date(t).toISOString(),
        v: invocationsAt(t) / window.stepSeconds,
      })),
      latencyP50Ms: on(p50),
      latencyP99Ms: on(p99),
      errorRate: on(errors, (v, t) =>
        invocationsAt(t) > 0 ? v / invocationsAt(t) : null,
      ),
      replicationLagMs: on(lag),
      queueDepth: on(inbound),
      deadLetterDepth: on(deadLetters),
    };
    return { series };
  }

  private currentQuery(service: ServiceLocation, queries: MetricQuery[]) {
    return this.batcher.query(
      {
        account: service.aws.account,
        region: region(service),
        ...alignedWindow(CURRENT_SECONDS, 60, this.now()),
        periodSeconds: CURRENT_SECONDS,
      },
      queries,
    );
  }
}

function requestQueries(serviceId: string): MetricQuery[] {
  const lambda = (metricName: string, stat: string): MetricQuery => ({
    namespace: 'AWS/Lambda',
    metricName,
    dimensions: { FunctionName: awsNames(serviceId).apiFunction },
    stat,
  });
  return [
    lambda('Invocations', 'Sum'),
    lambda('Errors', 'Sum'),
    lambda('Duration', 'p50'),
    lambda('Duration', 'p99'),
  ];
}

function region(service: ServiceLocation): string {
  if (!service.aws.region)
    throw new InputError(
      `${service.entityRef} names no AWS region: add the annotation multicloud.io/aws-region`,
    );
  return service.aws.region;
}

function latest(series: MetricSeries): number | null {
  return series.points.at(-1)?.v ?? null;
}
