// `npm run bench -- cold-start [--samples N] [--aws-sdk bundled|provided|both]`: what a cold start
// costs each deployed function, as the clouds pay it. Per sample a fresh Node process imports the
// bundle the build ships (`init_ms`: the module load, what Lambda's Init phase and the Functions
// worker's load of the main file run) and serves its first invocation against the emulators
// (`first_request_ms`: building the function's clients, the SDK's first connection, the store
// call). Beside each function, in the same run and taken in turns with it, its floor: a minimal
// handler bundled the same way that only makes the same store call with the same SDK client.
// One JSON line per function: medians and p90s of N samples (default 20), the bundle's bytes
// (all its files, and what loads at start) and the ratios to the floor.
import { CreateQueueCommand, SQSClient } from '@aws-sdk/client-sqs';
import {
  cosmosClientFor,
  dynamoDbClientFor,
  startCosmosDbServer,
  startDynalite,
  startSqsFake,
} from '@multicloud/cloud-fakes';
import { build } from 'esbuild';
import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { formatVersion } from '../src/domain/version';
import type { AwsSdkSource, BundleReport } from '../src/bundle/functionBundles';
import { CosmosStore, ensureCosmosContainer } from '../src/stores/CosmosStore';
import {
  DynamoDbStore,
  ensureDynamoDbTable,
} from '../src/stores/DynamoDbStore';
import { buildBundles } from './buildBundles';

const run = promisify(execFile);
const arg = (name: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : undefined;
};
const samples = Number(arg('samples') ?? 20);
const sdkSources: AwsSdkSource[] =
  arg('aws-sdk') === 'both'
    ? ['bundled', 'provided']
    : [(arg('aws-sdk') as AwsSdkSource | undefined) ?? 'bundled'];
const runtimeDir = resolve(__dirname, '..');
// With `provided`, the SDK comes from the Lambda runtime's NODE_PATH; here, from the workspace.
const nodePath = resolve(runtimeDir, '..', 'node_modules');
const SEED_KEY = 'cold-start-seed';

/**
 * The process each sample runs: imports the bundle (timed), then invokes its function once
 * (timed). For the Function App it plays the Functions worker: @azure/functions v4 registers each
 * function with the worker's `@azure/functions-core` (its `registerFunction(metadata, handler)`),
 * provided here as the clean-room test provides it, and the harness then calls the handler
 * registered under the function's name.
 */
const HARNESS = `
import Module from 'node:module';
import { pathToFileURL } from 'node:url';
const [kind, file, name, eventJson] = process.argv.slice(2);
const handlers = {};
let azure;
if (kind === 'azure') {
  const resolveFilename = Module._resolveFilename;
  Module._resolveFilename = function (request, ...rest) {
    return request === '@azure/functions-core' ? request : resolveFilename.call(this, request, ...rest);
  };
  Module._cache['@azure/functions-core'] = { id: '@azure/functions-core', loaded: true, exports: {
    setProgrammingModel() {},
    registerFunction(metadata, handler) { handlers[metadata.name] = handler; return { dispose() {} }; },
    registerHook() { return { dispose() {} }; },
  } };
  // The host's own request and context classes, loaded before the clock starts.
  azure = Module.createRequire(process.env.AZURE_FUNCTIONS_FROM)('@azure/functions');
}
const event = JSON.parse(eventJson);
const t0 = performance.now();
const loaded = await import(pathToFileURL(file).href);
const init = performance.now() - t0;
const handler = kind === 'azure' ? handlers[name] ?? loaded[name] : loaded[name];
let args;
if (kind === 'aws') args = [event, { getRemainingTimeInMillis: () => 30000, awsRequestId: 'cold' }];
else {
  const context = new azure.InvocationContext({ invocationId: 'cold', functionName: name, triggerMetadata: { deliveryCount: 1 }, logHandler: () => {} });
  args = [event.http ? new azure.HttpRequest(event.http) : event.message, context];
}
const t1 = performance.now();
const result = await handler(...args);
const first = performance.now() - t1;
const status = result?.statusCode ?? result?.status ?? (result?.batchItemFailures ? (result.batchItemFailures.length ? 500 : 200) : 200);
process.stdout.write('\\nCOLD ' + JSON.stringify({ init, first, status }) + '\\n');
process.exit(0);
`;

/** Minimal handlers: only the store call each function makes, with the same SDK client. */
const FLOORS: Record<string, string> = {
  'aws-get': `
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb';
let client;
export const handler = async () => {
  client ??= DynamoDBDocumentClient.from(new DynamoDBClient({ region: process.env.AWS_REGION }));
  const { Item } = await client.send(new GetCommand({ TableName: process.env.TABLE_NAME, Key: { pk: '${SEED_KEY}' }, ConsistentRead: true }));
  return { statusCode: Item ? 200 : 404 };
};`,
  'aws-put': `
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, PutCommand } from '@aws-sdk/lib-dynamodb';
let client;
export const handler = async event => {
  client ??= DynamoDBDocumentClient.from(new DynamoDBClient({ region: process.env.AWS_REGION }));
  const e = JSON.parse(event.Records[0].body);
  await client.send(new PutCommand({ TableName: process.env.TABLE_NAME, Item: { pk: e.key, payload: e.payload, version: e.version },
    ConditionExpression: 'attribute_not_exists(pk) OR #version < :v', ExpressionAttributeNames: { '#version': 'version' }, ExpressionAttributeValues: { ':v': e.version } }));
  return { batchItemFailures: [] };
};`,
  'aws-receive': `
import { SQSClient, ReceiveMessageCommand } from '@aws-sdk/client-sqs';
let client;
export const handler = async () => {
  client ??= new SQSClient({ region: process.env.AWS_REGION });
  await client.send(new ReceiveMessageCommand({ QueueUrl: process.env.INBOUND_DLQ_URL, MaxNumberOfMessages: 10 }));
  return { statusCode: 200 };
};`,
  'azure-read': `
import { CosmosClient } from '@azure/cosmos';
import { AppServiceManagedIdentityCredential } from ${JSON.stringify(
    resolve(
      runtimeDir,
      'src/entry/azure/AppServiceManagedIdentityCredential.ts',
    ),
  )};
let container;
export const handler = async () => {
  container ??= new CosmosClient({ endpoint: process.env.COSMOS_ENDPOINT, aadCredentials: new AppServiceManagedIdentityCredential() })
    .database(process.env.COSMOS_DATABASE).container(process.env.COSMOS_CONTAINER);
  const { resource } = await container.item('${SEED_KEY}', '${SEED_KEY}').read();
  return { status: resource ? 200 : 404 };
};`,
  'azure-write': `
import { CosmosClient } from '@azure/cosmos';
import { AppServiceManagedIdentityCredential } from ${JSON.stringify(
    resolve(
      runtimeDir,
      'src/entry/azure/AppServiceManagedIdentityCredential.ts',
    ),
  )};
let container;
export const handler = async message => {
  container ??= new CosmosClient({ endpoint: process.env.COSMOS_ENDPOINT, aadCredentials: new AppServiceManagedIdentityCredential() })
    .database(process.env.COSMOS_DATABASE).container(process.env.COSMOS_CONTAINER);
  // The store reads the item, then creates it (or replaces it on its etag).
  await container.item(message.key, message.key).read();
  await container.items.create({ id: message.key, payload: message.payload, version: message.version });
};`,
};

const replicationEvent = (region: string) => {
  const now = Date.now();
  const key = `cold-${region}-${now}-${Math.random().toString(36).slice(2)}`;
  return {
    event_id: randomUUID(),
    source_region: region,
    op_type: 'put',
    key,
    payload: { total: 7 },
    timestamp: now,
    version: formatVersion({ wallMs: now, counter: 0, region }),
  };
};

interface Case {
  name: string;
  cloud: 'aws' | 'azure';
  fn: string;
  floor: string;
  event: () => unknown;
}

const CASES: Case[] = [
  {
    name: 'api',
    cloud: 'aws',
    fn: 'api',
    floor: 'aws-get',
    event: () => ({
      version: '2.0',
      routeKey: '$default',
      rawPath: `/items/${SEED_KEY}`,
      rawQueryString: '',
      headers: { host: 'local' },
      requestContext: {
        http: {
          method: 'GET',
          path: `/items/${SEED_KEY}`,
          sourceIp: '127.0.0.1',
        },
      },
      isBase64Encoded: false,
    }),
  },
  {
    name: 'apply',
    cloud: 'aws',
    fn: 'apply',
    floor: 'aws-put',
    event: () => ({
      Records: [
        {
          messageId: 'm1',
          receiptHandle: 'rh',
          body: JSON.stringify(replicationEvent('azure')),
          attributes: {},
          messageAttributes: {},
          md5OfBody: '',
          eventSource: 'aws:sqs',
          eventSourceARN: 'arn:aws:sqs:local:000000000000:inbound',
          awsRegion: 'local',
        },
      ],
    }),
  },
  {
    name: 'redrive',
    cloud: 'aws',
    fn: 'redrive',
    floor: 'aws-receive',
    event: () => ({}),
  },
  {
    name: 'api',
    cloud: 'azure',
    fn: 'api',
    floor: 'azure-read',
    event: () => ({
      http: { method: 'GET', url: `https://func.local/items/${SEED_KEY}` },
    }),
  },
  {
    name: 'apply',
    cloud: 'azure',
    fn: 'apply',
    floor: 'azure-write',
    event: () => ({ message: replicationEvent('aws') }),
  },
];

/** The App Service managed identity endpoint (IDENTITY_ENDPOINT): any token, for an hour. */
function startIdentityEndpoint(): Promise<{ url: string; server: Server }> {
  const server = createServer((_req, res) => {
    res.setHeader('content-type', 'application/json');
    res.end(
      JSON.stringify({
        access_token: 'local-token',
        expires_on: Math.floor(Date.now() / 1000) + 3600,
      }),
    );
  });
  return new Promise(ok =>
    server.listen(0, '127.0.0.1', () =>
      ok({
        url: `http://127.0.0.1:${
          (server.address() as { port: number }).port
        }/token`,
        server,
      }),
    ),
  );
}

const quantile = (values: number[], q: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return (
    Math.round(
      sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * q))] * 10,
    ) / 10
  );
};

async function main() {
  const dir = mkdtempSync(join(tmpdir(), 'cold-start-'));
  const [dynalite, sqs, cosmos, identity] = await Promise.all([
    startDynalite(),
    startSqsFake(),
    startCosmosDbServer(),
    startIdentityEndpoint(),
  ]);
  try {
    await ensureDynamoDbTable(dynamoDbClientFor(dynalite.endpoint), 'items');
    const seed = (region: string) => ({
      ...replicationEvent(region),
      key: SEED_KEY,
    });
    await new DynamoDbStore({
      client: dynamoDbClientFor(dynalite.endpoint),
      tableName: 'items',
    }).apply(seed('aws'));
    const sqsClient = new SQSClient({
      endpoint: sqs.endpoint,
      region: 'local',
      credentials: { accessKeyId: 'x', secretAccessKey: 'y' },
    });
    const [inbound, dlq] = await Promise.all(
      ['inbound', 'inbound-dlq'].map(
        async QueueName =>
          (
            await sqsClient.send(new CreateQueueCommand({ QueueName }))
          ).QueueUrl!,
      ),
    );
    const cosmosClient = cosmosClientFor(cosmos.endpoint);
    const items = await ensureCosmosContainer(cosmosClient, 'service', 'items');
    await ensureCosmosContainer(cosmosClient, 'service', 'parked');
    await new CosmosStore({ container: items }).apply(seed('azure'));

    const env: Record<string, string> = {
      PATH: process.env.PATH ?? '',
      SERVICE_NAME: 'orders',
      POWERTOOLS_METRICS_DISABLED: 'true',
      POWERTOOLS_LOG_LEVEL: 'WARN',
      // The emulators' self-signed certificate (cosmosdb-server): local use only.
      NODE_TLS_REJECT_UNAUTHORIZED: '0',
      NODE_NO_WARNINGS: '1',
    };
    const awsEnv = {
      ...env,
      REGION_ID: 'aws',
      AWS_REGION: 'local',
      AWS_ACCESS_KEY_ID: 'local',
      AWS_SECRET_ACCESS_KEY: 'local',
      AWS_ENDPOINT_URL_DYNAMODB: dynalite.endpoint,
      AWS_ENDPOINT_URL_SQS: sqs.endpoint,
      TABLE_NAME: 'items',
      INBOUND_QUEUE_URL: inbound,
      INBOUND_DLQ_URL: dlq,
      PEER_AZURE_IDENTITY_SECRET_ARN:
        'arn:aws:secretsmanager:local:000000000000:secret:peer',
      PEER_SERVICEBUS_NAMESPACE: 'sbns-orders-bus.servicebus.windows.net',
      PEER_QUEUE_NAME: 'orders-to-azure',
    };
    const azureEnv = {
      ...env,
      REGION_ID: 'azure',
      AZURE_REGION: 'local',
      COSMOS_ENDPOINT: cosmos.endpoint,
      COSMOS_DATABASE: 'service',
      COSMOS_CONTAINER: 'items',
      SERVICEBUS_CONNECTION__fullyQualifiedNamespace:
        'sbns-orders-bus.servicebus.windows.net',
      INBOUND_QUEUE_NAME: 'inbound',
      PEER_SQS_QUEUE_URL: inbound,
      PEER_SQS_REGION: 'local',
      PEER_AWS_ROLE_ARN: 'arn:aws:iam::000000000000:role/relay',
      IDENTITY_ENDPOINT: identity.url,
      IDENTITY_HEADER: 'local',
      AZURE_FUNCTIONS_FROM: join(runtimeDir, 'package.json'),
    };

    const harness = join(dir, 'harness.mjs');
    writeFileSync(harness, HARNESS);
    const floors: Record<string, { file: string; loadBytes: number }> = {};
    for (const [name, source] of Object.entries(FLOORS)) {
      const outdir = join(dir, 'floor', name);
      const { metafile } = await build({
        metafile: true,
        absWorkingDir: runtimeDir,
        stdin: { contents: source, resolveDir: runtimeDir, loader: 'ts' },
        bundle: true,
        minify: true,
        platform: 'node',
        target: 'node22',
        format: 'esm',
        splitting: true,
        outdir,
        entryNames: 'index',
        mainFields: ['module', 'main'],
        banner: {
          js: "import{createRequire as __createRequire}from'node:module';const require=__createRequire(import.meta.url);",
        },
        logLevel: 'error',
      });
      writeFileSync(join(outdir, 'package.json'), '{"type":"module"}\n');
      // What importing the floor loads: its entry file and the chunks that imports statically.
      const outputs = metafile!.outputs;
      const loaded = new Set<string>();
      const visit = (path: string) => {
        if (loaded.has(path)) return;
        loaded.add(path);
        for (const i of outputs[path]?.imports ?? [])
          if (i.kind === 'import-statement' && !i.external) visit(i.path);
      };
      const entry = Object.keys(outputs).find(path =>
        resolve(runtimeDir, path).endsWith(join(outdir, 'index.js')),
      )!;
      visit(entry);
      floors[name] = {
        file: join(outdir, 'index.js'),
        loadBytes: [...loaded].reduce(
          (sum, path) => sum + outputs[path].bytes,
          0,
        ),
      };
    }

    interface Row {
      c: Case;
      aws_sdk?: AwsSdkSource;
      file: string;
      bytes: number;
      load_bytes: number;
      first_run_bytes?: number;
      init: number[];
      first: number[];
      floorInit: number[];
      floorFirst: number[];
    }
    const rows: Row[] = [];
    const reports: Partial<Record<AwsSdkSource, BundleReport>> = {};
    for (const sdk of sdkSources) {
      reports[sdk] = await buildBundles(join(dir, sdk), sdk);
      // Lambda resolves the SDK it provides for ES modules too (from NODE_PATH, since nodejs18.x:
      // "Designating a function handler as an ES module", Building Lambda functions with
      // Node.js); Node itself resolves an ES module's bare imports from node_modules folders
      // above it only, so the workspace's copy is linked there.
      if (sdk === 'provided')
        symlinkSync(nodePath, join(dir, sdk, 'node_modules'), 'dir');
    }
    for (const c of CASES)
      for (const sdk of c.cloud === 'aws' ? sdkSources : [sdkSources[0]]) {
        const report = reports[sdk]!;
        const b = c.cloud === 'aws' ? report.lambda[c.fn] : report.functionApp;
        rows.push({
          c,
          aws_sdk: c.cloud === 'aws' ? sdk : undefined,
          file: join(dir, sdk, b.dir, b.file),
          bytes: b.bytes,
          load_bytes: b.loadBytes,
          ...(c.cloud === 'azure'
            ? { first_run_bytes: report.functionApp.firstRunBytes[c.fn] }
            : {}),
          init: [],
          first: [],
          floorInit: [],
          floorFirst: [],
        });
      }

    const sample = async (
      kind: 'aws' | 'azure' | 'floor',
      file: string,
      fn: string,
      event: unknown,
      cloud: 'aws' | 'azure',
    ) => {
      const { stdout } = await run(
        process.execPath,
        [
          harness,
          kind === 'floor' ? 'aws' : kind,
          file,
          fn,
          JSON.stringify(event),
        ],
        {
          env: {
            ...(cloud === 'aws' ? awsEnv : azureEnv),
            NODE_PATH: nodePath,
          },
          maxBuffer: 16 * 1024 * 1024,
        },
      );
      const line = stdout.split('\n').find(l => l.startsWith('COLD '));
      if (!line) throw new Error(`${cloud} ${fn}: no result\n${stdout}`);
      const result = JSON.parse(line.slice(5));
      if (result.status >= 300)
        throw new Error(`${cloud} ${fn} answered ${result.status}\n${stdout}`);
      return result as { init: number; first: number };
    };

    const load0 = loadavg()[0];
    // In turns: each round takes one sample of every function and its floor, so a busy moment
    // on the shared machine falls on all of them alike.
    for (let i = 0; i < samples; i++)
      for (const row of rows) {
        const { c } = row;
        const s = await sample(c.cloud, row.file, c.fn, c.event(), c.cloud);
        row.init.push(s.init);
        row.first.push(s.first);
        const f = await sample(
          'floor',
          floors[c.floor].file,
          'handler',
          c.cloud === 'azure'
            ? (c.event() as { message?: unknown }).message ?? {}
            : c.event(),
          c.cloud,
        );
        row.floorInit.push(f.init);
        row.floorFirst.push(f.first);
      }
    const load1 = loadavg()[0];

    for (const row of rows) {
      const floorBytes = floors[row.c.floor].loadBytes;
      const med = (v: number[]) => quantile(v, 0.5);
      console.log(
        JSON.stringify({
          bench: 'cold-start',
          cloud: row.c.cloud,
          function: row.c.name,
          ...(row.aws_sdk ? { aws_sdk: row.aws_sdk } : {}),
          bytes: row.bytes,
          load_bytes: row.load_bytes,
          ...(row.first_run_bytes
            ? { first_run_bytes: row.first_run_bytes }
            : {}),
          init_ms: { median: med(row.init), p90: quantile(row.init, 0.9) },
          first_request_ms: {
            median: med(row.first),
            p90: quantile(row.first, 0.9),
          },
          floor: {
            store_call: row.c.floor,
            load_bytes: floorBytes,
            init_ms: {
              median: med(row.floorInit),
              p90: quantile(row.floorInit, 0.9),
            },
            first_request_ms: {
              median: med(row.floorFirst),
              p90: quantile(row.floorFirst, 0.9),
            },
          },
          ratio: {
            init: Math.round((med(row.init) / med(row.floorInit)) * 100) / 100,
            first_request:
              Math.round((med(row.first) / med(row.floorFirst)) * 100) / 100,
            cold_start:
              Math.round(
                ((med(row.init) + med(row.first)) /
                  (med(row.floorInit) + med(row.floorFirst))) *
                  100,
              ) / 100,
          },
          samples,
          load_average: [
            Math.round(load0 * 100) / 100,
            Math.round(load1 * 100) / 100,
          ],
        }),
      );
    }
  } finally {
    await Promise.all([
      dynalite.stop(),
      sqs.stop(),
      cosmos.stop(),
      new Promise(ok => identity.server.close(ok)),
    ]);
    rmSync(dir, { recursive: true, force: true });
  }
}

main().then(
  () => process.exit(0),
  error => {
    console.error(error);
    process.exit(1);
  },
);
