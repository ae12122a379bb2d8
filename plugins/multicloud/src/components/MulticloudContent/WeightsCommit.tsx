import { Link } from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import { ResponseError } from '@backstage/errors';
import type { FailoverRecord } from '@multicloud/backstage-plugin-multicloud-common';
import Button from '@material-ui/core/Button';
import Typography from '@material-ui/core/Typography';
import { useState } from 'react';
import { multicloudApiRef } from '../../api';

/**
 * Where a failover's weights went in the service's repository: a link to the commit or the pull
 * request, or "weights not committed: <reason>" with a retry button when the commit failed (the
 * traffic has moved all the same).
 */
export function WeightsCommit({
  record,
  mayRetry,
  onRetried,
}: {
  record: FailoverRecord;
  /** Whether the user may fail this service over, which a retry needs too. */
  mayRetry: boolean;
  onRetried: (record: FailoverRecord) => void;
}) {
  const api = useApi(multicloudApiRef);
  const [retrying, setRetrying] = useState(false);
  const [error, setError] = useState<string>();
  const { commit } = record;
  if (!commit)
    return (
      <Typography variant="body2" color="textSecondary">
        {record.outcome === 'running' ? 'not yet' : '–'}
      </Typography>
    );
  if (commit.state === 'committed')
    return (
      <Typography variant="body2">
        <Link to={commit.url ?? ''} target="_blank" rel="noopener">
          {commit.kind === 'pull-request'
            ? `pull request ${commit.url?.split('/').pop() ?? ''}`
            : `commit ${commit.sha?.slice(0, 7)}`}
        </Link>{' '}
        in {commit.repository}
      </Typography>
    );
  const retry = async () => {
    setRetrying(true);
    setError(undefined);
    try {
      onRetried(await api.retryFailoverCommit(record.entityRef, record.id));
    } catch (e) {
      setError(
        e instanceof ResponseError
          ? e.body.error.message
          : (e as Error).message,
      );
    } finally {
      setRetrying(false);
    }
  };
  return (
    <>
      <Typography
        variant="body2"
        color={commit.state === 'failed' ? 'error' : 'textSecondary'}
      >
        weights not committed: {commit.error}
      </Typography>
      {commit.state === 'failed' && (
        <Button
          size="small"
          variant="outlined"
          disabled={!mayRetry || retrying}
          onClick={retry}
        >
          {retrying ? 'Retrying…' : 'Retry commit'}
        </Button>
      )}
      {error && (
        <Typography variant="body2" color="error" role="alert">
          Retry failed: {error}
        </Typography>
      )}
    </>
  );
}
