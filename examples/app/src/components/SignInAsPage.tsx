import {
  Content,
  Header,
  InfoCard,
  Page,
  ProxiedSignInPage,
} from '@backstage/core-components';
import type { SignInPageProps } from '@backstage/core-plugin-api';
import Button from '@material-ui/core/Button';
import Grid from '@material-ui/core/Grid';
import Typography from '@material-ui/core/Typography';
import { useState } from 'react';

/** The cookie the backend's local-users auth module reads (examples/backend). */
const LOCAL_USER_COOKIE = 'multicloud-local-user';

const USERS = [
  {
    name: 'olivia',
    label: 'Sign in as Olivia Owner',
    about:
      'member of team-orders, which owns the orders service: may fail it over',
  },
  {
    name: 'nico',
    label: 'Sign in as Nico Nonowner',
    about: 'in another team: sees everything, may not fail over orders',
  },
];

/**
 * Local sign-in for trying the portal: pick who you are. The backend only accepts it when
 * `auth.providers.localUsers.enabled` is set, and never in production.
 */
export function SignInAsPage(props: SignInPageProps) {
  // A user chosen before (the cookie) signs in again at once after a reload.
  const [user, setUser] = useState<string | undefined>(
    () =>
      document.cookie
        .split(';')
        .map(c => c.trim().split('='))
        .find(([k]) => k === LOCAL_USER_COOKIE)?.[1] || undefined,
  );
  if (user) return <ProxiedSignInPage {...props} provider="localUsers" />;
  return (
    <Page themeId="home">
      <Header title="Multi-cloud portal" subtitle="Sign in (local sandbox)" />
      <Content>
        <Grid container spacing={3}>
          {USERS.map(u => (
            <Grid item xs={12} md={6} key={u.name}>
              <InfoCard title={u.label.replace('Sign in as ', '')}>
                <Typography paragraph>{u.about}</Typography>
                <Button
                  variant="contained"
                  color="primary"
                  onClick={() => {
                    document.cookie = `${LOCAL_USER_COOKIE}=${u.name}; path=/; SameSite=Lax`;
                    setUser(u.name);
                  }}
                >
                  {u.label}
                </Button>
              </InfoCard>
            </Grid>
          ))}
        </Grid>
      </Content>
    </Page>
  );
}
