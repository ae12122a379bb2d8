import type {
  CloudResult,
  CloudStatus,
} from '@multicloud/backstage-plugin-multicloud-common';

/**
 * Reads each cloud's health, weight and replication figures of one service. One implementation
 * per provider (the sandbox today; AWS and Azure next), chosen by the entity's
 * `multicloud.io/provider` annotation. A cloud that cannot be read is an error entry, never a
 * failed response.
 */
export interface StatusSource {
  readonly provider: string;
  getStatus(serviceId: string): Promise<CloudResult<CloudStatus>[]>;
}
