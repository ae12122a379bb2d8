import {
  InfoCard,
  Link,
  Progress,
  ResponseErrorPanel,
  Table,
  type TableColumn,
} from '@backstage/core-components';
import { stringifyEntityRef } from '@backstage/catalog-model';
import { useEntity } from '@backstage/plugin-catalog-react';
import {
  CLOUD_LABELS,
  getMulticloudServiceId,
  type CloudResult,
  type CloudStatus,
} from '@multicloud/backstage-plugin-multicloud-common';
import Typography from '@material-ui/core/Typography';
import { perSecond } from './common/format';
import { HealthLabel, LagLabel } from './common/StatusBits';
import {
  useLagThresholds,
  type LagThresholds,
} from './common/useLagThresholds';
import { useServiceStatus } from './common/useServiceStatus';
import { MissingAnnotation } from './MissingAnnotation';

function columns(
  thresholds: LagThresholds,
): TableColumn<CloudResult<CloudStatus>>[] {
  return [
    { title: 'Cloud', render: r => CLOUD_LABELS[r.cloud] },
    {
      title: 'Health',
      render: r =>
        r.ok ? (
          <>
            <span style={{ whiteSpace: 'nowrap' }}>
              <HealthLabel health={r.data.health} />
            </span>
            <Typography variant="caption" display="block">
              since{' '}
              {r.data.healthSince
                ? new Date(r.data.healthSince).toLocaleTimeString()
                : '–'}
            </Typography>
          </>
        ) : (
          <Typography color="error" variant="body2">
            {r.error.message}
          </Typography>
        ),
    },
    { title: 'Weight', render: r => (r.ok ? `${r.data.weight}%` : '–') },
    {
      title: 'Requests',
      render: r => (r.ok ? perSecond(r.data.requestsPerSecond) : '–'),
    },
    {
      title: 'Replication lag in',
      render: r =>
        r.ok ? (
          <LagLabel
            lagMs={r.data.replicationLag.currentMs}
            thresholds={thresholds}
          />
        ) : (
          '–'
        ),
    },
  ];
}

/**
 * The overview card: each cloud's health (and since when), weight, request rate and the
 * replication lag into it, coloured by the configured thresholds; one cloud's error stays in its
 * row. Links to the multi-cloud tab.
 */
export function MulticloudCard() {
  const { entity } = useEntity();
  const serviceId = getMulticloudServiceId(entity);
  const entityRef = stringifyEntityRef(entity);
  const thresholds = useLagThresholds();
  const { value, loading, error } = useServiceStatus(
    entityRef,
    Boolean(serviceId),
  );

  if (!serviceId) return <MissingAnnotation />;
  return (
    <div data-testid="multicloud-card">
      <InfoCard
        title="Multi-cloud"
        subheader={`Service ${serviceId}`}
        deepLink={{ title: 'Open the multi-cloud tab', link: 'multicloud' }}
      >
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
                sorting: false,
              }}
              columns={columns(thresholds)}
              data={value.clouds}
            />
            <Typography variant="caption" color="textSecondary">
              Read {new Date(value.fetchedAt).toLocaleTimeString()} from the{' '}
              {value.provider} provider ·{' '}
              <Link to="multicloud">details and failover</Link>
            </Typography>
          </>
        )}
      </InfoCard>
    </div>
  );
}
