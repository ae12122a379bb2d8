import {
  InfoCard,
  Link,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import { stringifyEntityRef } from '@backstage/catalog-model';
import { useEntity } from '@backstage/plugin-catalog-react';
import {
  getMulticloudServiceId,
  type CloudInfo,
  type CloudResult,
  type CloudStatus,
} from '@multicloud/backstage-plugin-multicloud-common';
import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import Typography from '@material-ui/core/Typography';
import type { ReactNode } from 'react';
import { cloudLabel } from './common/clouds';
import { perSecond, share } from './common/format';
import { Fresh } from './common/Freshness';
import { IncidentBanner } from './common/IncidentBanner';
import { HealthLabel, LagLabel } from './common/StatusBits';
import {
  useLagThresholds,
  type LagThresholds,
} from './common/useLagThresholds';
import { useServiceStatus } from './common/useServiceStatus';
import { MissingAnnotation } from './MissingAnnotation';

const nowrap = { whiteSpace: 'nowrap' } as const;

interface Column {
  title: string;
  render: (r: CloudResult<CloudStatus>) => ReactNode;
}

function columns(
  clouds: readonly CloudInfo[],
  thresholds: LagThresholds,
): Column[] {
  return [
    { title: 'Cloud', render: r => cloudLabel(clouds, r.cloud) },
    {
      title: 'Health',
      render: r =>
        r.ok ? (
          <>
            <span style={nowrap}>
              <HealthLabel health={r.data.health} />
            </span>
            <Typography variant="caption" display="block" style={nowrap}>
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
    {
      title: 'Weight',
      render: r =>
        r.ok ? (
          <>
            {r.data.weight}%
            <Typography variant="caption" display="block" style={nowrap}>
              gets {share(r.data.trafficShare)}
            </Typography>
          </>
        ) : (
          '–'
        ),
    },
    {
      title: 'Requests',
      render: r =>
        r.ok ? (
          <Fresh freshness={r.data.freshness.requests}>
            {perSecond(r.data.requestsPerSecond)}
          </Fresh>
        ) : (
          '–'
        ),
    },
    {
      // Short: the card is half a page wide, and the tab spells it out.
      title: 'Lag in',
      render: r =>
        r.ok ? (
          <span style={nowrap}>
            <Fresh freshness={r.data.freshness.replication}>
              <LagLabel
                lagMs={r.data.replicationLag.currentMs}
                thresholds={thresholds}
              />
            </Fresh>
          </span>
        ) : (
          '–'
        ),
    },
  ];
}

/**
 * The overview card: each cloud's health (and since when), weight, request rate and the
 * replication lag into it ("Lag in"), coloured by the configured thresholds; one cloud's error
 * stays in its row. Links to the multi-cloud tab.
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
  const cols = value ? columns(value.cloudInfo, thresholds) : [];
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
            <IncidentBanner status={value} thresholds={thresholds} />
            {/* A plain table: a row per cloud needs no paging, sorting or toolbar, and fits the card. */}
            <Table size="small" aria-label="clouds">
              <TableHead>
                <TableRow>
                  {cols.map(c => (
                    <TableCell key={c.title}>{c.title}</TableCell>
                  ))}
                </TableRow>
              </TableHead>
              <TableBody>
                {value.clouds.map(r => (
                  <TableRow key={r.cloud}>
                    {cols.map(c => (
                      <TableCell key={c.title}>{c.render(r)}</TableCell>
                    ))}
                  </TableRow>
                ))}
              </TableBody>
            </Table>
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
