import { Table, type TableColumn } from '@backstage/core-components';
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

/** Every failover of the service, newest first, refusals included. */
export function HistoryTable({ items }: { items: FailoverRecord[] }) {
  return (
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
  );
}
