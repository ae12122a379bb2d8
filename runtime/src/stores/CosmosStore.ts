import type { Container, CosmosClient, ItemDefinition } from '@azure/cosmos';
import { toStoredItem } from '../domain/merge';
import type { ReplicationEvent } from '../domain/event';
import type {
  ApplyOutcome,
  ListOptions,
  ListPage,
  Store,
  StoredItem,
  VersionPage,
} from '../ports/Store';
import { paginate } from './paginate';
import { TOMBSTONE_RETENTION_SECONDS } from './tombstones';

export interface CosmosStoreOptions {
  container: Container;
  /** How often a conditional write is retried when another writer got in between. */
  maxAttempts?: number;
  /** How many keys' last known etag and version this process remembers (0 turns it off). */
  knownItems?: number;
}

export interface ItemDocument extends ItemDefinition {
  id: string;
  payload: Record<string, unknown> | null;
  version: string;
  source_region: string;
  timestamp: number;
  event_id: string;
  deleted: boolean;
  ttl?: number;
}

/**
 * The Store on Cosmos DB (NoSQL API). Applying an event is a conditional write by optimistic
 * concurrency: read the item, and create it (fails if someone created it meanwhile) or replace it
 * with If-Match on the etag read (fails if it changed meanwhile), only if the incoming version is
 * newer; on a conflict, read again and decide again. Versions compare as strings, as in DynamoDB.
 * Cosmos's own conflict policy is not used: it would let a delete beat a newer write.
 *
 * Each conditional write is one request in the common case: the store remembers the etag and
 * version of the items it last read or wrote (a bounded map), so an update goes straight to a
 * replace with If-Match, and a key it has never seen goes straight to a create. Only when that
 * guess is wrong (412 or 409: another writer, another instance) does it read and decide again,
 * so the memory saves requests and request units but never decides an outcome on its own, except
 * `stale`, which is safe: stored versions only grow, so an event not newer than a version once
 * stored is not newer than the one stored now.
 */
export class CosmosStore implements Store {
  private readonly known = new Map<string, { etag: string; version: string }>();

  constructor(private readonly options: CosmosStoreOptions) {}

  private get container() {
    return this.options.container;
  }

  async get(key: string): Promise<StoredItem | undefined> {
    const doc = await this.read(key);
    return doc ? storedItemFromCosmosDocument(doc) : undefined;
  }

  async apply(event: ReplicationEvent): Promise<ApplyOutcome> {
    const next = toDocument(toStoredItem(event));
    const known = this.known.get(event.key);
    if (known && !(event.version > known.version)) return 'stale';
    const guess = await this.writeIf(
      next,
      known ? { etag: known.etag } : { absent: true },
    );
    if (guess) return 'applied';

    const maxAttempts = this.options.maxAttempts ?? 50;
    for (let attempt = 0; attempt < maxAttempts; attempt++) {
      const current = await this.read(event.key);
      if (current && !(event.version > current.version)) return 'stale';
      if (
        await this.writeIf(
          next,
          current ? { etag: current._etag! } : { absent: true },
        )
      )
        return 'applied';
      // Another writer got in between: back off a little, with jitter, and decide again.
      await new Promise(r =>
        setTimeout(r, Math.random() * Math.min(50, 2 ** attempt)),
      );
    }
    throw new Error(
      `conditional write of ${event.key} kept conflicting after ${maxAttempts} attempts`,
    );
  }

  /** Replaces on a matching etag, or creates when absent; false when the condition failed. */
  private async writeIf(
    next: ItemDocument,
    condition: { etag: string } | { absent: true },
  ): Promise<boolean> {
    try {
      const { resource } =
        'etag' in condition
          ? await this.container.item(next.id, next.id).replace(next, {
              accessCondition: { type: 'IfMatch', condition: condition.etag },
            })
          : await this.container.items.create(next);
      this.remember(next.id, resource?._etag, next.version);
      return true;
    } catch (error) {
      const code = (error as { code?: number }).code;
      if (code !== 409 && code !== 412 && code !== 404) throw error;
      this.known.delete(next.id);
      return false;
    }
  }

  private remember(key: string, etag: string | undefined, version: string) {
    const limit = this.options.knownItems ?? 10_000;
    if (!etag || limit === 0) return;
    this.known.delete(key);
    this.known.set(key, { etag, version });
    if (this.known.size > limit)
      this.known.delete(this.known.keys().next().value!);
  }

  async list(options: ListOptions = {}): Promise<ListPage> {
    const { resources } = await this.container.items
      .query<ItemDocument>('SELECT * FROM c')
      .fetchAll();
    return paginate(resources.map(storedItemFromCosmosDocument), options);
  }

  /**
   * One query page of ids and versions, resumed by the continuation token; projecting two fields
   * keeps the response small. A query's charge is variable, more than a point read's 1 RU per
   * 1 KB item ("Request Units in Azure Cosmos DB", https://learn.microsoft.com/azure/cosmos-db/request-units);
   * Microsoft's measuring example ("Measure query cost", Learn module measure-index-azure-cosmos-db-sql-api)
   * shows about 2.8 RU per page of 25 items, so budget some 110 RU per 1,000 items.
   */
  async scanVersions(
    options: { cursor?: string; limit?: number } = {},
  ): Promise<VersionPage> {
    const page = await this.container.items
      .query<{ id: string; version: string }>('SELECT c.id, c.version FROM c', {
        maxItemCount: options.limit ?? 1000,
        continuationToken: options.cursor,
      })
      .fetchNext();
    return {
      entries: page.resources.map(d => ({ key: d.id, version: d.version })),
      cursor: page.hasMoreResults ? page.continuationToken : undefined,
    };
  }

  async ping(): Promise<void> {
    await this.container.read();
  }

  private async read(key: string): Promise<ItemDocument | undefined> {
    try {
      const { resource } = await this.container
        .item(key, key)
        .read<ItemDocument>();
      if (resource) this.remember(key, resource._etag, resource.version);
      return resource ?? undefined;
    } catch (error) {
      if ((error as { code?: number }).code === 404) return undefined;
      throw error;
    }
  }
}

function toDocument(item: StoredItem): ItemDocument {
  const { key, ...rest } = item;
  return {
    id: key,
    ...rest,
    ...(item.deleted ? { ttl: TOMBSTONE_RETENTION_SECONDS } : {}),
  };
}

/** A stored item from a container document, as a read or the change feed has it. */
export function storedItemFromCosmosDocument(doc: ItemDocument): StoredItem {
  return {
    key: doc.id,
    payload: doc.deleted ? null : doc.payload ?? {},
    version: doc.version,
    source_region: doc.source_region,
    timestamp: Number(doc.timestamp),
    event_id: doc.event_id,
    deleted: Boolean(doc.deleted),
  };
}

/** Creates the database and container as the Terraform module does (partition key /id). */
export async function ensureCosmosContainer(
  client: CosmosClient,
  databaseId: string,
  containerId: string,
): Promise<Container> {
  const { database } = await client.databases.createIfNotExists({
    id: databaseId,
  });
  const { container } = await database.containers.createIfNotExists({
    id: containerId,
    partitionKey: { paths: ['/id'] },
    defaultTtl: -1,
  });
  return container;
}
