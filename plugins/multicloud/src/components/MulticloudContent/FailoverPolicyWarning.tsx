import { useApi } from '@backstage/core-plugin-api';
import Alert from '@material-ui/lab/Alert';
import AlertTitle from '@material-ui/lab/AlertTitle';
import useAsync from 'react-use/esm/useAsync';
import { multicloudApiRef } from '../../api';

/**
 * A warning on the multi-cloud tab when the permission policy lets the viewer fail over every
 * service without checking ownership: what Backstage's default allow-all policy does for every
 * user. Shows nothing under an owner-only policy, or when the backend cannot say.
 */
export function FailoverPolicyWarning() {
  const api = useApi(multicloudApiRef);
  const access = useAsync(() => api.getFailoverAccess(), [api]);
  if (access.value?.result !== 'ALLOW') return null;
  return (
    <Alert severity="warning" style={{ marginBottom: 16 }}>
      <AlertTitle>
        Failover is not limited to the owners of a service
      </AlertTitle>
      The permission policy lets you fail over every service, whoever owns it.
      Under Backstage&apos;s default allow-all policy every signed-in user can.
      To let only a service&apos;s owners fail it over, install the owner-only
      policy of the multi-cloud backend plugin (see its README).
    </Alert>
  );
}
