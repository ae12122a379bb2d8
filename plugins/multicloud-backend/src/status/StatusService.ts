import type { CacheService } from '@backstage/backend-plugin-api';
import { createHash } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import type { ServiceStatus } from '@multicloud/backstage-plugin-multicloud-common';
import type { MulticloudProvider, ServiceLocation } from '../providers/types';
import { readStatus } from './readStatus';

interface Watched {
  provider: MulticloudProvider;
  service: ServiceLocation;
  viewedAt: number;
  /** When its status was last read upstream (0: never). */
  readAt: number;
  /** The last status this instance read, ready to send, and when its read began. */
  latest?: StatusBody;
  latestAt?: number;
}

/** A status as the route sends it, encoded once per read rather than on every response. */
export interface StatusBody {
  json: string;
  /** `json` as UTF-8. */
  body: Buffer;
  /** `body` gzipped, for the clients that accept it (see sendStatus). */
  gzip: Buffer;
  /** A strong validator of `body` (RFC 9110, 8.8.3), for a poll's `If-None-Match`. */
  etag: string;
}

function statusBody(json: string): StatusBody {
  const body = Buffer.from(json);
  const hash = createHash('sha1').update(body).digest('base64url');
  return { json, body, gzip: gzipSync(body), etag: `"${hash}"` };
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

  /** The status as JSON (see `getBody`). */
  async getJson(
    provider: MulticloudProvider,
    service: ServiceLocation,
  ): Promise<string> {
    return (await this.getBody(provider, service)).json;
  }

  /**
   * The status as the route sends it. The statuses this instance reads (on a first view and in
   * each refresh) are kept beside the cache, encoded, until the cache's entry would expire: a
   * poll then costs no cache read, whose deserialization (`@keyv/serialize`, a reviver on every
   * field) and copies of the JSON were most of the plugin's own time in a warm request
   * (docs/benchmarks.md, status profile). The cache is read for a status this instance holds no
   * fresh copy of (another instance read it, or a refresh was late).
   */
  async getBody(
    provider: MulticloudProvider,
    service: ServiceLocation,
  ): Promise<StatusBody> {
    const key = cacheKey(provider, service);
    const now = this.now();
    let watched = this.watched.get(key);
    if (watched) {
      watched.provider = provider;
      watched.service = service;
      watched.viewedAt = now;
    } else {
      watched = { provider, service, viewedAt: now, readAt: 0 };
      this.watched.set(key, watched);
    }
    const { latest, latestAt = 0 } = watched;
    if (latest && now - latestAt < this.ttlOf(provider))
      return forEntity(latest, service.entityRef);
    const cached = await this.options.cache.get(key);
    if (typeof cached !== 'string') return this.read(provider, service);
    return forEntity(statusBody(cached), service.entityRef);
  }

  /** Forgets the cached status after a change (failover, replay), so the next view reads it. */
  async invalidate(provider: MulticloudProvider, service: ServiceLocation) {
    const key = cacheKey(provider, service);
    const watched = this.watched.get(key);
    if (watched) watched.latest = undefined;
    await this.options.cache.delete(key);
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

  /** Two refresh periods: a refresh that runs late never leaves viewers without a status. */
  private ttlOf(provider: MulticloudProvider) {
    return 2 * this.periodOf(provider);
  }

  private async read(
    provider: MulticloudProvider,
    service: ServiceLocation,
  ): Promise<StatusBody> {
    const startedAt = this.now();
    const watched = this.watched.get(cacheKey(provider, service));
    if (watched) watched.readAt = startedAt;
    const status: ServiceStatus = {
      entityRef: service.entityRef,
      serviceId: service.serviceId,
      provider: provider.name,
      cloudInfo: [...provider.clouds],
      clouds: await readStatus(provider, service, this.now()),
      fetchedAt: new Date(this.now()).toISOString(),
    };
    const json = JSON.stringify(status);
    await this.options.cache.set(cacheKey(provider, service), json, {
      ttl: this.ttlOf(provider),
    });
    const body = statusBody(json);
    if (watched) {
      watched.latest = body;
      watched.latestAt = startedAt;
    }
    return body;
  }
}

function cacheKey(provider: MulticloudProvider, service: ServiceLocation) {
  // `status-json`: the value is a JSON string (objects were kept under `status:` before).
  return `status-json:${provider.name}:${service.serviceId}`;
}

/**
 * The status with `entityRef` as its ref. The entry is keyed by service id; another entity naming
 * the same service gets its own ref. `entityRef` is the first field written (see `read`), so its
 * prefix tells whether it is ours.
 */
function forEntity(status: StatusBody, entityRef: string): StatusBody {
  if (status.json.startsWith(`{"entityRef":${JSON.stringify(entityRef)},`))
    return status;
  return statusBody(JSON.stringify({ ...JSON.parse(status.json), entityRef }));
}
