import { useApi } from '@backstage/core-plugin-api';
import { ResponseError } from '@backstage/errors';
import type {
  FailoverRecord,
  FailoverRequest,
} from '@multicloud/backstage-plugin-multicloud-common';
import { useEffect, useRef, useState } from 'react';
import { multicloudApiRef } from '../../api';

/** The backend answers 202 at once: the protocol's progress is read again each second. */
const POLL_MS = 1_000;

/**
 * A failover's run: starting it, the backend's refusal, and the attempt followed until it
 * finishes. `setRecord` takes a newer record from elsewhere (a retried commit).
 */
export function useFailoverRun(entityRef: string, onFinished: () => void) {
  const api = useApi(multicloudApiRef);
  const [record, setRecord] = useState<FailoverRecord>();
  const [refusal, setRefusal] = useState<string>();
  const [submitting, setSubmitting] = useState(false);

  // The page's callback changes with every status poll (each second): read through a ref, so
  // the timer is not reset before it fires.
  const finished = useRef(onFinished);
  finished.current = onFinished;
  const recordId = record?.id;
  const running = record?.outcome === 'running';
  useEffect(() => {
    if (!recordId || !running) return undefined;
    const timer = setInterval(async () => {
      try {
        const next = await api.getFailover(entityRef, recordId);
        setRecord(next);
        if (next.outcome !== 'running') finished.current();
      } catch {
        // A missed read is retried on the next tick.
      }
    }, POLL_MS);
    return () => clearInterval(timer);
  }, [api, entityRef, recordId, running]);

  const execute = async (request: FailoverRequest) => {
    setSubmitting(true);
    setRefusal(undefined);
    try {
      setRecord(await api.executeFailover(entityRef, request));
    } catch (e) {
      setRefusal(
        e instanceof ResponseError
          ? e.body.error.message
          : (e as Error).message,
      );
    } finally {
      setSubmitting(false);
    }
  };

  return { record, setRecord, refusal, submitting, running, execute };
}
