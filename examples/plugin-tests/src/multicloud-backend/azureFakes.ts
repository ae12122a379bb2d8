import type { IncomingMessage } from 'node:http';
import { createServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import selfsigned from 'selfsigned';

/** One data point as the metrics batch API returns it. */
export interface FakePoint {
  timeStamp: string;
  count?: number;
  total?: number;
  average?: number;
  maximum?: number;
}

/** A Traffic Manager endpoint as the fake keeps it. */
export interface FakeEndpoint {
  name: string;
  weight: number;
  endpointStatus: 'Enabled' | 'Disabled';
  endpointMonitorStatus: string;
}

/** A Front Door origin as the fake keeps it. */
export interface FakeOrigin {
  name: string;
  hostName: string;
  weight: number;
  enabledState: 'Enabled' | 'Disabled';
  /** ARM's state of the resource: `Updating` while a change is applied (default `Succeeded`). */
  provisioningState?: 'Updating' | 'Succeeded' | 'Failed';
  deploymentStatus: 'NotStarted' | 'InProgress' | 'Succeeded' | 'Failed';
}

export interface AzureFakeState {
  /** Front Door origins by their origin group's resource id. */
  originGroups?: Record<string, FakeOrigin[]>;
  /** Per resource id (any case), per metric name: time series, each with its dimension values. */
  metrics: Record<
    string,
    Record<string, { dimensions?: Record<string, string>; data: FakePoint[] }[]>
  >;
  /**
   * Per Application Insights resource id: the rows `figure, avg, p50, p99` of the figures log
   * query, and `figure, avg, p50, p99, t` of its binned form (charts).
   */
  logs: Record<
    string,
    {
      summary: (string | number | null)[][];
      bins?: (string | number | null)[][];
      /** Rows `t, metric, v` of the redriver's and reconciler's log lines (RECOVERY_QUERY). */
      recovery?: (string | number)[][];
    }
  >;
  /** Traffic Manager profiles by their resource id. */
  profiles: Record<string, FakeEndpoint[]>;
  /** Queue counts of the Service Bus admin API, by queue name. */
  queueCounts: (
    name: string,
  ) => Promise<{ active: number; deadLettered: number } | undefined>;
}

/**
 * An HTTPS server that speaks the three Azure wire protocols the backend reads, as the real SDKs
 * send them: the Azure Monitor metrics batch API (`metrics:getBatch`, JSON), Azure Resource Manager
 * for Traffic Manager profiles (JSON; list, get and patch), and Service Bus's ATOM management API
 * for a queue's runtime properties (XML). TLS with a certificate made for the run, because the
 * SDKs refuse to send a bearer token over plain HTTP; clients trust it through `tlsOptions.ca`.
 */
export async function startAzureFake(state: AzureFakeState) {
  const pems = certificate();
  const calls = {
    metrics: 0,
    listProfiles: 0,
    getProfile: 0,
    patchProfile: 0,
    queue: 0,
    logs: 0,
    patchOrigin: [] as string[],
  };
  const logQueries: { resourceId: string; query: string; timespan: string }[] =
    [];
  const requests: { method: string; path: string; authorization?: string }[] =
    [];

  const server = createServer(
    { key: pems.private, cert: pems.cert },
    async (req, res) => {
      const url = new URL(req.url ?? '/', 'https://fake');
      const path = url.pathname;
      requests.push({
        method: req.method ?? '',
        path,
        authorization: req.headers.authorization,
      });
      const json = (status: number, body: unknown) => {
        res
          .writeHead(status, { 'content-type': 'application/json' })
          .end(JSON.stringify(body));
      };
      try {
        if (!req.headers.authorization?.startsWith('Bearer '))
          return json(401, {
            error: { code: 'Unauthorized', message: 'no bearer token' },
          });
        if (req.method === 'POST' && path.endsWith('/metrics:getBatch')) {
          calls.metrics++;
          const body = JSON.parse(await read(req)) as { resourceids: string[] };
          const names = (url.searchParams.get('metricnames') ?? '').split(',');
          return json(200, {
            values: body.resourceids.map(id => ({
              starttime: url.searchParams.get('starttime'),
              endtime: url.searchParams.get('endtime'),
              interval: url.searchParams.get('interval'),
              namespace: url.searchParams.get('metricnamespace'),
              resourceregion: 'westeurope',
              resourceid: id,
              value: names.map(name => ({
                id: `${id}/providers/Microsoft.Insights/metrics/${name}`,
                type: 'Microsoft.Insights/metrics',
                // The real API's display names differ from the metric names the client asked for.
                name: {
                  value: name,
                  localizedValue: `Display name of ${name}`,
                },
                unit: 'Count',
                errorCode: 'Success',
                timeseries: (metricsOf(state, id)[name] ?? []).map(series => ({
                  metadatavalues: Object.entries(series.dimensions ?? {}).map(
                    ([k, v]) => ({
                      name: { value: k.toLowerCase(), localizedValue: k },
                      value: v,
                    }),
                  ),
                  data: series.data,
                })),
              })),
            })),
          });
        }
        const groupId = Object.keys(state.originGroups ?? {}).find(id =>
          path.toLowerCase().startsWith(id.toLowerCase()),
        );
        if (groupId) {
          const origins = state.originGroups![groupId];
          const originJson = (o: FakeOrigin) => ({
            id: `${groupId}/origins/${o.name}`,
            name: o.name,
            type: 'Microsoft.Cdn/profiles/origingroups/origins',
            properties: {
              hostName: o.hostName,
              weight: o.weight,
              priority: 1,
              enabledState: o.enabledState,
              provisioningState: o.provisioningState ?? 'Succeeded',
              deploymentStatus: o.deploymentStatus,
            },
          });
          const name = path.slice(groupId.length + '/origins/'.length);
          if (req.method === 'GET' && path.length === groupId.length)
            return json(200, {
              id: groupId,
              name: groupId.split('/').pop(),
              type: 'Microsoft.Cdn/profiles/origingroups',
              properties: {
                loadBalancingSettings: {
                  sampleSize: 4,
                  successfulSamplesRequired: 3,
                },
                healthProbeSettings: {
                  probePath: '/health',
                  probeRequestType: 'GET',
                  probeProtocol: 'Https',
                  probeIntervalInSeconds: 30,
                },
                provisioningState: 'Succeeded',
                deploymentStatus: 'NotStarted',
              },
            });
          if (req.method === 'GET' && !name)
            return json(200, { value: origins.map(originJson) });
          const origin = origins.find(o => o.name === name);
          if (req.method === 'PATCH' && origin) {
            const body = JSON.parse(await read(req)) as {
              properties: Partial<FakeOrigin>;
            };
            const { weight, enabledState } = body.properties;
            if (weight !== undefined && (weight < 1 || weight > 1000))
              return json(400, {
                error: {
                  code: 'BadRequest',
                  message: 'weight must be 1 to 1000',
                },
              });
            calls.patchOrigin.push(name);
            if (weight !== undefined) origin.weight = weight;
            if (enabledState) origin.enabledState = enabledState;
            // As ARM answers an update: the resource is `Updating` until the change is applied;
            // the test moves it on. The edge deployment status is left as the documented
            // payloads show it after provisioning (`NotStarted`, AFDOrigins_Get.json).
            origin.provisioningState = 'Updating';
            origin.deploymentStatus = 'NotStarted';
            return json(200, originJson(origin));
          }
        }
        if (req.method === 'POST' && path.endsWith('/query')) {
          calls.logs++;
          const body = JSON.parse(await read(req)) as {
            query: string;
            timespan: string;
          };
          const resourceId = decodeURIComponent(path)
            .replace(/^\/v1\/*/, '/')
            .replace(/\/query$/, '');
          logQueries.push({ resourceId, ...body });
          const binned = body.query.includes('bin(timestamp');
          const recovery = body.query.includes('"metric":"DeadLetters');
          const key = Object.keys(state.logs).find(
            k => k.toLowerCase() === resourceId.toLowerCase(),
          );
          if (!key)
            return json(404, {
              error: {
                code: 'ResourceNotFound',
                message: `no Application Insights ${resourceId}`,
              },
            });
          if (recovery)
            return json(200, {
              tables: [
                {
                  name: 'PrimaryResult',
                  columns: [
                    { name: 't', type: 'datetime' },
                    { name: 'metric', type: 'string' },
                    { name: 'v', type: 'real' },
                  ],
                  rows: state.logs[key].recovery ?? [],
                },
              ],
            });
          return json(200, {
            tables: [
              {
                name: 'PrimaryResult',
                columns: [
                  { name: 'figure', type: 'string' },
                  { name: 'avg', type: 'real' },
                  { name: 'p50', type: 'real' },
                  { name: 'p99', type: 'real' },
                  ...(binned ? [{ name: 't', type: 'datetime' }] : []),
                ],
                rows: binned
                  ? state.logs[key].bins ?? []
                  : state.logs[key].summary,
              },
            ],
          });
        }
        if (
          req.method === 'GET' &&
          /\/providers\/microsoft\.network\/trafficmanagerprofiles$/i.test(path)
        ) {
          calls.listProfiles++;
          return json(200, {
            value: Object.keys(state.profiles).map(id =>
              profileJson(state, id),
            ),
          });
        }
        const profileId = Object.keys(state.profiles).find(
          id => id.toLowerCase() === path.toLowerCase(),
        );
        if (profileId && req.method === 'GET') {
          calls.getProfile++;
          return json(200, profileJson(state, profileId));
        }
        if (profileId && req.method === 'PATCH') {
          calls.patchProfile++;
          const body = JSON.parse(await read(req)) as {
            properties?: {
              endpoints?: { name: string; properties: Partial<FakeEndpoint> }[];
            };
          };
          for (const change of body.properties?.endpoints ?? []) {
            const endpoint = state.profiles[profileId].find(
              e => e.name === change.name,
            );
            if (!endpoint)
              return json(400, {
                error: {
                  code: 'BadRequest',
                  message: `no endpoint ${change.name}`,
                },
              });
            const { weight, endpointStatus } = change.properties;
            if (weight !== undefined && (weight < 1 || weight > 1000))
              return json(400, {
                error: {
                  code: 'BadRequest',
                  message: 'weight must be 1 to 1000',
                },
              });
            if (weight !== undefined) endpoint.weight = weight;
            if (endpointStatus) {
              endpoint.endpointStatus = endpointStatus;
              endpoint.endpointMonitorStatus =
                endpointStatus === 'Disabled' ? 'Disabled' : 'CheckingEndpoint';
            }
          }
          return json(200, profileJson(state, profileId));
        }
        if (
          req.method === 'GET' &&
          url.searchParams.has('api-version') &&
          /^\/[^/]+$/.test(path)
        ) {
          calls.queue++;
          const name = decodeURIComponent(path.slice(1));
          const counts = await state.queueCounts(name);
          res.writeHead(200, {
            'content-type': 'application/atom+xml;type=entry;charset=utf-8',
          });
          return res.end(counts ? queueEntry(name, counts) : emptyFeed());
        }
        return json(404, {
          error: { code: 'NotFound', message: `${req.method} ${path}` },
        });
      } catch (error) {
        return json(500, {
          error: { code: 'InternalError', message: String(error) },
        });
      }
    },
  );
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    /** `https://127.0.0.1:PORT` */
    endpoint: `https://127.0.0.1:${port}`,
    /** `127.0.0.1:PORT`, the form of a Service Bus namespace host. */
    host: `127.0.0.1:${port}`,
    ca: pems.cert,
    calls,
    requests,
    logQueries,
    stop: () => new Promise<void>(resolve => server.close(() => resolve())),
  };
}

let pemsOfRun: { private: string; cert: string } | undefined;

/** One certificate per test run: making an RSA key in JavaScript takes about a second. */
function certificate(): { private: string; cert: string } {
  pemsOfRun ??= selfsigned.generate(
    [{ name: 'commonName', value: '127.0.0.1' }],
    {
      days: 1,
      keySize: 2048,
      algorithm: 'sha256',
      extensions: [
        { name: 'subjectAltName', altNames: [{ type: 7, ip: '127.0.0.1' }] },
      ],
    },
  );
  return pemsOfRun;
}

function metricsOf(state: AzureFakeState, id: string) {
  const key = Object.keys(state.metrics).find(
    k => k.toLowerCase() === id.toLowerCase(),
  );
  return key ? state.metrics[key] : {};
}

function profileJson(state: AzureFakeState, id: string) {
  const name = id.split('/').pop();
  return {
    id,
    name,
    type: 'Microsoft.Network/trafficManagerProfiles',
    location: 'global',
    properties: {
      profileStatus: 'Enabled',
      trafficRoutingMethod: 'Weighted',
      dnsConfig: { relativeName: name, ttl: 30 },
      monitorConfig: { protocol: 'HTTPS', port: 443, path: '/health' },
      endpoints: state.profiles[id].map(e => ({
        id: `${id}/externalEndpoints/${e.name}`,
        name: e.name,
        type: 'Microsoft.Network/trafficManagerProfiles/externalEndpoints',
        properties: {
          target: `${e.name}.example.com`,
          weight: e.weight,
          endpointStatus: e.endpointStatus,
          endpointMonitorStatus: e.endpointMonitorStatus,
        },
      })),
    },
  };
}

function queueEntry(
  name: string,
  counts: { active: number; deadLettered: number },
) {
  const now = new Date().toISOString();
  return `<?xml version="1.0" encoding="utf-8"?><entry xmlns="http://www.w3.org/2005/Atom"><id>https://fake/${name}</id><title type="text">${name}</title><published>${now}</published><updated>${now}</updated><content type="application/xml"><QueueDescription xmlns="http://schemas.microsoft.com/netservices/2010/10/servicebus/connect" xmlns:i="http://www.w3.org/2001/XMLSchema-instance"><SizeInBytes>0</SizeInBytes><CreatedAt>${now}</CreatedAt><UpdatedAt>${now}</UpdatedAt><AccessedAt>${now}</AccessedAt><MessageCount>${
    counts.active + counts.deadLettered
  }</MessageCount><CountDetails xmlns:d2p1="http://schemas.microsoft.com/netservices/2011/06/servicebus"><d2p1:ActiveMessageCount>${
    counts.active
  }</d2p1:ActiveMessageCount><d2p1:DeadLetterMessageCount>${
    counts.deadLettered
  }</d2p1:DeadLetterMessageCount><d2p1:ScheduledMessageCount>0</d2p1:ScheduledMessageCount><d2p1:TransferMessageCount>0</d2p1:TransferMessageCount><d2p1:TransferDeadLetterMessageCount>0</d2p1:TransferDeadLetterMessageCount></CountDetails><Status>Active</Status></QueueDescription></content></entry>`;
}

function emptyFeed() {
  return `<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom"><title type="text">Publicly Listed Services</title><id>uuid:empty</id><updated>${new Date().toISOString()}</updated></feed>`;
}

function read(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (chunk: string) => {
      body += chunk;
    });
    req.on('end', () => resolve(body));
    req.on('error', reject);
  });
}
