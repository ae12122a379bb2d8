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
  CLOUD_LABELS,
  getMulticloudServiceId,
  METRIC_RANGES,
  type CloudId,
  type MetricName,
  type MetricRange,
} from '@multicloud/backstage-plugin-multicloud-common';
import Button from '@material-ui/core/Button';
import ButtonGroup from '@material-ui/core/ButtonGroup';
import Grid from '@material-ui/core/Grid';
import { useSearchParams } from 'react-router-dom';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import useInterval from 'react-use/esm/useInterval';
import { multicloudApiRef } from '../../api';
import { IncidentBanner } from '../common/IncidentBanner';
import { useLagThresholds } from '../common/useLagThresholds';
import { useServiceStatus } from '../common/useServiceStatus';
import { MissingAnnotation } from '../MissingAnnotation';
import type { ValueKind } from './chartFormat';
import { MetricChart } from './MetricChart';
import {
  chartRows,
  chaosEvents,
  consoleLinks,
  failoverEvents,
  type ChartLine,
} from './seriesData';

const REFRESH_MS = 30_000;
const CLOUD_IDS: CloudId[] = ['aws', 'azure'];

const perCloud = (metric: MetricName, suffix = ''): ChartLine[] =>
  CLOUD_IDS.map(cloud => ({
    key: `${cloud}${suffix}`,
    label: `${CLOUD_LABELS[cloud]}${suffix ? ` ${suffix.slice(1)}` : ''}`,
    cloud,
    metric,
  }));

const CHARTS: {
  id: string;
  title: string;
  unit: string;
  lines: ChartLine[];
  /** A fixed value axis, where the metric has one (a share). */
  domain?: [number, number];
  kind: ValueKind;
}[] = [
  {
    id: 'requests',
    title: 'Requests',
    unit: 'per second',
    lines: perCloud('requests'),
    kind: 'rate',
  },
  {
    id: 'latency',
    title: 'Latency',
    unit: '',
    kind: 'duration',
    lines: [
      ...perCloud('latencyP50Ms', '_p50'),
      ...perCloud('latencyP99Ms', '_p99'),
    ],
  },
  {
    id: 'error-rate',
    title: 'Error rate',
    unit: '%',
    lines: perCloud('errorRate'),
    domain: [0, 1],
    kind: 'share',
  },
  {
    id: 'replication-lag',
    title: 'Replication lag into each cloud',
    unit: '',
    kind: 'duration',
    lines: perCloud('replicationLagMs'),
  },
  {
    id: 'queue-depth',
    title: 'Inbound queue and dead letters',
    unit: 'messages',
    lines: [
      ...perCloud('queueDepth', '_queue'),
      ...perCloud('deadLetterDepth', '_dlq'),
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
  const events = [
    ...failoverEvents(history.value ?? []),
    ...chaosEvents(metrics.value?.events),
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
              title={`${CLOUD_LABELS[c.cloud]} metrics could not be read`}
              message={c.error.message}
            />
          ),
        )}
      {value && (
        <Grid container spacing={3}>
          {CHARTS.map(chart => (
            <Grid item xs={12} lg={6} key={chart.id}>
              <InfoCard>
                <MetricChart
                  id={chart.id}
                  title={chart.title}
                  unit={chart.unit}
                  lines={chart.lines}
                  domain={chart.domain}
                  kind={chart.kind}
                  range={range}
                  events={events}
                  links={consoleLinks(value, chart.lines)}
                  rows={chartRows(value, chart.lines, Date.now())}
                />
              </InfoCard>
            </Grid>
          ))}
        </Grid>
      )}
    </Content>
  );
}
