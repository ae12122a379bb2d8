import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import type { ServiceNameChecker } from '../names/ServiceNameChecker';

/**
 * `multicloud:config:validate`: refuses a service name that breaks the naming rules of both
 * clouds, or that the catalog, the sandbox or the local git server already uses. The template's
 * form asks the same question before its first page is left; this step guards tasks started
 * through the API.
 */
export function createValidateServiceNameAction(options: {
  checker: ServiceNameChecker;
}) {
  return createTemplateAction({
    id: 'multicloud:config:validate',
    description:
      'Checks that a new service name is usable on both clouds and not yet used in the catalog, the sandbox or the local git server',
    supportsDryRun: true,
    examples: [
      {
        description: 'Refuse a name that is taken before anything is created',
        example: `steps:
  - id: validate
    name: Check the name
    action: multicloud:config:validate
    input:
      name: \${{ parameters.name }}
`,
      },
    ],
    schema: {
      input: {
        name: z => z.string().describe('The new service name'),
      },
    },
    async handler(ctx) {
      const result = await options.checker.check(ctx.input.name);
      for (const place of result.unchecked)
        ctx.logger.warn(`Could not check ${place}`);
      if (!result.available)
        throw new Error(
          `The name "${ctx.input.name}" cannot be used. ${result.problems.join(
            ' ',
          )}`,
        );
      ctx.logger.info(
        `${ctx.input.name} is a valid name on AWS and Azure and is not used yet`,
      );
    },
  });
}
