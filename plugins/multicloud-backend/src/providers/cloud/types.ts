import type {
  CloudMetrics,
  DeadLetterEntry,
} from '@multicloud/backstage-plugin-multicloud-common';
import type {
  CurrentMetrics,
  HealthSource,
  RecoveryReading,
  ReplicationReading,
  ServiceLocation,
  TrafficController,
} from '../types';

/**
 * The global routing in front of the clouds (Route53, Traffic Manager, Front Door): it holds the
 * weights, and its health checks say whether each cloud is healthy.
 */
export interface GlobalRouting extends HealthSource, TrafficController {}

/** What one cloud tells about its own half of a service: figures, replication into it, replay. */
export interface CloudSide {
  current(service: ServiceLocation): Promise<CurrentMetrics>;
  /** The series over `window` (aligned to its step), one point per step. */
  series(
    service: ServiceLocation,
    window: { start: Date; end: Date; stepSeconds: number },
  ): Promise<CloudMetrics>;
  replication(service: ServiceLocation): Promise<ReplicationReading>;
  /** The dead-letter redriver's and the anti-entropy reconciler's figures of the last hour. */
  recovery(service: ServiceLocation): Promise<RecoveryReading>;
  /** The first `max` dead letters, read without taking them. */
  deadLetters(
    service: ServiceLocation,
    max: number,
  ): Promise<DeadLetterEntry[]>;
  /** Moves the dead letters back to the inbound queue; returns how many were moved or are moving. */
  replay(
    service: ServiceLocation,
  ): Promise<{ replayed: number; remaining: number }>;
}
