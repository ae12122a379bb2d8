import { Progress } from '@backstage/core-components';
import type { FailoverRecord } from '@multicloud/backstage-plugin-multicloud-common';
import Typography from '@material-ui/core/Typography';
import { FailoverSteps } from './FailoverSteps';

/** A started failover: each step as it runs, then whether it succeeded or why it failed. */
export function FailoverProgress({ record }: { record: FailoverRecord }) {
  return (
    <>
      <FailoverSteps record={record} />
      {record.outcome === 'running' && <Progress />}
      {record.outcome === 'succeeded' && (
        <Typography role="status" style={{ color: 'green' }}>
          Succeeded
        </Typography>
      )}
      {(record.outcome === 'failed' || record.outcome === 'refused') && (
        <Typography role="alert" color="error">
          Failed: {record.error}
        </Typography>
      )}
    </>
  );
}
