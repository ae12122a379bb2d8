import { expect, test } from '@playwright/test';
import {
  brokenWords,
  expectNoSidewaysScroll,
  ORDERS,
  screenshot,
  signIn,
  tokenOf,
  zoneAtTenInTheMorning,
} from './portal';

// The history's times at their widest ("12/13/2026, 10:11:24 AM" wraps only between words).
test.use({ timezoneId: zoneAtTenInTheMorning(), locale: 'en-US' });

const REASON =
  'Azure takes all traffic while the AWS side is patched during the maintenance window';

test('at 800 px the failover history neither scrolls sideways nor breaks words', async ({
  page,
}) => {
  await signIn(page, 'olivia');
  const token = await tokenOf(page);
  // Two failovers in the history, with a reason long enough to need wrapping.
  for (const target of ['azure', 'split']) {
    await expect(async () => {
      const response = await page.request.post(
        `/api/multicloud/services/component/default/orders/failover`,
        {
          headers: { authorization: `Bearer ${token}` },
          data: { target, reason: REASON },
        },
      );
      // 409 while the previous one runs or its wait period lasts: try again.
      expect(response.status()).toBe(202);
    }).toPass({ timeout: 60_000 });
  }

  await page.setViewportSize({ width: 800, height: 1000 });
  await page.goto(`${ORDERS}/multicloud`);
  const history = page.getByTestId('failover-history');
  await expect(history.getByText(REASON).first()).toBeVisible();
  await expectNoSidewaysScroll(page);
  await expectNoSidewaysScroll(history);
  expect(await brokenWords(history.locator('tbody'))).toEqual([]);
  await history.scrollIntoViewIfNeeded();
  await screenshot(page, 'history-800px');
});

test("at 1,400 px the catalog's actions column is whole", async ({ page }) => {
  await signIn(page, 'olivia');
  await page.goto('/catalog');
  const table = page.locator('table').filter({ hasText: 'orders' }).first();
  await expect(table).toBeVisible();
  await expectNoSidewaysScroll(page);
  const actions = page.getByRole('columnheader', { name: 'Actions' });
  await expect(actions).toBeVisible();
  const edge = await page.evaluate(() => document.documentElement.clientWidth);
  const box = await actions.boundingBox();
  expect(box!.x + box!.width).toBeLessThanOrEqual(edge);
  // The table's own box does not hide a part of it either, and no name breaks inside.
  await expectNoSidewaysScroll(table.locator('xpath=..'));
  expect(await brokenWords(table.locator('tbody'))).toEqual([]);
});
