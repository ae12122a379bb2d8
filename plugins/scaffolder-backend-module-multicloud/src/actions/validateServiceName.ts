import { createTemplateAction } from '@backstage/plugin-scaffolder-node';

const DNS_LABEL = /^[a-z]([a-z0-9-]{0,30}[a-z0-9])?$/;

/**
 * `multicloud:config:validate`: refuses a service name that cannot be used as a DNS label and a
 * resource name on both clouds (lower case, starts with a letter, at most 32 characters).
 */
export function createValidateServiceNameAction() {
  return createTemplateAction({
    id: 'multicloud:config:validate',
    description:
      'Checks that a service name is usable on both clouds: a DNS label of at most 32 characters',
    supportsDryRun: true,
    schema: {
      input: {
        name: z => z.string().describe('The service name'),
      },
    },
    async handler(ctx) {
      const { name } = ctx.input;
      if (!DNS_LABEL.test(name)) {
        throw new Error(
          `Service name "${name}" must start with a letter, use only lower-case letters, digits and dashes, and be at most 32 characters`,
        );
      }
      ctx.logger.info(`Service name ${name} is valid on AWS and Azure`);
    },
  });
}
