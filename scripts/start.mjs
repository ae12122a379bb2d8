// `npm start`: brings up, on loopback, the local sandbox (both clouds, the router, the control API),
// the multi-cloud backend plugin and the frontend plugin's development app, and prints where to go.
// The full portal (a Backstage app with catalog and scaffolder) replaces the last two when it lands.
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { runTogether } from './lib/processes.mjs';

const config = parse(readFileSync('app-config.yaml', 'utf8'));
const ports = config.multicloud.sandbox.ports;
const app = config.app.baseUrl;
const backend = config.backend.baseUrl;

await runTogether(
  [
    {
      name: 'sandbox',
      command: 'tsx',
      args: ['packages/sandbox/src/cli.ts'],
      readyUrl: `http://127.0.0.1:${ports.control}/api/services`,
    },
    {
      name: 'backend',
      command: 'yarn',
      args: [
        'workspace',
        '@multicloud/backstage-plugin-multicloud-backend',
        'start',
      ],
      readyUrl: `${backend}/api/multicloud/health`,
    },
    {
      name: 'app',
      command: 'yarn',
      args: ['workspace', '@multicloud/backstage-plugin-multicloud', 'start'],
      env: { BROWSER: 'none' },
      readyUrl: app,
    },
  ],
  {
    onReady: () =>
      console.log(`
  Portal (plugin development app): ${app}/multicloud
  Backend:                         ${backend}
  Sandbox router (global DNS):     http://127.0.0.1:${ports.router}
  Sandbox control API:             http://127.0.0.1:${ports.control}/api/services
  Press Ctrl-C to stop everything.
`),
  },
);
