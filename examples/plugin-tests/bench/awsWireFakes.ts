import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * Wire-level fakes of the two AWS APIs the status path reads that have no emulator: CloudWatch
 * `GetMetricData` (AWS JSON 1.0, as the SDK speaks it) and Route53 `ListResourceRecordSets`
 * (REST-XML). The real SDK clients talk to them unchanged; they count calls and queries.
 */
export interface WireFake {
  endpoint: string;
  calls: number;
  queries: number;
  stop(): Promise<void>;
}

async function listen(server: Server): Promise<string> {
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

function stopper(server: Server) {
  return () =>
    new Promise<void>(resolve => {
      server.closeAllConnections();
      server.close(() => resolve());
    });
}

export async function startCloudWatchFake(): Promise<WireFake> {
  const fake = { calls: 0, queries: 0 } as WireFake;
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', chunk => {
      body += chunk;
    });
    req.on('end', () => {
      const target = String(req.headers['x-amz-target'] ?? '');
      if (!target.endsWith('.GetMetricData')) {
        res.writeHead(400, { 'content-type': 'application/x-amz-json-1.0' });
        res.end(
          JSON.stringify({
            __type: 'InvalidAction',
            message: `fake has no ${target}`,
          }),
        );
        return;
      }
      const input = JSON.parse(body) as {
        StartTime: number;
        EndTime: number;
        MetricDataQueries: {
          Id: string;
          MetricStat: { Metric: { MetricName: string }; Period: number };
        }[];
      };
      fake.calls += 1;
      fake.queries += input.MetricDataQueries.length;
      const results = input.MetricDataQueries.map(q => {
        const name = q.MetricStat.Metric.MetricName;
        const points: number[] = [];
        for (
          let t = input.StartTime;
          t < input.EndTime;
          t += q.MetricStat.Period
        )
          points.push(t);
        return {
          Id: q.Id,
          Label: name,
          StatusCode: 'Complete',
          Timestamps: points,
          Values: points.map(() => (name === 'HealthCheckStatus' ? 1 : 42)),
        };
      });
      res.writeHead(200, { 'content-type': 'application/x-amz-json-1.0' });
      res.end(JSON.stringify({ MetricDataResults: results, Messages: [] }));
    });
  });
  fake.endpoint = await listen(server);
  fake.stop = stopper(server);
  return fake;
}

/**
 * Every hosted zone holds one weighted record per cloud at 50/50 for each of `names`, listed
 * 300 record sets a page as Route53 does.
 */
export async function startRoute53Fake(names: string[]): Promise<WireFake> {
  const fake = { calls: 0, queries: 0 } as WireFake;
  const sets = names
    .map(n => `${n}.`)
    .sort()
    .flatMap(name => ['aws', 'azure'].map(cloud => ({ name, cloud })));
  const record = ({ name, cloud }: { name: string; cloud: string }) =>
    `<ResourceRecordSet><Name>${name}</Name><Type>CNAME</Type><SetIdentifier>${cloud}</SetIdentifier><Weight>50</Weight><TTL>30</TTL><ResourceRecords><ResourceRecord><Value>${cloud}.${name}</Value></ResourceRecord></ResourceRecords><HealthCheckId>hc-${cloud}-${name}</HealthCheckId></ResourceRecordSet>`;
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://fake');
    const match = url.pathname.match(
      /^\/2013-04-01\/hostedzone\/([^/]+)\/rrset$/,
    );
    if (req.method !== 'GET' || !match) {
      res.writeHead(400, { 'content-type': 'text/xml' });
      res.end(
        `<ErrorResponse><Error><Type>Sender</Type><Code>InvalidInput</Code><Message>fake has no ${req.method} ${url.pathname}</Message></Error></ErrorResponse>`,
      );
      return;
    }
    fake.calls += 1;
    const startName = url.searchParams.get('name');
    const startId = url.searchParams.get('identifier');
    const from = startName
      ? sets.findIndex(s => s.name === startName && s.cloud === startId)
      : 0;
    const page = sets.slice(from, from + 300);
    const next = sets[from + 300];
    res.writeHead(200, { 'content-type': 'text/xml' });
    res.end(
      `<?xml version="1.0" encoding="UTF-8"?><ListResourceRecordSetsResponse xmlns="https://route53.amazonaws.com/doc/2013-04-01/"><ResourceRecordSets>${page
        .map(record)
        .join('')}</ResourceRecordSets><IsTruncated>${Boolean(
        next,
      )}</IsTruncated>${
        next
          ? `<NextRecordName>${next.name}</NextRecordName><NextRecordType>CNAME</NextRecordType><NextRecordIdentifier>${next.cloud}</NextRecordIdentifier>`
          : ''
      }<MaxItems>300</MaxItems></ListResourceRecordSetsResponse>`,
    );
  });
  fake.endpoint = await listen(server);
  fake.stop = stopper(server);
  return fake;
}

/**
 * API Gateway V2 `GetApis` (REST-JSON, `GET /v2/apis`): one HTTP API per name, 100 a page with
 * `nextToken`, as the API Gateway V2 API Reference shows the listing.
 */
export async function startApiGatewayFake(names: string[]): Promise<WireFake> {
  const fake = { calls: 0, queries: 0 } as WireFake;
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://fake');
    if (req.method !== 'GET' || url.pathname !== '/v2/apis') {
      res.writeHead(404, { 'content-type': 'application/json' });
      res.end(
        JSON.stringify({
          message: `fake has no ${req.method} ${url.pathname}`,
        }),
      );
      return;
    }
    fake.calls += 1;
    const from = Number(url.searchParams.get('nextToken') ?? 0);
    const size = Number(url.searchParams.get('maxResults') ?? 100);
    const page = names.slice(from, from + size);
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(
      JSON.stringify({
        items: page.map((name, i) => ({
          apiId: `api${from + i}`,
          name,
          protocolType: 'HTTP',
          apiEndpoint: `https://api${
            from + i
          }.execute-api.eu-west-1.amazonaws.com`,
        })),
        ...(from + size < names.length
          ? { nextToken: String(from + size) }
          : {}),
      }),
    );
  });
  fake.endpoint = await listen(server);
  fake.stop = stopper(server);
  return fake;
}
