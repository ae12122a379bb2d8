import { expect, test } from '@playwright/test';
import { chaos, ORDERS, screenshot, signIn } from './portal';

test('chaos switched on a cloud is marked on the charts, where it happened', async ({
  page,
}) => {
  await chaos('azure', 'bridge-cut');
  await chaos('azure', 'none');
  await signIn(page, 'olivia');
  const requests = page.getByTestId('chart-requests');
  // The backend keeps the series for 30 s: reload until the marks are in.
  await expect(async () => {
    await page.goto(`${ORDERS}/observability`);
    await expect(requests.getByText('chaos: Azure bridge-cut')).toBeVisible({
      timeout: 5_000,
    });
  }).toPass({ timeout: 60_000 });
  // A dashed red line on the time axis; switched on and off within a moment, they share one
  // mark and one label rather than two overlapping ones (shortened with an ellipsis when other
  // marks, such as an earlier spec's AWS outage, leave it little room).
  expect(
    await requests
      .locator('.recharts-reference-line line[stroke="#d32f2f"]')
      .count(),
  ).toBeGreaterThanOrEqual(1);
  await expect(
    requests
      .getByText(/chaos: Azure bridge-cut · chaos: Azure back to/)
      .first(),
  ).toBeVisible();
  await screenshot(page, 'charts-chaos');
});
