import {
  CreateQueueCommand,
  ReceiveMessageCommand,
  DeleteMessageBatchCommand,
  SQSClient,
} from '@aws-sdk/client-sqs';
import {
  dynamoDbClientFor,
  RunningEmulator,
  RunningSqsFake,
  startDynalite,
  startSqsFake,
} from '@multicloud/cloud-fakes';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { VERSION_INDEX_TABLE_SCHEMA } from '../feed/DynamoDbVersionIndex';
import { ensureDynamoDbTable } from '../stores/DynamoDbStore';

const worker = resolve(__dirname, '__testUtils__', 'crashWorker.ts');

function run(env: Record<string, string>) {
  return new Promise<{
    code: number | null;
    signal: NodeJS.Signals | null;
    stdout: string;
    stderr: string;
  }>(done => {
    const child = spawn(
      process.execPath,
      [require.resolve('tsx/cli'), worker],
      { env: { ...process.env, ...env } },
    );
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', d => (stdout += d));
    child.stderr.on('data', d => (stderr += d));
    child.on('exit', (code, signal) => done({ code, signal, stdout, stderr }));
  });
}

describe('a relay killed between commit and publish', () => {
  let dynalite: RunningEmulator;
  let sqs: RunningSqsFake;
  const dir = mkdtempSync(join(tmpdir(), 'crash-'));
  beforeAll(async () => {
    [dynalite, sqs] = await Promise.all([startDynalite(), startSqsFake()]);
  });
  afterAll(async () => {
    await Promise.all([dynalite.stop(), sqs.stop()]);
    rmSync(dir, { recursive: true, force: true });
  });

  it.each([3, 11, 18])(
    'loses no committed write when killed after commit %i',
    async crashAfter => {
      const client = new SQSClient({
        endpoint: sqs.endpoint,
        region: 'local',
        credentials: { accessKeyId: 'x', secretAccessKey: 'y' },
      });
      const name = `to-azure-${crashAfter}`;
      const { QueueUrl } = await client.send(
        new CreateQueueCommand({ QueueName: name }),
      );
      const { QueueUrl: dlq } = await client.send(
        new CreateQueueCommand({ QueueName: `${name}-dlq` }),
      );
      const tableName = `crash-${crashAfter}`;
      await ensureDynamoDbTable(
        dynamoDbClientFor(dynalite.endpoint),
        tableName,
        VERSION_INDEX_TABLE_SCHEMA,
      );
      const env = {
        DYNAMO_ENDPOINT: dynalite.endpoint,
        SQS_ENDPOINT: sqs.endpoint,
        TABLE_NAME: tableName,
        QUEUE_URL: QueueUrl!,
        DLQ_URL: dlq!,
        CHECKPOINT_FILE: join(dir, `${tableName}.checkpoint`),
        WRITES: '20',
        CRASH_AFTER_COMMIT: String(crashAfter),
      };

      const crashed = await run(env);
      // tsx runs the worker in a child of its own and reports the kill as exit code 128 + 9.
      const killed = crashed.signal === 'SIGKILL' || crashed.code === 137;
      expect({ killed, stderr: crashed.stderr }).toEqual({
        killed: true,
        stderr: '',
      });
      const committed = crashed.stdout
        .split('\n')
        .filter(l => l.startsWith('committed '))
        .map(l => l.slice(10));
      expect(committed).toHaveLength(crashAfter);

      const restarted = await run({ ...env, MODE: 'relay' });
      expect(restarted.code).toBe(0);

      const delivered = new Set<string>();
      for (;;) {
        const { Messages = [] } = await client.send(
          new ReceiveMessageCommand({ QueueUrl, MaxNumberOfMessages: 10 }),
        );
        if (!Messages.length) break;
        for (const m of Messages) delivered.add(JSON.parse(m.Body!).key);
        await client.send(
          new DeleteMessageBatchCommand({
            QueueUrl,
            Entries: Messages.map((m, i) => ({
              Id: String(i),
              ReceiptHandle: m.ReceiptHandle!,
            })),
          }),
        );
      }
      // Every committed write reached the other cloud's queue at least once, including the one
      // committed right before the kill.
      expect(committed.filter(key => !delivered.has(key))).toEqual([]);
    },
    120_000,
  );
});
