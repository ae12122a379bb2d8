import { expect, test, type Page } from '@playwright/test';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { screenshot, signIn } from './portal';

const gitDir = resolve(__dirname, '../.portal-data/git');

async function openTemplate(page: Page) {
  await signIn(page, 'olivia');
  await page.goto('/create');
  await page
    .locator('article, [class*="MuiCard-root"]')
    .filter({ hasText: 'Active-active service on AWS and Azure' })
    .first()
    .getByRole('button', { name: 'Choose' })
    .click();
}

test('a name the catalog and the sandbox already use is refused at the first page, once, in words', async ({
  page,
}) => {
  await openTemplate(page);
  // The owner is the signed-in user's team before anybody touches it.
  await expect(page.getByRole('textbox', { name: 'Owner' })).toHaveValue(
    /team-orders/,
  );

  await page.getByRole('textbox', { name: 'Name' }).fill('orders');
  await page.getByRole('button', { name: 'Next' }).click();
  const refusal = page.getByText(
    /^The catalog already has .*component:default\/orders.* The sandbox already runs a service called orders\. Choose another name\.$/,
  );
  await expect(refusal).toHaveCount(1);
  await expect(refusal).toBeVisible();
  // Still on the first page: nothing was pushed, registered or deployed.
  await expect(page.getByLabel('Global routing')).toHaveCount(0);
  expect(existsSync(resolve(gitDir, 'orders.git'))).toBe(false);
  await screenshot(page, 'scaffolder-name-taken');

  // The naming rules in words, once, never the pattern behind them.
  await page.getByRole('textbox', { name: 'Name' }).fill('Orders_2');
  await page.getByRole('button', { name: 'Next' }).click();
  const rule = page.getByText(
    'Use 2 to 32 lower-case letters, digits and dashes, starting with a letter and ending with a letter or a digit.',
  );
  await expect(rule).toHaveCount(1);
  await expect(page.locator('body')).not.toContainText('must match pattern');
  await expect(page.locator('body')).not.toContainText('[a-z');

  // A free name goes on to the next page.
  await page.getByRole('textbox', { name: 'Name' }).fill('inventory');
  await page.getByRole('button', { name: 'Next' }).click();
  await expect(page.getByLabel('Global routing')).toBeVisible();
});
