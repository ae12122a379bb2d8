import { CreateQueueCommand, SQSClient } from '@aws-sdk/client-sqs';
import { ServiceBusClient } from '@azure/service-bus';
import {
  startServiceBusFake,
  startSqsFake,
  type RunningServiceBusFake,
  type RunningSqsFake,
} from '@multicloud/cloud-fakes';
import { randomUUID } from 'node:crypto';
import { MemoryMetricsSink } from '../metrics/MetricsSink';
import type { DeadLetterQueue } from '../ports/DeadLetterQueue';
import type { Transport } from '../ports/Transport';
import { ServiceBusDeadLetterQueue } from '../transports/ServiceBusDeadLetterQueue';
import { ServiceBusTransport } from '../transports/ServiceBusTransport';
import { SqsDeadLetterQueue } from '../transports/SqsDeadLetterQueue';
import { SqsTransport } from '../transports/SqsTransport';
import { formatVersion } from '../domain/version';
import {
  classifyDeadLetter,
  deadLetterReason,
  DeadLetterRedriver,
  REDRIVE_ATTEMPTS,
  REFUSED_REASON,
} from './DeadLetterRedriver';
import { inboundBodyProblem, inboundLetterProblem } from './InboundApplier';

const MAX_DELIVERIES = 2;
let sqs: RunningSqsFake;
let serviceBus: RunningServiceBusFake;
let serviceBusClient: ServiceBusClient;

beforeAll(async () => {
  sqs = await startSqsFake();
  serviceBus = await startServiceBusFake({
    maxDeliveryCount: MAX_DELIVERIES,
    lockDurationMs: 1000,
  });
  serviceBusClient = new ServiceBusClient(serviceBus.connectionString);
});
afterAll(async () => {
  await serviceBusClient.close();
  await Promise.all([sqs.stop(), serviceBus.stop()]);
});

interface Queue {
  transport: Transport;
  deadLetters: DeadLetterQueue;
}

const setups: [string, () => Promise<Queue>][] = [
  [
    'SQS',
    async () => {
      const client = new SQSClient({
        endpoint: sqs.endpoint,
        region: 'local',
        credentials: { accessKeyId: 'x', secretAccessKey: 'y' },
      });
      const name = `inbound-${randomUUID().slice(0, 8)}`;
      const { QueueUrl: deadLetterQueueUrl } = await client.send(
        new CreateQueueCommand({ QueueName: `${name}-dlq` }),
      );
      const { QueueUrl: queueUrl } = await client.send(
        new CreateQueueCommand({
          QueueName: name,
          Attributes: {
            VisibilityTimeout: '1',
            RedrivePolicy: JSON.stringify({
              deadLetterTargetArn: `arn:aws:sqs:local:000000000000:${name}-dlq`,
              maxReceiveCount: MAX_DELIVERIES,
            }),
          },
        }),
      );
      const urls = {
        queueUrl: queueUrl!,
        deadLetterQueueUrl: deadLetterQueueUrl!,
      };
      return {
        transport: new SqsTransport({ client, ...urls }),
        deadLetters: new SqsDeadLetterQueue({ client, ...urls }),
      };
    },
  ],
  [
    'Service Bus',
    async () => {
      const queueName = `inbound-${randomUUID().slice(0, 8)}`;
      return {
        transport: new ServiceBusTransport({
          client: serviceBusClient,
          queueName,
          counts: () =>
            fetch(`${serviceBus.adminUrl}/queues/${queueName}`).then(r =>
              r.json(),
            ),
        }),
        deadLetters: new ServiceBusDeadLetterQueue({
          client: serviceBusClient,
          queueName,
        }),
      };
    },
  ],
];

/** Fails a message's deliveries until the queue dead-letters it by itself (no reason of ours). */
async function exhaustDeliveries(transport: Transport, deadLettered: number) {
  for (let i = 0; i < 30; i++) {
    if ((await transport.depth()).deadLettered >= deadLettered) return;
    for (const m of await transport.receive({ waitTimeMs: 300 }))
      await transport.release(m);
  }
  throw new Error('the queue did not dead-letter the message');
}

describe.each(setups)('DeadLetterRedriver on the %s fake', (_, setup) => {
  it('runs one run at a time when asked twice at once, so the queue receiver is never shared', async () => {
    const { transport, deadLetters } = await setup();
    await transport.send([{ id: 'blip', body: '{"event":1}' }]);
    await exhaustDeliveries(transport, 1);
    const redriver = new DeadLetterRedriver({
      deadLetters,
      backoffMs: [60_000],
    });
    const reports = await Promise.all([redriver.runOnce(), redriver.runOnce()]);
    // The first run re-drives the letter; the second, which waited, finds nothing left.
    expect(reports).toEqual([
      { redriven: 1, awaitingPerson: 0 },
      { redriven: 0, awaitingPerson: 0 },
    ]);
  });

  it('sends a transient dead letter back after its backoff, counting the attempt, and leaves a poison one with its reason', async () => {
    const { transport, deadLetters } = await setup();
    await transport.send([{ id: 'poison', body: '{"bad":true}' }]);
    const [poison] = await transport.receive({ waitTimeMs: 1000 });
    await transport.deadLetter(
      poison,
      'invalid replication event: version: must be a version',
    );
    await transport.send([
      { id: 'blip', body: '{"event":1}', attributes: { source_region: 'aws' } },
    ]);
    await exhaustDeliveries(transport, 2);

    const metrics = new MemoryMetricsSink();
    const redriver = new DeadLetterRedriver({
      deadLetters,
      metrics,
      backoffMs: [4000, 4000],
    });
    expect(await redriver.runOnce()).toEqual({
      redriven: 1,
      awaitingPerson: 1,
    });
    expect(metrics.counters).toMatchObject({ redriven: 1, awaiting_person: 1 });

    // Not before its backoff...
    expect(await transport.receive({ waitTimeMs: 500 })).toEqual([]);
    // ...but after it, with its attempt counted and without the dead-letter reason.
    const [back] = await transport.receive({ waitTimeMs: 6000 });
    expect(back.body).toBe('{"event":1}');
    expect(back.attributes).toMatchObject({
      source_region: 'aws',
      [REDRIVE_ATTEMPTS]: '1',
    });
    expect(back.attributes.DeadLetterReason).toBeUndefined();
    await transport.ack(back);

    const dead = await transport.peekDeadLetters(10);
    expect(dead.map(d => d.attributes.DeadLetterReason)).toEqual([
      'invalid replication event: version: must be a version',
    ]);
    await transport.close();
    await deadLetters.close?.();
  }, 20_000);

  it('leaves a letter the queue dead-lettered for a person when its body can never apply', async () => {
    const { transport, deadLetters } = await setup();
    await transport.send([{ id: 'forged', body: '{"key":"no spaces"}' }]);
    await exhaustDeliveries(transport, 1);
    const redriver = new DeadLetterRedriver({
      deadLetters,
      backoffMs: [1000],
      problemWith: letter => inboundBodyProblem(letter.body),
    });
    expect(await redriver.runOnce()).toEqual({
      redriven: 0,
      awaitingPerson: 1,
    });
    await transport.close();
    await deadLetters.close?.();
  });

  it('sends nothing back and spends no re-drive while the store is not back', async () => {
    const { transport, deadLetters } = await setup();
    await transport.send([{ id: 'early', body: '{"event":3}' }]);
    await exhaustDeliveries(transport, 1);
    let storeUp = false;
    const redriver = new DeadLetterRedriver({
      deadLetters,
      backoffMs: [0],
      ready: async () => {
        if (!storeUp) throw new Error('store unavailable');
      },
    });
    expect(await redriver.runOnce()).toEqual({
      redriven: 0,
      awaitingPerson: 0,
      skipped: 'store unavailable',
    });
    expect((await transport.depth()).deadLettered).toBe(1);
    storeUp = true;
    expect(await redriver.runOnce()).toEqual({
      redriven: 1,
      awaitingPerson: 0,
    });
    const [back] = await transport.receive({ waitTimeMs: 2000 });
    expect(back.attributes[REDRIVE_ATTEMPTS]).toBe('1');
    await transport.ack(back);
    await transport.close();
    await deadLetters.close?.();
  });

  it('leaves a dead letter for a person once its re-drives are spent', async () => {
    const { transport, deadLetters } = await setup();
    await transport.send([
      {
        id: 'tired',
        body: '{"event":2}',
        attributes: { [REDRIVE_ATTEMPTS]: '2' },
      },
    ]);
    await exhaustDeliveries(transport, 1);
    const redriver = new DeadLetterRedriver({
      deadLetters,
      backoffMs: [1000, 1000],
    });
    expect(await redriver.runOnce()).toEqual({
      redriven: 0,
      awaitingPerson: 1,
    });
    // Released at the end of the run: the next run (or a person) sees it at once.
    expect(await redriver.runOnce()).toEqual({
      redriven: 0,
      awaitingPerson: 1,
    });
    expect((await transport.depth()).deadLettered).toBe(1);
    await transport.close();
    await deadLetters.close?.();
  });
});

/** Any allowance for the deliveries and the clocks well under the ten minutes the tests use. */
const UNCERTAINTY_MS = 152_000;

describe('DeadLetterRedriver on the Service Bus fake', () => {
  it('leaves an event from a clock too far ahead for a person, its reason recorded on the dead letter', async () => {
    const { transport, deadLetters } = await setups[1][1]();
    // Ten minutes ahead: the Azure apply refuses it and can only fail the delivery, so Service
    // Bus dead-letters it as MaxDeliveryCountExceeded.
    const wallMs = Date.now() + 600_000;
    const version = formatVersion({ wallMs, counter: 0, region: 'aws' });
    await transport.send([
      {
        id: 'ahead',
        body: JSON.stringify({
          event_id: randomUUID(),
          source_region: 'aws',
          op_type: 'put',
          key: 'ahead-1',
          payload: { n: 1 },
          timestamp: wallMs,
          version,
        }),
        attributes: { source_region: 'aws' },
      },
    ]);
    await exhaustDeliveries(transport, 1);
    const [before] = await transport.peekDeadLetters(10);
    expect(before.attributes.DeadLetterReason).toBe('MaxDeliveryCountExceeded');

    const metrics = new MemoryMetricsSink();
    const redriver = new DeadLetterRedriver({
      deadLetters,
      backoffMs: [0],
      metrics,
      problemWith: inboundLetterProblem(500, UNCERTAINTY_MS),
    });
    expect(await redriver.runOnce()).toEqual({
      redriven: 0,
      awaitingPerson: 1,
    });
    expect(metrics.counters.awaiting_person).toBe(1);

    // Still a dead letter, now saying why, with what it carried before.
    const [after] = await transport.peekDeadLetters(10);
    expect(after.attributes).toMatchObject({
      source_region: 'aws',
      DeadLetterReason: 'MaxDeliveryCountExceeded',
    });
    expect(after.attributes[REFUSED_REASON]).toMatch(
      new RegExp(
        `^remote version ${version} was \\d+ ms ahead of the time the queue took it`,
      ),
    );
    expect(deadLetterReason(after.attributes)).toBe(
      after.attributes[REFUSED_REASON],
    );
    // The next run reads the recorded reason and looks no further.
    const looked: string[] = [];
    const next = new DeadLetterRedriver({
      deadLetters,
      backoffMs: [0],
      problemWith: letter => {
        looked.push(letter.body);
        return undefined;
      },
    });
    expect(await next.runOnce()).toEqual({ redriven: 0, awaitingPerson: 1 });
    expect(looked).toEqual([]);
    await transport.close();
    await deadLetters.close?.();
  }, 20_000);

  it('still re-drives a letter the queue dead-lettered while the store was down', async () => {
    const { transport, deadLetters } = await setups[1][1]();
    const wallMs = Date.now() - 1000;
    await transport.send([
      {
        id: 'on-time',
        body: JSON.stringify({
          event_id: randomUUID(),
          source_region: 'aws',
          op_type: 'put',
          key: 'on-time-1',
          payload: { n: 1 },
          timestamp: wallMs,
          version: formatVersion({ wallMs, counter: 0, region: 'aws' }),
        }),
      },
    ]);
    await exhaustDeliveries(transport, 1);
    const redriver = new DeadLetterRedriver({
      deadLetters,
      backoffMs: [0],
      problemWith: inboundLetterProblem(500, UNCERTAINTY_MS),
    });
    expect(await redriver.runOnce()).toEqual({
      redriven: 1,
      awaitingPerson: 0,
    });
    await transport.close();
    await deadLetters.close?.();
  }, 20_000);
});

describe('classifyDeadLetter', () => {
  it('calls poison only what someone dead-lettered with a reason not marked transient', () => {
    expect(classifyDeadLetter({})).toBe('transient');
    expect(
      classifyDeadLetter({ DeadLetterReason: 'MaxDeliveryCountExceeded' }),
    ).toBe('transient');
    expect(
      classifyDeadLetter({ DeadLetterReason: 'transient: store unavailable' }),
    ).toBe('transient');
    expect(
      classifyDeadLetter({
        DeadLetterReason: 'remote version is 900 ms ahead of the local clock',
      }),
    ).toBe('poison');
  });
});
