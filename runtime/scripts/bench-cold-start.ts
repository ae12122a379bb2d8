// `npm run bench -- cold-start [--samples N] [--aws-sdk bundled|provided|both]`: what a cold start
// costs each deployed function, as the clouds pay it. Per sample a fresh Node process imports the
// bundle the build ships (`init_ms`: the module load, what Lambda's Init phase and the Functions
// worker's load of the main file run) and serves its first invocation against the emulators
// (`first_request_ms`: building the function's clients, the SDK's first connection, the store
// call). Beside each function, in the same run and taken in turns with it, its floor: a minimal
// handler bundled the same way that only makes the same store call with the same SDK client.
// One JSON line per function: medians and p90s of N samples (default 20), the bundle's bytes
// (all its files, what loads at start, and what has loaded once the first request is served)
// and the ratios to the floor. The relays and reconcilers send to the other cloud, through its
// identity exchange: the identity fake of cloud-fakes answers it (AWS STS, Entra ID, the App
// Service managed identity endpoint, Secrets Manager) and the Service Bus fake listens over TLS,
// as a token-authenticated client connects.
import { CreateQueueCommand, SQSClient } from '@aws-sdk/client-sqs';
import {
  cosmosClientFor,
  dynamoDbClientFor,
  startCosmosDbServer,
  startDynalite,
  startIdentityFake,
  startServiceBusFake,
  startSqsFake,
} from '@multicloud/cloud-fakes';
import { marshall } from '@aws-sdk/util-dynamodb';
import { build } from 'esbuild';
import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import {
  mkdtempSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join, resolve, sep } from 'node:path';
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
// `--functions relay,reconcile`: only these functions (both clouds), for a short run.
const only = arg('functions')?.split(',');
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
import { fileURLToPath, pathToFileURL } from 'node:url';
const [kind, file, name, eventJson] = process.argv.slice(2);
// Once per function, untimed: which files the import and the first request load (a load hook).
const loads = new Set();
if (process.env.TRACK_LOADS === '1')
  Module.registerHooks({ load(url, context, next) { loads.add(url); return next(url, context); } });
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
  const context = new azure.InvocationContext({ invocationId: 'cold', functionName: name, triggerMetadata: { deliveryCount: 1, deliveryCountArray: [1] }, logHandler: () => {} });
  args = [event.http ? new azure.HttpRequest(event.http) : event.message, context];
}
const t1 = performance.now();
const result = await handler(...args);
const first = performance.now() - t1;
const status = result?.statusCode ?? result?.status ?? (result?.batchItemFailures ? (result.batchItemFailures.length ? 500 : 200) : 200);
const files = [...loads].filter(url => url.startsWith('file:')).map(url => fileURLToPath(url));
process.stdout.write('\\nCOLD ' + JSON.stringify({ init, first, status, files }) + '\\n');
process.exit(0);
`;

function awsPeerFloor(scan: boolean) {
  return `
import { DynamoDBClient, ScanCommand } from '@aws-sdk/client-dynamodb';
import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { GetWebIdentityTokenCommand, STSClient } from '@aws-sdk/client-sts';
import { ServiceBusClient } from '@azure/service-bus';
let sender, table;
const entra = (ids, sts) => ({
  getToken: async scope => {
    const { WebIdentityToken } = await sts.send(new GetWebIdentityTokenCommand({ Audience: ['api://AzureADTokenExchange'], SigningAlgorithm: 'RS256' }));
    const response = await fetch(process.env.AZURE_AUTHORITY_HOST + '/' + ids.tenantId + '/oauth2/v2.0/token', {
      method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ grant_type: 'client_credentials', client_id: ids.clientId, scope,
        client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer', client_assertion: WebIdentityToken }) });
    const body = await response.json();
    return { token: body.access_token, expiresOnTimestamp: Date.now() + body.expires_in * 1000 };
  },
});
export const handler = async event => {
  const region = process.env.AWS_REGION;
  ${
    scan
      ? `table ??= new DynamoDBClient({ region });
  const { Items = [] } = await table.send(new ScanCommand({ TableName: process.env.TABLE_NAME, ProjectionExpression: 'pk, #v', ExpressionAttributeNames: { '#v': 'version' }, Limit: 1000 }));
  const body = JSON.stringify(Items.map(i => [i.pk.S, i.version.S]));`
      : `const body = JSON.stringify(event.Records[0].dynamodb.NewImage);`
  }
  if (!sender) {
    const { SecretString } = await new SecretsManagerClient({ region }).send(new GetSecretValueCommand({ SecretId: process.env.PEER_AZURE_IDENTITY_SECRET_ARN }));
    sender = new ServiceBusClient(process.env.PEER_SERVICEBUS_NAMESPACE, entra(JSON.parse(SecretString), new STSClient({ region })),
      { customEndpointAddress: process.env.PEER_SERVICEBUS_ENDPOINT }).createSender(process.env.PEER_QUEUE_NAME);
  }
  await sender.sendMessages([{ body }]);
  return { statusCode: 200 };
};`;
}

function azurePeerFloor(query: boolean) {
  return `
import { SendMessageBatchCommand, SQSClient } from '@aws-sdk/client-sqs';
import { AssumeRoleWithWebIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { CosmosClient } from '@azure/cosmos';
import { AppServiceManagedIdentityCredential } from ${JSON.stringify(
    resolve(
      runtimeDir,
      'src/entry/azure/AppServiceManagedIdentityCredential.ts',
    ),
  )};
let sqs, container;
export const handler = async message => {
  const region = process.env.PEER_SQS_REGION;
  ${
    query
      ? `container ??= new CosmosClient({ endpoint: process.env.COSMOS_ENDPOINT, aadCredentials: new AppServiceManagedIdentityCredential() })
    .database(process.env.COSMOS_DATABASE).container(process.env.COSMOS_CONTAINER);
  const { resources } = await container.items.query('SELECT c.id, c.version FROM c', { maxItemCount: 1000 }).fetchNext();
  const body = JSON.stringify(resources);`
      : `const body = JSON.stringify(message);`
  }
  sqs ??= new SQSClient({ region, credentials: async () => {
    const { token } = await new AppServiceManagedIdentityCredential().getToken('api://AzureADTokenExchange/.default');
    const { Credentials } = await new STSClient({ region }).send(new AssumeRoleWithWebIdentityCommand({
      RoleArn: process.env.PEER_AWS_ROLE_ARN, RoleSessionName: 'floor', WebIdentityToken: token }));
    return { accessKeyId: Credentials.AccessKeyId, secretAccessKey: Credentials.SecretAccessKey, sessionToken: Credentials.SessionToken, expiration: Credentials.Expiration };
  } });
  await sqs.send(new SendMessageBatchCommand({ QueueUrl: process.env.PEER_SQS_QUEUE_URL, Entries: [{ Id: '0', MessageBody: body }] }));
};`;
}

/** Minimal handlers: only the store call each function makes, with the same SDK client. */
const FLOORS: Record<string, string> = {
  // The store's client: the bare DynamoDB client, with util-dynamodb's marshalling.
  'aws-get': `
import { DynamoDBClient, GetItemCommand } from '@aws-sdk/client-dynamodb';
import { marshall, unmarshall } from '@aws-sdk/util-dynamodb';
let client;
export const handler = async () => {
  client ??= new DynamoDBClient({ region: process.env.AWS_REGION });
  const { Item } = await client.send(new GetItemCommand({ TableName: process.env.TABLE_NAME, Key: marshall({ pk: '${SEED_KEY}' }), ConsistentRead: true }));
  return { statusCode: Item && unmarshall(Item).pk ? 200 : 404 };
};`,
  'aws-put': `
import { DynamoDBClient, PutItemCommand } from '@aws-sdk/client-dynamodb';
import { marshall } from '@aws-sdk/util-dynamodb';
let client;
export const handler = async event => {
  client ??= new DynamoDBClient({ region: process.env.AWS_REGION });
  const e = JSON.parse(event.Records[0].body);
  await client.send(new PutItemCommand({ TableName: process.env.TABLE_NAME, Item: marshall({ pk: e.key, payload: e.payload, version: e.version }),
    ConditionExpression: 'attribute_not_exists(pk) OR #version < :v', ExpressionAttributeNames: { '#version': 'version' }, ExpressionAttributeValues: marshall({ ':v': e.version }) }));
  return { batchItemFailures: [] };
};`,
  // The relay's send and the reconciler's round on AWS: the same calls with the same SDK clients
  // (the identity's ids from Secrets Manager, a JWT from STS, an Entra token for it, one Service
  // Bus send), the round's scan of keys and versions first.
  'aws-peer-send': awsPeerFloor(false),
  'aws-scan-peer-send': awsPeerFloor(true),
  // On Azure: a managed identity token, STS credentials for it, one SQS send; the round's query of
  // ids and versions first.
  'azure-peer-send': azurePeerFloor(false),
  'azure-query-peer-send': azurePeerFloor(true),
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
export const handler = async ([message]) => {
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
    // A batch of one: the trigger runs in batch mode (cardinality many).
    event: () => ({ message: [replicationEvent('aws')] }),
  },
  {
    // One change from the table's stream, sent to Azure's inbound queue.
    name: 'relay',
    cloud: 'aws',
    fn: 'relay',
    floor: 'aws-peer-send',
    event: () => {
      const { key, ...rest } = replicationEvent('aws');
      return {
        Records: [
          {
            eventID: randomUUID(),
            eventName: 'INSERT',
            eventSource: 'aws:dynamodb',
            awsRegion: 'local',
            eventSourceARN:
              'arn:aws:dynamodb:local:000000000000:table/items/stream/2026-12-02T00:00:00.000',
            dynamodb: {
              Keys: marshall({ pk: key }),
              NewImage: marshall({ pk: key, ...rest, deleted: false }),
              SequenceNumber: '1',
              SizeBytes: 200,
              StreamViewType: 'NEW_IMAGE',
            },
          },
        ],
      };
    },
  },
  {
    // One anti-entropy round: the table's keys and versions, digests sent to Azure.
    name: 'reconcile',
    cloud: 'aws',
    fn: 'reconcile',
    floor: 'aws-scan-peer-send',
    event: () => ({}),
  },
  {
    // One change from the Cosmos DB change feed, sent to AWS's inbound queue.
    name: 'relay',
    cloud: 'azure',
    fn: 'relay',
    floor: 'azure-peer-send',
    event: () => {
      const { key, ...rest } = replicationEvent('azure');
      return { message: [{ id: key, ...rest, deleted: false }] };
    },
  },
  {
    name: 'reconcile',
    cloud: 'azure',
    fn: 'reconcile',
    floor: 'azure-query-peer-send',
    event: () => ({ message: {} }),
  },
];

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
  const secretArn = 'arn:aws:secretsmanager:local:000000000000:secret:peer';
  const [dynalite, sqs, cosmos, identity, bus] = await Promise.all([
    startDynalite(),
    startSqsFake(),
    startCosmosDbServer(),
    startIdentityFake({
      // The Entra identity the AWS relay sends as: ids only, as infra/global writes them.
      secrets: {
        [secretArn]: JSON.stringify({
          tenantId: randomUUID(),
          clientId: randomUUID(),
        }),
      },
    }),
    startServiceBusFake({ tls: true }),
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
      AWS_ENDPOINT_URL_STS: identity.endpoint,
      AWS_ENDPOINT_URL_SECRETS_MANAGER: identity.endpoint,
      TABLE_NAME: 'items',
      INBOUND_QUEUE_URL: inbound,
      INBOUND_DLQ_URL: dlq,
      PEER_AZURE_IDENTITY_SECRET_ARN: secretArn,
      PEER_SERVICEBUS_NAMESPACE: 'sbns-orders-bus.servicebus.windows.net',
      PEER_SERVICEBUS_ENDPOINT: bus.tlsEndpoint!,
      PEER_QUEUE_NAME: 'orders-to-azure',
      AZURE_AUTHORITY_HOST: identity.endpoint,
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
      AWS_ENDPOINT_URL_SQS: sqs.endpoint,
      AWS_ENDPOINT_URL_STS: identity.endpoint,
      IDENTITY_ENDPOINT: identity.identityEndpoint,
      IDENTITY_HEADER: identity.identityHeader,
      AZURE_FUNCTIONS_FROM: join(runtimeDir, 'package.json'),
    };

    const harness = join(dir, 'harness.mjs');
    writeFileSync(harness, HARNESS);
    const floors: Record<
      string,
      { file: string; dir: string; loadBytes: number }
    > = {};
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
        dir: outdir,
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
      /** The package's folder: what the first request loads is counted from there. */
      dir: string;
      bytes: number;
      load_bytes: number;
      first_request_load_bytes?: number;
      floor_first_request_load_bytes?: number;
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
    for (const c of CASES.filter(x => !only || only.includes(x.name)))
      for (const sdk of c.cloud === 'aws' ? sdkSources : [sdkSources[0]]) {
        const report = reports[sdk]!;
        const b = c.cloud === 'aws' ? report.lambda[c.fn] : report.functionApp;
        rows.push({
          c,
          aws_sdk: c.cloud === 'aws' ? sdk : undefined,
          file: join(dir, sdk, b.dir, b.file),
          bytes: b.bytes,
          load_bytes: b.loadBytes,
          dir: join(dir, sdk, b.dir),
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
      track = false,
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
            ...(track ? { TRACK_LOADS: '1' } : {}),
          },
          maxBuffer: 16 * 1024 * 1024,
        },
      );
      const line = stdout.split('\n').find(l => l.startsWith('COLD '));
      if (!line) throw new Error(`${cloud} ${fn}: no result\n${stdout}`);
      const result = JSON.parse(line.slice(5));
      if (result.status >= 300)
        throw new Error(`${cloud} ${fn} answered ${result.status}\n${stdout}`);
      return result as { init: number; first: number; files: string[] };
    };
    /** Bytes of the package's files that the import and the first request loaded. */
    const loadedBytes = (files: string[], packageDir: string) =>
      files
        .filter(file => file.startsWith(packageDir + sep))
        .reduce((sum, file) => sum + statSync(file).size, 0);
    const floorEvent = (c: Case) =>
      c.cloud === 'azure'
        ? (c.event() as { message?: unknown }).message ?? {}
        : c.event();

    // Once per function and floor, untimed (a load hook watches): what the first request loads.
    for (const row of rows) {
      const { c } = row;
      const s = await sample(c.cloud, row.file, c.fn, c.event(), c.cloud, true);
      row.first_request_load_bytes = loadedBytes(s.files, row.dir);
      const floor = floors[c.floor];
      const f = await sample(
        'floor',
        floor.file,
        'handler',
        floorEvent(c),
        c.cloud,
        true,
      );
      row.floor_first_request_load_bytes = loadedBytes(f.files, floor.dir);
    }

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
          floorEvent(c),
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
          first_request_load_bytes: row.first_request_load_bytes,
          init_ms: { median: med(row.init), p90: quantile(row.init, 0.9) },
          first_request_ms: {
            median: med(row.first),
            p90: quantile(row.first, 0.9),
          },
          floor: {
            store_call: row.c.floor,
            load_bytes: floorBytes,
            first_request_load_bytes: row.floor_first_request_load_bytes,
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
      identity.stop(),
      bus.stop(),
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
