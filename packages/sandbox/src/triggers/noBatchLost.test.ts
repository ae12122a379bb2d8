import {
  FAULTS,
  runFault,
  type FaultResult,
  type FaultRunSettings,
} from './faultScenarios';

/**
 * The faults of `npm run bench -- faults`, shorter and slower so that `npm test` runs them all in
 * well under a minute: both clouds' real functions on the trigger harness with the clock 30 times
 * faster than the wall clock, 10 writes a second to both sides on 40 keys both write (conflicts),
 * a 3-minute peer outage instead of 10, anti-entropy every 2 minutes instead of 15. Each fault
 * heals with nothing lost and nothing diverged, without a person: no dead letter is replayed by
 * hand, nothing is re-driven outside the functions; only the lost batch may use anti-entropy.
 */
const SHORT_RUN: FaultRunSettings = {
  ratePerSecond: 10,
  scale: 30,
  keys: 40,
  warmupMs: 10_000,
  peerOutageMs: 3 * 60_000,
  storeOutageMs: 60_000,
  relayFaultMs: 60_000,
  reconcile: { intervalMs: 2 * 60_000, settleMs: 30_000 },
  convergenceTimeoutMs: 20 * 60_000,
};

/** What each fault must show besides the healing: that it happened, and went the documented way. */
const EVIDENCE: Record<(typeof FAULTS)[number], (r: FaultResult) => void> = {
  // AWS's stream mapping sent ranges to its on-failure queue and its relay re-read them; Azure's
  // relay parked and its timer re-sent everything.
  'peer-queues-unreachable': ({ evidence: e }) => {
    expect(e.aws_sends_refused).toBeGreaterThan(0);
    expect(e.azure_sends_refused).toBeGreaterThan(0);
    expect(e.aws_ranges_to_on_failure_queue).toBeGreaterThan(0);
    expect(e.azure_parked).toBeGreaterThan(0);
    expect(e.azure_resent).toBe(e.azure_parked);
    expect(e.left_parked).toBe(0);
  },
  'aws-store-failing': r => {
    expect(r.refused_writes).toBeGreaterThan(0);
    expect(r.evidence.failed_invocations).toBeGreaterThan(0);
  },
  'azure-store-failing': r => {
    expect(r.refused_writes).toBeGreaterThan(0);
    expect(r.evidence.failed_invocations).toBeGreaterThan(0);
  },
  // With the Cosmos DB trigger's retry policy, no batch was let go.
  'relay-throws-every-third-batch': ({ evidence: e }) => {
    expect(e.aws_sends_refused).toBeGreaterThan(0);
    expect(e.azure_sends_refused).toBeGreaterThan(0);
    expect(e.azure_batches_lost_by_trigger).toBe(0);
  },
  // The batch was lost with writes in it, and anti-entropy brought them back.
  'cosmos-trigger-loses-a-batch': ({ evidence: e }) => {
    expect(e.batches_lost_by_trigger).toBe(1);
    expect(e.documents_lost_by_trigger).toBeGreaterThan(0);
    expect(e.repaired_by_anti_entropy).toBeGreaterThan(0);
  },
};

describe('no acknowledged write is lost on the clouds’ documented trigger rules', () => {
  it.each([...FAULTS])(
    'heals from %s under writes to both sides: 0 lost, 0 diverged, nothing dead-lettered',
    async fault => {
      const result = await runFault(fault, SHORT_RUN);
      // Printed so the figures can be compared with the bench's.
      process.stdout.write(`triggers: ${JSON.stringify(result)}\n`);
      expect(result).toMatchObject({ lost: 0, diverged: 0, dead_lettered: 0 });
      expect(result.writes).toBeGreaterThan(0);
      expect(result.converged_after_heal_s).not.toBeNull();
      EVIDENCE[fault](result);
    },
    60_000,
  );
});
