/**
 * `npm run bench -- status [--services N] [--concurrency C] [--warm-rounds R]`: the status of N
 * multi-cloud services (default 200) through the backend plugin's HTTP API, on the AWS provider,
 * against wire-level fakes of CloudWatch and Route53 and the project's SQS fake, with permissions
 * enabled as a portal runs them (the permission backend and the project's policy). A cold round
 * asks for every service (C requests in flight, all by default; a browser sends 6), which makes
 * them watched; the viewers then poll once a second until the refresh period has passed; then
 * the backend's status refresh (the scheduler task) runs R times, each followed by a warm round of
 * viewers. Prints one JSON line: upstream_calls is the CloudWatch calls of one refresh (the
 * largest), bound is ceil(queries / 500) per batch key (region, window and period), the target
 * being upstream_calls <= bound; warm_upstream_calls counts calls made by viewers after the cold
 * round (0: viewers only read the cache). The viewers run in a worker thread; floor_p95_ms is the
 * p95 of the same rounds against a bare route of a plugin that does nothing (see floorPlugin),
 * served through the same Backstage HTTP stack with the same user token, each floor round right
 * after a status round; ratio is warm_p95_ms / floor_p95_ms (target <= 1.3). liveness_p95_ms is
 * the backend's liveness route, which skips the plugins' stack (for information).
 * busy_ms_per_request is the backend thread's event-loop time working per request of each kind;
 * status_bytes the size of one status response's JSON (sent gzipped to the viewers, which
 * accept it as browsers do). R defaults to 20.
 * `--cpu-profile FILE` writes V8 CPU profiles of the backend's thread during the warm rounds of
 * each kind (FILE-status.cpuprofile, FILE-floor.cpuprofile, FILE-liveness.cpuprofile), not the
 * refreshes, for Chrome DevTools or any `.cpuprofile` reader.
 */
import {
  coreServices,
  createBackendPlugin,
  createServiceFactory,
} from '@backstage/backend-plugin-api';
import { rootHttpRouterServiceFactory } from '@backstage/backend-defaults/rootHttpRouter';
import { createBackend } from '@backstage/backend-defaults';
import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import express from 'express';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { writeFileSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Session } from 'node:inspector/promises';
import { Worker } from 'node:worker_threads';
import { startSqsFake } from '@multicloud/cloud-fakes';
import { multicloudOwnerOnlyPolicyModule } from '@multicloud/backstage-plugin-multicloud-backend';
import {
  STATUS_REFRESH_TASK,
  multicloudPlugin,
} from '@multicloud/backstage-plugin-multicloud-backend/src/plugin';
import {
  startApiGatewayFake,
  startCloudWatchFake,
  startRoute53Fake,
} from './awsWireFakes';

const arg = (name: string, fallback: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
};
const SERVICES = arg('services', 200);
const WARM_ROUNDS = arg('warm-rounds', 20);
/** Requests in flight at once: all of them by default; a browser sends 6 per host over HTTP/1.1. */
const CONCURRENCY = arg('concurrency', SERVICES);
const ACCOUNT = '111122223333';
/** The plugin's status refresh period (`multicloud.status.refreshSeconds`, default 5). */
const REFRESH_MS = 5_000;
const PROFILE = (() => {
  const i = process.argv.indexOf('--cpu-profile');
  return i > 0 ? process.argv[i + 1] : undefined;
})();

/**
 * One viewer round: each URL once, `concurrency` requests in flight; answers the latencies. A
 * status must have its AWS side read; any other answer must be a 2xx.
 */
const VIEWERS = `
const { parentPort, workerData } = require('node:worker_threads');
const http = require('node:http');
const { gunzipSync } = require('node:zlib');
const { authorization, concurrency } = workerData;
const agent = new http.Agent({ keepAlive: true, maxSockets: concurrency });
let bytes = 0;
// Timed up to the last byte, as sent (gzip accepted, as browsers do); decoding and checking wait
// until the round is over, since a browser does them on its own machine.
function read(url) {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    http
      .get(url, { agent, headers: { authorization, 'accept-encoding': 'gzip' } }, res => {
        const chunks = [];
        res.on('data', chunk => chunks.push(chunk));
        res.on('error', reject);
        res.on('end', () =>
          resolve({ url, res, body: Buffer.concat(chunks), ms: performance.now() - started }),
        );
      })
      .on('error', reject);
  });
}
function check({ url, res, body }) {
  const text = String(res.headers['content-encoding'] === 'gzip' ? gunzipSync(body) : body);
  bytes = Math.max(bytes, Buffer.byteLength(text));
  const json = JSON.parse(text);
  if (res.statusCode !== 200 || (json.clouds && !json.clouds.find(c => c.cloud === 'aws')?.ok))
    throw new Error(url + ': ' + res.statusCode + ' ' + text);
}
parentPort.on('message', async urls => {
  try {
    const responses = [];
    let next = 0;
    await Promise.all(
      Array.from({ length: Math.min(concurrency, urls.length) }, async () => {
        while (next < urls.length) responses.push(await read(urls[next++]));
      }),
    );
    responses.forEach(check);
    parentPort.postMessage({ latencies: responses.map(r => r.ms), bytes });
  } catch (error) {
    parentPort.postMessage({ error: String(error) });
  }
});
`;

/**
 * The floor: a bare route of a plugin of its own, served through the same Backstage HTTP stack as
 * the status route (the root router, the plugin's `httpRouter` with its credentials barrier,
 * which authenticates the same user token, an Express router) and doing no work of its own. What
 * the status route takes beyond it is the multicloud plugin's own cost.
 */
const floorPlugin = createBackendPlugin({
  pluginId: 'floor',
  register(env) {
    env.registerInit({
      deps: { httpRouter: coreServices.httpRouter },
      async init({ httpRouter }) {
        const router = express.Router();
        router.get('/ping', (_req, res) => {
          res.json({ status: 'ok' });
        });
        httpRouter.use(router);
      },
    });
  },
});

function p95(values: number[]) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[
    Math.min(sorted.length - 1, Math.ceil(sorted.length * 0.95) - 1)
  ];
}

type Profile = {
  nodes: { id: number }[];
  samples: number[];
  timeDeltas: number[];
  startTime: number;
  endTime: number;
};

/** The warm rounds' profiles as one: each round's nodes, renumbered, and its samples. */
function mergeProfiles(profiles: Profile[]): Profile {
  const merged: Profile = {
    nodes: [],
    samples: [],
    timeDeltas: [],
    startTime: profiles[0]?.startTime ?? 0,
    endTime: profiles.at(-1)?.endTime ?? 0,
  };
  for (const p of profiles) {
    const offset = merged.nodes.length;
    const id = (n: number) => n + offset;
    for (const n of p.nodes as ((typeof p.nodes)[number] & {
      children?: number[];
    })[])
      merged.nodes.push({
        ...n,
        id: id(n.id),
        children: n.children?.map(id),
      } as typeof n);
    merged.samples.push(...p.samples.map(id));
    merged.timeDeltas.push(...p.timeDeltas);
  }
  return merged;
}

async function main() {
  const ids = Array.from({ length: SERVICES }, (_, i) => `svc${i}`);
  const [cloudWatch, route53, sqs, apiGateway] = await Promise.all([
    startCloudWatchFake(),
    startRoute53Fake(ids.map(id => `${id}.example.com`)),
    startSqsFake(),
    startApiGatewayFake(ids),
  ]);
  const { SQSClient, CreateQueueCommand } = await import('@aws-sdk/client-sqs');
  const admin = new SQSClient({
    region: 'eu-west-1',
    endpoint: sqs.endpoint,
    credentials: { accessKeyId: 'bench', secretAccessKey: 'bench' },
  });
  for (const id of ids)
    for (const name of [`${id}-inbound`, `${id}-inbound-dlq`])
      await admin.send(new CreateQueueCommand({ QueueName: name }));

  const entities = ids.map(id => ({
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: {
      name: id,
      namespace: 'default',
      annotations: {
        'multicloud.io/service-id': id,
        'multicloud.io/provider': 'cloud',
        'multicloud.io/aws-account': ACCOUNT,
        'multicloud.io/aws-region': 'eu-west-1',
        'multicloud.io/azure-region': 'westeurope',
        'multicloud.io/route53-zone-id': 'ZBENCH',
        'multicloud.io/domain': `${id}.example.com`,
      },
    },
    spec: { type: 'service', owner: 'team-a', lifecycle: 'production' },
  }));
  const scheduler = mockServices.scheduler();
  // The root router as a portal's backend runs it (helmet, CORS, compression, request logging,
  // then the health and plugin routes), not the test backend's bare one: every route, the floor's
  // too, pays that stack. Listening on a free port of the loopback.
  let server: Server | undefined;
  const base = () =>
    `http://127.0.0.1:${(server!.address() as AddressInfo).port}`;
  // A backend built as a portal builds its own (createBackend), with the test doubles of
  // startTestBackend for what needs no real counterpart here (auth, user info, database, logger).
  const backend = createBackend();
  for (const feature of [
    mockServices.rootLogger.factory(),
    mockServices.auth.factory(),
    mockServices.httpAuth.factory(),
    mockServices.userInfo.factory(),
    mockServices.database.factory(),
    rootHttpRouterServiceFactory({
      configure: context => {
        server = context.server;
        context.applyDefaults();
      },
    }),
    createServiceFactory({
      service: coreServices.discovery,
      deps: { rootHttpRouter: coreServices.rootHttpRouter },
      factory: () => ({
        getBaseUrl: async (pluginId: string) => `${base()}/api/${pluginId}`,
        getExternalBaseUrl: async (pluginId: string) =>
          `${base()}/api/${pluginId}`,
      }),
    }),
    multicloudPlugin,
    floorPlugin,
    // Permissions as a portal runs them (examples/backend): enabled, so every decision the
    // plugin asks goes to the permission backend over HTTP, with the project's policy.
    import('@backstage/plugin-permission-backend'),
    multicloudOwnerOnlyPolicyModule,
    scheduler.factory({ skipTaskRunOnStartup: true }),
    catalogServiceMock.factory({ entities }),
    mockServices.rootConfig.factory({
      data: {
        aws: {
          accounts: [
            {
              accountId: ACCOUNT,
              accessKeyId: 'AKIABENCH',
              secretAccessKey: 'bench',
            },
          ],
        },
        backend: { listen: { host: '127.0.0.1', port: 0 } },
        permission: { enabled: true },
        multicloud: {
          aws: {
            endpoints: {
              apigateway: apiGateway.endpoint,
              cloudwatch: cloudWatch.endpoint,
              route53: route53.endpoint,
              sqs: sqs.endpoint,
            },
          },
        },
      },
    }),
  ])
    backend.add(feature);
  await backend.start();
  // The viewers run in a thread of their own, as browsers run on machines of their own: their
  // requests and JSON parsing do not queue on the backend's event loop with the requests they time.
  const viewers = new Worker(VIEWERS, {
    eval: true,
    workerData: {
      authorization: mockCredentials.user.header(),
      concurrency: CONCURRENCY,
    },
  });
  let responseBytes = 0;
  const viewAll = (urls: string[]): Promise<number[]> =>
    new Promise((resolve, reject) => {
      viewers.once(
        'message',
        (m: { latencies?: number[]; bytes: number; error?: string }) => {
          responseBytes = m.bytes;
          return m.error ? reject(new Error(m.error)) : resolve(m.latencies!);
        },
      );
      viewers.postMessage(urls);
    });
  const viewStatuses = () =>
    viewAll(
      ids.map(
        id =>
          `${base()}/api/multicloud/services/component/default/${id}/status`,
      ),
    );

  const cold = await viewStatuses();
  const profiler = PROFILE ? new Session() : undefined;
  profiler?.connect();
  await profiler?.post('Profiler.enable');
  const profiles = {
    status: [] as Profile[],
    floor: [] as Profile[],
    liveness: [] as Profile[],
  };
  // The backend's event loop time spent working (not waiting) in each kind of round, the
  // profiler's own work (starting, stopping) left out.
  const busyMs = { status: 0, floor: 0, liveness: 0 };
  async function measured<T>(
    kind: keyof typeof profiles,
    round: () => Promise<T>,
  ) {
    await profiler?.post('Profiler.start');
    const start = performance.eventLoopUtilization();
    const result = await round();
    busyMs[kind] += performance.eventLoopUtilization(start).active;
    if (profiler) {
      const { profile } = await profiler.post('Profiler.stop');
      profiles[kind].push(profile as unknown as Profile);
    }
    return result;
  }
  const coldCalls = cloudWatch.calls;
  const warm: number[] = [];
  const floor: number[] = [];
  const liveness: number[] = [];
  let callsPerRefresh = 0;
  let queriesPerRefresh = 0;
  let viewerCalls = 0;
  let statusBytes = 0;
  // A refresh reads again only the statuses older than the refresh period (5 s by default):
  // wait it out once, so that the first refresh reads every watched status and
  // `upstream_calls` is a whole refresh's calls, however fast the cold round went. Meanwhile the
  // viewers poll once a second, as the portal's pages do (useServiceStatus), unmeasured.
  for (const started = Date.now(); Date.now() - started < REFRESH_MS; ) {
    await Promise.all([
      viewStatuses(),
      new Promise(resolve => setTimeout(resolve, 1_000)),
    ]);
  }
  const statusRound = async () => {
    const before = cloudWatch.calls;
    warm.push(...(await measured('status', viewStatuses)));
    statusBytes = responseBytes;
    viewerCalls += cloudWatch.calls - before;
  };
  // The floor under the same load, in turns with the status rounds so that whatever else runs
  // on the machine weighs on both alike (see floorPlugin); which goes first alternates, so
  // neither always follows the refresh (its garbage is collected in the round after it).
  const floorRound = async () => {
    floor.push(
      ...(await measured('floor', () =>
        viewAll(ids.map(() => `${base()}/api/floor/ping`)),
      )),
    );
  };
  for (let round = 0; round < WARM_ROUNDS; round++) {
    const [calls, queries] = [cloudWatch.calls, cloudWatch.queries];
    await scheduler.triggerTask(STATUS_REFRESH_TASK);
    callsPerRefresh = Math.max(callsPerRefresh, cloudWatch.calls - calls);
    queriesPerRefresh = Math.max(
      queriesPerRefresh,
      cloudWatch.queries - queries,
    );
    for (const turn of round % 2
      ? [floorRound, statusRound]
      : [statusRound, floorRound])
      await turn();
    // For information: the backend's liveness route, which the root router answers before any
    // plugin's stack (no credentials barrier, no plugin router).
    liveness.push(
      ...(await measured('liveness', () =>
        viewAll(ids.map(() => `${base()}/.backstage/health/v1/liveness`)),
      )),
    );
  }
  if (PROFILE)
    for (const [kind, list] of Object.entries(profiles))
      writeFileSync(
        PROFILE.replace(/(\.cpuprofile)?$/, `-${kind}.cpuprofile`),
        JSON.stringify(mergeProfiles(list)),
      );
  // Per service, one batch key per region, window and period: 4 request and 3 lag queries over
  // 5 minutes in its region, 1 oldest-message age over 1 minute there (SQS's period), 5 recovery
  // figures (the redriver's and the reconciler's) as 1-minute points over an hour, and 1 health
  // query per cloud in us-east-1 (Route53's health metrics live there).
  const bound =
    Math.ceil((SERVICES * 7) / 500) +
    Math.ceil(SERVICES / 500) +
    Math.ceil((SERVICES * 5) / 500) +
    Math.ceil((SERVICES * 2) / 500);
  console.log(
    JSON.stringify({
      bench: 'status',
      services: SERVICES,
      concurrency: CONCURRENCY,
      upstream_calls: callsPerRefresh,
      queries: queriesPerRefresh,
      bound,
      cold_upstream_calls: coldCalls,
      warm_upstream_calls: viewerCalls,
      route53_calls: route53.calls,
      warm_p95_ms: Math.round(p95(warm) * 10) / 10,
      cold_p95_ms: Math.round(p95(cold) * 10) / 10,
      floor_p95_ms: Math.round(p95(floor) * 10) / 10,
      ratio: Math.round((p95(warm) / p95(floor)) * 100) / 100,
      liveness_p95_ms: Math.round(p95(liveness) * 10) / 10,
      status_bytes: statusBytes,
      busy_ms_per_request: {
        status: Math.round((busyMs.status / warm.length) * 1000) / 1000,
        floor: Math.round((busyMs.floor / floor.length) * 1000) / 1000,
        liveness: Math.round((busyMs.liveness / liveness.length) * 1000) / 1000,
      },
    }),
  );
  await Promise.race([
    Promise.all([
      viewers.terminate(),
      backend.stop(),
      cloudWatch.stop(),
      route53.stop(),
      sqs.stop(),
      apiGateway.stop(),
    ]),
    new Promise(resolve => setTimeout(resolve, 2000)),
  ]);
  // Keep-alive sockets of the test backend can hold the loop open; everything ran in-process.
  process.exit(0);
}

main().catch(error => {
  console.error(error);
  process.exit(1);
});
