/**
 * `npm run sandbox`: the sandbox alone, on the ports in app-config.yaml (`multicloud.sandbox.ports`),
 * with its state under `.sandbox-data/` (or SANDBOX_DATA_DIR). Ctrl-C stops every part.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parse } from 'yaml';
import { resolveSandboxPorts } from './ports';
import { startSandbox } from './startSandbox';

// npm runs its scripts from the repository root, where app-config.yaml lives.
const root = process.cwd();

export function readSandboxConfig(
  appConfigPath = resolve(root, 'app-config.yaml'),
) {
  const config = parse(readFileSync(appConfigPath, 'utf8')) ?? {};
  const sandbox = config.multicloud?.sandbox ?? {};
  // Backstage's convention for overriding config from the environment, which the backend
  // honours too: APP_CONFIG_multicloud_sandbox_ports_router=17100 and so on.
  const fromEnv = Object.fromEntries(
    ['router', 'control', 'aws', 'azure']
      .map(key => [
        key,
        process.env[`APP_CONFIG_multicloud_sandbox_ports_${key}`],
      ])
      .filter(([, value]) => value !== undefined),
  );
  const maxServices = sandbox.maxServices;
  if (
    maxServices !== undefined &&
    !(Number.isInteger(maxServices) && maxServices >= 1)
  )
    throw new Error(
      `multicloud.sandbox.maxServices must be a whole number of at least 1, not ${JSON.stringify(
        maxServices,
      )}`,
    );
  return {
    ports: resolveSandboxPorts({ ...sandbox.ports, ...fromEnv }),
    services: sandbox.services as string[] | undefined,
    maxServices: maxServices as number | undefined,
  };
}

async function main() {
  const { ports, services, maxServices } = readSandboxConfig();
  const dataDir =
    process.env.SANDBOX_DATA_DIR ?? resolve(root, '.sandbox-data');
  const started = Date.now();
  const sandbox = await startSandbox({
    dataDir,
    ports,
    services,
    maxServices,
    log: line => console.log(`  ${line}`),
  });
  console.log(`
Sandbox ready in ${((Date.now() - started) / 1000).toFixed(
    1,
  )}s (state in ${dataDir})
  router (the global DNS):  ${
    sandbox.routerUrl
  }   e.g. curl -X PUT -H 'content-type: application/json' -d '{"total":1}' ${
    sandbox.routerUrl
  }/items/order-1
  control API:              ${sandbox.controlUrl}/api/services
Press Ctrl-C to stop.`);
  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    console.log('stopping the sandbox…');
    await sandbox.stop();
    process.exit(0);
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

if (require.main === module) {
  main().catch(error => {
    console.error(`the sandbox did not start: ${error.message}`);
    process.exit(1);
  });
}
