import { createTemplateAction } from '@backstage/plugin-scaffolder-node';

/**
 * `multicloud:sandbox:deploy`: hosts a new service in the local sandbox (its tables, queues and
 * bridge on both clouds' emulators), what the deploy workflow does on real clouds. Calls the
 * sandbox's control API (`multicloud.sandbox.baseUrl`).
 */
export function createSandboxDeployAction(options: {
  sandboxBaseUrl?: string;
}) {
  return createTemplateAction({
    id: 'multicloud:sandbox:deploy',
    description:
      'Hosts the new service in the local sandbox, so it runs on both (emulated) clouds at once',
    supportsDryRun: true,
    examples: [
      {
        description: 'Run the new service in the sandbox',
        example: `steps:
  - id: deploy
    name: Deploy to the sandbox
    action: multicloud:sandbox:deploy
    input:
      serviceId: payments
`,
      },
    ],
    schema: {
      input: {
        serviceId: z => z.string().describe('The service id in the sandbox'),
      },
      output: {
        routerUrl: z => z.string().optional(),
      },
    },
    async handler(ctx) {
      const base = options.sandboxBaseUrl;
      if (!base)
        throw new Error(
          'multicloud.sandbox.baseUrl is not configured: this portal has no sandbox to deploy to',
        );
      const url = `${base}/api/services/${encodeURIComponent(
        ctx.input.serviceId,
      )}`;
      if (ctx.isDryRun) {
        ctx.logger.info(
          `Dry run: would host ${ctx.input.serviceId} in the sandbox (PUT ${url})`,
        );
        return;
      }
      ctx.logger.info(
        `Creating ${ctx.input.serviceId}'s tables, queues and bridge on both clouds…`,
      );
      const response = await fetch(url, { method: 'PUT' });
      const body = await response.json().catch(() => ({}));
      if (!response.ok)
        throw new Error(
          `the sandbox answered ${response.status}: ${
            body?.error?.message ?? 'no reason given'
          }`,
        );
      const status = await fetch(`${url}/status`).then(r => r.json());
      ctx.output('routerUrl', status?.router?.url);
      ctx.logger.info(
        `${ctx.input.serviceId} runs in the sandbox on AWS and Azure; traffic through ${status?.router?.url}`,
      );
    },
  });
}
