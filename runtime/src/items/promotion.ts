import type { Applier } from '../bridge/Applier';
import type { Relay } from '../bridge/Relay';
import type { Transport } from '../ports/Transport';
import type { RoleWriteGate } from './WriteGate';

export interface RegionRoles {
  region: string;
  gate: RoleWriteGate;
  url?: string;
}

/**
 * Consistency mode B: makes `next` the primary without losing a write `current` acknowledged.
 * Order matters: first the old primary stops taking writes (both sides now refuse them), then
 * everything it committed is relayed and applied on the new primary, and only then does the new
 * primary take writes. Writes are refused for the few seconds this takes, never lost.
 */
export async function promote(options: {
  current: RegionRoles & { relay: Relay };
  next: RegionRoles & { applier: Applier; inbound: Transport };
  /** Gives up if the new primary's inbound queue has not drained by then. */
  timeoutMs?: number;
}): Promise<{ relayed: number; applied: number }> {
  const { current, next } = options;
  const deadline = Date.now() + (options.timeoutMs ?? 60_000);
  // 1. Nobody takes writes: the old primary is read-only, the new one not yet writable.
  current.gate.promote(next.region, next.url);
  next.gate.promote(`${next.region}-promoting`);
  try {
    // 2. Everything the old primary committed goes across and is applied.
    const deadBefore = (await next.inbound.depth()).deadLettered;
    const relayed = await current.relay.drain();
    let applied = 0;
    for (;;) {
      const outcomes = await next.applier.pollOnce(next.inbound, {
        maxMessages: 10,
        waitTimeMs: 100,
      });
      applied += outcomes.filter(o => o.outcome === 'applied').length;
      const depth = await next.inbound.depth();
      if (depth.deadLettered > deadBefore) {
        throw new Error(
          `${
            depth.deadLettered - deadBefore
          } events were dead-lettered during the promotion of ${
            next.region
          }: replay them before promoting`,
        );
      }
      if (!outcomes.length && depth.active + depth.inFlight === 0) break;
      if (Date.now() > deadline)
        throw new Error(
          `promotion of ${next.region} timed out with ${depth.active} events still queued`,
        );
    }
    // 3. The new primary takes writes.
    next.gate.promote(next.region, next.url);
    return { relayed, applied };
  } catch (error) {
    // Roll back to the old primary: nothing was lost, and writes resume where they were.
    current.gate.promote(current.region, current.url);
    next.gate.promote(current.region, current.url);
    throw error;
  }
}
