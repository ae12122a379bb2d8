import { SidebarItem } from '@backstage/core-components';
import { identityApiRef, useApi } from '@backstage/core-plugin-api';
import ExitToAppIcon from '@material-ui/icons/ExitToApp';
import useAsync from 'react-use/esm/useAsync';

/** Who is signed in, and a way to sign out and pick the other user. */
export function SidebarSignOut() {
  const identityApi = useApi(identityApiRef);
  const { value } = useAsync(
    () => identityApi.getBackstageIdentity(),
    [identityApi],
  );
  const who = value?.userEntityRef.split('/').pop() ?? '';
  return (
    <SidebarItem
      icon={ExitToAppIcon}
      text={`Sign out ${who}`}
      onClick={() => {
        document.cookie = 'multicloud-local-user=; path=/; max-age=0';
        identityApi.signOut();
      }}
    />
  );
}
