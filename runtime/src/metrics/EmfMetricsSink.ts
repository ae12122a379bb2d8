import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import type { MetricsSink } from './MetricsSink';

/** Replication figures as CloudWatch metrics in the Embedded Metric Format (Powertools Metrics). */
export class EmfMetricsSink implements MetricsSink {
  constructor(private readonly metrics: Metrics) {}

  replicationLag(ms: number, sourceRegion: string): void {
    const single = this.metrics.singleMetric();
    single.addDimension('SourceRegion', sourceRegion);
    single.addMetric('ReplicationLagMs', MetricUnit.Milliseconds, ms);
  }

  count(name: 'applied' | 'stale' | 'dead_lettered' | 'relayed', n = 1): void {
    this.metrics.addMetric(`Events_${name}`, MetricUnit.Count, n);
  }

  /** Sums per period are what an alarm or the portal reads (statistic Sum). */
  antiEntropy(counts: {
    compared: number;
    diverged: number;
    repaired: number;
  }): void {
    this.metrics.addMetric(
      'AntiEntropyCompared',
      MetricUnit.Count,
      counts.compared,
    );
    this.metrics.addMetric(
      'AntiEntropyDiverged',
      MetricUnit.Count,
      counts.diverged,
    );
    this.metrics.addMetric(
      'AntiEntropyRepaired',
      MetricUnit.Count,
      counts.repaired,
    );
  }

  /** `DeadLettersAwaitingPerson` is a level: read it with the Maximum statistic. */
  deadLetters(counts: { redriven: number; awaitingPerson: number }): void {
    this.metrics.addMetric(
      'DeadLettersRedriven',
      MetricUnit.Count,
      counts.redriven,
    );
    this.metrics.addMetric(
      'DeadLettersAwaitingPerson',
      MetricUnit.Count,
      counts.awaitingPerson,
    );
  }

  flush(): void {
    this.metrics.publishStoredMetrics();
  }
}
