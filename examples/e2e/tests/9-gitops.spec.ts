import { expect, test } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { screenshot, signIn } from './portal';

// The service 1-scaffold.spec.ts scaffolded and published to the portal's local git server.
const gitDir = resolve(__dirname, '../.portal-data/git');
const repo = join(gitDir, 'payments.git');
const PAYMENTS = '/catalog/default/component/payments/multicloud';
const git = (...args: string[]) =>
  execFileSync('git', [`--git-dir=${repo}`, ...args], {
    encoding: 'utf8',
  }).trim();

test('a failover commits its weights to the service repository, and the history links the commit', async ({
  page,
}) => {
  expect(
    existsSync(repo),
    'the service 1-scaffold.spec.ts publishes (the suite runs in order)',
  ).toBe(true);
  const before = git('rev-parse', 'main');
  await signIn(page, 'olivia');
  await page.goto(PAYMENTS);
  await expect(
    page.getByTestId('cloud-panel-aws').getByText('Healthy', { exact: true }),
  ).toBeVisible({ timeout: 30_000 });

  await page.getByRole('button', { name: 'Fail over to AWS' }).click();
  const dialog = page.getByRole('dialog');
  await expect(
    dialog.getByText(/The new weights will be committed to payments\.git/),
  ).toBeVisible();
  await dialog.getByLabel('Reason').fill('Azure maintenance (e2e GitOps)');
  await dialog.getByLabel('Type payments to confirm').fill('payments');
  await dialog.getByRole('button', { name: 'Execute failover' }).click();
  await expect(dialog.getByText('Succeeded')).toBeVisible({ timeout: 30_000 });
  await expect(dialog.getByText(/Commit weights: done/)).toBeVisible();
  await expect(
    dialog.getByRole('link', { name: /^commit [0-9a-f]{7}/ }),
  ).toBeVisible();
  await dialog.getByRole('button', { name: 'Close' }).click();

  // The service repository's log has the commit, by the person, with the new weights.
  const head = git('rev-parse', 'main');
  expect(head).not.toBe(before);
  expect(git('log', '-1', '--format=%an|%s', 'main')).toBe(
    'Olivia Owner|Traffic of payments: AWS 100% / Azure 0%',
  );
  expect(
    JSON.parse(git('show', 'main:infra/global/weights.auto.tfvars.json')),
  ).toEqual({ weights: { aws: 100, azure: 0 } });

  // The history row links to that commit, which opens in the browser.
  const row = page.getByRole('row', {
    name: /Azure maintenance \(e2e GitOps\)/,
  });
  const link = row.getByRole('link', {
    name: new RegExp(`^commit ${head.slice(0, 7)}`),
  });
  await expect(link).toBeVisible();
  const href = await link.getAttribute('href');
  expect(href).toMatch(
    new RegExp(`/api/scaffolder/multicloud/repos/payments/commits/${head}$`),
  );
  // The scaffolder module's page of the commit: who, the message and the diff.
  const commitPage = await page.context().newPage();
  const shown = await commitPage.goto(href!);
  expect(shown?.status()).toBe(200);
  await expect(
    commitPage.getByRole('heading', { name: `Commit ${head}` }),
  ).toBeVisible();
  await expect(commitPage.getByLabel('Commit')).toContainText('Olivia Owner');
  await expect(commitPage.getByLabel('Message')).toContainText(
    'Traffic of payments: AWS 100% / Azure 0%',
  );
  await expect(commitPage.getByLabel('Diff')).toContainText('+    "aws": 100,');
  await commitPage.close();
  await expect(row).toContainText('Olivia Owner');
  await expect(row).not.toContainText('user:default/olivia');

  // The row opens to the attempt's steps.
  await row.getByRole('button', { name: /\d/ }).first().click();
  const attempt = page.getByRole('dialog');
  await expect(
    attempt.getByText(
      /Commit weights: done \(commit [0-9a-f]{7} in payments\.git\)/,
    ),
  ).toBeVisible();
  await expect(attempt.getByText(/^By Olivia Owner/)).toBeVisible();
  await screenshot(attempt, 'failover-attempt');
  await attempt.getByRole('button', { name: 'Close' }).click();
});
