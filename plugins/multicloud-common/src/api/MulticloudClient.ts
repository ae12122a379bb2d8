import { ResponseError } from '@backstage/errors';
import type { MulticloudApi } from './MulticloudApi';
import type {
  DeadLetterList,
  CloudId,
  FailoverAccess,
  FailoverPlan,
  FailoverRecord,
  FailoverRequest,
  MetricRange,
  MetricsResponse,
  ReplayResult,
  ServiceStatus,
} from './types';

/** @public */
export interface MulticloudClientOptions {
  discoveryApi: { getBaseUrl(pluginId: string): Promise<string> };
  /** The app's fetchApi, which adds the user's credentials; plain fetch when absent. */
  fetchApi?: { fetch: typeof fetch };
}

/**
 * The typed client of the multi-cloud backend's HTTP API (routes in `types.ts`).
 *
 * @public
 */
export class MulticloudClient implements MulticloudApi {
  constructor(private readonly options: MulticloudClientOptions) {}

  getStatus(entityRef: string): Promise<ServiceStatus> {
    return this.request(entityRef, '/status');
  }

  getMetrics(entityRef: string, range: MetricRange): Promise<MetricsResponse> {
    return this.request(
      entityRef,
      `/metrics?range=${encodeURIComponent(range)}`,
    );
  }

  planFailover(
    entityRef: string,
    body: FailoverRequest,
  ): Promise<FailoverPlan> {
    return this.request(entityRef, '/failover/plan', { method: 'POST', body });
  }

  executeFailover(
    entityRef: string,
    body: FailoverRequest,
  ): Promise<FailoverRecord> {
    return this.request(entityRef, '/failover', { method: 'POST', body });
  }

  getFailover(entityRef: string, id: string): Promise<FailoverRecord> {
    return this.request(entityRef, `/failover/${encodeURIComponent(id)}`);
  }

  retryFailoverCommit(entityRef: string, id: string): Promise<FailoverRecord> {
    return this.request(
      entityRef,
      `/failover/${encodeURIComponent(id)}/commit`,
      {
        method: 'POST',
      },
    );
  }

  async getFailoverHistory(entityRef: string): Promise<FailoverRecord[]> {
    return (
      await this.request<{ items: FailoverRecord[] }>(
        entityRef,
        '/failover/history',
      )
    ).items;
  }

  listDeadLetters(entityRef: string, cloud: CloudId): Promise<DeadLetterList> {
    return this.request(entityRef, `/dlq/${encodeURIComponent(cloud)}`);
  }

  replayDeadLetters(entityRef: string, cloud: CloudId): Promise<ReplayResult> {
    return this.request(entityRef, `/dlq/${encodeURIComponent(cloud)}/replay`, {
      method: 'POST',
    });
  }

  getFailoverAccess(): Promise<FailoverAccess> {
    return this.call('/failover/access');
  }

  private request<T>(
    entityRef: string,
    path: string,
    init: { method?: string; body?: unknown } = {},
  ): Promise<T> {
    return this.call(`/services/${entityPath(entityRef)}${path}`, init);
  }

  private async call<T>(
    path: string,
    init: { method?: string; body?: unknown } = {},
  ): Promise<T> {
    const base = await this.options.discoveryApi.getBaseUrl('multicloud');
    const response = await (this.options.fetchApi?.fetch ?? fetch)(
      `${base}${path}`,
      {
        method: init.method ?? 'GET',
        headers:
          init.body === undefined
            ? undefined
            : { 'content-type': 'application/json' },
        body: init.body === undefined ? undefined : JSON.stringify(init.body),
      },
    );
    if (!response.ok) throw await ResponseError.fromResponse(response);
    return (await response.json()) as T;
  }
}

/**
 * `kind:namespace/name` → `kind/namespace/name`, each part URL-encoded; namespace defaults.
 *
 * @public
 */
export function entityPath(entityRef: string): string {
  const match = /^([^:]+):(?:([^/]+)\/)?(.+)$/.exec(entityRef);
  if (!match)
    throw new Error(
      `"${entityRef}" is not an entity ref (kind:namespace/name)`,
    );
  const [, kind, namespace = 'default', name] = match;
  return [kind, namespace, name]
    .map(p => encodeURIComponent(p.toLocaleLowerCase('en-US')))
    .join('/');
}
