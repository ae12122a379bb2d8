// The adoption check's browser step: Debian's chromium (driven by Playwright) signs in to the new
// app as its guest and opens the annotated entity; the multi-cloud card must show both clouds
// with the figures the backend read from the sandbox. Usage: node adopt-browser.mjs BASE_URL
import { chromium } from '@playwright/test';

const base = process.argv[2];
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: ['--no-sandbox'],
});
try {
  const page = await browser.newPage();
  page.setDefaultTimeout(60_000);
  await page.goto(`${base}/`);
  // A new app's sign-in page: the guest provider's card (app-config auth.providers.guest).
  await page.getByRole('button', { name: 'Enter' }).click();
  await page
    .getByRole('button', { name: 'Enter' })
    .waitFor({ state: 'detached' });
  await page.goto(`${base}/catalog/default/component/orders`);
  const card = page.getByTestId('multicloud-card');
  await card.getByRole('table', { name: 'clouds' }).waitFor();
  const text = await card.innerText();
  for (const expected of ['Multi-cloud', 'Service orders', 'AWS', 'Azure']) {
    if (!text.includes(expected)) {
      throw new Error(`the card does not show "${expected}":\n${text}`);
    }
  }
  if ((text.match(/Healthy/g) ?? []).length !== 2) {
    throw new Error(`the card does not show both clouds healthy:\n${text}`);
  }
  // The entity page's tabs (links in the header of Backstage 1.55's new entity page).
  for (const [tab, path] of [
    ['Multi-cloud', 'multicloud'],
    ['Observability', 'observability'],
  ]) {
    const href = await page
      .getByRole('link', { name: tab, exact: true })
      .getAttribute('href');
    if (!href?.endsWith(`/orders/${path}`))
      throw new Error(`no ${tab} tab (${href})`);
  }
  console.error(
    'browser: the card of orders shows both clouds healthy; the two tabs are there',
  );
} finally {
  await browser.close();
}
