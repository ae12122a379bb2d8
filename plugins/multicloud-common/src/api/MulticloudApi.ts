import type {
  DeadLetterList,
  FailoverAccess,
  FailoverPlan,
  FailoverRecord,
  FailoverRequest,
  MetricRange,
  MetricsResponse,
  ReplayResult,
  CloudId,
  ServiceStatus,
} from './types';

/**
 * The typed client of the multi-cloud backend; `entityRef` is `kind:namespace/name`.
 *
 * @public
 */
export interface MulticloudApi {
  getStatus(entityRef: string): Promise<ServiceStatus>;
  getMetrics(entityRef: string, range: MetricRange): Promise<MetricsResponse>;
  planFailover(
    entityRef: string,
    request: FailoverRequest,
  ): Promise<FailoverPlan>;
  executeFailover(
    entityRef: string,
    request: FailoverRequest,
  ): Promise<FailoverRecord>;
  getFailover(entityRef: string, id: string): Promise<FailoverRecord>;
  getFailoverHistory(entityRef: string): Promise<FailoverRecord[]>;
  /** Commits the weights of a finished failover whose commit failed, again. */
  retryFailoverCommit(entityRef: string, id: string): Promise<FailoverRecord>;
  /** The first dead letters of a cloud, with the reason each was dead-lettered. */
  listDeadLetters(entityRef: string, cloud: CloudId): Promise<DeadLetterList>;
  replayDeadLetters(entityRef: string, cloud: CloudId): Promise<ReplayResult>;
  /** Whether the policy lets the caller fail over every service, ownership unchecked. */
  getFailoverAccess(): Promise<FailoverAccess>;
}
