import { expect, test, type Locator } from '@playwright/test';
import {
  expectNoSidewaysScroll,
  ORDERS,
  screenshot,
  signIn,
  tokenOf,
} from './portal';

/**
 * Words a box breaks inside (`user:default/olivia` over three lines): for each word of its
 * text, the lines its letters land on.
 */
async function brokenWords(box: Locator): Promise<string[]> {
  return box.evaluate(root => {
    const broken: string[] = [];
    const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const text = node.textContent ?? '';
      for (const match of text.matchAll(/\S+/g)) {
        const range = document.createRange();
        range.setStart(node, match.index!);
        range.setEnd(node, match.index! + match[0].length);
        const tops = new Set(
          [...range.getClientRects()]
            .filter(r => r.width > 0)
            .map(r => Math.round(r.top)),
        );
        if (tops.size > 1) broken.push(match[0]);
      }
    }
    return broken;
  });
}

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
