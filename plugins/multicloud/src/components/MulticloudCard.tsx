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
import { makeStyles } from '@material-ui/core/styles';
import type { ReactNode } from 'react';
import { cloudLabel } from './common/clouds';
import { perSecond, share, wholeClock } from './common/format';
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

// Compact cells: the card is half a page wide (a third of a laptop's screen), and in an incident
// its longest figures ("stale, last data 12:33:44 PM", "8415 ms (critical)") must still show.
const useStyles = makeStyles({
  // Words stay whole: a figure wraps between words, and only a word wider than its whole column
  // (a long error message) breaks.
  cell: {
    padding: '6px 8px',
    overflowWrap: 'break-word',
    verticalAlign: 'baseline',
  },
  // Named for screen readers only: the corner cell heads the figures' names.
  hidden: {
    position: 'absolute',
    width: 1,
    height: 1,
    overflow: 'hidden',
    clip: 'rect(0 0 0 0)',
    whiteSpace: 'nowrap',
  },
});

interface Row {
  title: string;
  render: (s: CloudStatus) => ReactNode;
}

function rows(thresholds: LagThresholds): Row[] {
  return [
    {
      title: 'Health',
      render: s => (
        <>
          <span style={nowrap}>
            <HealthLabel health={s.health} />
          </span>
          <Typography variant="caption" display="block">
            since {wholeClock(s.healthSince)}
          </Typography>
        </>
      ),
    },
    {
      title: 'Weight',
      render: s => (
        <>
          {s.weight}%
          <Typography variant="caption" display="block" style={nowrap}>
            gets {share(s.trafficShare)}
          </Typography>
        </>
      ),
    },
    {
      title: 'Requests',
      render: s => (
        <Fresh freshness={s.freshness.requests} compact>
          {perSecond(s.requestsPerSecond)}
        </Fresh>
      ),
    },
    {
      // Short: the tab spells it out ("Replication lag in").
      title: 'Lag in',
      render: s => (
        <Fresh freshness={s.freshness.replication} compact>
          <LagLabel
            lagMs={s.replicationLag.currentMs}
            thresholds={thresholds}
          />
        </Fresh>
      ),
    },
  ];
}

/**
 * A column per cloud, a row per figure: each cloud's column gets an equal share of the card's
 * width whatever the number of clouds, and a long figure wraps inside its cell instead of pushing
 * the last column out of the card. One cloud's error fills its own column.
 */
function CloudsTable({
  clouds,
  cloudInfo,
  thresholds,
}: {
  clouds: readonly CloudResult<CloudStatus>[];
  cloudInfo: readonly CloudInfo[];
  thresholds: LagThresholds;
}) {
  const classes = useStyles();
  const figures = rows(thresholds);
  return (
    <Table size="small" aria-label="clouds">
      <TableHead>
        <TableRow>
          <TableCell className={classes.cell}>
            <span className={classes.hidden}>Figure</span>
          </TableCell>
          {clouds.map(r => (
            <TableCell key={r.cloud} className={classes.cell} scope="col">
              {cloudLabel(cloudInfo, r.cloud)}
            </TableCell>
          ))}
        </TableRow>
      </TableHead>
      <TableBody>
        {figures.map((f, i) => (
          <TableRow key={f.title}>
            <TableCell
              component="th"
              scope="row"
              // MUI names every body cell "cell"; this one heads its row.
              role="rowheader"
              className={classes.cell}
              style={nowrap}
            >
              {f.title}
            </TableCell>
            {clouds.map(r => {
              if (r.ok)
                return (
                  <TableCell key={r.cloud} className={classes.cell}>
                    {f.render(r.data)}
                  </TableCell>
                );
              return i === 0 ? (
                <TableCell
                  key={r.cloud}
                  className={classes.cell}
                  rowSpan={figures.length}
                >
                  <Typography color="error" variant="body2">
                    {r.error.message}
                  </Typography>
                </TableCell>
              ) : null;
            })}
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
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
            {/* A plain table: a few rows need no paging, sorting or toolbar, and fit the card. */}
            <CloudsTable
              clouds={value.clouds}
              cloudInfo={value.cloudInfo}
              thresholds={thresholds}
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
