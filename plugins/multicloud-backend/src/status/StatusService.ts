import type { CacheService } from '@backstage/backend-plugin-api';
import type { ServiceStatus } from '@multicloud/backstage-plugin-multicloud-common';
import type { MulticloudProvider, ServiceLocation } from '../providers/types';
import { readStatus } from './readStatus';

interface Watched {
  provider: MulticloudProvider;
  service: ServiceLocation;
  viewedAt: number;
  /** When its status was last read upstream (0: never). */
  readAt: number;
}

export interface StatusServiceOptions {
  cache: CacheService;
  /**
   * How often the statuses being watched are read again (default 5 s), for providers that do
   * not say (`MulticloudProvider.refreshMs`). `refresh()` must run at least as often as the
   * shortest of them.
   */
  refreshMs?: number;
  /** A status nobody asked for in this long is no longer refreshed (default 2 min). */
  watchMs?: number;
  now?: () => number;
}

/**
 * Service statuses, served from the cache and kept fresh by `refresh()`, which the plugin runs on
 * the scheduler: every status somebody viewed lately is read again in one burst, so the cloud
 * provider's batchers send a whole catalog page's queries as ceil(queries / 500) CloudWatch calls
 * per refresh, and viewers (however many) always read the cache. Only a status never viewed (or
 * no longer watched) is read on request.
 */
export class StatusService {
  private readonly watched = new Map<string, Watched>();
  private readonly refreshMs: number;
  private readonly watchMs: number;
  private readonly now: () => number;

  constructor(private readonly options: StatusServiceOptions) {
    this.refreshMs = options.refreshMs ?? 5_000;
    this.watchMs = options.watchMs ?? 120_000;
    this.now = options.now ?? Date.now;
  }

  async get(
    provider: MulticloudProvider,
    service: ServiceLocation,
  ): Promise<ServiceStatus> {
    return JSON.parse(await this.getJson(provider, service));
  }

  /**
   * The status as the JSON the route sends. The cache holds it as one string: the backend's
   * cache serializes values with a JSON reviver called on every field (`@keyv/serialize`), which
   * cost a warm request more CPU than all the plugin's own code; a string is one field, and it
   * goes out as it is, with no second `JSON.stringify` (docs/benchmarks.md, status profile).
   */
  async getJson(
    provider: MulticloudProvider,
    service: ServiceLocation,
  ): Promise<string> {
    const key = cacheKey(provider, service);
    const readAt = this.watched.get(key)?.readAt ?? 0;
    this.watched.set(key, { provider, service, viewedAt: this.now(), readAt });
    const cached = await this.options.cache.get(key);
    if (typeof cached !== 'string')
      return JSON.stringify(await this.read(provider, service));
    // The entry is keyed by service id; another entity naming the same service gets its own ref.
    // `entityRef` is the first field written (see `read`), so its prefix tells whether it is ours.
    if (cached.startsWith(`{"entityRef":${JSON.stringify(service.entityRef)},`))
      return cached;
    return JSON.stringify({
      ...JSON.parse(cached),
      entityRef: service.entityRef,
    });
  }

  /** Forgets the cached status after a change (failover, replay), so the next view reads it. */
  async invalidate(provider: MulticloudProvider, service: ServiceLocation) {
    await this.options.cache.delete(cacheKey(provider, service));
  }

  /**
   * Reads every watched status whose provider's refresh period has passed, at once, and drops
   * those nobody viewed within `watchMs`.
   */
  async refresh(): Promise<{ refreshed: number }> {
    const now = this.now();
    const due = [...this.watched].filter(([key, w]) => {
      if (now - w.viewedAt > this.watchMs) {
        this.watched.delete(key);
        return false;
      }
      return now - w.readAt >= this.periodOf(w.provider);
    });
    await Promise.all(
      due.map(([, w]) =>
        // A service that cannot be read at all keeps its last status until it expires.
        this.read(w.provider, w.service).catch(() => undefined),
      ),
    );
    return { refreshed: due.length };
  }

  private periodOf(provider: MulticloudProvider) {
    return provider.refreshMs ?? this.refreshMs;
  }

  private async read(
    provider: MulticloudProvider,
    service: ServiceLocation,
  ): Promise<ServiceStatus> {
    const watched = this.watched.get(cacheKey(provider, service));
    if (watched) watched.readAt = this.now();
    const status: ServiceStatus = {
      entityRef: service.entityRef,
      serviceId: service.serviceId,
      provider: provider.name,
      cloudInfo: [...provider.clouds],
      clouds: await readStatus(provider, service, this.now()),
      fetchedAt: new Date(this.now()).toISOString(),
    };
    // Two refresh periods: a refresh that runs late never leaves viewers without a status.
    await this.options.cache.set(
      cacheKey(provider, service),
      JSON.stringify(status),
      { ttl: 2 * this.periodOf(provider) },
    );
    return status;
  }
}

function cacheKey(provider: MulticloudProvider, service: ServiceLocation) {
  // `status-json`: the value is a JSON string (objects were kept under `status:` before).
  return `status-json:${provider.name}:${service.serviceId}`;
}
