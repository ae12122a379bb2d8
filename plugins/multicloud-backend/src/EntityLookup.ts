import type { BackstageCredentials } from '@backstage/backend-plugin-api';
import type { Entity } from '@backstage/catalog-model';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import { Batcher } from './providers/Batcher';
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
  /**
   * One caller's lookups that come together (a page of services, or lookups falling due
   * together) are one `getEntitiesByRefs` request with that caller's credentials (those of the
   * batch's first lookup; every lookup in it is that same caller's). The catalog client splits
   * a long list into requests of its own (`splitRefsIntoChunks` in @backstage/catalog-client's
   * `CatalogClient.getEntitiesByRefs`); 250 a batch keeps one answer small.
   */
  private readonly batches: Batcher<
    { caller: string; credentials: BackstageCredentials },
    string,
    Entity | undefined
  >;

  constructor(private readonly options: EntityLookupOptions) {
    this.batches = new Batcher<
      { caller: string; credentials: BackstageCredentials },
      string,
      Entity | undefined
    >({
      keyOf: ({ caller }) => caller,
      maxPerCall: 250,
      // A first view waits at most this long more for its entity; later ones are kept.
      idleMs: 5,
      maxWaitMs: 50,
      send: async ({ credentials }, entityRefs) =>
        (
          await options.catalog.getEntitiesByRefs(
            { entityRefs },
            { credentials },
          )
        ).items.map(entity => entity ?? undefined),
    });
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
    if (!caller)
      return this.options.catalog.getEntityByRef(entityRef, { credentials });
    return this.entities.get(
      `${caller}\n${entityRef}`,
      async () =>
        (await this.batches.add({ caller, credentials }, [entityRef]))[0],
    );
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
