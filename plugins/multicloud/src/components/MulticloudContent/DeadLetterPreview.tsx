import { useApi } from '@backstage/core-plugin-api';
import type { CloudId } from '@multicloud/backstage-plugin-multicloud-common';
import Typography from '@material-ui/core/Typography';
import useAsync from 'react-use/esm/useAsync';
import { multicloudApiRef } from '../../api';

/**
 * The first dead letters of a cloud with the reason each was dead-lettered, so a person sees
 * what a replay would send back (and what would only be refused again) before sending it.
 */
export function DeadLetterPreview({
  entityRef,
  cloud,
  label,
  total,
}: {
  entityRef: string;
  cloud: CloudId;
  /** The cloud's name, from the service's clouds. */
  label: string;
  total: number | null;
}) {
  const api = useApi(multicloudApiRef);
  const list = useAsync(
    () => api.listDeadLetters(entityRef, cloud),
    [api, entityRef, cloud],
  );
  if (list.loading)
    return <Typography variant="body2">Reading the dead letters…</Typography>;
  if (list.error)
    return (
      <Typography variant="body2" color="error">
        The dead letters could not be read: {list.error.message}
      </Typography>
    );
  const letters = list.value?.letters ?? [];
  if (!letters.length) return null;
  return (
    <>
      <ul aria-label={`Dead letters of ${label}`} style={{ margin: '4px 0' }}>
        {letters.map(letter => (
          <li key={letter.id}>
            <Typography variant="body2" component="span">
              {letter.key ? <code>{letter.key}</code> : 'not an event'}:{' '}
              {letter.reason ?? 'no reason given'}
            </Typography>
          </li>
        ))}
      </ul>
      {total !== null && total > letters.length && (
        <Typography variant="caption" display="block">
          The first {letters.length} of {total}.
        </Typography>
      )}
    </>
  );
}
