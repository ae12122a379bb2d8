import { ServiceBusClient } from '@azure/service-bus';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServiceBusFake } from './ServiceBusFake';

describe('the Service Bus fake', () => {
  it('takes a message from the official SDK and hands it back in peek-lock mode', async () => {
    const fake = await startServiceBusFake({ queues: ['orders'] });
    const client = new ServiceBusClient(fake.connectionString);
    try {
      await client.createSender('orders').sendMessages({
        body: { hello: 'world' },
        messageId: 'm-1',
        applicationProperties: { source_region: 'aws' },
      });
      const receiver = client.createReceiver('orders');
      const [message] = await receiver.receiveMessages(1, {
        maxWaitTimeInMs: 2000,
      });
      expect(message.body).toEqual({ hello: 'world' });
      expect(message.messageId).toBe('m-1');
      expect(message.applicationProperties).toEqual({ source_region: 'aws' });
      expect(message.deliveryCount).toBe(0);
      await receiver.completeMessage(message);
      expect(
        await fetch(`${fake.adminUrl}/queues/orders`).then(r => r.json()),
      ).toEqual({ active: 0, inFlight: 0, deadLettered: 0 });
    } finally {
      await client.close();
      await fake.stop();
    }
  });

  it('keeps handing over messages past one AMQP session window of 2,048 deliveries', async () => {
    // rhea keeps each delivery the fake sends in a session window of 2,048 until both ends have
    // settled it; a peek-lock client never says it settled, so the window must still empty.
    const count = 2_100;
    const fake = await startServiceBusFake({ queues: ['busy'] });
    const client = new ServiceBusClient(fake.connectionString);
    try {
      const sender = client.createSender('busy');
      for (let i = 0; i < count; i += 50)
        await sender.sendMessages(
          Array.from({ length: Math.min(50, count - i) }, (_, j) => ({
            body: i + j,
          })),
        );
      const receiver = client.createReceiver('busy', {
        maxAutoLockRenewalDurationInMs: 0,
      });
      const received = new Set<number>();
      for (;;) {
        const batch = await receiver.receiveMessages(100, {
          maxWaitTimeInMs: 1000,
        });
        if (!batch.length) break;
        await Promise.all(batch.map(m => receiver.completeMessage(m)));
        for (const m of batch) received.add(m.body);
      }
      expect(received.size).toBe(count);
      expect(
        await fetch(`${fake.adminUrl}/queues/busy`).then(r => r.json()),
      ).toEqual({ active: 0, inFlight: 0, deadLettered: 0 });
    } finally {
      await client.close();
      await fake.stop();
    }
  }, 60_000);
});

describe('abandon with properties to modify', () => {
  it('merges them into the application properties, redelivers, and keeps them across a restart', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'sb-fake-'));
    try {
      const first = await startServiceBusFake({ dataDir, queues: ['orders'] });
      let client = new ServiceBusClient(first.connectionString);
      await client.createSender('orders').sendMessages({
        body: 'b',
        messageId: 'm-1',
        applicationProperties: { source_region: 'aws', note: 'old' },
      });
      const receiver = client.createReceiver('orders');
      const [message] = await receiver.receiveMessages(1, {
        maxWaitTimeInMs: 2000,
      });
      await receiver.abandonMessage(message, { note: 'new', tries: 1 });
      const [again] = await receiver.receiveMessages(1, {
        maxWaitTimeInMs: 2000,
      });
      expect(again.applicationProperties).toEqual({
        source_region: 'aws',
        note: 'new',
        tries: 1,
      });
      // An abandon is a delivery like any other.
      expect(again.deliveryCount).toBe(1);
      await receiver.abandonMessage(again);
      await client.close();
      await first.stop();

      const second = await startServiceBusFake({ dataDir });
      client = new ServiceBusClient(second.connectionString);
      const [kept] = await client
        .createReceiver('orders')
        .receiveMessages(1, { maxWaitTimeInMs: 2000 });
      expect(kept.applicationProperties).toMatchObject({ note: 'new' });
      await client.close();
      await second.stop();
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});

describe('peek', () => {
  it('browses the queue and its dead letters without locking or taking them', async () => {
    const fake = await startServiceBusFake({
      queues: ['orders'],
      maxDeliveryCount: 1,
    });
    const client = new ServiceBusClient(fake.connectionString);
    try {
      const sender = client.createSender('orders');
      await sender.sendMessages([
        { body: 'first', messageId: 'a' },
        { body: 'second', messageId: 'b', applicationProperties: { n: 2 } },
      ]);
      const peeked = await client.createReceiver('orders').peekMessages(10);
      expect(peeked.map(m => [m.messageId, m.body])).toEqual([
        ['a', 'first'],
        ['b', 'second'],
      ]);
      expect(peeked[1].applicationProperties).toEqual({ n: 2 });
      expect(peeked[0].enqueuedTimeUtc).toBeInstanceOf(Date);
      // Nothing was locked: a receiver gets both at once.
      const receiver = client.createReceiver('orders');
      const got = await receiver.receiveMessages(2, { maxWaitTimeInMs: 2000 });
      expect(got).toHaveLength(2);
      await receiver.deadLetterMessage(got[0], {
        deadLetterReason: 'refused',
        deadLetterErrorDescription: 'refused on purpose',
      });
      const dead = await client
        .createReceiver('orders', { subQueueType: 'deadLetter' })
        .peekMessages(10);
      expect(dead.map(m => [m.messageId, m.deadLetterReason])).toEqual([
        ['a', 'refused'],
      ]);
      expect(
        await client
          .createReceiver('empty', { subQueueType: 'deadLetter' })
          .peekMessages(10),
      ).toEqual([]);
    } finally {
      await client.close();
      await fake.stop();
    }
  });
});

describe('the Service Bus fake on disk', () => {
  it('keeps unsettled and dead-lettered messages across a restart', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'sb-fake-'));
    try {
      const first = await startServiceBusFake({ dataDir });
      let client = new ServiceBusClient(first.connectionString);
      await client
        .createSender('durable')
        .sendMessages([{ body: 'kept' }, { body: 'poison' }]);
      const receiver = client.createReceiver('durable', {
        maxAutoLockRenewalDurationInMs: 0,
      });
      const messages = await receiver.receiveMessages(2, {
        maxWaitTimeInMs: 2000,
      });
      await receiver.deadLetterMessage(
        messages.find(m => m.body === 'poison')!,
        {
          deadLetterReason: 'bad envelope',
          deadLetterErrorDescription: 'bad envelope',
        },
      );
      await client.close();
      await first.stop();

      const second = await startServiceBusFake({ dataDir });
      client = new ServiceBusClient(second.connectionString);
      expect(
        await fetch(`${second.adminUrl}/queues/durable`).then(r => r.json()),
      ).toEqual({ active: 1, inFlight: 0, deadLettered: 1 });
      const dead = await client
        .createReceiver('durable', {
          subQueueType: 'deadLetter',
          maxAutoLockRenewalDurationInMs: 0,
        })
        .receiveMessages(1, { maxWaitTimeInMs: 2000 });
      expect(dead.map(m => [m.body, m.deadLetterReason])).toEqual([
        ['poison', 'bad envelope'],
      ]);
      await client.close();
      await second.stop();
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
