import type {
  CloudMetrics,
  MetricName,
  MetricPoint,
} from '@multicloud/backstage-plugin-multicloud-common';
import { InputError } from '@backstage/errors';
import {
  alignedWindow,
  bucketsOf,
  keyOfBody,
  lagNow,
  locationOf,
  type CurrentMetrics,
  type RecoveryReading,
  type ReplicationReading,
  type ServiceLocation,
} from '../types';
import type { CloudSide } from '../cloud/types';
import { cloudWatchLink } from '../cloud/consoleLinks';
import { awsNames } from './awsNames';
import type { HttpApis } from './HttpApis';
import type {
  CloudWatchBatcher,
  MetricQuery,
  MetricSeries,
} from './CloudWatchBatcher';
import type { SqsQueues } from './SqsQueues';
import { recoveryFrom } from '../recovery';

const CURRENT_SECONDS = 300;
/** The redriver's re-drives are shown over the last hour, which also holds four reconcile rounds. */
const RECOVERY_SECONDS = 3600;
/** SQS publishes its queue metrics to CloudWatch once a minute (see `ageQuery`). */
const QUEUE_PERIOD_SECONDS = 60;

/**
 * The AWS half of a service: request figures of its API Gateway HTTP API and replication figures
 * from CloudWatch (through the batcher, so many services share a call), queue depths and replay
 * from SQS.
 */
export class AwsSide implements CloudSide {
  constructor(
    private readonly batcher: CloudWatchBatcher,
    private readonly queues: SqsQueues,
    private readonly apis: HttpApis,
    private readonly now: () => number = Date.now,
  ) {}

  async current(service: ServiceLocation): Promise<CurrentMetrics> {
    const window = alignedWindow(CURRENT_SECONDS, 60, this.now());
    const [count, serverErrors, p50, p99] = await this.currentQuery(
      service,
      await this.requestQueries(service),
    );
    const requests = latest(count);
    const n = requests ?? 0;
    return {
      requestsPerSecond: n / CURRENT_SECONDS,
      latencyP50Ms: latest(p50),
      latencyP99Ms: latest(p99),
      errorRate: n > 0 ? (latest(serverErrors) ?? 0) / n : null,
      // Route53 answers DNS queries only: a request that fails on its way to AWS never reaches a
      // metric AWS keeps. API Gateway's 5xx counts what failed behind it (the function's errors,
      // timeouts and throttles), which the error rate already holds.
      failedAtRouterPerSecond: null,
      // No datapoint in the window: API Gateway saw no request (metrics are sparse).
      asOf: requests === null ? null : window.end.toISOString(),
    };
  }

  async replication(service: ServiceLocation): Promise<ReplicationReading> {
    const names = awsNames(service.serviceId);
    const [[average, p50, p99], [age], depths] = await Promise.all([
      this.currentQuery(
        service,
        ['Average', 'p50', 'p99'].map(stat => ({ ...names.lagMetric, stat })),
      ),
      this.batcher.query(
        {
          account: locationOf(service, 'aws').account,
          region: region(service),
          ...alignedWindow(CURRENT_SECONDS, 60, this.now()),
          periodSeconds: QUEUE_PERIOD_SECONDS,
        },
        [ageQuery(names.queues.inbound)],
      ),
      this.queues.depths(
        locationOf(service, 'aws').account,
        region(service),
        names.queues,
      ),
    ]);
    const waiting = oldestWait(depths.queueDepth, age, this.now());
    const appliedMs = latest(average);
    return {
      replicationLag: {
        currentMs: lagNow(appliedMs, waiting.ms),
        appliedMs,
        oldestWaitingMs: waiting.ms,
        p50Ms: latest(p50),
        p99Ms: latest(p99),
      },
      ...depths,
      asOf: waiting.asOf,
    };
  }

  /**
   * The redriver's and the reconciler's figures of the last hour, as one-minute points in the
   * same GetMetricData batch as every other service's: `DeadLettersAwaitingPerson` with the
   * Maximum statistic (a level each run reports), the counts with Sum. CloudWatch keeps 1-minute
   * points for 15 days ("Amazon CloudWatch concepts", Metrics retention,
   * https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/cloudwatch_concepts.html#Metric);
   * a minute with no run has no point (CloudWatch returns only the periods with data).
   */
  async recovery(service: ServiceLocation): Promise<RecoveryReading> {
    const { namespace, dimensions } = awsNames(
      service.serviceId,
    ).recoveryMetrics;
    const metric = (metricName: string, stat: string): MetricQuery => ({
      namespace,
      metricName,
      dimensions,
      stat,
    });
    const [awaitingPerson, redriven, compared, diverged, repaired] =
      await this.batcher.query(
        {
          account: locationOf(service, 'aws').account,
          region: region(service),
          ...alignedWindow(RECOVERY_SECONDS, 60, this.now()),
          periodSeconds: 60,
        },
        [
          metric('DeadLettersAwaitingPerson', 'Maximum'),
          metric('DeadLettersRedriven', 'Sum'),
          metric('AntiEntropyCompared', 'Sum'),
          metric('AntiEntropyDiverged', 'Sum'),
          metric('AntiEntropyRepaired', 'Sum'),
        ],
      );
    const points = (s: MetricSeries) =>
      s.points.map(p => ({ t: p.t.getTime(), v: p.v }));
    return recoveryFrom(
      {
        awaitingPerson: points(awaitingPerson),
        redriven: points(redriven),
        compared: points(compared),
        diverged: points(diverged),
        repaired: points(repaired),
      },
      60_000,
    );
  }

  async deadLetters(service: ServiceLocation, max: number) {
    const letters = await this.queues.peekDeadLetters(
      locationOf(service, 'aws').account,
      region(service),
      awsNames(service.serviceId).queues,
      max,
    );
    return letters.map(l => ({
      id: l.id,
      key: keyOfBody(l.body),
      reason: l.reason,
    }));
  }

  async replay(service: ServiceLocation) {
    const { moving } = await this.queues.redrive(
      locationOf(service, 'aws').account,
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
    const queries = [
      ...(await this.requestQueries(service)),
      { ...names.lagMetric, stat: 'p99' },
      ageQuery(names.queues.inbound),
      queue(names.queues.inbound),
      queue(names.queues.deadLetter),
    ];
    const [count, serverErrors, p50, p99, lag, age, inbound, deadLetters] =
      await this.batcher.query(
        {
          account: locationOf(service, 'aws').account,
          region: region(service),
          start: window.start,
          end: window.end,
          periodSeconds: window.stepSeconds,
        },
        queries,
      );
    // The same queries, drawn by the CloudWatch console.
    const [qCount, q5xx, qP50, qP99, qLag, qAge, qInbound, qDead] = queries;
    const link = (title: string, graphed: MetricQuery[]) =>
      cloudWatchLink({
        region: region(service),
        title,
        window,
        queries: graphed,
      });
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
    const counts = byTime(count);
    const requestsAt = (t: number) => counts.get(t) ?? 0;
    const ages = byTime(age);
    const series: Record<MetricName, MetricPoint[]> = {
      requests: buckets.map(t => ({
        t: new Date(t).toISOString(),
        v: requestsAt(t) / window.stepSeconds,
      })),
      latencyP50Ms: on(p50),
      latencyP99Ms: on(p99),
      errorRate: on(serverErrors, (v, t) =>
        requestsAt(t) > 0 ? v / requestsAt(t) : null,
      ),
      // The lag of a step is the larger of the applied lag and the oldest message's wait.
      replicationLagMs: on(lag).map(p => {
        const waited = ages.get(Date.parse(p.t));
        return waited === undefined
          ? p
          : { t: p.t, v: Math.max(p.v ?? 0, waited * 1000) };
      }),
      queueDepth: on(inbound),
      deadLetterDepth: on(deadLetters),
    };
    const latency = link('Latency', [qP50, qP99]);
    return {
      series,
      links: {
        requests: link('Requests', [qCount]),
        latencyP50Ms: latency,
        latencyP99Ms: latency,
        errorRate: link('Errors and requests', [q5xx, qCount]),
        replicationLagMs: link('Replication lag into AWS', [qLag, qAge]),
        queueDepth: link('Inbound queue', [qInbound]),
        deadLetterDepth: link('Dead letters', [qDead]),
      },
    };
  }

  /**
   * Requests as clients see them: the HTTP API's `Count`, `5xx` and `Latency` ("Monitor
   * CloudWatch metrics for HTTP APIs in API Gateway",
   * https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-metrics.html: "5xx:
   * the number of server-side errors captured in a given period", dimension `ApiId`). Lambda's
   * `Errors` counts only invocations that threw, so a 500 the handler returns (or a timeout
   * API Gateway answers with 503) would read as no error.
   */
  private async requestQueries(
    service: ServiceLocation,
  ): Promise<MetricQuery[]> {
    const apiId = await this.apis.idOf(
      locationOf(service, 'aws').account,
      region(service),
      awsNames(service.serviceId).httpApi,
    );
    const api = (metricName: string, stat: string): MetricQuery => ({
      namespace: 'AWS/ApiGateway',
      metricName,
      dimensions: { ApiId: apiId },
      stat,
    });
    return [
      api('Count', 'Sum'),
      api('5xx', 'Sum'),
      api('Latency', 'p50'),
      api('Latency', 'p99'),
    ];
  }

  private currentQuery(service: ServiceLocation, queries: MetricQuery[]) {
    return this.batcher.query(
      {
        account: locationOf(service, 'aws').account,
        region: region(service),
        ...alignedWindow(CURRENT_SECONDS, 60, this.now()),
        periodSeconds: CURRENT_SECONDS,
      },
      queries,
    );
  }
}

/**
 * The oldest message's wait in a queue: "ApproximateAgeOfOldestMessage: The approximate age of
 * the oldest non-deleted message in the queue. Reported if there is at least one active message
 * in the queue. Unit: seconds" ("Available CloudWatch metrics for Amazon SQS",
 * https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/sqs-available-cloudwatch-metrics.html);
 * SQS sends its metrics to CloudWatch at one-minute intervals (same page).
 */
function ageQuery(queueName: string): MetricQuery {
  return {
    namespace: 'AWS/SQS',
    metricName: 'ApproximateAgeOfOldestMessage',
    dimensions: { QueueName: queueName },
    stat: 'Maximum',
  };
}

/**
 * The oldest message's wait, and as of when. ApproximateAgeOfOldestMessage is reported only while
 * the queue holds an active message: an empty queue (its depth read live just now) has nothing
 * waiting; a queue with messages and no point yet is unknown.
 */
function oldestWait(
  queueDepth: number,
  age: MetricSeries,
  now: number,
): { ms: number | null; asOf: string | null } {
  if (queueDepth === 0) return { ms: 0, asOf: new Date(now).toISOString() };
  const newest = age.points.at(-1);
  if (!newest) return { ms: null, asOf: null };
  return {
    ms: newest.v * 1000,
    asOf: new Date(
      newest.t.getTime() + QUEUE_PERIOD_SECONDS * 1000,
    ).toISOString(),
  };
}

function region(service: ServiceLocation): string {
  const { region: named } = locationOf(service, 'aws');
  if (!named)
    throw new InputError(
      `${service.entityRef} names no AWS region: add the annotation multicloud.io/aws-region`,
    );
  return named;
}

function latest(series: MetricSeries): number | null {
  return series.points.at(-1)?.v ?? null;
}
