import { CodeSnippet } from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import type { FailoverRecord } from '@multicloud/backstage-plugin-multicloud-common';
import Typography from '@material-ui/core/Typography';
import useAsync from 'react-use/esm/useAsync';
import { multicloudApiRef } from '../../api';
import { weightsText } from '../common/clouds';
import { WeightsCommit } from './WeightsCommit';

/** The weights in effect once a failover finished, read again from the status. */
export function TrafficAfterRun({ entityRef }: { entityRef: string }) {
  const api = useApi(multicloudApiRef);
  const status = useAsync(() => api.getStatus(entityRef), [api, entityRef]);
  const clouds = status.value?.clouds ?? [];
  const read = clouds.length > 0 && clouds.every(c => c.ok);
  let text = 'could not be read; see the status';
  if (status.loading) text = 'reading…';
  if (read)
    text = weightsText(
      status.value!.cloudInfo,
      Object.fromEntries(clouds.map(c => [c.cloud, c.ok ? c.data.weight : 0])),
    );
  return (
    <Typography variant="body2" data-testid="traffic-after-run">
      Traffic now: {text}
    </Typography>
  );
}

/**
 * The failover's weights in the service's repository: the commit or pull request, or why they
 * were not committed, with the file to commit by hand (and a retry when the commit failed).
 */
export function GitOpsOutcome({
  record,
  onRetried,
}: {
  record: FailoverRecord;
  onRetried: (record: FailoverRecord) => void;
}) {
  const committed = record.commit?.state === 'committed';
  return (
    <div style={{ marginTop: 12 }} data-testid="failover-commit">
      <Typography variant="subtitle2" component="p">
        {committed
          ? 'Weights committed, so the next Terraform apply keeps them:'
          : 'The traffic has moved, but the repository does not say so yet:'}
      </Typography>
      <WeightsCommit record={record} mayRetry onRetried={onRetried} />
      {!committed && record.gitops && (
        <>
          <Typography variant="body2" style={{ marginTop: 8 }}>
            Until it is committed, the next Terraform apply undoes the failover.
            To commit it by hand: {record.gitops.path}, message "
            {record.gitops.commitMessage.split('\n')[0]}"
          </Typography>
          <CodeSnippet
            text={record.gitops.content}
            language="json"
            showCopyCodeButton
          />
        </>
      )}
    </div>
  );
}
