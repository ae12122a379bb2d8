import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { stringifyEntityRef } from '@backstage/catalog-model';
import { NotAllowedError } from '@backstage/errors';
import {
  authProvidersExtensionPoint,
  createProxyAuthenticator,
  createProxyAuthProviderFactory,
} from '@backstage/plugin-auth-node';

/** The cookie the example app's sign-in page sets to say who signs in. */
export const LOCAL_USER_COOKIE = 'multicloud-local-user';

const USER_NAME = /^[a-z][a-z0-9-]{0,62}$/;

/**
 * Sign-in as any user of the catalog by name, with no password: for trying the portal on one's
 * own machine as the owner and as a non-owner. It only exists when
 * `auth.providers.localUsers.enabled` is true, and refuses to start in production
 * (NODE_ENV=production) whatever the config says.
 */
export const localUsersAuthModule = createBackendModule({
  pluginId: 'auth',
  moduleId: 'local-users',
  register(env) {
    env.registerInit({
      deps: {
        providers: authProvidersExtensionPoint,
        config: coreServices.rootConfig,
        logger: coreServices.logger,
      },
      async init({ providers, config, logger }) {
        if (!config.getOptionalBoolean('auth.providers.localUsers.enabled'))
          return;
        if (process.env.NODE_ENV === 'production') {
          throw new Error(
            'auth.providers.localUsers signs anyone in without a password and is for local use only; remove it from production config',
          );
        }
        logger.warn(
          'local sign-in without passwords is on (auth.providers.localUsers): for local use only',
        );
        providers.registerProvider({
          providerId: 'localUsers',
          factory: createProxyAuthProviderFactory({
            authenticator: createProxyAuthenticator({
              defaultProfileTransform: async (result: { name: string }) => ({
                profile: { displayName: result.name },
              }),
              initialize: () => undefined,
              async authenticate({ req }) {
                const cookie = (req.headers.cookie ?? '')
                  .split(';')
                  .map(c => c.trim().split('='))
                  .find(([k]) => k === LOCAL_USER_COOKIE);
                const name = decodeURIComponent(cookie?.[1] ?? '');
                if (!USER_NAME.test(name))
                  throw new NotAllowedError('choose a user to sign in as');
                return { result: { name } };
              },
            }),
            async signInResolver({ result }, ctx) {
              // Fails unless the catalog has the user: only people in the catalog sign in.
              return ctx.signInWithCatalogUser({
                entityRef: stringifyEntityRef({
                  kind: 'User',
                  namespace: 'default',
                  name: result.name,
                }),
              });
            },
          }),
        });
      },
    });
  },
});
