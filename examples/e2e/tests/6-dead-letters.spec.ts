import { expect, test } from '@playwright/test';
import { chaos, ORDERS, PORTS, signIn } from './portal';

test.afterAll(async () => {
  await chaos('azure', 'none');
});

test('a store outage on Azure strands nothing: the events wait in the queue, none is dead-lettered, and they arrive once it heals without a replay', async ({
  page,
}) => {
  // Before the Service Bus trigger was tuned, five quick retries dead-lettered these events and
  // they stayed missing on Azure until a person replayed them (issue #13).
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
  const azure = page.getByTestId('cloud-panel-azure');
  const depth = page.getByTestId('dlq-depth-azure');
  await expect(depth).toHaveText('0');
  // Longer than the old retries took to give up: the events are still waiting, not dead.
  await page.waitForTimeout(8_000);
  const missing = await fetch(`http://127.0.0.1:${PORTS.azure}/items/dlq-4`);
  expect(missing.status).toBeGreaterThanOrEqual(500);
  await expect(depth).toHaveText('0');
  // Nothing to replay, so the portal offers no replay.
  await expect(
    azure.getByRole('button', { name: 'Replay dead letters' }),
  ).toBeDisabled();

  await chaos('azure', 'none');
  // The queue delivers again on its own (the trigger waits up to 30 s between deliveries).
  await expect(async () => {
    for (let i = 0; i < 5; i++) {
      const response = await fetch(
        `http://127.0.0.1:${PORTS.azure}/items/dlq-${i}`,
      );
      expect(response.status).toBe(200);
    }
  }).toPass({ timeout: 90_000 });
  await expect(depth).toHaveText('0');
});
