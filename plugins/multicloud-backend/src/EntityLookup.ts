import type { BackstageCredentials } from '@backstage/backend-plugin-api';
import type { Entity } from '@backstage/catalog-model';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import { PromiseCache } from './providers/PromiseCache';

export interface EntityLookupOptions {
  catalog: CatalogService;
  /** How long an entity the catalog showed a caller is remembered for that caller (default 5 s). */
  ttlMs?: number;
  /** Callers and entities remembered at most (default 10,000); the oldest go first. */
  maxEntries?: number;
  now?: () => number;
}

/**
 * The catalog lookups of the plugin's routes, remembered per caller and entity for a few
 * seconds. A portal page polls a service's status every second or so, and each poll would
 * otherwise be a catalog request (over HTTP in a split deployment). The key holds the caller's
 * identity, and an entry is only ever filled by a lookup made with that caller's own
 * credentials, so the catalog's own permission rules still decide what each caller sees: a
 * caller never gets an entity the catalog showed somebody else. Only entities found are kept; a
 * caller who may not (or no longer) see an entity is told so within `ttlMs`. A caller without an
 * identity (an unauthenticated `none` principal) is never remembered.
 */
export class EntityLookup {
  private readonly entities: PromiseCache<Entity | undefined>;

  constructor(private readonly options: EntityLookupOptions) {
    const ttlMs = options.ttlMs ?? 5_000;
    // Concurrent requests of one caller share one lookup; a failed or empty one is not kept.
    this.entities = new PromiseCache({
      ttlMs,
      // A page polls every second: the lookup is made again in the background before it is
      // `ttlMs` old, so a steady viewer never waits for the catalog (see PromiseCache).
      refreshAfterMs: ttlMs * 0.8,
      maxEntries: options.maxEntries ?? 10_000,
      keep: entity => Boolean(entity),
      now: options.now,
    });
  }

  async get(
    entityRef: string,
    credentials: BackstageCredentials,
  ): Promise<Entity | undefined> {
    const caller = callerOf(credentials);
    if (!caller) return this.lookup(entityRef, credentials);
    return this.entities.get(`${caller}\n${entityRef}`, () =>
      this.lookup(entityRef, credentials),
    );
  }

  private lookup(entityRef: string, credentials: BackstageCredentials) {
    return this.options.catalog.getEntityByRef(entityRef, { credentials });
  }
}

/** Who is asking, as the catalog tells callers apart; undefined for a caller without identity. */
export function callerOf(
  credentials: BackstageCredentials,
): string | undefined {
  const principal = credentials.principal as {
    type: string;
    userEntityRef?: string;
    subject?: string;
  };
  if (principal.type === 'user' && principal.userEntityRef)
    return `user:${principal.userEntityRef}`;
  if (principal.type === 'service' && principal.subject)
    return `service:${principal.subject}`;
  return undefined;
}
