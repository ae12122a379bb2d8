import fc from 'fast-check';
import { MemoryStore } from '../stores/MemoryStore';
import {
  assertConverged,
  runSchedule,
  scheduleArbitrary,
} from './__testUtils__/replicationModel';

const NUM_SCHEDULES = Number(process.env.CONVERGENCE_SCHEDULES ?? 10_000);

describe('replication converges (memory stores)', () => {
  it(`over ${NUM_SCHEDULES} random schedules of writes, faults and skewed clocks`, async () => {
    let runs = 0;
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
    process.stdout.write(`convergence: ${runs} schedules ran\n`);
    expect(runs).toBe(NUM_SCHEDULES);
  }, 600_000);
});
