import { expect, test } from '@playwright/test';
import { ORDERS, sandboxStatus, signIn, tokenOf } from './portal';

test('a non-owner sees the failover buttons disabled with the reason, and the API refuses with 403', async ({
  page,
}) => {
  await signIn(page, 'nico');
  await page.goto(`${ORDERS}/multicloud`);
  await expect(
    page.getByText('You are not allowed to fail over this service'),
  ).toBeVisible();
  for (const name of ['Fail over to Azure', 'Fail over to AWS'])
    await expect(page.getByRole('button', { name })).toBeDisabled();
  // At 50/50 restoring the split would change nothing: it is not offered at all.
  await expect(page.getByRole('button', { name: 'Restore split' })).toHaveCount(
    0,
  );
  // Reading is allowed.
  await expect(
    page.getByTestId('cloud-panel-aws').getByText('Healthy', { exact: true }),
  ).toBeVisible();

  const before = (await sandboxStatus()).router.weights;
  const token = await tokenOf(page);
  const response = await page.request.post(
    '/api/multicloud/services/component/default/orders/failover',
    {
      headers: { authorization: `Bearer ${token}` },
      data: { target: 'azure', reason: 'not my service' },
    },
  );
  expect(response.status()).toBe(403);
  expect((await sandboxStatus()).router.weights).toEqual(before);
});
