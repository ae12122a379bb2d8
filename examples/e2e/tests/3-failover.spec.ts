import { expect, test } from '@playwright/test';
import {
  chaos,
  ORDERS,
  sandboxStatus,
  screenshot,
  signIn,
  writeThroughRouter,
} from './portal';

test.afterAll(async () => {
  await chaos('aws', 'none');
});

test('AWS goes down, the owner fails over to Azure, traffic keeps flowing, then the split is restored', async ({
  page,
}) => {
  await signIn(page, 'olivia');
  await page.goto(`${ORDERS}/multicloud`);
  const aws = page.getByTestId('cloud-panel-aws');
  await expect(aws.getByText('Healthy', { exact: true })).toBeVisible();

  await chaos('aws', 'down');
  const downAt = Date.now();
  await expect(aws.getByText('Unhealthy', { exact: true })).toBeVisible({
    timeout: 15_000,
  });
  test.info().annotations.push({
    type: 'detected',
    description: `AWS shown unhealthy after ${(
      (Date.now() - downAt) /
      1000
    ).toFixed(1)} s`,
  });

  await page.getByRole('button', { name: 'Fail over to Azure' }).click();
  const dialog = page.getByRole('dialog');
  await expect(
    dialog.getByText('Traffic after: AWS 0% · Azure 100%'),
  ).toBeVisible();
  await expect(dialog.getByText(/✓ pass: Azure is healthy/)).toBeVisible();
  await dialog.getByLabel('Reason').fill('AWS is down (e2e drill)');
  await dialog.getByLabel('Type orders to confirm').fill('orders');
  await screenshot(dialog, 'dialog');
  await dialog.getByRole('button', { name: 'Execute failover' }).click();
  await expect(dialog.getByText('Succeeded')).toBeVisible({ timeout: 30_000 });
  await expect(dialog.getByText(/Verify: done/)).toBeVisible();
  await expect(
    dialog.getByText(/infra\/global\/weights\.auto\.tfvars\.json/),
  ).toBeVisible();
  await dialog.getByRole('button', { name: 'Close' }).click();

  await expect(page.getByTestId('weights-bar')).toContainText(
    'AWS 0% · Azure 100%',
  );
  expect((await sandboxStatus()).router.weights).toEqual({
    aws: 0,
    azure: 100,
  });
  // With AWS down and all traffic on Azure, every request through the router succeeds.
  expect(new Set(await writeThroughRouter(30, 'during-failover'))).toEqual(
    new Set([200]),
  );
  await expect(
    page.getByRole('row', { name: /AWS is down \(e2e drill\)/ }),
  ).toContainText('succeeded');

  // AWS comes back; the owner restores the split.
  await chaos('aws', 'none');
  await expect(aws.getByText('Healthy', { exact: true })).toBeVisible({
    timeout: 20_000,
  });
  await page.getByRole('button', { name: 'Restore split' }).click();
  const restore = page.getByRole('dialog');
  await expect(
    restore.getByText('Traffic after: AWS 50% · Azure 50%'),
  ).toBeVisible();
  await restore.getByLabel('Reason').fill('AWS is back');
  await restore.getByLabel('Type orders to confirm').fill('orders');
  await restore.getByRole('button', { name: 'Execute failover' }).click();
  await expect(restore.getByText('Succeeded')).toBeVisible({ timeout: 30_000 });
  await restore.getByRole('button', { name: 'Close' }).click();
  await expect(page.getByTestId('weights-bar')).toContainText(
    'AWS 50% · Azure 50%',
  );
});
