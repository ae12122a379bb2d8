import { RoleWriteGate } from '../items/WriteGate';

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
