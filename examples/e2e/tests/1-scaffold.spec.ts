import { expect, test } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { expectNoSidewaysScroll, screenshot, signIn } from './portal';

const gitDir = resolve(__dirname, '../.portal-data/git');

test('a developer scaffolds a new active-active service from the template', async ({
  page,
}) => {
  await signIn(page, 'olivia');
  await page.goto('/create');
  const card = page
    .locator('article, [class*="MuiCard-root"]')
    .filter({ hasText: 'Active-active service on AWS and Azure' })
    .first();
  await card.getByRole('button', { name: 'Choose' }).click();

  await page.getByRole('textbox', { name: 'Name' }).fill('payments');
  // The owner is Olivia's team already (her only group).
  await expect(page.getByRole('textbox', { name: 'Owner' })).toHaveValue(
    /team-orders/,
  );
  await page.getByRole('button', { name: 'Next' }).click();
  await expect(page.getByLabel('Global routing')).toBeVisible();
  await page.getByRole('button', { name: 'Next' }).click();
  await expect(page.getByLabel('Publish to')).toBeVisible();
  await page.getByRole('button', { name: 'Review' }).click();
  await page.getByRole('button', { name: 'Create' }).click();

  // The task page shows each step as it runs, then the links to the results.
  await expect(page.getByText('Deploy to the sandbox')).toBeVisible();
  await expect(
    page.getByRole('link', { name: 'Open in the catalog' }),
  ).toBeVisible({
    timeout: 90_000,
  });
  await expectNoSidewaysScroll(page);
  // The steps and the links make the picture; the log names folders of this machine.
  await page.getByRole('button', { name: 'Hide logs' }).click();
  await expect(page.getByRole('button', { name: 'Show logs' })).toBeVisible();
  await screenshot(page, 'scaffolder');

  // The repository link opens in the browser: the backend shows the repository's files and history.
  const repoLink = page.getByRole('link', { name: 'Repository' });
  expect(await repoLink.getAttribute('href')).toMatch(
    /^http:\/\/.*\/api\/scaffolder\/multicloud\/repos\/payments$/,
  );
  const repoPage = await page.context().newPage();
  await repoPage.goto((await repoLink.getAttribute('href'))!);
  await expect(
    repoPage.getByRole('link', { name: 'catalog-info.yaml' }),
  ).toBeVisible();
  await expect(repoPage.getByRole('table', { name: 'History' })).toContainText(
    'Initial commit from the multi-cloud template',
  );
  await repoPage.close();

  // The repository landed in the local bare git repository with the service's files.
  expect(existsSync(join(gitDir, 'payments.git'))).toBe(true);
  const clone = join(mkdtempSync(join(tmpdir(), 'payments-')), 'repo');
  execFileSync('git', [
    'clone',
    '--quiet',
    join(gitDir, 'payments.git'),
    clone,
  ]);
  for (const file of [
    'catalog-info.yaml',
    'openapi.yaml',
    'src/aws.ts',
    'src/azure.ts',
    'src/contract.test.ts',
    'infra/aws/main.tf',
    'infra/azure/main.tf',
    'infra/global/weights.auto.tfvars.json',
    '.github/workflows/deploy.yml',
    'docs/runbook.md',
    'mkdocs.yml',
  ])
    expect({ file, exists: existsSync(join(clone, file)) }).toEqual({
      file,
      exists: true,
    });
  expect(readFileSync(join(clone, 'catalog-info.yaml'), 'utf8')).toContain(
    'multicloud.io/service-id: payments',
  );

  // The entity is in the catalog, and its multi-cloud tab shows both clouds.
  await page.getByRole('link', { name: 'Open in the catalog' }).click();
  await expect(page).toHaveURL(/\/catalog\/default\/component\/payments/);
  // The catalog processes a new location in the background: reload until the entity is there.
  await expect(async () => {
    await page.reload();
    await expect(page.getByRole('tab', { name: 'Multi-cloud' })).toBeVisible({
      timeout: 5_000,
    });
  }).toPass({ timeout: 90_000 });
  await page.getByRole('tab', { name: 'Multi-cloud' }).click();
  await expect(
    page.getByTestId('cloud-panel-aws').getByText('Healthy', { exact: true }),
  ).toBeVisible();
  await expect(
    page.getByTestId('cloud-panel-azure').getByText('Healthy', { exact: true }),
  ).toBeVisible();
  // The regions its annotations name, not the sandbox's "local".
  await expect(page.getByTestId('cloud-panel-aws')).toContainText(
    'Region eu-west-1',
  );
  await expect(page.getByTestId('cloud-panel-azure')).toContainText(
    'Region westeurope',
  );
  await expect(page.getByTestId('weights-bar')).toContainText(
    'AWS 50% · Azure 50%',
  );
});
