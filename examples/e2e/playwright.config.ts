import { defineConfig } from '@playwright/test';
import { resolve } from 'node:path';
import { PORTS } from './tests/portal';

// Debian's chromium, never a browser Playwright downloads (PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1).
const chromium = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export default defineConfig({
  testDir: 'tests',
  // The flows share one sandbox and change its state (chaos, weights): one at a time, in order.
  workers: 1,
  fullyParallel: false,
  timeout: 120_000,
  expect: { timeout: 20_000 },
  reporter: [['list'], ['json', { outputFile: 'test-results/results.json' }]],
  use: {
    baseURL: `http://localhost:${PORTS.backend}`,
    viewport: { width: 1400, height: 1000 },
    launchOptions: { executablePath: chromium, args: ['--no-sandbox'] },
    screenshot: 'only-on-failure',
    trace: 'retain-on-failure',
  },
  webServer: {
    command: 'node scripts/e2e-portal.mjs',
    cwd: resolve(__dirname, '../..'),
    url: `http://localhost:${PORTS.backend}/.backstage/health/v1/readiness`,
    timeout: 300_000,
    reuseExistingServer: false,
    stdout: 'ignore',
    stderr: 'pipe',
    gracefulShutdown: { signal: 'SIGTERM', timeout: 10_000 },
  },
});
