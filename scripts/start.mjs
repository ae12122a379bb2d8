// `npm start`: the portal and the local sandbox on loopback, with no cloud account. Builds the
// portal's frontend when its sources changed, starts the sandbox (both clouds, the router, the
// control API) and the Backstage backend that serves the portal, and prints where to go.
// Ctrl-C stops everything.
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { buildAppIfStale, portalProcesses } from './lib/portal.mjs';
import { runTogether } from './lib/processes.mjs';

const config = parse(readFileSync('app-config.yaml', 'utf8'));
const ports = config.multicloud.sandbox.ports;
const portal = config.app.baseUrl;

buildAppIfStale();
await runTogether(
  portalProcesses({
    backendUrl: config.backend.baseUrl,
    controlUrl: `http://127.0.0.1:${ports.control}`,
  }),
  {
    onReady: () =>
      console.log(`
  Portal:                       ${portal}
    sign in as Olivia (owner of the orders service) or Nico (not an owner), then open
    ${portal}/catalog/default/component/orders/multicloud
  Sandbox router (global DNS):  http://127.0.0.1:${ports.router}/svc/orders/items
  Sandbox control API:          http://127.0.0.1:${ports.control}/api/services
  Press Ctrl-C to stop everything.
`),
  },
);
