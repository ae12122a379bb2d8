import { PromiseCache } from '../PromiseCache';
import type { RecoveryPoints } from '../recovery';
import type { AzureClients } from './azureClients';

export interface Percentiles {
  averageMs: number | null;
  p50Ms: number | null;
  p99Ms: number | null;
}

export interface LogFigures {
  /** Request duration of the Function App's HTTP API. */
  latency: Percentiles;
  /** Replication lag into Azure, from the runtime's `ReplicationLagMs` log lines. */
  replicationLag: Percentiles;
}

const WINDOW = 'PT5M';

/**
 * Rows `figure, avg, p50, p99` (and `t`, the bin's start, with `binSeconds`) for `latency`
 * (request durations) and `lag` (the runtime's lag log lines).
 */
export function figuresQuery(binSeconds?: number): string {
  const by = binSeconds ? ` by t = bin(timestamp, ${binSeconds}s)` : '';
  const summarize = (v: string) =>
    `summarize avg = avg(${v}), p50 = percentile(${v}, 50), p99 = percentile(${v}, 99)${by}`;
  return [
    `let latency = requests`,
    `  | ${summarize('duration')}`,
    `  | extend figure = "latency";`,
    `let lag = traces`,
    `  | where message startswith '{"metric":"ReplicationLagMs"'`,
    `  | extend v = todouble(parse_json(message).value)`,
    `  | ${summarize('v')}`,
    `  | extend figure = "lag";`,
    `union latency, lag`,
    `| project figure, avg, p50, p99${binSeconds ? ', t' : ''}`,
  ].join('\n');
}

/**
 * The redriver's and the reconciler's JSON log lines of the window (runtime/src/metrics/
 * JsonLogMetricsSink.ts: one line per figure, `{"metric":"DeadLettersRedriven","value":2}`),
 * as rows `t, metric, v`, oldest first. A run logs two lines and a reconcile step three, so an
 * hour is a few hundred rows. Functions sends a function's log lines to Application Insights as
 * `traces` (`message` the line, `timestamp` when it was logged: "Azure Monitor Logs reference -
 * AppTraces", https://learn.microsoft.com/azure/azure-monitor/reference/tables/apptraces, the
 * workspace name of the classic `traces` table the resource-scoped query reads).
 */
export const RECOVERY_QUERY = [
  `traces`,
  `| where message startswith '{"metric":"DeadLetters' or message startswith '{"metric":"AntiEntropy'`,
  `| extend m = parse_json(message)`,
  `| project t = timestamp, metric = tostring(m.metric), v = todouble(m.value)`,
  `| order by t asc`,
].join('\n');

/** The log lines' metric names (as the EMF metrics on AWS are named) to the points they fill. */
const RECOVERY_METRICS: Record<string, keyof RecoveryPoints> = {
  DeadLettersAwaitingPerson: 'awaitingPerson',
  DeadLettersRedriven: 'redriven',
  AntiEntropyCompared: 'compared',
  AntiEntropyDiverged: 'diverged',
  AntiEntropyRepaired: 'repaired',
};

/** Latency and lag per step of a chart: bin start (ms since epoch) to percentiles. */
export interface LogSeries {
  latency: Map<number, Percentiles>;
  replicationLag: Map<number, Percentiles>;
}

/**
 * Request latency and replication lag percentiles of the last five minutes, which Azure Monitor
 * metrics cannot give (they have no percentiles, and the runtime logs its lag as JSON lines:
 * runtime/src/metrics/JsonLogMetricsSink.ts). One Kusto query per service against its
 * Application Insights resource, kept for `ttlMs` (default 60 s): the Log Analytics query API
 * allows about 200 requests per 30 s per caller, which a status refresh every few seconds of a
 * catalog of services would exceed, and a five-minute percentile hardly moves in a minute.
 */
export class AppInsightsLogs {
  private readonly figures: PromiseCache<LogFigures>;
  private readonly recoveries: PromiseCache<RecoveryPoints>;

  constructor(
    private readonly clients: AzureClients,
    options: { ttlMs?: number; now?: () => number } = {},
  ) {
    this.figures = new PromiseCache({
      ttlMs: options.ttlMs ?? 60_000,
      now: options.now,
    });
    this.recoveries = new PromiseCache({
      ttlMs: options.ttlMs ?? 60_000,
      now: options.now,
    });
  }

  /**
   * The redriver's and the reconciler's figures of the last hour, in one query per service kept
   * for `ttlMs` as the figures are (the redriver reports once a minute).
   */
  recovery(
    subscription: string,
    appInsightsId: string,
  ): Promise<RecoveryPoints> {
    return this.recoveries.get(appInsightsId.toLowerCase(), async () => {
      const result = await this.clients
        .logs(subscription)
        .queryResource(appInsightsId, RECOVERY_QUERY, { duration: 'PT1H' });
      if (result.status !== 'Success')
        throw new Error(
          `Application Insights answered the dead-letter and anti-entropy query of ${appInsightsId} only in part: ${result.partialError.message}`,
        );
      const points: RecoveryPoints = {
        awaitingPerson: [],
        redriven: [],
        compared: [],
        diverged: [],
        repaired: [],
      };
      for (const [t, metric, v] of result.tables[0]?.rows ?? []) {
        const into = RECOVERY_METRICS[String(metric)];
        const value = Number(v);
        const at = new Date(t as string | Date).getTime();
        if (into && Number.isFinite(value) && Number.isFinite(at))
          points[into].push({ t: at, v: value });
      }
      return points;
    });
  }

  read(subscription: string, appInsightsId: string): Promise<LogFigures> {
    return this.figures.get(appInsightsId.toLowerCase(), async () => {
      const result = await this.clients
        .logs(subscription)
        .queryResource(appInsightsId, figuresQuery(), { duration: WINDOW });
      if (result.status !== 'Success')
        throw new Error(
          `Application Insights answered the figures query of ${appInsightsId} only in part: ${result.partialError.message}`,
        );
      const rows = result.tables[0]?.rows ?? [];
      const of = (figure: string): Percentiles =>
        percentilesOf(rows.find(r => r[0] === figure));
      return { latency: of('latency'), replicationLag: of('lag') };
    });
  }

  /**
   * The percentiles per step over a chart's window, in one query. Not kept here: the metrics
   * route caches whole chart answers.
   */
  async series(
    subscription: string,
    appInsightsId: string,
    window: { start: Date; end: Date; stepSeconds: number },
  ): Promise<LogSeries> {
    const result = await this.clients
      .logs(subscription)
      .queryResource(appInsightsId, figuresQuery(window.stepSeconds), {
        startTime: window.start,
        endTime: window.end,
      });
    if (result.status !== 'Success')
      throw new Error(
        `Application Insights answered the chart query of ${appInsightsId} only in part: ${result.partialError.message}`,
      );
    const series: LogSeries = { latency: new Map(), replicationLag: new Map() };
    for (const row of result.tables[0]?.rows ?? []) {
      const map = row[0] === 'lag' ? series.replicationLag : series.latency;
      map.set(new Date(row[4] as string | Date).getTime(), percentilesOf(row));
    }
    return series;
  }
}

function percentilesOf(row: unknown[] | undefined): Percentiles {
  return {
    averageMs: numberOrNull(row?.[1]),
    p50Ms: numberOrNull(row?.[2]),
    p99Ms: numberOrNull(row?.[3]),
  };
}

function numberOrNull(value: unknown): number | null {
  const n = typeof value === 'number' ? value : Number(value);
  return value === null || value === undefined || !Number.isFinite(n)
    ? null
    : Math.round(n * 10) / 10;
}
