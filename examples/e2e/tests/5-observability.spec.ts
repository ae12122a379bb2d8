import { expect, test } from '@playwright/test';
import {
  expectNoSidewaysScroll,
  ORDERS,
  screenshot,
  signIn,
  writeThroughRouter,
} from './portal';

test('the observability tab draws charts for both clouds and follows the range picker', async ({
  page,
}) => {
  await writeThroughRouter(20, 'charts');
  await signIn(page, 'olivia');
  await page.goto(`${ORDERS}/observability`);
  const requests = page.getByTestId('chart-requests');
  await expect(requests.locator('.recharts-line')).toHaveCount(2);
  await expect(requests.locator('.recharts-legend-wrapper')).toContainText(
    'AWS',
  );
  await expect(requests.locator('.recharts-legend-wrapper')).toContainText(
    'Azure',
  );
  for (const id of ['latency', 'error-rate', 'replication-lag', 'queue-depth'])
    await expect(
      page.getByTestId(`chart-${id}`).locator('.recharts-line'),
    ).not.toHaveCount(0);
  // The lines have points, not just axes.
  const path = await requests
    .locator('.recharts-line path')
    .first()
    .getAttribute('d');
  expect(path?.length ?? 0).toBeGreaterThan(10);
  // Rates per second; the error rate is a share, drawn in % on an axis from 0 to 100 % whatever
  // its values.
  await expect(requests.locator('figcaption')).toHaveText(
    'Requests (per second)',
  );
  // The value axis's ticks are the ones anchored at their end (left of the plot).
  await expect(
    page
      .getByTestId('chart-error-rate')
      .locator('.recharts-cartesian-axis-tick-value[text-anchor="end"]'),
  ).toHaveText(['0%', '25%', '50%', '75%', '100%']);
  await expectNoSidewaysScroll(page);
  await screenshot(page, 'charts');

  const sixHours = page.waitForRequest(r =>
    r.url().includes('/metrics?range=6h'),
  );
  await page.getByRole('button', { name: '6h' }).click();
  await sixHours;
  await expect(page.getByRole('button', { name: '6h' })).toHaveAttribute(
    'aria-pressed',
    'true',
  );
  // The range is in the URL: a reload or a shared link shows the same range.
  await expect(page).toHaveURL(/[?&]range=6h/);
  await expect(page.getByRole('button', { name: '1h' })).toHaveAttribute(
    'aria-pressed',
    'false',
  );
  await expect(requests.locator('.recharts-line')).toHaveCount(2);
});
