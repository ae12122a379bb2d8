import { expect, test } from '@playwright/test';
import { ORDERS, screenshot, signIn, writeThroughRouter } from './portal';

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
  await expect(page.getByRole('button', { name: '1h' })).toHaveAttribute(
    'aria-pressed',
    'false',
  );
  await expect(requests.locator('.recharts-line')).toHaveCount(2);
});
