import { expect, test } from '@playwright/test';
import {
  expectNoSidewaysScroll,
  ORDERS,
  screenshot,
  signIn,
  writeThroughRouter,
} from './portal';

test('the example service shows both clouds healthy, weights 50/50 and live replication lag', async ({
  page,
}) => {
  // Traffic, so that there is replication to measure.
  expect(new Set(await writeThroughRouter(20, 'status'))).toEqual(
    new Set([200]),
  );

  await signIn(page, 'olivia');
  await page.goto(ORDERS);
  const card = page.getByTestId('multicloud-card');
  await expect(page.getByText('Service orders')).toBeVisible();
  await expect(
    page.getByRole('link', { name: 'details and failover' }),
  ).toBeVisible();
  await expect(card).toContainText(/Azure.*Healthy/s);
  await expectNoSidewaysScroll(card);
  await screenshot(card, 'card');

  await page.getByRole('tab', { name: 'Multi-cloud' }).click();
  await expect(page).toHaveURL(/\/multicloud$/);
  const aws = page.getByTestId('cloud-panel-aws');
  const azure = page.getByTestId('cloud-panel-azure');
  await expect(aws.getByText('Healthy', { exact: true })).toBeVisible();
  await expect(azure.getByText('Healthy', { exact: true })).toBeVisible();
  await expect(page.getByTestId('weights-bar')).toContainText(
    'AWS 50% · Azure 50%',
  );
  // Live lag: a figure in ms for each direction, not the dash of "no data".
  for (const panel of [aws, azure])
    await expect(
      panel.locator('tr', { hasText: 'Replication lag in' }),
    ).toContainText(/\d+ ms/);
  await expectNoSidewaysScroll(page);
  await screenshot(page, 'tab');
});
