/**
 * CLEAN-ROOM TEST (slow: about two minutes, most of it `npm ci` from npm's cache).
 *
 * Renders the template through the real scaffolder into a folder outside this repository, copies
 * it to an empty folder that cannot see this repository's node_modules, and there runs what CI
 * runs: `npm ci`, `npm test` and `npm run build`, with the npm that Node 22 ships. Then it checks
 * the artifacts against the Terraform that deploys them: the Lambda handler strings and package
 * folders of terraform-modules/aws-service, and the Function App's registered functions and
 * trigger bindings against the app settings and resource names of terraform-modules/azure-service.
 */
import { NPM_CLI } from '@multicloud/runtime/pack';
import { execFile } from 'node:child_process';
import {
  copyFileSync,
  cpSync,
  existsSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { promisify } from 'node:util';
import {
  EXAMPLE_VALUES,
  PACKAGE_DIR,
  renderTemplate,
  writeRendered,
} from './__testUtils__/renderTemplate';
import { TerraformModule } from './__testUtils__/terraformValues';

const run = promisify(execFile);
const modulesDir = resolve(PACKAGE_DIR, '..', 'terraform-modules');
const serviceName = EXAMPLE_VALUES.name;

/**
 * The clean room's environment: the toolchain's Node first on PATH, the machine's own tools after
 * it, nothing of this repository (no node_modules/.bin, no NODE_PATH, no yarn or npm settings
 * inherited from the runner), npm's cache in HOME reused, the registry, proxies and extra
 * certificate authorities as the machine configures them.
 */
function cleanEnv(): NodeJS.ProcessEnv {
  const passed = Object.entries(process.env).filter(([k]) =>
    /^(HOME|TMPDIR|LANG|https?_proxy|no_proxy|npm_config_registry|NODE_EXTRA_CA_CERTS|SSL_CERT_FILE|SSL_CERT_DIR)$/i.test(
      k,
    ),
  );
  return {
    ...Object.fromEntries(passed),
    PATH: [
      dirname(process.execPath),
      '/usr/local/bin',
      '/usr/bin',
      '/bin',
    ].join(':'),
    CI: 'true',
  };
}

/** Loads the Function App package as the Functions host's Node.js worker would, and records what it registers. */
const RECORDER = `
const Module = require('node:module');
const { join } = require('node:path');
// The Node.js worker provides @azure/functions-core to @azure/functions v4, which calls its
// registerFunction(metadata, handler) once per app.http/app.cosmosDB/... call.
const registrations = [];
const core = {
  setProgrammingModel() {},
  registerFunction(metadata) { registrations.push(metadata); return { dispose() {} }; },
  registerHook() { return { dispose() {} }; },
};
const resolveFilename = Module._resolveFilename;
Module._resolveFilename = function (request, ...rest) {
  return request === '@azure/functions-core' ? request : resolveFilename.call(this, request, ...rest);
};
Module._cache['@azure/functions-core'] = { id: '@azure/functions-core', exports: core, loaded: true };
const dir = process.argv[2];
require(join(dir, require(join(dir, 'package.json')).main));
process.stdout.write('REGISTRATIONS ' + JSON.stringify(registrations) + '\\n');
`;

describe('CLEAN ROOM: the rendered service installs, tests and builds alone', () => {
  let room: string;
  let harness: string;
  let azure: TerraformModule;
  const env = cleanEnv();
  const timings: Record<string, number> = {};
  const npm = async (...args: string[]) => {
    const started = Date.now();
    const result = await run(process.execPath, [NPM_CLI, ...args], {
      cwd: room,
      env,
      maxBuffer: 64 * 1024 * 1024,
    });
    timings[`npm ${args.filter(a => !a.startsWith('-')).join(' ')}`] =
      Date.now() - started;
    return result;
  };

  beforeAll(async () => {
    // Rendered outside the workspace, then copied into an empty folder: nothing in either
    // folder's parents resolves to this repository.
    const rendered = await renderTemplate();
    const renderDir = mkdtempSync(join(tmpdir(), 'multicloud-render-'));
    writeRendered(rendered, renderDir);
    harness = mkdtempSync(join(tmpdir(), 'multicloud-harness-'));
    room = join(harness, 'room');
    cpSync(renderDir, room, { recursive: true });
    rmSync(renderDir, { recursive: true, force: true });
    writeFileSync(join(harness, 'record-functions.cjs'), RECORDER);
    azure = await TerraformModule.load(join(modulesDir, 'azure-service'), {
      service_name: serviceName,
    });
  }, 120_000);
  afterAll(() => {
    // eslint-disable-next-line no-console
    console.log(`clean room timings (ms): ${JSON.stringify(timings)}`);
    rmSync(harness, { recursive: true, force: true });
  });

  it('runs npm ci, npm test and npm run build with nothing but the npm registry', async () => {
    expect(existsSync(join(room, 'package-lock.json'))).toBe(true);
    await npm('ci', '--prefer-offline', '--no-audit', '--no-fund');
    const test = await npm('test');
    expect(test.stdout).toMatch(/# fail 0/);
    await npm('run', 'build');
    expect(existsSync(join(room, 'dist', 'bundles.json'))).toBe(true);
  }, 600_000);

  it('builds the Lambda packages where aws-service zips them, with the handlers it configures', async () => {
    const report = JSON.parse(
      readFileSync(join(room, 'dist', 'bundles.json'), 'utf8'),
    );
    // The rendered root module tells aws-service where the packages are.
    const root = await TerraformModule.load(join(room, 'infra', 'aws'), {});
    const module = await TerraformModule.load(join(modulesDir, 'aws-service'), {
      service_name: serviceName,
      lambda_package_dir: resolve(
        root.evaluate(root.module('service').lambda_package_dir),
      ),
    });
    const functions = module.setLocal('functions');
    expect(Object.keys(report.lambda).sort()).toEqual([...functions].sort());
    const archive = module.block('data', 'archive_file', 'bundle');
    const lambda = module.block('resource', 'aws_lambda_function', 'function');
    for (const fn of functions) {
      // Handler "<file>.<export>": Node loads <file>.js from the root of the function's zip.
      const handler = module.evaluate(lambda.handler, fn);
      const [file, exported] = handler.split('.');
      const path = join(module.evaluate(archive.source_dir, fn), `${file}.js`);
      expect(report.lambda[fn].handler).toBe(handler);
      const { stdout } = await run(
        process.execPath,
        [
          '-e',
          `process.stdout.write(typeof require(${JSON.stringify(
            path,
          )})[${JSON.stringify(exported)}])`,
        ],
        { cwd: harness, env },
      ).catch(error => ({ stdout: `not loadable: ${error.message}` }));
      expect({ fn, path, handler, loads: stdout }).toEqual({
        fn,
        path,
        handler,
        loads: 'function',
      });
    }
  });

  it('packages the Function App with host.json and package.json main, registering exactly the triggers azure-service configures', async () => {
    const appDir = join(room, 'dist', 'azure');
    const host = JSON.parse(readFileSync(join(appDir, 'host.json'), 'utf8'));
    expect(host.extensionBundle).toEqual({
      id: 'Microsoft.Azure.Functions.ExtensionBundle',
      version: '[4.*, 5.0.0)',
    });
    expect(host.extensions.http.routePrefix).toBe('');

    const app = azure.block(
      'resource',
      'azurerm_function_app_flex_consumption',
      'service',
    );
    const settings = azure.mapAttribute(app.app_settings);
    const setting = (name: string) => azure.evaluate(settings[name]);
    const { stdout } = await run(
      process.execPath,
      [join(harness, 'record-functions.cjs'), appDir],
      {
        cwd: harness,
        env: {
          ...env,
          COSMOS_DATABASE: setting('COSMOS_DATABASE'),
          COSMOS_CONTAINER: setting('COSMOS_CONTAINER'),
          INBOUND_QUEUE_NAME: setting('INBOUND_QUEUE_NAME'),
        },
      },
    );
    const line = stdout.split('\n').find(l => l.startsWith('REGISTRATIONS '));
    const registrations: {
      name: string;
      bindings: Record<string, Record<string, unknown>>;
    }[] = JSON.parse(line!.slice('REGISTRATIONS '.length));
    const triggers = Object.fromEntries(
      registrations.map(r => [
        r.name,
        Object.values(r.bindings).find(b =>
          String(b.type).endsWith('Trigger'),
        )!,
      ]),
    );
    // Timers (resendParked, and the redriver's and reconciler's schedules) need no Terraform.
    expect(Object.keys(triggers).sort()).toEqual([
      'api',
      'apply',
      'reconcile',
      'redrive',
      'relay',
      'resendParked',
    ]);

    expect(triggers.api).toMatchObject({
      type: 'httpTrigger',
      authLevel: 'anonymous',
      route: '{*path}',
    });

    // Identity-based connections: the binding names a prefix, Terraform sets <prefix>__<property>.
    const cosmos = triggers.relay;
    expect(cosmos.type).toBe('cosmosDBTrigger');
    expect(settings).toHaveProperty(`${cosmos.connection}__accountEndpoint`);
    expect(cosmos.databaseName).toBe(
      azure.evaluate(
        azure.block('resource', 'azurerm_cosmosdb_sql_database', 'service')
          .name,
      ),
    );
    expect(cosmos.containerName).toBe(
      azure.evaluate(
        azure.block('resource', 'azurerm_cosmosdb_sql_container', 'items').name,
      ),
    );
    expect(cosmos.leaseContainerName).toBe(
      azure.evaluate(
        azure.block('resource', 'azurerm_cosmosdb_sql_container', 'leases')
          .name,
      ),
    );

    const bus = triggers.apply;
    expect(bus.type).toBe('serviceBusTrigger');
    expect(settings).toHaveProperty(
      `${bus.connection}__fullyQualifiedNamespace`,
    );
    expect(bus.queueName).toBe(
      azure.evaluate(
        azure.block('resource', 'azurerm_servicebus_queue', 'inbound').name,
      ),
    );
    expect(bus.queueName).toBe(`${serviceName}-inbound`);

    // The relay's parking lot: a timer re-sends what it parked, from the container Terraform makes.
    expect(triggers.resendParked.type).toBe('timerTrigger');
    expect(
      azure.evaluate(
        azure.block('resource', 'azurerm_cosmosdb_sql_container', 'parked')
          .name,
      ),
    ).toBe('parked');

    // The redriver sends dead letters back to the inbound queue as the Function App's identity,
    // so Terraform lets that identity send to it.
    expect(triggers.redrive.type).toBe('timerTrigger');
    expect(triggers.reconcile.type).toBe('timerTrigger');
    const redriveSend = azure.block(
      'resource',
      'azurerm_role_assignment',
      'redrive_send',
    );
    expect(azure.evaluate(redriveSend.role_definition_name)).toBe(
      'Azure Service Bus Data Sender',
    );
  });
  // Last: it changes the room. The README's upgrade, as written: a newer packed runtime in, the
  // old one out, package.json and package-lock.json updated by the npm that runs the script, and
  // a fresh `npm ci` from the result installs and passes the tests.
  it('upgrades the vendored runtime with npm run upgrade-runtime, as the README says', async () => {
    const [old] = readdirSync(join(room, 'vendor'));
    expect(old).toMatch(/^multicloud-runtime-\d+\.\d+\.\d+\.tgz$/);
    const newer = join(harness, old.replace(/\.tgz$/, '-next.tgz'));
    copyFileSync(join(room, 'vendor', old), newer);
    // No npm sits beside the toolchain's Node on the clean room's PATH, so the script must use
    // the npm that runs it (npm_execpath), not whichever `npm` the machine has.
    await npm('run', 'upgrade-runtime', '--', newer);
    const next = `multicloud-runtime-${old.slice(
      'multicloud-runtime-'.length,
      -'.tgz'.length,
    )}-next.tgz`;
    expect(readdirSync(join(room, 'vendor'))).toEqual([next]);
    const manifest = JSON.parse(
      readFileSync(join(room, 'package.json'), 'utf8'),
    );
    expect(manifest.dependencies['@multicloud/runtime']).toBe(
      `file:vendor/${next}`,
    );
    const lock = JSON.parse(
      readFileSync(join(room, 'package-lock.json'), 'utf8'),
    );
    expect(lock.packages['node_modules/@multicloud/runtime']).toMatchObject({
      resolved: `file:vendor/${next}`,
      integrity: expect.stringMatching(/^sha512-/),
    });
    rmSync(join(room, 'node_modules'), { recursive: true, force: true });
    await npm('ci', '--prefer-offline', '--no-audit', '--no-fund');
    const test = await npm('test');
    expect(test.stdout).toMatch(/# fail 0/);
  }, 600_000);
});
