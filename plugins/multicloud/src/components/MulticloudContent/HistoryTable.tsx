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
 * Narrow screens (800 px): cells break lines between words only, never inside one (a user
 * reference broke letter by letter), and keep 8 px of padding instead of 16 + 24, so the six
 * columns fit beside the sidebar without scrolling sideways.
 */
const useStyles = makeStyles({
  history: {
    '& th, & td': {
      padding: '6px 8px',
      wordBreak: 'normal',
      overflowWrap: 'normal',
    },
  },
});

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
