import {
  InfoCard,
  Progress,
  ResponseErrorPanel,
  StatusError,
  StatusOK,
  StatusWarning,
  Table,
  type TableColumn,
} from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import { stringifyEntityRef } from '@backstage/catalog-model';
import { useEntity } from '@backstage/plugin-catalog-react';
import {
  CLOUD_LABELS,
  getMulticloudServiceId,
  type CloudResult,
  type CloudStatus,
} from '@multicloud/backstage-plugin-multicloud-common';
import Typography from '@material-ui/core/Typography';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import useInterval from 'react-use/esm/useInterval';
import { multicloudApiRef } from '../api';
import { MissingAnnotation } from './MissingAnnotation';

const REFRESH_MS = 10_000;

function Health({ result }: { result: CloudResult<CloudStatus> }) {
  if (!result.ok) return <StatusError>unreadable</StatusError>;
  if (result.data.health === 'healthy') return <StatusOK>healthy</StatusOK>;
  if (result.data.health === 'unhealthy')
    return <StatusError>unhealthy</StatusError>;
  return <StatusWarning>unknown</StatusWarning>;
}

const ms = (v: number | null | undefined) =>
  v === null || v === undefined ? '–' : `${Math.round(v)} ms`;

const columns: TableColumn<CloudResult<CloudStatus>>[] = [
  { title: 'Cloud', render: r => CLOUD_LABELS[r.cloud] },
  { title: 'Health', render: r => <Health result={r} /> },
  {
    title: 'Since',
    render: r =>
      r.ok && r.data.healthSince
        ? new Date(r.data.healthSince).toLocaleTimeString()
        : '–',
  },
  { title: 'Weight', render: r => (r.ok ? `${r.data.weight}%` : '–') },
  {
    title: 'Requests/s',
    render: r =>
      r.ok && r.data.requestsPerSecond !== null
        ? r.data.requestsPerSecond.toFixed(1)
        : '–',
  },
  {
    title: 'Replication lag in',
    render: r => (r.ok ? ms(r.data.replicationLag.currentMs) : '–'),
  },
  {
    title: 'Error',
    render: r => (r.ok ? r.data.lastError ?? '' : r.error.message),
  },
];

/** Each cloud's health, weight, traffic and replication lag; one cloud's error stays in its row. */
export function MulticloudCard() {
  const { entity } = useEntity();
  const api = useApi(multicloudApiRef);
  const serviceId = getMulticloudServiceId(entity);
  const entityRef = stringifyEntityRef(entity);
  const { value, loading, error, retry } = useAsyncRetry(
    async () => (serviceId ? api.getStatus(entityRef) : undefined),
    [api, entityRef, serviceId],
  );
  useInterval(retry, serviceId ? REFRESH_MS : null);

  if (!serviceId) return <MissingAnnotation />;
  return (
    <InfoCard title="Multi-cloud" subheader={`Service ${serviceId}`}>
      {loading && !value && <Progress />}
      {error && <ResponseErrorPanel error={error} />}
      {value && (
        <>
          <Table
            options={{
              paging: false,
              search: false,
              toolbar: false,
              padding: 'dense',
            }}
            columns={columns}
            data={value.clouds}
          />
          <Typography variant="caption" color="textSecondary">
            Read {new Date(value.fetchedAt).toLocaleTimeString()} from the{' '}
            {value.provider} provider
          </Typography>
        </>
      )}
    </InfoCard>
  );
}
