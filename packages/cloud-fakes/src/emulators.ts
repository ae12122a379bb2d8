/**
 * Starts the local emulators the runtime's adapters are tested against, in-process, on loopback:
 * dynalite (DynamoDB's wire protocol) and @vercel/cosmosdb-server (Cosmos DB's REST protocol).
 * For tests and the local sandbox only: the runtime bundles never import this package.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import {
  CosmosClient,
  type CosmosClientOptions,
  type PluginConfig,
} from '@azure/cosmos';
import type { AddressInfo } from 'node:net';
import https from 'node:https';
import type { Server } from 'node:http';

export interface RunningEmulator {
  endpoint: string;
  stop(): Promise<void>;
}

export interface EmulatorOptions {
  port?: number;
  /** dynalite only: keep the data in LevelDB under this folder so it survives a restart. */
  dataDir?: string;
}

function listen(server: Server, port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () =>
      resolve((server.address() as AddressInfo).port),
    );
  });
}

function close(server: Server): Promise<void> {
  return new Promise(resolve => {
    server.close(() => resolve());
    (
      server as Server & { closeAllConnections?: () => void }
    ).closeAllConnections?.();
  });
}

export async function startDynalite(
  options: EmulatorOptions = {},
): Promise<RunningEmulator> {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const dynalite = require('dynalite');
  const server: Server = dynalite({
    path: options.dataDir,
    createTableMs: 0,
    deleteTableMs: 0,
    updateTableMs: 0,
  });
  const port = await listen(server, options.port ?? 0);
  return { endpoint: `http://127.0.0.1:${port}`, stop: () => close(server) };
}

export async function startCosmosDbServer(
  options: EmulatorOptions = {},
): Promise<RunningEmulator> {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { createHttpsServer } = require('@vercel/cosmosdb-server');
  // Without keepAlive the server answers `Connection: close`, and every request pays a new TLS
  // handshake on both sides: most of the CPU a busy sandbox spends.
  const server: Server = createHttpsServer({ keepAlive: true });
  // Node closes a connection idle for 5 s, and a client that picks that connection from its pool
  // at the same moment gets ECONNRESET: a failed write. Idle connections are left to the client.
  server.keepAliveTimeout = 0;
  const port = await listen(server, options.port ?? 0);
  return { endpoint: `https://127.0.0.1:${port}`, stop: () => close(server) };
}

/** A DynamoDB client for the emulator: any static credentials are accepted. */
export function dynamoDbClientFor(endpoint: string): DynamoDBClient {
  return new DynamoDBClient({
    endpoint,
    region: 'local',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    maxAttempts: 2,
  });
}

/**
 * A Cosmos client for the emulator, which serves a self-signed certificate (local use only).
 * `plugins`: the SDK's request plugins (`PluginConfig`, exported by @azure/cosmos though left out
 * of `CosmosClientOptions`' public type), e.g. to count requests.
 */
export function cosmosClientFor(
  endpoint: string,
  options: { plugins?: PluginConfig[] } = {},
): CosmosClient {
  return new CosmosClient({
    endpoint,
    key: 'bG9jYWwtc2FuZGJveC1rZXk=',
    agent: new https.Agent({ rejectUnauthorized: false, keepAlive: true }),
    connectionPolicy: { enableEndpointDiscovery: false },
    ...(options.plugins ? { plugins: options.plugins } : {}),
  } as CosmosClientOptions);
}
