import { expect, test } from '@playwright/test';
import { chaos, ORDERS, PORTS, signIn } from './portal';

test.afterAll(async () => {
  await chaos('azure', 'none');
});

test('dead-lettered events are visible and replaying them empties the dead-letter queue', async ({
  page,
}) => {
  // Azure's store fails: events relayed from AWS are retried and then dead-lettered.
  await chaos('azure', 'store-failure');
  for (let i = 0; i < 5; i++) {
    const response = await fetch(
      `http://127.0.0.1:${PORTS.aws}/items/dlq-${i}`,
      {
        method: 'PUT',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ i }),
      },
    );
    expect(response.status).toBe(200);
  }

  await signIn(page, 'olivia');
  await page.goto(`${ORDERS}/multicloud`);
  const depth = page.getByTestId('dlq-depth-azure');
  await expect(async () => {
    expect(Number(await depth.textContent())).toBeGreaterThanOrEqual(5);
  }).toPass({ timeout: 60_000 });

  await chaos('azure', 'none');
  const azure = page.getByTestId('cloud-panel-azure');
  await azure.getByRole('button', { name: 'Replay dead letters' }).click();
  // The panel says how many events go back before it sends them.
  await azure.getByRole('button', { name: /^Replay \d+$/ }).click();
  await expect(azure.getByText(/Replayed \d+ events?; 0 remain/)).toBeVisible();
  await expect(depth).toHaveText('0');

  // The replayed events were applied: Azure has the items now.
  await expect(async () => {
    const response = await fetch(`http://127.0.0.1:${PORTS.azure}/items/dlq-4`);
    expect(response.status).toBe(200);
  }).toPass({ timeout: 20_000 });
});
