import { useApi } from '@backstage/core-plugin-api';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import useInterval from 'react-use/esm/useInterval';
import { multicloudApiRef } from '../../api';

/**
 * The page reads the status every second: the backend serves it from its cache (refreshed every
 * second for the sandbox), so a health change shows within 3 s of the router seeing it, and a
 * viewer costs the backend a cache read a second, never a call upstream.
 */
const REFRESH_MS = 1_000;

/** The service's status, read again every second. */
export function useServiceStatus(entityRef: string, enabled = true) {
  const api = useApi(multicloudApiRef);
  const state = useAsyncRetry(
    async () => (enabled ? api.getStatus(entityRef) : undefined),
    [api, entityRef, enabled],
  );
  useInterval(state.retry, enabled ? REFRESH_MS : null);
  return state;
}
