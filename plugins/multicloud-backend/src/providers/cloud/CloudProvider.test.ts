import {
  ApiGatewayV2Client,
  GetApisCommand,
} from '@aws-sdk/client-apigatewayv2';
import {
  CloudWatchClient,
  GetMetricDataCommand,
  type GetMetricDataCommandInput,
} from '@aws-sdk/client-cloudwatch';
import {
  ChangeResourceRecordSetsCommand,
  GetChangeCommand,
  ListResourceRecordSetsCommand,
  Route53Client,
  type ResourceRecordSet,
} from '@aws-sdk/client-route-53';
import {
  GetQueueAttributesCommand,
  GetQueueUrlCommand,
  ListMessageMoveTasksCommand,
  ReceiveMessageCommand,
  SQSClient,
  StartMessageMoveTaskCommand,
} from '@aws-sdk/client-sqs';
import { ConfigReader } from '@backstage/config';
import { mockClient } from 'aws-sdk-client-mock';
import { cloudLocation } from '../../__testUtils__/awsFixtures';
import { createCloudProvider } from './createCloudProvider';

const cloudWatch = mockClient(CloudWatchClient);
const route53 = mockClient(Route53Client);
const sqs = mockClient(SQSClient);
const apiGateway = mockClient(ApiGatewayV2Client);

const config = new ConfigReader({
  aws: {
    accounts: [
      {
        accountId: '111122223333',
        accessKeyId: 'AKIAEXAMPLE',
        secretAccessKey: 'example',
      },
      {
        accountId: '444455556666',
        accessKeyId: 'AKIAOTHER',
        secretAccessKey: 'other',
      },
    ],
  },
  multicloud: { aws: {} },
});
const service = cloudLocation('orders');

let records: ResourceRecordSet[];
/** Per metric name and stat, the value CloudWatch answers; HealthCheckStatus per health check. */
let metricValues: Record<string, number[]>;
/** Per metric name and stat, the periods (from the window's start) of its values, where sparse. */
let metricPeriods: Record<string, number[]>;

beforeEach(() => {
  cloudWatch.reset();
  route53.reset();
  sqs.reset();
  apiGateway.reset();
  // GetApis as the API Gateway V2 API Reference shows it ("Apis", GET /v2/apis,
  // https://docs.aws.amazon.com/apigatewayv2/latest/api-reference/apis.html): items of
  // apiId, name, protocolType, apiEndpoint, a page at a time with nextToken.
  apiGateway
    .on(GetApisCommand, { NextToken: undefined })
    .resolves({
      Items: [
        {
          ApiId: 'ws0001',
          Name: 'orders',
          ProtocolType: 'WEBSOCKET',
          RouteSelectionExpression: '$request.body.action',
        },
      ],
      NextToken: 'page-2',
    })
    .on(GetApisCommand, { NextToken: 'page-2' })
    .resolves({
      Items: [
        {
          ApiId: 'a1b2c3d4e5',
          Name: 'orders',
          ProtocolType: 'HTTP',
          ApiEndpoint: 'https://a1b2c3d4e5.execute-api.eu-west-1.amazonaws.com',
          RouteSelectionExpression: '$request.method $request.path',
        },
        {
          ApiId: 'f6g7h8i9j0',
          Name: 'payments',
          ProtocolType: 'HTTP',
          ApiEndpoint: 'https://f6g7h8i9j0.execute-api.eu-west-1.amazonaws.com',
          RouteSelectionExpression: '$request.method $request.path',
        },
      ],
    });
  records = (['aws', 'azure'] as const).map(cloud => ({
    Name: 'orders.example.com.',
    Type: 'CNAME',
    SetIdentifier: cloud,
    Weight: 50,
    TTL: 30,
    ResourceRecords: [{ Value: `${cloud}.orders.example.com` }],
    HealthCheckId: `hc-${cloud}`,
  }));
  metricValues = {
    'Count/Sum': [3000],
    '5xx/Sum': [30],
    'Latency/p50': [12],
    'Latency/p99': [85],
    // Seconds, as SQS publishes it; one point a minute over the five-minute window.
    'ApproximateAgeOfOldestMessage/Maximum': [2, 3, 41, 57],
    'ReplicationLagMs/Average': [140],
    'ReplicationLagMs/p50': [120],
    'ReplicationLagMs/p99': [380],
    'HealthCheckStatus/hc-aws': [1, 1, 1],
    'HealthCheckStatus/hc-azure': [1, 0, 0],
  };
  metricPeriods = {};
  route53.on(ListResourceRecordSetsCommand).callsFake(() => ({
    ResourceRecordSets: [
      { Name: 'example.com.', Type: 'SOA' },
      ...records.map(r => ({ ...r })),
    ],
  }));
  cloudWatch
    .on(GetMetricDataCommand)
    .callsFake((input: GetMetricDataCommandInput) => ({
      MetricDataResults: input.MetricDataQueries!.map(q => {
        const stat = q.MetricStat!;
        const key =
          stat.Metric!.MetricName === 'HealthCheckStatus'
            ? `HealthCheckStatus/${stat.Metric!.Dimensions![0].Value}`
            : `${stat.Metric!.MetricName}/${stat.Stat}`;
        const values = metricValues[key] ?? [];
        const start = (input.StartTime as Date).getTime();
        return {
          Id: q.Id,
          Timestamps: values.map(
            (_, i) =>
              new Date(
                start + (metricPeriods[key]?.[i] ?? i) * stat.Period! * 1000,
              ),
          ),
          Values: values,
        };
      }),
    }));
  sqs.on(GetQueueUrlCommand).callsFake(input => ({
    QueueUrl: `https://sqs.eu-west-1.amazonaws.com/111122223333/${input.QueueName}`,
  }));
  sqs.on(GetQueueAttributesCommand).callsFake(input => {
    const dlq = input.QueueUrl.endsWith('-dlq');
    return {
      Attributes: {
        ApproximateNumberOfMessages: dlq ? '7' : '4',
        ApproximateNumberOfMessagesNotVisible: dlq ? '0' : '2',
        QueueArn: `arn:aws:sqs:eu-west-1:111122223333:${input.QueueUrl.split(
          '/',
        ).pop()}`,
      },
    };
  });
});

describe('the cloud provider on AWS (Route53 routing)', () => {
  const provider = createCloudProvider(config)!;

  it('reads weights from the weighted records and health from the health checks', async () => {
    await expect(provider.traffic.getWeights(service)).resolves.toEqual({
      aws: 50,
      azure: 50,
    });
    const health = await provider.health.getHealth(service);
    expect(health).toEqual([
      expect.objectContaining({
        cloud: 'aws',
        ok: true,
        data: expect.objectContaining({
          region: 'eu-west-1',
          health: 'healthy',
        }),
      }),
      expect.objectContaining({
        cloud: 'azure',
        ok: true,
        data: expect.objectContaining({
          region: 'westeurope',
          health: 'unhealthy',
        }),
      }),
    ]);
    // Azure has failed since the second minute of the window.
    const azure = health[1] as { data: { healthSince: string } };
    const aws = health[0] as { data: { healthSince: string } };
    expect(new Date(azure.data.healthSince).getTime()).toBe(
      new Date(aws.data.healthSince).getTime() + 60_000,
    );
  });

  it('reads the requests of the HTTP API (5xx answers counted as errors) and the lag as the larger of the applied lag and the oldest message', async () => {
    const [current, replication] = await Promise.all([
      provider.metrics.getCurrent(service),
      provider.replication.getReplication(service),
    ]);
    expect(current[0]).toEqual({
      cloud: 'aws',
      ok: true,
      data: {
        requestsPerSecond: 10,
        latencyP50Ms: 12,
        latencyP99Ms: 85,
        errorRate: 0.01,
        failedAtRouterPerSecond: null,
        asOf: expect.any(String),
      },
    });
    // The request metrics are the HTTP API's, found by its name across GetApis pages.
    const requestQueries = cloudWatch
      .commandCalls(GetMetricDataCommand)
      .flatMap(c => c.args[0].input.MetricDataQueries!)
      .filter(q => q.MetricStat!.Metric!.Namespace === 'AWS/ApiGateway');
    expect(
      requestQueries.map(q => [
        q.MetricStat!.Metric!.MetricName,
        q.MetricStat!.Metric!.Dimensions,
      ]),
    ).toContainEqual(['5xx', [{ Name: 'ApiId', Value: 'a1b2c3d4e5' }]]);
    expect(replication[0]).toEqual({
      cloud: 'aws',
      ok: true,
      data: {
        // The oldest message has waited 57 s: far more than the 140 ms of applied events.
        replicationLag: {
          currentMs: 57_000,
          appliedMs: 140,
          oldestWaitingMs: 57_000,
          p50Ms: 120,
          p99Ms: 380,
        },
        queueDepth: 6,
        deadLetterDepth: 7,
        asOf: expect.any(String),
      },
    });
    // The lag and the request figures share one CloudWatch call; the queue's age (one-minute
    // points) another.
    expect(cloudWatch.commandCalls(GetMetricDataCommand)).toHaveLength(2);
    // Without Azure configured, Azure is an error entry, not a failed answer.
    expect(current[1]).toMatchObject({
      cloud: 'azure',
      ok: false,
      error: { message: expect.stringContaining('no azure configuration') },
    });
  });

  it("reads the redriver's counts and the reconciler's last round from their EMF metrics", async () => {
    // The redriver reports every minute; two rounds of anti-entropy steps, 15 minutes apart.
    metricValues['DeadLettersAwaitingPerson/Maximum'] = [0, 0, 1, 2];
    metricValues['DeadLettersRedriven/Sum'] = [3, 0, 4, 0];
    metricPeriods['DeadLettersAwaitingPerson/Maximum'] = [40, 41, 42, 43];
    metricPeriods['DeadLettersRedriven/Sum'] = [40, 41, 42, 43];
    const round = [10, 11, 25, 26];
    metricValues['AntiEntropyCompared/Sum'] = [1000, 500, 1200, 300];
    metricValues['AntiEntropyDiverged/Sum'] = [9, 0, 2, 1];
    metricValues['AntiEntropyRepaired/Sum'] = [9, 0, 1, 1];
    for (const name of ['Compared', 'Diverged', 'Repaired'])
      metricPeriods[`AntiEntropy${name}/Sum`] = round;

    const [aws] = await provider.replication.getRecovery(service);

    const [call] = cloudWatch.commandCalls(GetMetricDataCommand);
    const { StartTime, EndTime, MetricDataQueries } = call.args[0].input;
    const start = (StartTime as Date).getTime();
    expect((EndTime as Date).getTime() - start).toBe(3600_000);
    expect(
      MetricDataQueries!.map(q => [
        q.MetricStat!.Metric!.Namespace,
        q.MetricStat!.Metric!.MetricName,
        q.MetricStat!.Stat,
        q.MetricStat!.Period,
        q.MetricStat!.Metric!.Dimensions,
      ]),
    ).toContainEqual([
      'MulticloudService',
      'DeadLettersAwaitingPerson',
      'Maximum',
      60,
      [{ Name: 'service', Value: 'orders' }],
    ]);
    expect(aws).toEqual({
      cloud: 'aws',
      ok: true,
      data: {
        deadLetters: {
          awaitingPerson: 2,
          redrivenLastHour: 7,
          // The end of the newest run's minute.
          asOf: new Date(start + 44 * 60_000).toISOString(),
        },
        // Only the later round's steps, added up.
        antiEntropy: {
          compared: 1500,
          diverged: 3,
          repaired: 2,
          at: new Date(start + 27 * 60_000).toISOString(),
        },
      },
    });
    // All five figures of a service in one GetMetricData call.
    expect(cloudWatch.commandCalls(GetMetricDataCommand)).toHaveLength(1);
  });

  it('reads no run and no round as unknown, not as zero', async () => {
    const [aws] = await provider.replication.getRecovery(service);
    expect(aws).toMatchObject({
      ok: true,
      data: {
        deadLetters: { awaitingPerson: null, redrivenLastHour: 0, asOf: null },
        antiEntropy: null,
      },
    });
  });

  it('changes both weights in one atomic batch that keeps the rest of each record', async () => {
    route53.on(ChangeResourceRecordSetsCommand).callsFake(input => {
      for (const change of input.ChangeBatch.Changes) {
        const i = records.findIndex(
          r => r.SetIdentifier === change.ResourceRecordSet.SetIdentifier,
        );
        records[i] = change.ResourceRecordSet;
      }
      return { ChangeInfo: { Id: '/change/C1', Status: 'PENDING' } };
    });
    route53
      .on(GetChangeCommand)
      .resolvesOnce({
        ChangeInfo: { Id: '/change/C1', Status: 'PENDING' } as never,
      })
      .resolves({
        ChangeInfo: { Id: '/change/C1', Status: 'INSYNC' } as never,
      });

    const changeId = await provider.traffic.setWeights(service, {
      aws: 0,
      azure: 100,
    });
    // The change id is returned for the failover's record, so a restart can resume the wait.
    expect(changeId).toBe('/change/C1');
    const [change] = route53.commandCalls(ChangeResourceRecordSetsCommand);
    expect(change.args[0].input).toMatchObject({
      HostedZoneId: 'Z123',
      ChangeBatch: {
        Changes: [
          {
            Action: 'UPSERT',
            ResourceRecordSet: {
              SetIdentifier: 'aws',
              Weight: 0,
              HealthCheckId: 'hc-aws',
              ResourceRecords: [{ Value: 'aws.orders.example.com' }],
            },
          },
          {
            Action: 'UPSERT',
            ResourceRecordSet: { SetIdentifier: 'azure', Weight: 100 },
          },
        ],
      },
    });
    // Not in effect until Route53 says INSYNC, then read back from the records; asked by the
    // stored id, as a restarted backend (a new Route53Routing) asks.
    const restarted = createCloudProvider(config)!;
    await expect(
      restarted.traffic.isInEffect(service, { aws: 0, azure: 100 }, changeId),
    ).resolves.toBe(false);
    await expect(
      restarted.traffic.isInEffect(service, { aws: 0, azure: 100 }, changeId),
    ).resolves.toBe(true);
    expect(
      route53.commandCalls(GetChangeCommand).map(c => c.args[0].input.Id),
    ).toEqual(['/change/C1', '/change/C1']);
    await expect(provider.traffic.getWeights(service)).resolves.toEqual({
      aws: 0,
      azure: 100,
    });
  });

  it('says which record is missing, and which annotations a service lacks', async () => {
    records = records.filter(r => r.SetIdentifier === 'aws');
    await expect(
      createCloudProvider(config)!.traffic.getWeights(service),
    ).rejects.toThrow(
      /has no weighted record orders\.example\.com\. with set identifier "azure"/,
    );
    await expect(
      provider.traffic.getWeights(cloudLocation('bare', { route53: null })),
    ).rejects.toThrow(/multicloud\.io\/route53-zone-id/);
    const health = await provider.health.getHealth(
      cloudLocation('bare', { routing: 'front-door' }),
    );
    expect(health[0]).toMatchObject({
      ok: false,
      error: { message: expect.stringContaining('front-door') },
    });
  });

  it('lists dead letters with the reason the apply gave, leaving them visible', async () => {
    sqs.on(ReceiveMessageCommand).resolves({
      Messages: [
        {
          MessageId: 'm-1',
          ReceiptHandle: 'r-1',
          Body: JSON.stringify({ key: 'poison-1', version: 'v' }),
          MessageAttributes: {
            DeadLetterReason: {
              DataType: 'String',
              StringValue:
                'remote version v is 3600000 ms ahead of the local clock',
            },
          },
        },
        // Moved by SQS after its receives: no reason at all.
        { MessageId: 'm-2', ReceiptHandle: 'r-2', Body: 'not json' },
      ],
    });
    await expect(
      provider.replication.listDeadLetters(service, 'aws', 20),
    ).resolves.toEqual([
      {
        id: 'm-1',
        key: 'poison-1',
        reason: 'remote version v is 3600000 ms ahead of the local clock',
      },
      { id: 'm-2', key: null, reason: null },
    ]);
    expect(sqs.commandCalls(ReceiveMessageCommand)[0].args[0].input).toEqual({
      QueueUrl:
        'https://sqs.eu-west-1.amazonaws.com/111122223333/orders-inbound-dlq',
      MaxNumberOfMessages: 10,
      VisibilityTimeout: 0,
      // A long poll: a short one may answer empty while letters wait.
      WaitTimeSeconds: 1,
      MessageAttributeNames: ['All'],
    });
  });

  it('replays dead letters with an SQS message move task, and refuses a second one while it runs', async () => {
    sqs.on(ListMessageMoveTasksCommand).resolvesOnce({ Results: [] });
    sqs.on(StartMessageMoveTaskCommand).resolves({ TaskHandle: 'task-1' });
    await expect(
      provider.replication.replayDeadLetters(service, 'aws'),
    ).resolves.toEqual({ cloud: 'aws', replayed: 7, remaining: 0 });
    expect(
      sqs.commandCalls(StartMessageMoveTaskCommand)[0].args[0].input,
    ).toEqual({
      SourceArn: 'arn:aws:sqs:eu-west-1:111122223333:orders-inbound-dlq',
      DestinationArn: 'arn:aws:sqs:eu-west-1:111122223333:orders-inbound',
    });

    sqs.on(ListMessageMoveTasksCommand).resolves({
      Results: [
        {
          Status: 'RUNNING',
          ApproximateNumberOfMessagesMoved: 3,
          ApproximateNumberOfMessagesToMove: 7,
        },
      ],
    });
    await expect(
      provider.replication.replayDeadLetters(service, 'aws'),
    ).rejects.toMatchObject({
      name: 'ConflictError',
      message: expect.stringContaining('already running (3 of 7 moved)'),
    });
    // A task being cancelled still holds the queue: a plain sentence, not SQS's raw error.
    sqs.on(ListMessageMoveTasksCommand).resolves({
      Results: [{ Status: 'CANCELLING', ApproximateNumberOfMessagesMoved: 3 }],
    });
    await expect(
      provider.replication.replayDeadLetters(service, 'aws'),
    ).rejects.toMatchObject({
      name: 'ConflictError',
      message: expect.stringContaining('is being cancelled; try again'),
    });
    expect(sqs.commandCalls(StartMessageMoveTaskCommand)).toHaveLength(1);
  });

  it('draws the series of a range in aligned buckets, requests per second and error rate derived', async () => {
    metricValues['Count/Sum'] = [600, 0, 1200];
    metricValues['5xx/Sum'] = [6, 0, 0];
    const { stepSeconds, clouds } = await provider.metrics.getSeries(
      service,
      '1h',
    );
    expect(stepSeconds).toBe(60);
    const aws = clouds[0] as {
      ok: true;
      data: { series: Record<string, { t: string; v: number | null }[]> };
    };
    expect(aws.ok).toBe(true);
    const { requests, errorRate, latencyP99Ms } = aws.data.series;
    expect(requests).toHaveLength(60);
    expect(requests.slice(0, 4).map(p => p.v)).toEqual([10, 0, 20, 0]);
    expect(errorRate.slice(0, 3).map(p => p.v)).toEqual([0.01, null, 0]);
    expect(latencyP99Ms[0].v).toBe(85);
    expect(latencyP99Ms[1].v).toBeNull();
    expect(
      new Date(requests[1].t).getTime() - new Date(requests[0].t).getTime(),
    ).toBe(60_000);
  });

  it('links each series to the CloudWatch graph of the same metrics and window', async () => {
    const { clouds } = await provider.metrics.getSeries(service, '1h');
    const aws = clouds[0] as {
      ok: true;
      data: { links: Record<string, { title: string; url: string }> };
    };
    const { title, url } = aws.data.links.queueDepth;
    expect(title).toBe('CloudWatch');
    const [page, hash] = url.split('#metricsV2:graph=');
    expect(page).toBe(
      `https://${service.locations.aws.region}.console.aws.amazon.com/cloudwatch/deeplink.js?region=${service.locations.aws.region}`,
    );
    const graph = JSON.parse(decodeURIComponent(hash));
    expect(graph.metrics).toEqual([
      [
        'AWS/SQS',
        'ApproximateNumberOfMessagesVisible',
        'QueueName',
        'orders-inbound',
        { stat: 'Maximum', period: 60 },
      ],
    ]);
    expect(Date.parse(graph.end) - Date.parse(graph.start)).toBe(3600_000);
    const latency = JSON.parse(
      decodeURIComponent(
        aws.data.links.latencyP99Ms.url.split('#metricsV2:graph=')[1],
      ),
    );
    expect(latency.metrics.map((m: unknown[]) => m[4])).toEqual([
      { stat: 'p50', period: 60 },
      { stat: 'p99', period: 60 },
    ]);
  });

  it('asks for each account its own credentials and never shares a client between accounts', async () => {
    const other = cloudLocation('payments', {
      locations: {
        ...service.locations,
        aws: { account: '444455556666', region: 'eu-west-1' },
      },
    });
    await Promise.all([
      provider.metrics.getCurrent(service),
      provider.metrics.getCurrent(other),
    ]);
    const clientsUsed = cloudWatch
      .commandCalls(GetMetricDataCommand)
      .map(call => call.thisValue);
    expect(clientsUsed).toHaveLength(2);
    expect(clientsUsed[0]).not.toBe(clientsUsed[1]);
  });
});

describe('the AWS side with an empty or idle queue', () => {
  const provider = createCloudProvider(config)!;

  it('reads no wait for an empty queue, whose ApproximateAgeOfOldestMessage SQS does not report', async () => {
    sqs.on(GetQueueAttributesCommand).callsFake(input => ({
      Attributes: {
        ApproximateNumberOfMessages: '0',
        ApproximateNumberOfMessagesNotVisible: '0',
        QueueArn: `arn:aws:sqs:eu-west-1:111122223333:${input.QueueUrl.split(
          '/',
        ).pop()}`,
      },
    }));
    metricValues['ApproximateAgeOfOldestMessage/Maximum'] = [];
    const [aws] = await provider.replication.getReplication(service);
    expect(aws).toMatchObject({
      ok: true,
      data: {
        replicationLag: { currentMs: 140, appliedMs: 140, oldestWaitingMs: 0 },
      },
    });
  });

  it('has no date for figures without a datapoint: API Gateway saw no request', async () => {
    metricValues['Count/Sum'] = [];
    const [aws] = await provider.metrics.getCurrent(service);
    expect(aws).toMatchObject({
      ok: true,
      data: { requestsPerSecond: 0, errorRate: null, asOf: null },
    });
  });
});
