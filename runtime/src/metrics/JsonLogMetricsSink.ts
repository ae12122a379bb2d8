import type { MetricsSink } from './MetricsSink';

/**
 * Replication figures as one JSON log line each. On Azure, Functions sends these to Application
 * Insights as traces (the line is the trace's `message`), where the module's log-based alert and
 * the portal's Azure side read them with `parse_json(message)` (terraform-modules/azure-service,
 * plugins/multicloud-backend AppInsightsLogs). Chosen over the OpenTelemetry exporter to keep the
 * Function bundle small.
 */
export class JsonLogMetricsSink implements MetricsSink {
  constructor(
    private readonly log: (line: string) => void = line => console.log(line),
  ) {}

  replicationLag(ms: number, sourceRegion: string): void {
    this.log(
      JSON.stringify({
        metric: 'ReplicationLagMs',
        value: ms,
        source_region: sourceRegion,
      }),
    );
  }

  count(name: string, n = 1): void {
    this.log(JSON.stringify({ metric: `Events_${name}`, value: n }));
  }

  /** One line per figure, named as the EMF metrics on AWS are. */
  antiEntropy(counts: {
    compared: number;
    diverged: number;
    repaired: number;
  }): void {
    this.log(
      JSON.stringify({ metric: 'AntiEntropyCompared', value: counts.compared }),
    );
    this.log(
      JSON.stringify({ metric: 'AntiEntropyDiverged', value: counts.diverged }),
    );
    this.log(
      JSON.stringify({ metric: 'AntiEntropyRepaired', value: counts.repaired }),
    );
  }

  deadLetters(counts: { redriven: number; awaitingPerson: number }): void {
    this.log(
      JSON.stringify({ metric: 'DeadLettersRedriven', value: counts.redriven }),
    );
    this.log(
      JSON.stringify({
        metric: 'DeadLettersAwaitingPerson',
        value: counts.awaitingPerson,
      }),
    );
  }
}
