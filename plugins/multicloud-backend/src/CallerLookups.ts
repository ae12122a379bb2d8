import type { BackstageCredentials } from '@backstage/backend-plugin-api';
import { Batcher } from './providers/Batcher';
import { PromiseCache } from './providers/PromiseCache';

export interface CallerLookupsOptions<Item, Result> {
  /** One request for a batch of one caller's items, answered in the items' order. */
  send(credentials: BackstageCredentials, items: Item[]): Promise<Result[]>;
  /** What names an item in the cache, beside its caller. */
  keyOf(item: Item): string;
  /** How long an answer is used for its caller (default 5 s). */
  ttlMs?: number;
  /** Callers and items remembered at most (default 10,000); the oldest go first. */
  maxEntries?: number;
  /** Which answers are kept; the others are asked again next time. */
  keep?: (result: Result) => boolean;
  now?: () => number;
}

/**
 * Lookups made with a caller's own credentials (catalog entities, permission decisions) and
 * remembered for that caller only, for a few seconds:
 * - one caller's lookups that come together (a page of services, or lookups falling due
 *   together) go as one request, with the credentials of the batch's first lookup (every lookup
 *   in it is that same caller's), at most 250 items a request;
 * - a page polls every second, so an answer is asked again in the background before it is `ttlMs`
 *   old (four fifths of it, see PromiseCache): a steady viewer never waits for it.
 */
export class CallerLookups<Item, Result> {
  private readonly answers: PromiseCache<Result>;
  private readonly batches: Batcher<
    { caller: string; credentials: BackstageCredentials },
    Item,
    Result
  >;

  constructor(private readonly options: CallerLookupsOptions<Item, Result>) {
    this.batches = new Batcher({
      keyOf: ({ caller }) => caller,
      maxPerCall: 250,
      // A first view waits at most this long more for its answer; later ones are kept.
      idleMs: 5,
      maxWaitMs: 50,
      send: ({ credentials }, items) => options.send(credentials, items),
    });
    const ttlMs = options.ttlMs ?? 5_000;
    this.answers = new PromiseCache({
      ttlMs,
      refreshAfterMs: ttlMs * 0.8,
      maxEntries: options.maxEntries ?? 10_000,
      keep: options.keep,
      now: options.now,
    });
  }

  /** The answer for `caller` (see `callerOf`) about `item`. */
  get(
    caller: string,
    credentials: BackstageCredentials,
    item: Item,
  ): Promise<Result> {
    return this.answers.get(
      `${caller}\n${this.options.keyOf(item)}`,
      async () => (await this.batches.add({ caller, credentials }, [item]))[0],
    );
  }
}

/**
 * Who the credentials are, as a cache key: a user or a service. Undefined for a caller without an
 * identity, whose lookups are never remembered.
 */
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
