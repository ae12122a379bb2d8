import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import { actionsRegistryServiceRef } from '@backstage/backend-plugin-api/alpha';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { multicloudPermissions } from '@multicloud/backstage-plugin-multicloud-common';
import { multicloudProvidersExtensionPoint } from '@multicloud/backstage-plugin-multicloud-node';
import { registerStatusAction } from './actions/statusAction';
import { locateService } from './discovery';
import { FailoverService } from './failover/FailoverService';
import { FailoverStore } from './failover/FailoverStore';
import {
  catalogAuthors,
  createGitOpsPublishers,
} from './gitops/createPublishers';
import { gitOpsTargetOf } from './gitops/GitOpsPublisher';
import { WeightsCommitter } from './gitops/WeightsCommitter';
import { createCloudProvider } from './providers/cloud/createCloudProvider';
import { providerRegistry } from './providers/providerRegistry';
import { SandboxProvider } from './providers/sandbox/SandboxProvider';
import type { MulticloudProvider } from './providers/types';
import { createRouter } from './router';
import { StatusService } from './status/StatusService';

/** The scheduler task that re-reads every watched status (see StatusService). */
export const STATUS_REFRESH_TASK = 'multicloud-status-refresh';
/** The periodic takeover of failovers whose backend stopped (`FailoverService.sweep`). */
export const FAILOVER_SWEEP_TASK = 'multicloud-failover-sweep';

/**
 * The multi-cloud backend plugin: status, metrics, failover and replay of multi-cloud services.
 *
 * @public
 */
export const multicloudPlugin = createBackendPlugin({
  pluginId: 'multicloud',
  register(env) {
    // Providers backend modules add (a third cloud, a company's own platform); registered before
    // init runs, as with the Kubernetes plugin's kubernetesObjectsProviderExtensionPoint.
    const addedProviders: MulticloudProvider[] = [];
    env.registerExtensionPoint(multicloudProvidersExtensionPoint, {
      addProvider(provider) {
        addedProviders.push(provider);
      },
    });
    env.registerInit({
      deps: {
        config: coreServices.rootConfig,
        httpRouter: coreServices.httpRouter,
        httpAuth: coreServices.httpAuth,
        auth: coreServices.auth,
        logger: coreServices.logger,
        permissions: coreServices.permissions,
        permissionsRegistry: coreServices.permissionsRegistry,
        cache: coreServices.cache,
        database: coreServices.database,
        auditor: coreServices.auditor,
        discovery: coreServices.discovery,
        lifecycle: coreServices.lifecycle,
        scheduler: coreServices.scheduler,
        catalog: catalogServiceRef,
        actionsRegistry: actionsRegistryServiceRef,
      },
      async init({
        config,
        httpRouter,
        httpAuth,
        auth,
        logger,
        permissions,
        permissionsRegistry,
        cache,
        database,
        auditor,
        discovery,
        lifecycle,
        scheduler,
        catalog,
        actionsRegistry,
      }) {
        permissionsRegistry.addPermissions(multicloudPermissions);
        const sandboxUrl = config.getOptionalString(
          'multicloud.sandbox.baseUrl',
        );
        const cloud = createCloudProvider(config);
        const providers = providerRegistry([
          ...(sandboxUrl ? [new SandboxProvider(sandboxUrl)] : []),
          ...(cloud ? [cloud] : []),
          ...addedProviders,
        ]);
        logger.info(
          `multi-cloud providers: ${
            [...providers.keys()].join(', ') || 'none configured'
          }`,
        );

        const store = await FailoverStore.create(await database.getClient(), {
          skipMigrations: database.migrations?.skip,
        });
        const publishers = createGitOpsPublishers({
          config,
          scaffolderBaseUrl: await discovery.getExternalBaseUrl('scaffolder'),
        });
        const refreshSeconds =
          config.getOptionalNumber('multicloud.status.refreshSeconds') ?? 5;
        const statuses = new StatusService({
          cache,
          refreshMs: refreshSeconds * 1000,
        });
        const failovers = new FailoverService({
          store,
          // Viewers see the new weights as soon as the routing takes them, not at the next refresh.
          onTrafficChanged: ctx =>
            statuses.invalidate(ctx.provider, ctx.service),
          auditor,
          logger,
          committer: new WeightsCommitter({
            authorOf: catalogAuthors({ catalog, auth }),
          }),
          verifyTimeoutMs: config.getOptionalNumber(
            'multicloud.failover.verifyTimeoutSeconds',
          )
            ? config.getNumber('multicloud.failover.verifyTimeoutSeconds') *
              1000
            : undefined,
        });
        // A failover's service found again through the catalog, to take an attempt over.
        const locate = async (entityRef: string) => {
          const entity = await catalog.getEntityByRef(entityRef, {
            credentials: await auth.getOwnServiceCredentials(),
          });
          if (!entity) return null;
          const service = locateService(entity);
          const provider = providers.get(service.provider);
          return provider
            ? {
                provider,
                service,
                serviceName: entity.metadata.name,
                gitops: gitOpsTargetOf(publishers, entity),
              }
            : null;
        };
        // Failovers the last stop interrupted: those whose change the routing had accepted
        // resume waiting for it, once the plugin runs.
        lifecycle.addStartupHook(async () => {
          const { resumed, cut } = await failovers.recoverUnfinished(locate);
          if (resumed)
            logger.info(`resumed ${resumed} interrupted failover(s)`);
          if (cut)
            logger.warn(`${cut} failover(s) were cut short by the last stop`);
        });
        // And those of a backend that stops while this one runs (a replica that died, a node
        // lost): taken over once its heartbeat is stale, so its lock never blocks the service's
        // next failover until some backend restarts. Local scope: the takeover is a conditional
        // update, so replicas sweeping at once take each attempt over once.
        await scheduler.scheduleTask({
          id: FAILOVER_SWEEP_TASK,
          scope: 'local',
          frequency: { seconds: 15 },
          timeout: { minutes: 1 },
          initialDelay: { seconds: 15 },
          fn: async () => {
            const { resumed, cut, locksFreed } = await failovers.sweep(locate);
            if (resumed)
              logger.info(
                `took over ${resumed} failover(s) another backend stopped following`,
              );
            if (cut)
              logger.warn(
                `${cut} failover(s) were cut short: the backend running them stopped`,
              );
            if (locksFreed)
              logger.warn(
                `freed ${locksFreed} failover lock(s) no running failover held`,
              );
          },
        });
        lifecycle.addShutdownHook(() => failovers.drain());

        // As often as the most frequent provider asks (the sandbox: every second); each run
        // reads only the statuses whose provider's period has passed.
        const tickSeconds = Math.min(
          refreshSeconds,
          ...[...providers.values()].map(p => (p.refreshMs ?? Infinity) / 1000),
        );
        // Local scope: every backend instance keeps the statuses its own viewers watch.
        await scheduler.scheduleTask({
          id: STATUS_REFRESH_TASK,
          scope: 'local',
          frequency: { milliseconds: tickSeconds * 1000 },
          timeout: { seconds: Math.max(30, 3 * refreshSeconds) },
          fn: async () => {
            await statuses.refresh();
          },
        });

        registerStatusAction({
          actionsRegistry,
          catalog,
          permissions,
          providers,
          statuses,
        });

        httpRouter.use(
          await createRouter({
            logger,
            httpAuth,
            permissions,
            catalog,
            cache,
            statuses,
            auditor,
            providers,
            failovers,
            publishers,
          }),
        );
        httpRouter.addAuthPolicy({ path: '/health', allow: 'unauthenticated' });
      },
    });
  },
});
