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

  flush(): void {
    this.metrics.publishStoredMetrics();
  }
}
