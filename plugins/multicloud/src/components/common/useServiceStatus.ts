import { useApi } from '@backstage/core-plugin-api';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import useInterval from 'react-use/esm/useInterval';
import { multicloudApiRef } from '../../api';

const REFRESH_MS = 5_000;

/** The service's status, read again every 5 s (the backend caches it for 5 s). */
export function useServiceStatus(entityRef: string, enabled = true) {
  const api = useApi(multicloudApiRef);
  const state = useAsyncRetry(
    async () => (enabled ? api.getStatus(entityRef) : undefined),
    [api, entityRef, enabled],
  );
  useInterval(state.retry, enabled ? REFRESH_MS : null);
  return state;
}
