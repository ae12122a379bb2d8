import { expect, test } from '@playwright/test';
import { CONTROL, ORDERS, screenshot, signIn } from './portal';

test('a poison event on Azure waits for a person with its reason, counted on the Multi-cloud tab', async ({
  page,
}) => {
  // Service Bus's deliveries, then the redriver's next run (every minute in the sandbox).
  test.setTimeout(240_000);
  const injected = await fetch(`${CONTROL}/regions/azure/poison`, {
    method: 'POST',
  });
  expect(injected.status).toBe(202);
  const { key } = await injected.json();

  await signIn(page, 'olivia');
  await page.goto(`${ORDERS}/multicloud`);
  const azure = page.getByTestId('cloud-panel-azure');
  await expect(page.getByTestId('redriver-azure')).toHaveText(
    /^dead letters: 1 awaiting a person, \d+ re-driven \(last hour\)$/,
    { timeout: 150_000 },
  );
  await expect(page.getByTestId('dlq-depth-azure')).toHaveText('1');
  await expect(page.getByTestId('anti-entropy-azure')).toBeVisible();

  // The replay preview lists it with the reason the apply refused it for.
  await azure.getByRole('button', { name: 'Replay dead letters' }).click();
  const letters = azure.getByRole('list', { name: 'Dead letters of Azure' });
  await expect(letters.getByRole('listitem')).toHaveText([
    new RegExp(
      `^${key}: remote version \\S+ was \\d+ ms ahead of the time the queue took it, more than the allowed clock drift of 500 ms plus \\d+ ms for its deliveries and the clocks$`,
    ),
  ]);
  await screenshot(azure, 'dead-letters');
  await azure.getByRole('button', { name: 'Cancel' }).click();
  await expect(letters).toHaveCount(0);
});
