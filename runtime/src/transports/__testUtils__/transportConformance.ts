/* eslint-disable jest/no-export -- a shared suite that each adapter's test file runs */
import { randomUUID } from 'node:crypto';
import type { Transport } from '../../ports/Transport';

export interface TransportUnderTest {
  transport: Transport;
  /** Makes received-but-unsettled messages visible again (waits or advances a clock). */
  expireLocks(): Promise<void>;
  maxDeliveries: number;
}

async function receiveAll(t: Transport, expected: number) {
  const out = [];
  for (let i = 0; i < 20 && out.length < expected; i++)
    out.push(...(await t.receive({ maxMessages: 10, waitTimeMs: 200 })));
  return out;
}

export function describeTransportConformance(
  name: string,
  make: () => Promise<TransportUnderTest>,
) {
  describe(`${name} conforms to the Transport port`, () => {
    let t: TransportUnderTest;
    beforeEach(async () => {
      t = await make();
    });
    afterEach(() => t.transport.close());

    it('delivers sent messages in batches and forgets acknowledged ones', async () => {
      const messages = Array.from({ length: 23 }, (_, i) => ({
        id: randomUUID(),
        body: `{"n":${i}}`,
        attributes: { source_region: 'aws' },
      }));
      await t.transport.send(messages);
      const received = await receiveAll(t.transport, 23);
      expect(received.map(r => r.body).sort()).toEqual(
        messages.map(m => m.body).sort(),
      );
      expect(received[0]).toMatchObject({
        deliveryCount: 1,
        attributes: expect.objectContaining({ source_region: 'aws' }),
      });
      expect(messages.map(m => m.id)).toContain(received[0].id);
      for (const r of received) await t.transport.ack(r);
      await t.expireLocks();
      expect(await t.transport.receive({ waitTimeMs: 0 })).toEqual([]);
      expect(await t.transport.depth()).toEqual({
        active: 0,
        inFlight: 0,
        deadLettered: 0,
      });
    });

    it('redelivers a released message with a higher delivery count', async () => {
      await t.transport.send([{ id: randomUUID(), body: 'again' }]);
      const [first] = await receiveAll(t.transport, 1);
      expect((await t.transport.depth()).inFlight).toBe(1);
      await t.transport.release(first);
      const [second] = await receiveAll(t.transport, 1);
      expect(second.body).toBe('again');
      expect(second.deliveryCount).toBe(2);
    });

    it('redelivers a message that was never settled once its lock expires', async () => {
      await t.transport.send([{ id: randomUUID(), body: 'unsettled' }]);
      await receiveAll(t.transport, 1);
      await t.expireLocks();
      const [again] = await receiveAll(t.transport, 1);
      expect(again).toMatchObject({ body: 'unsettled', deliveryCount: 2 });
    });

    it('dead-letters after the maximum deliveries, and replays dead letters', async () => {
      await t.transport.send([{ id: randomUUID(), body: 'poison' }]);
      for (let i = 0; i < t.maxDeliveries; i++) {
        const [m] = await receiveAll(t.transport, 1);
        expect(m.body).toBe('poison');
        await t.transport.release(m);
      }
      await t.transport.receive({ waitTimeMs: 200 });
      expect((await t.transport.depth()).deadLettered).toBe(1);
      expect(await t.transport.replayDeadLetters()).toBe(1);
      const [back] = await receiveAll(t.transport, 1);
      expect(back.body).toBe('poison');
      expect((await t.transport.depth()).deadLettered).toBe(0);
    });

    it('replays each dead letter once, even one refused again while the replay runs', async () => {
      const ids = [randomUUID(), randomUUID(), randomUUID()];
      await t.transport.send(ids.map(id => ({ id, body: `refused ${id}` })));
      for (const m of await receiveAll(t.transport, 3))
        await t.transport.deadLetter(m, 'refused');
      // The consumer refuses each letter again the moment it is back, as an applier does a
      // poison event: it is a dead letter again before the replay reads the next batch.
      const send = t.transport.send.bind(t.transport);
      t.transport.send = async messages => {
        await send(messages);
        for (const m of await receiveAll(t.transport, messages.length))
          await t.transport.deadLetter(m, 'refused again');
      };
      expect(await t.transport.replayDeadLetters({ max: 50 })).toBe(3);
      t.transport.send = send;
      // A transport that replays without sending (the memory one) left them on the queue.
      for (const m of await t.transport.receive({
        maxMessages: 10,
        waitTimeMs: 200,
      }))
        await t.transport.deadLetter(m, 'refused again');
      await t.expireLocks();
      const left = await t.transport.peekDeadLetters(10);
      expect(left.map(m => m.body).sort()).toEqual(
        ids.map(id => `refused ${id}`).sort(),
      );
    });

    it('replays two dead letters with one body as two, each once, even when both are refused again', async () => {
      // The same event dead-lettered twice: two letters, identical bodies.
      const body = `twin ${randomUUID()}`;
      await t.transport.send([
        { id: randomUUID(), body },
        { id: randomUUID(), body },
      ]);
      for (const m of await receiveAll(t.transport, 2))
        await t.transport.deadLetter(m, 'refused');
      const send = t.transport.send.bind(t.transport);
      let sent = 0;
      t.transport.send = async messages => {
        sent += messages.length;
        await send(messages);
        for (const m of await receiveAll(t.transport, messages.length))
          await t.transport.deadLetter(m, 'refused again');
      };
      expect(await t.transport.replayDeadLetters({ max: 50 })).toBe(2);
      t.transport.send = send;
      // A transport that replays without sending (the memory one) left them on the queue.
      expect(sent === 0 || sent === 2).toBe(true);
      for (const m of await t.transport.receive({
        maxMessages: 10,
        waitTimeMs: 200,
      }))
        await t.transport.deadLetter(m, 'refused again');
      await t.expireLocks();
      const left = await t.transport.peekDeadLetters(10);
      expect(left.map(m => m.body)).toEqual([body, body]);
      // The next replay moves both again.
      expect(await t.transport.replayDeadLetters({ max: 50 })).toBe(2);
    });

    it('dead-letters a message at once with its reason, visible by peeking', async () => {
      await t.transport.send([{ id: randomUUID(), body: 'bad envelope' }]);
      const [m] = await receiveAll(t.transport, 1);
      await t.transport.deadLetter(m, 'event_id: Invalid uuid');
      const peeked = await t.transport.peekDeadLetters(10);
      expect(peeked).toEqual([
        expect.objectContaining({
          body: 'bad envelope',
          attributes: expect.objectContaining({
            DeadLetterReason: 'event_id: Invalid uuid',
          }),
        }),
      ]);
      expect((await t.transport.depth()).deadLettered).toBe(1);
      expect(await t.transport.receive({ waitTimeMs: 0 })).toEqual([]);
    });
  });
}
