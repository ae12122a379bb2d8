import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import { createValidateServiceNameAction } from './validateServiceName';

describe('multicloud:config:validate', () => {
  const action = createValidateServiceNameAction();

  it('accepts a DNS-safe name', async () => {
    await expect(
      action.handler(
        createMockActionContext({ input: { name: 'orders-api' } }),
      ),
    ).resolves.toBeUndefined();
  });

  it.each(['Orders', '1orders', 'orders_api', 'orders-', 'a'.repeat(33)])(
    'refuses %s with a reason',
    async name => {
      await expect(
        action.handler(createMockActionContext({ input: { name } })),
      ).rejects.toThrow(/must start with a letter/);
    },
  );
});
