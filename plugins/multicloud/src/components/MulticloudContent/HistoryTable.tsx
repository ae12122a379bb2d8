import { Table, type TableColumn } from '@backstage/core-components';
import { makeStyles } from '@material-ui/core/styles';
import type { FailoverRecord } from '@multicloud/backstage-plugin-multicloud-common';
import { time, weights } from '../common/format';

const TARGETS: Record<FailoverRecord['target'], string> = {
  aws: 'to AWS',
  azure: 'to Azure',
  split: 'split',
};

const columns: TableColumn<FailoverRecord>[] = [
  { title: 'Started', render: r => time(r.startedAt) },
  { title: 'By', field: 'actor' },
  { title: 'Target', render: r => TARGETS[r.target] },
  { title: 'From → to', render: r => `${weights(r.from)} → ${weights(r.to)}` },
  {
    title: 'Outcome',
    render: r => (r.error ? `${r.outcome}: ${r.error}` : r.outcome),
  },
  { title: 'Reason', field: 'reason' },
];

/**
 * Lines break between words only, never inside one (a user reference broke letter by letter).
 * Below the `md` breakpoint (960 px) the six columns do not fit beside the sidebar (at 800 px
 * about 480 px are left), so each failover reads as one line of text instead, its fields apart
 * by dots: the page never scrolls sideways and nothing is cut off.
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

/** Every failover of the service, newest first, refusals included. */
export function HistoryTable({ items }: { items: FailoverRecord[] }) {
  const classes = useStyles();
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
    </div>
  );
}
