import {
  CreateQueueCommand,
  ReceiveMessageCommand,
  SQSClient,
} from '@aws-sdk/client-sqs';
import {
  dynamoDbClientFor,
  RunningEmulator,
  RunningSqsFake,
  startDynalite,
  startSqsFake,
} from '@multicloud/cloud-fakes';
import type { SQSEvent } from 'aws-lambda';
import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { formatVersion } from '../../domain/version';
import { DynamoDbStore, ensureDynamoDbTable } from '../../stores/DynamoDbStore';

/**
 * Invokes a handler of `./handlers` once in a fresh Node process, as Lambda loads it at a cold
 * start: its rare paths import their code on first use (`import()`), which Jest's module
 * sandbox cannot run, so the handler runs under tsx.
 */
async function invokeInFreshProcess(
  name: string,
  event: unknown,
  env: Record<string, string>,
): Promise<unknown> {
  const script = `const m = await import(${JSON.stringify(
    join(__dirname, 'handlers.ts'),
  )}); const r = await m[process.argv[1]](JSON.parse(process.argv[2]), { getRemainingTimeInMillis: () => 30000 }); process.stdout.write('\\nRESULT ' + JSON.stringify(r) + '\\n');`;
  const { stdout } = await promisify(execFile)(
    process.execPath,
    [
      '--import',
      require.resolve('tsx'),
      '--input-type=module',
      '-e',
      script,
      name,
      JSON.stringify(event),
    ],
    { env: { ...process.env, ...env } },
  );
  const line = stdout.split('\n').find(l => l.startsWith('RESULT '));
  if (!line) throw new Error(`no result from ${name}:\n${stdout}`);
  return JSON.parse(line.slice('RESULT '.length));
}

describe('the SQS-triggered apply Lambda, against dynalite and the SQS fake', () => {
  let dynalite: RunningEmulator;
  let sqs: RunningSqsFake;
  let dlqUrl: string;
  let env: Record<string, string>;

  beforeAll(async () => {
    [dynalite, sqs] = await Promise.all([startDynalite(), startSqsFake()]);
    await ensureDynamoDbTable(dynamoDbClientFor(dynalite.endpoint), 'items');
    const client = new SQSClient({
      endpoint: sqs.endpoint,
      region: 'local',
      credentials: { accessKeyId: 'x', secretAccessKey: 'y' },
    });
    dlqUrl = (
      await client.send(new CreateQueueCommand({ QueueName: 'inbound-dlq' }))
    ).QueueUrl!;
    env = {
      SERVICE_NAME: 'orders',
      REGION_ID: 'aws',
      AWS_REGION: 'local',
      AWS_ACCESS_KEY_ID: 'local',
      AWS_SECRET_ACCESS_KEY: 'local',
      // The SDK's own endpoint overrides point the function at the emulators.
      AWS_ENDPOINT_URL_DYNAMODB: dynalite.endpoint,
      AWS_ENDPOINT_URL_SQS: sqs.endpoint,
      TABLE_NAME: 'items',
      INBOUND_QUEUE_URL: sqs.queueUrl('inbound'),
      INBOUND_DLQ_URL: dlqUrl,
      PEER_AZURE_IDENTITY_SECRET_ARN:
        'arn:aws:secretsmanager:local:000000000000:secret:peer',
      PEER_SERVICEBUS_NAMESPACE: 'sbns-orders-bus.servicebus.windows.net',
      PEER_QUEUE_NAME: 'orders-to-azure',
      POWERTOOLS_METRICS_DISABLED: 'true',
    };
  });
  afterAll(async () => {
    await Promise.all([dynalite.stop(), sqs.stop()]);
  });

  const record = (messageId: string, body: string) => ({
    messageId,
    receiptHandle: `rh-${messageId}`,
    body,
    attributes: {} as never,
    messageAttributes: {},
    md5OfBody: '',
    eventSource: 'aws:sqs',
    eventSourceARN: 'arn:aws:sqs:local:000000000000:inbound',
    awsRegion: 'local',
  });

  it('applies good events, dead-letters a poison one with its reason, and fails no record', async () => {
    const now = Date.now();
    const good = {
      event_id: randomUUID(),
      source_region: 'azure',
      op_type: 'put',
      key: 'order-7',
      payload: { total: 7 },
      timestamp: now,
      version: formatVersion({ wallMs: now, counter: 0, region: 'azure' }),
    };
    const event: SQSEvent = {
      Records: [
        record('m1', JSON.stringify(good)),
        record('m2', '{"key":"x"}'),
      ],
    };
    const response = await invokeInFreshProcess('apply', event, env);
    expect(response).toEqual({ batchItemFailures: [] });

    const store = new DynamoDbStore({
      client: dynamoDbClientFor(dynalite.endpoint),
      tableName: 'items',
    });
    expect((await store.get('order-7'))?.payload).toEqual({ total: 7 });
    const client = new SQSClient({
      endpoint: sqs.endpoint,
      region: 'local',
      credentials: { accessKeyId: 'x', secretAccessKey: 'y' },
    });
    const { Messages = [] } = await client.send(
      new ReceiveMessageCommand({
        QueueUrl: dlqUrl,
        MessageAttributeNames: ['All'],
      }),
    );
    expect(
      Messages.map(m => [
        m.Body,
        m.MessageAttributes?.DeadLetterReason?.StringValue,
      ]),
    ).toEqual([['{"key":"x"}', expect.stringMatching(/event_id/)]]);
  });
});
