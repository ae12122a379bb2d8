import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import { ServiceNameChecker } from '../names/ServiceNameChecker';
import { createValidateServiceNameAction } from './validateServiceName';

describe('multicloud:config:validate', () => {
  const action = createValidateServiceNameAction({
    checker: new ServiceNameChecker([
      {
        label: 'the catalog',
        usedBy: async name =>
          name === 'orders'
            ? 'The catalog already has component:default/orders.'
            : null,
      },
    ]),
  });

  it('accepts a new DNS-safe name', async () => {
    await expect(
      action.handler(createMockActionContext({ input: { name: 'payments' } })),
    ).resolves.toBeUndefined();
  });

  it('refuses a name that is taken, so a task started through the API creates nothing', async () => {
    await expect(
      action.handler(createMockActionContext({ input: { name: 'orders' } })),
    ).rejects.toThrow(
      'The name "orders" cannot be used. The catalog already has component:default/orders. Choose another name.',
    );
  });

  it.each([
    ['Orders', 'Use lower-case letters only'],
    ['1orders', 'Start with a letter'],
    ['orders_api', 'not "_"'],
    ['orders-', 'End with a letter or a digit'],
    ['a'.repeat(33), 'Use 2 to 32 characters'],
  ])('refuses %s saying in words why', async (name, why) => {
    await expect(
      action.handler(createMockActionContext({ input: { name } })),
    ).rejects.toThrow(why);
  });
});
