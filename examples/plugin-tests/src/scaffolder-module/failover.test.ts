import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
// The action is tested against the real backend plugin, the path a template takes.
// eslint-disable-next-line @backstage/no-mixed-plugin-imports
import multicloudPlugin from '@multicloud/backstage-plugin-multicloud-backend';
import type { RunningSandbox } from '@multicloud/sandbox';
import { createFailoverAction } from '@multicloud/backstage-plugin-scaffolder-backend-module-multicloud/src/actions/failover';
import { createSandboxDeployAction } from '@multicloud/backstage-plugin-scaffolder-backend-module-multicloud/src/actions/sandboxDeploy';
import { startTestSandbox, stopTestSandbox } from '../testSandbox';

const orders = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: {
    name: 'orders',
    namespace: 'default',
    annotations: {
      'multicloud.io/service-id': 'orders',
      'multicloud.io/provider': 'sandbox',
    },
  },
  spec: { type: 'service', owner: 'team-orders', lifecycle: 'production' },
};

// The action against the real backend plugin and the real sandbox: the same path a template takes.
describe('multicloud:failover', () => {
  let sandbox: RunningSandbox;
  let action: ReturnType<typeof createFailoverAction>;
  const weights = () =>
    fetch(`${sandbox.controlUrl}/api/services/orders/weights`).then(r =>
      r.json(),
    );

  beforeAll(async () => {
    sandbox = await startTestSandbox('failover-action');
    const backend = await startTestBackend({
      features: [
        multicloudPlugin,
        catalogServiceMock.factory({ entities: [orders] }),
        mockServices.rootConfig.factory({
          data: { multicloud: { sandbox: { baseUrl: sandbox.controlUrl } } },
        }),
      ],
    });
    const base = `http://localhost:${backend.server.port()}/api`;
    action = createFailoverAction({
      auth: mockServices.auth(),
      discovery: {
        getBaseUrl: async id => `${base}/${id}`,
        getExternalBaseUrl: async id => `${base}/${id}`,
      },
      pollIntervalMs: 50,
    });
  }, 60_000);

  afterAll(async () => {
    await stopTestSandbox(sandbox);
  });

  it('prints the plan and changes nothing in a dry run', async () => {
    const ctx = {
      ...createMockActionContext({
        input: {
          entityRef: 'component:default/orders',
          target: 'azure',
          reason: 'rehearsal',
        },
      }),
      isDryRun: true,
    };
    await action.handler(ctx as never);
    expect(ctx.output).toHaveBeenCalledWith('outcome', 'dry-run');
    expect(ctx.output).toHaveBeenCalledWith(
      'gitopsPath',
      'infra/global/weights.auto.tfvars.json',
    );
    expect(await weights()).toEqual({ aws: 50, azure: 50 });
  });

  it('fails over, follows the protocol to the end, and restores the split', async () => {
    const ctx = createMockActionContext({
      input: {
        entityRef: 'component:default/orders',
        target: 'azure',
        reason: 'AWS degraded',
      },
    });
    await action.handler(ctx as never);
    expect(ctx.output).toHaveBeenCalledWith('outcome', 'succeeded');
    expect(ctx.output).toHaveBeenCalledWith('weights', { aws: 0, azure: 100 });
    expect(await weights()).toEqual({ aws: 0, azure: 100 });

    const back = createMockActionContext({
      input: {
        entityRef: 'component:default/orders',
        target: 'split',
        reason: 'AWS is back',
      },
    });
    await action.handler(back as never);
    expect(await weights()).toEqual({ aws: 50, azure: 50 });
  });

  it("stops with the safety rules' reason and changes nothing", async () => {
    const ctx = createMockActionContext({
      input: {
        entityRef: 'component:default/orders',
        target: 'split',
        weights: { aws: 0, azure: 0 },
        reason: 'drain everything',
        force: true,
      },
    });
    await expect(action.handler(ctx as never)).rejects.toThrow(
      /drain every cloud/,
    );
    expect(await weights()).toEqual({ aws: 50, azure: 50 });
  });
});

describe('multicloud:sandbox:deploy', () => {
  let sandbox: RunningSandbox;
  beforeAll(async () => {
    sandbox = await startTestSandbox('sandbox-deploy');
  }, 60_000);
  afterAll(async () => {
    await stopTestSandbox(sandbox);
  });

  it('hosts a new service on both clouds of the sandbox', async () => {
    const action = createSandboxDeployAction({
      sandboxBaseUrl: sandbox.controlUrl,
    });
    const ctx = createMockActionContext({ input: { serviceId: 'payments' } });
    await action.handler(ctx as never);
    const status = await fetch(
      `${sandbox.controlUrl}/api/services/payments/status`,
    ).then(r => r.json());
    expect(Object.keys(status.regions).sort()).toEqual(['aws', 'azure']);
    expect(ctx.output).toHaveBeenCalledWith(
      'routerUrl',
      expect.stringContaining('/svc/payments'),
    );
  });

  it('refuses a bad service id with the sandbox’s reason', async () => {
    const action = createSandboxDeployAction({
      sandboxBaseUrl: sandbox.controlUrl,
    });
    await expect(
      action.handler(
        createMockActionContext({ input: { serviceId: 'Bad_Id' } }) as never,
      ),
    ).rejects.toThrow(/answered 400: a service id is/);
  });
});
