import { HybridLogicalClock } from '../domain/HybridLogicalClock';
import { ItemService } from '../items/ItemService';
import { RoleWriteGate } from '../items/WriteGate';
import type { Store } from '../ports/Store';

/** The write gate of a region from its configuration (consistency mode A or B). */
export function writeGateFor(config: {
  REGION_ID: string;
  CONSISTENCY_MODE: 'active-active' | 'primary-secondary';
  PRIMARY_REGION?: string;
  PRIMARY_URL?: string;
}): RoleWriteGate {
  return new RoleWriteGate({
    mode: config.CONSISTENCY_MODE,
    region: config.REGION_ID,
    primaryRegion: config.PRIMARY_REGION,
    primaryUrl: config.PRIMARY_URL,
  });
}

/** A region's clock and write path from its configuration: the same on both clouds. */
export function createRegionCore(
  config: Parameters<typeof writeGateFor>[0] & { MAX_CLOCK_DRIFT_MS: number },
  store: Store,
  /** The wall clock; a harness that compresses time passes its own. */
  now?: () => number,
) {
  const clock = new HybridLogicalClock({
    region: config.REGION_ID,
    maxDriftMs: config.MAX_CLOCK_DRIFT_MS,
    now,
  });
  const items = new ItemService({
    store,
    clock,
    writeGate: writeGateFor(config),
    now,
  });
  return { clock, items };
}
