import {
  Content,
  InfoCard,
  Progress,
  ResponseErrorPanel,
  WarningPanel,
} from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import { stringifyEntityRef } from '@backstage/catalog-model';
import { useEntity } from '@backstage/plugin-catalog-react';
import {
  getMulticloudServiceId,
  METRIC_RANGES,
  type MetricRange,
} from '@multicloud/backstage-plugin-multicloud-common';
import Button from '@material-ui/core/Button';
import ButtonGroup from '@material-ui/core/ButtonGroup';
import Grid from '@material-ui/core/Grid';
import { useSearchParams } from 'react-router-dom';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import useInterval from 'react-use/esm/useInterval';
import { multicloudApiRef } from '../../api';
import { cloudLabel } from '../common/clouds';
import { IncidentBanner } from '../common/IncidentBanner';
import { useLagThresholds } from '../common/useLagThresholds';
import { useServiceStatus } from '../common/useServiceStatus';
import { MissingAnnotation } from '../MissingAnnotation';
import type { ValueKind } from './chartFormat';
import { MetricChart } from './MetricChart';
import {
  chartLines,
  chartRows,
  chaosEvents,
  consoleLinks,
  failoverEvents,
  type ChartMetric,
} from './seriesData';

const REFRESH_MS = 30_000;
const CHARTS: {
  id: string;
  title: string;
  unit: string;
  /** Drawn for each of the service's clouds. */
  metrics: ChartMetric[];
  /** A fixed value axis, where the metric has one (a share). */
  domain?: [number, number];
  kind: ValueKind;
}[] = [
  {
    id: 'requests',
    title: 'Requests',
    unit: 'per second',
    metrics: [{ metric: 'requests' }],
    kind: 'rate',
  },
  {
    id: 'latency',
    title: 'Latency',
    unit: '',
    kind: 'duration',
    metrics: [
      { metric: 'latencyP50Ms', name: 'p50' },
      { metric: 'latencyP99Ms', name: 'p99' },
    ],
  },
  {
    id: 'error-rate',
    title: 'Error rate',
    unit: '%',
    metrics: [{ metric: 'errorRate' }],
    domain: [0, 1],
    kind: 'share',
  },
  {
    id: 'replication-lag',
    title: 'Replication lag into each cloud',
    unit: '',
    kind: 'duration',
    metrics: [{ metric: 'replicationLagMs' }],
  },
  {
    id: 'queue-depth',
    title: 'Inbound queue and dead letters',
    unit: 'messages',
    metrics: [
      { metric: 'queueDepth', name: 'queue' },
      { metric: 'deadLetterDepth', name: 'dlq' },
    ],
    kind: 'count',
  },
];

/** Time series per cloud for a range, refreshed every 30 s. */
export function ObservabilityContent() {
  const { entity } = useEntity();
  const api = useApi(multicloudApiRef);
  const serviceId = getMulticloudServiceId(entity);
  const entityRef = stringifyEntityRef(entity);
  // The range lives in the URL (?range=24h), so a link or a reload shows the same chart.
  const [params, setParams] = useSearchParams();
  const asked = params.get('range');
  const range: MetricRange = (METRIC_RANGES as readonly string[]).includes(
    asked ?? '',
  )
    ? (asked as MetricRange)
    : '1h';
  const setRange = (r: MetricRange) =>
    setParams(
      p => {
        p.set('range', r);
        return p;
      },
      { replace: true },
    );
  const metrics = useAsyncRetry(
    async () => (serviceId ? api.getMetrics(entityRef, range) : undefined),
    [api, entityRef, range, serviceId],
  );
  useInterval(metrics.retry, serviceId ? REFRESH_MS : null);
  // Failovers, marked on the time axis of every chart.
  const history = useAsyncRetry(
    async () => (serviceId ? api.getFailoverHistory(entityRef) : []),
    [api, entityRef, serviceId],
  );
  useInterval(history.retry, serviceId ? REFRESH_MS : null);
  // Failovers from the history, chaos from the metrics (what the provider saw done).
  const clouds = metrics.value?.cloudInfo ?? [];
  const events = [
    ...failoverEvents(history.value ?? [], clouds),
    ...chaosEvents(metrics.value?.events, clouds),
  ];
  // The incident banner, as on the other pages of the service.
  const status = useServiceStatus(entityRef, Boolean(serviceId));
  const thresholds = useLagThresholds();

  if (!serviceId) return <MissingAnnotation />;
  const value = metrics.value;
  return (
    <Content>
      <IncidentBanner status={status.value} thresholds={thresholds} />
      <ButtonGroup
        aria-label="Time range"
        size="small"
        style={{ marginBottom: 16 }}
      >
        {METRIC_RANGES.map(r => (
          <Button
            key={r}
            aria-pressed={r === range}
            variant={r === range ? 'contained' : 'outlined'}
            color={r === range ? 'primary' : 'default'}
            onClick={() => setRange(r)}
          >
            {r}
          </Button>
        ))}
      </ButtonGroup>
      {metrics.loading && !value && <Progress />}
      {metrics.error && <ResponseErrorPanel error={metrics.error} />}
      {value?.clouds
        .filter(c => !c.ok)
        .map(c =>
          c.ok ? null : (
            <WarningPanel
              key={c.cloud}
              severity="error"
              title={`${cloudLabel(clouds, c.cloud)} metrics could not be read`}
              message={c.error.message}
            />
          ),
        )}
      {value && (
        <Grid container spacing={3}>
          {CHARTS.map(chart => {
            const lines = chartLines(clouds, chart.metrics);
            return (
              <Grid item xs={12} lg={6} key={chart.id}>
                <InfoCard>
                  <MetricChart
                    id={chart.id}
                    title={chart.title}
                    unit={chart.unit}
                    lines={lines}
                    domain={chart.domain}
                    kind={chart.kind}
                    range={range}
                    events={events}
                    links={consoleLinks(value, lines)}
                    rows={chartRows(value, lines, Date.now())}
                  />
                </InfoCard>
              </Grid>
            );
          })}
        </Grid>
      )}
    </Content>
  );
}
