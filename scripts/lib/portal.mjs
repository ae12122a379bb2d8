// The portal's processes, shared by `npm start` and the browser tests: the sandbox, and the
// example backend serving the example app (built first when its sources changed).
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

const APP_SOURCES = [
  'examples/app/src',
  'examples/app/public',
  'plugins/multicloud/src',
  'plugins/multicloud-common/src',
];

function newestMtime(path) {
  if (!existsSync(path)) return 0;
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return readdirSync(path).reduce(
    (newest, entry) => Math.max(newest, newestMtime(join(path, entry))),
    stat.mtimeMs,
  );
}

/** Builds the example app unless its build is newer than every source it is made of. */
export function buildAppIfStale(log = console.log) {
  const built = newestMtime('examples/app/dist/index.html');
  const sources = Math.max(...APP_SOURCES.map(newestMtime));
  if (built > sources) return;
  log(
    'building the portal frontend (examples/app); takes about half a minute…',
  );
  const started = Date.now();
  const result = spawnSync(
    'yarn',
    ['workspace', '@multicloud/example-app', 'build'],
    { stdio: ['ignore', 'ignore', 'inherit'] },
  );
  if (result.status !== 0)
    throw new Error('the portal frontend did not build; see the errors above');
  log(
    `portal frontend built in ${Math.round((Date.now() - started) / 1000)} s`,
  );
}

/**
 * The process specs for runTogether. `env` carries APP_CONFIG_* overrides (ports, data folders),
 * which both the sandbox and the backend read.
 */
export function portalProcesses({ backendUrl, controlUrl, env = {} }) {
  return [
    {
      name: 'sandbox',
      command: 'tsx',
      args: ['packages/sandbox/src/cli.ts'],
      env,
      readyUrl: `${controlUrl}/api/services`,
    },
    {
      name: 'portal',
      command: 'yarn',
      args: ['workspace', '@multicloud/example-backend', 'start'],
      env,
      readyUrl: `${backendUrl}/.backstage/health/v1/readiness`,
    },
  ];
}
