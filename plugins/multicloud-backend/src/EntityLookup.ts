import type { BackstageCredentials } from '@backstage/backend-plugin-api';
import type { Entity } from '@backstage/catalog-model';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import { CallerLookups, callerOf } from './CallerLookups';

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
  private readonly lookups: CallerLookups<string, Entity | undefined>;

  constructor(private readonly options: EntityLookupOptions) {
    this.lookups = new CallerLookups({
      // The catalog client splits a long list into requests of its own (`splitRefsIntoChunks`
      // in @backstage/catalog-client's `CatalogClient.getEntitiesByRefs`).
      send: async (credentials, entityRefs) =>
        (
          await options.catalog.getEntitiesByRefs(
            { entityRefs },
            { credentials },
          )
        ).items.map(entity => entity ?? undefined),
      keyOf: entityRef => entityRef,
      ttlMs: options.ttlMs,
      maxEntries: options.maxEntries,
      // A failed or empty lookup is not kept.
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
    return this.lookups.get(caller, credentials, entityRef);
  }
}
