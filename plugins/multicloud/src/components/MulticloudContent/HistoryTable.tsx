import { Table, type TableColumn } from '@backstage/core-components';
import { EntityDisplayName } from '@backstage/plugin-catalog-react';
import type {
  CloudInfo,
  FailoverRecord,
} from '@multicloud/backstage-plugin-multicloud-common';
import Button from '@material-ui/core/Button';
import Dialog from '@material-ui/core/Dialog';
import DialogActions from '@material-ui/core/DialogActions';
import DialogContent from '@material-ui/core/DialogContent';
import DialogTitle from '@material-ui/core/DialogTitle';
import MuiLink from '@material-ui/core/Link';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import { useMemo, useRef, useState } from 'react';
import { weightsText, targetText } from '../common/clouds';
import { time } from '../common/format';
import { FailoverSteps } from './FailoverSteps';
import { WeightsCommit } from './WeightsCommit';

/** "AWS 50% · Azure 50% → AWS 0% · Azure 100%": the record's weights, labels from the clouds. */
const change = (clouds: readonly CloudInfo[], r: FailoverRecord) =>
  `${weightsText(clouds, r.from)} → ${weightsText(clouds, r.to)}`;

/**
 * Who acted, by the name the catalog gives them ("Olivia Owner"), not the raw reference. A service
 * that acted (its subject is no user reference) is named as it is.
 */
export function Actor({ actor }: { actor: string }) {
  return actor.startsWith('user:') ? (
    <EntityDisplayName entityRef={actor} hideIcon />
  ) : (
    <>{actor}</>
  );
}

/** One attempt opened: who did it and why, each step with what it said, and its commit. */
function AttemptDialog({
  clouds,
  record,
  mayRetry,
  onRetried,
  onClose,
}: {
  clouds: readonly CloudInfo[];
  record: FailoverRecord;
  mayRetry: boolean;
  onRetried: () => void;
  onClose: () => void;
}) {
  const titleId = 'multicloud-attempt-title';
  return (
    <Dialog
      open
      onClose={onClose}
      aria-labelledby={titleId}
      maxWidth="md"
      fullWidth
    >
      <DialogTitle id={titleId}>
        Failover {targetText(clouds, record.target)} of {time(record.startedAt)}
      </DialogTitle>
      <DialogContent data-testid={`failover-details-${record.id}`}>
        <Typography variant="body2" style={{ overflowWrap: 'anywhere' }}>
          By <Actor actor={record.actor} />
          {record.forced ? ' (forced)' : ''}:{' '}
          {record.reason || 'no reason given'}
        </Typography>
        <Typography variant="body2">
          {change(clouds, record)}: {record.outcome}
          {record.error ? ` (${record.error})` : ''}
        </Typography>
        <FailoverSteps record={record} />
        <WeightsCommit
          record={record}
          mayRetry={mayRetry}
          onRetried={onRetried}
        />
      </DialogContent>
      <DialogActions>
        <Button onClick={onClose}>Close</Button>
      </DialogActions>
    </Dialog>
  );
}

/**
 * Lines break between words only, never inside one (a user reference broke letter by letter).
 * Below the `md` breakpoint (960 px) the columns do not fit beside the sidebar (at 800 px about
 * 480 px are left), so each failover reads as one line of text instead, its fields apart by dots:
 * the page never scrolls sideways and nothing is cut off.
 */
const useStyles = makeStyles(theme => ({
  history: {
    '& th, & td': { wordBreak: 'normal', overflowWrap: 'normal' },
    [theme.breakpoints.down('sm')]: {
      '& thead': { display: 'none' },
      '& table, & tbody, & tbody tr': { display: 'block', height: 'auto' },
      '& tbody tr': {
        padding: theme.spacing(1, 2),
        borderBottom: `1px solid ${theme.palette.divider}`,
      },
      '& tbody td': {
        display: 'inline',
        border: 'none',
        padding: '0 !important',
      },
      '& tbody td + td::before': {
        content: '" · "',
        color: theme.palette.text.secondary,
      },
    },
  },
}));

/**
 * Every failover of the service, newest first, refusals included. A row's time is a button that
 * opens the attempt's steps; the weights column links to their commit or pull request in the
 * service's repository.
 */
export function HistoryTable({
  clouds,
  items,
  mayRetry = false,
  onChanged = () => {},
}: {
  /** The service's clouds, whose labels the weights are written with (else a cloud's id). */
  clouds: readonly CloudInfo[];
  items: FailoverRecord[];
  /** Whether the user may fail this service over (and so retry a commit). */
  mayRetry?: boolean;
  onChanged?: () => void;
}) {
  const classes = useStyles();
  const [openId, setOpenId] = useState<string>();
  const open = items.find(r => r.id === openId);
  // Read through a ref: the clouds come anew with every status poll, and new columns would
  // rebuild the rows (below).
  const cloudsRef = useRef(clouds);
  cloudsRef.current = clouds;
  // The same columns from one render to the next: new ones make material-table build its rows
  // again, and a row rebuilt between a button's press and its release loses the click (the page
  // re-renders with every status poll, each second).
  const columns = useMemo<TableColumn<FailoverRecord>[]>(
    () => [
      {
        title: 'Started',
        render: r => (
          <MuiLink
            component="button"
            variant="body2"
            title="Show the steps of this failover"
            onClick={(e: React.MouseEvent) => {
              // Not a click on the table row as well (material-table handles those).
              e.stopPropagation();
              setOpenId(r.id);
            }}
          >
            {time(r.startedAt)}
          </MuiLink>
        ),
      },
      { title: 'By', render: r => <Actor actor={r.actor} /> },
      { title: 'Target', render: r => targetText(cloudsRef.current, r.target) },
      { title: 'From → to', render: r => change(cloudsRef.current, r) },
      {
        title: 'Outcome',
        render: r => (r.error ? `${r.outcome}: ${r.error}` : r.outcome),
      },
      {
        title: 'Weights in git',
        render: r => (
          <WeightsCommit record={r} mayRetry={mayRetry} onRetried={onChanged} />
        ),
      },
      { title: 'Reason', field: 'reason' },
    ],
    [mayRetry, onChanged],
  );
  return (
    <div data-testid="failover-history" className={classes.history}>
      <Table
        title="Failover history"
        options={{
          paging: items.length > 10,
          pageSize: 10,
          search: false,
          sorting: false,
          padding: 'dense',
        }}
        columns={columns}
        data={items}
        emptyContent={<div style={{ padding: 16 }}>No failover yet.</div>}
      />
      {open && (
        <AttemptDialog
          clouds={clouds}
          record={open}
          mayRetry={mayRetry}
          onRetried={onChanged}
          onClose={() => setOpenId(undefined)}
        />
      )}
    </div>
  );
}
