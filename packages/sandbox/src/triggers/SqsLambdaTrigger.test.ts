import { MemoryTransport } from '@multicloud/runtime';
import type { SQSEvent } from 'aws-lambda';
import { SqsLambdaTrigger } from './SqsLambdaTrigger';
import { scaledClock } from './TriggerClock';

describe('SqsLambdaTrigger (Lambda on SQS)', () => {
  it('deletes the batch but the reported failures, which come back after the visibility timeout', async () => {
    const clock = scaledClock(1000);
    const queue = new MemoryTransport({
      now: clock.now,
      visibilityTimeoutMs: 60_000,
      maxDeliveries: 5,
    });
    await queue.send([
      { id: 'ok', body: 'ok' },
      { id: 'fails', body: 'fails' },
    ]);
    const received: { at: number; body: string; count: string }[] = [];
    const trigger = new SqsLambdaTrigger({
      name: 'apply',
      queue,
      queueArn: 'arn:aws:sqs:local:000000000000:q',
      clock,
      handler: async (event: SQSEvent) => {
        for (const r of event.Records)
          received.push({
            at: clock.now(),
            body: r.body,
            count: r.attributes.ApproximateReceiveCount,
          });
        return {
          batchItemFailures: event.Records.filter(
            r =>
              r.body === 'fails' &&
              r.attributes.ApproximateReceiveCount === '1',
          ).map(r => ({ itemIdentifier: r.messageId })),
        };
      },
    });
    trigger.start();
    for (let i = 0; i < 500 && received.length < 3; i++)
      await new Promise(r => setTimeout(r, 10));
    await trigger.stop();
    expect(received.map(r => [r.body, r.count])).toEqual([
      ['ok', '1'],
      ['fails', '1'],
      ['fails', '2'],
    ]);
    // Not released early: back only once the 60 s timeout is over (give or take the clock's tick).
    expect(received[2].at - received[1].at).toBeGreaterThan(50_000);
    expect(await queue.depth()).toEqual({
      active: 0,
      inFlight: 0,
      deadLettered: 0,
    });
  });
});
