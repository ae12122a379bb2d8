// The portal for the browser tests (examples/e2e): the sandbox and the portal on their own ports
// and in a fresh data folder, so the tests neither meet nor disturb a running `npm start`.
// Playwright starts this as its web server and stops it with SIGTERM.
import { mkdirSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { buildAppIfStale, portalProcesses } from './lib/portal.mjs';
import { runTogether } from './lib/processes.mjs';

export const E2E_PORTS = {
  backend: 17007,
  router: 17100,
  control: 17101,
  aws: 17110,
  azure: 17120,
};

// A fixed folder, emptied on each run, so the tests can look into the published git repos.
const data = resolve('examples/e2e/.portal-data');
rmSync(data, { recursive: true, force: true });
mkdirSync(data, { recursive: true });
const backendUrl = `http://localhost:${E2E_PORTS.backend}`;
const env = {
  SANDBOX_DATA_DIR: join(data, 'sandbox'),
  APP_CONFIG_app_baseUrl: backendUrl,
  APP_CONFIG_backend_baseUrl: backendUrl,
  APP_CONFIG_backend_listen_port: String(E2E_PORTS.backend),
  APP_CONFIG_backend_cors_origin: backendUrl,
  APP_CONFIG_backend_database_connection_directory: join(data, 'portal'),
  APP_CONFIG_multicloud_sandbox_baseUrl: `http://127.0.0.1:${E2E_PORTS.control}`,
  APP_CONFIG_multicloud_publishLocal_baseDir: join(data, 'git'),
  ...Object.fromEntries(
    ['router', 'control', 'aws', 'azure'].map(k => [
      `APP_CONFIG_multicloud_sandbox_ports_${k}`,
      String(E2E_PORTS[k]),
    ]),
  ),
};

buildAppIfStale();
await runTogether(
  portalProcesses({
    backendUrl,
    controlUrl: `http://127.0.0.1:${E2E_PORTS.control}`,
    env,
  }),
  {
    onReady: () =>
      console.log(`e2e portal ready at ${backendUrl} (data in ${data})`),
  },
);
