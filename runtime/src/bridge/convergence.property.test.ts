import fc from 'fast-check';
import { MemoryStore } from '../stores/MemoryStore';
import { MemoryTransport } from '../transports/MemoryTransport';
import {
  assertConverged,
  runSchedule,
  scheduleArbitrary,
} from './__testUtils__/replicationModel';

const NUM_SCHEDULES = Number(process.env.CONVERGENCE_SCHEDULES ?? 10_000);

describe('replication converges (memory stores)', () => {
  it(`over ${NUM_SCHEDULES} random schedules of writes, faults and skewed clocks`, async () => {
    let runs = 0;
    // Counts the packs of events Azure sent AWS, so the property is known to cover them.
    const send = MemoryTransport.prototype.send;
    let packs = 0;
    const spy = jest
      .spyOn(MemoryTransport.prototype, 'send')
      .mockImplementation(async function countPacks(
        this: MemoryTransport,
        messages,
      ) {
        packs += messages.filter(m =>
          m.body.startsWith('{"kind":"events"'),
        ).length;
        return send.call(this, messages);
      });
    await fc.assert(
      fc.asyncProperty(scheduleArbitrary, async schedule => {
        runs += 1;
        const [aws, azure] = [new MemoryStore(), new MemoryStore()];
        assertConverged(
          await runSchedule(schedule, [
            { store: aws, index: aws },
            { store: azure, index: azure },
          ]),
        );
      }),
      { numRuns: NUM_SCHEDULES },
    );
    // Printed so the figure can be reported; the assertion is that fast-check ran them all.
    spy.mockRestore();
    process.stdout.write(
      `convergence: ${runs} schedules ran, ${packs} packs of events sent\n`,
    );
    expect(runs).toBe(NUM_SCHEDULES);
    expect(packs).toBeGreaterThan(0);
  }, 600_000);
});
