import { randomUUID } from 'node:crypto';
import { toReplicationEvent } from '../domain/merge';
import { parseVersion } from '../domain/version';
import type { Store, VersionEntry } from '../ports/Store';
import type { MessageSender, OutboundMessage } from '../ports/Transport';
import type { MetricsSink } from '../metrics/MetricsSink';
import {
  ANTI_ENTROPY_KIND,
  type AntiEntropyMessage,
} from './antiEntropyMessages';
import {
  childrenOf,
  digestOf,
  groupByPrefix,
  ROOT,
  sameDigest,
} from './digests';

export interface ReconcilerOptions {
  /** This cloud's region id (`aws`, `azure`). */
  region: string;
  store: Store;
  /** The other cloud's inbound queue: digests and repairs travel there, as relayed events do. */
  peer: Pick<MessageSender, 'send'>;
  metrics?: MetricsSink;
  now?: () => number;
  /**
   * Writes younger than this are left out of digests: they are most likely still on their way
   * (the relay and the queue take seconds), and counting them would only re-send them. Default
   * 60 s.
   */
  settleMs?: number;
  /** A differing range with at most this many items is compared item by item; a larger one is split in 16. Default 500. */
  maxEntries?: number;
  /** Items a scan page asks for. Default 1,000. */
  pageSize?: number;
}

/** What one step found; also reported to the metrics sink. */
export interface ReconcileReport {
  /** Local items in the ranges compared. */
  compared: number;
  /** Keys found to differ, item by item. */
  diverged: number;
  /** Events this side sent again to the other side. */
  repaired: number;
}

/**
 * Both the SQS and the Service Bus (Standard tier) message size limit is 256 KB ("Amazon SQS
 * message quotas", https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/quotas-messages.html;
 * "Service Bus quotas", https://learn.microsoft.com/azure/service-bus-messaging/service-bus-quotas);
 * messages are packed to 192 KB, leaving room for attributes and the envelope.
 */
const MESSAGE_BUDGET_BYTES = 192 * 1024;
/** Below this depth (hex digits of the key hash) a range is always compared item by item. */
const MAX_DEPTH = 8;

/**
 * The anti-entropy reconciler: the last line of defence, which restores whatever a trigger, a
 * queue or a person lost. A scheduled round sends digests of the 256 top ranges of this store to
 * the other cloud. The receiver compares them with its own: equal ranges are done; a differing
 * small range is answered with its (key, version) list, a large one with the digests of its 16
 * sub-ranges, and so on down. Whoever receives a list re-emits what it holds newer or what the
 * other lacks (as ordinary replication events), and pulls what the other holds newer, so a
 * difference in either direction is found and repaired by the side that has the newer version.
 * Every step reads the whole local store once (`Store.scanVersions`) and keeps nothing between
 * messages, so any instance can handle any step.
 */
export class Reconciler {
  constructor(private readonly options: ReconcilerOptions) {}

  /** Starts a round: digests of the top ranges go to the other cloud. */
  async startRound(): Promise<ReconcileReport> {
    const entries = await this.localEntries();
    await this.sendDigests([ROOT], groupByPrefix(entries, childrenOf(ROOT)));
    return this.report({ compared: entries.length, diverged: 0, repaired: 0 });
  }

  /** Handles one message of the other side's reconciler. */
  async receive(message: AntiEntropyMessage): Promise<ReconcileReport> {
    switch (message.step) {
      case 'digests':
        return this.compareDigests(message.parents, message.ranges);
      case 'entries':
        return this.compareEntries(message.prefixes, message.entries);
      case 'pull':
        return this.report({
          compared: 0,
          diverged: 0,
          repaired: await this.reemit(message.keys),
        });
      default:
        throw new Error('unknown anti-entropy step');
    }
  }

  private async compareDigests(
    parents: string[],
    theirs: Record<string, [string, number]>,
  ): Promise<ReconcileReport> {
    const ranges = parents.flatMap(childrenOf);
    const mine = groupByPrefix(await this.localEntries(), ranges);
    const listed: string[] = [];
    const split: string[] = [];
    let compared = 0;
    for (const range of ranges) {
      const group = mine.get(range) ?? [];
      compared += group.length;
      const their = theirs[range];
      if (
        sameDigest(
          digestOf(group),
          their && { digest: their[0], count: their[1] },
        )
      )
        continue;
      if (group.length <= this.maxEntries || range.length >= MAX_DEPTH)
        listed.push(range);
      else split.push(range);
    }
    await this.sendEntries(listed, mine);
    if (split.length) {
      const all = split.flatMap(p => mine.get(p) ?? []);
      await this.sendDigests(
        split,
        groupByPrefix(all, split.flatMap(childrenOf)),
      );
    }
    return this.report({ compared, diverged: 0, repaired: 0 });
  }

  private async compareEntries(
    prefixes: string[],
    entries: [string, string][],
  ): Promise<ReconcileReport> {
    const theirs = new Map(entries);
    const mine = new Map(
      [...groupByPrefix(await this.localEntries(), prefixes).values()]
        .flat()
        .map(e => [e.key, e.version]),
    );
    // Mine newer, or missing there: send again. Theirs newer, or missing here: ask for it.
    const olderIn =
      (other: Map<string, string>) =>
      ([k, v]: [string, string]) => {
        const held = other.get(k);
        return held === undefined || held < v;
      };
    const newerHere = [...mine].filter(olderIn(theirs));
    const newerThere = [...theirs].filter(olderIn(mine));
    const repaired = await this.reemit(newerHere.map(([k]) => k));
    const pull = newerThere.map(([k]) => k);
    await this.sendPacked(pull, keys => ({ step: 'pull', keys }));
    return this.report({
      compared: mine.size,
      diverged: newerHere.length + newerThere.length,
      repaired,
    });
  }

  /** Sends the current version of each key as an ordinary replication event. */
  private async reemit(keys: string[]): Promise<number> {
    const messages: OutboundMessage[] = [];
    // 16 point reads at a time: a step must end well inside the queue's visibility timeout.
    const items = [];
    for (let i = 0; i < keys.length; i += 16)
      items.push(
        ...(await Promise.all(
          keys.slice(i, i + 16).map(k => this.options.store.get(k)),
        )),
      );
    for (const item of items) {
      if (!item) continue;
      messages.push({
        id: item.event_id,
        body: JSON.stringify(toReplicationEvent(item)),
        attributes: {
          source_region: item.source_region,
          version: item.version,
        },
      });
    }
    if (messages.length) await this.options.peer.send(messages);
    return messages.length;
  }

  private async sendDigests(
    parents: string[],
    groups: Map<string, VersionEntry[]>,
  ) {
    // One message per batch of parents, so a receiver always sees all children of a parent.
    await this.sendPacked(parents, batch => ({
      step: 'digests',
      parents: batch,
      ranges: Object.fromEntries(
        batch
          .flatMap(childrenOf)
          .filter(range => groups.has(range))
          .map(range => {
            const d = digestOf(groups.get(range)!);
            return [range, [d.digest, d.count]];
          }),
      ),
    }));
  }

  private async sendEntries(
    prefixes: string[],
    groups: Map<string, VersionEntry[]>,
  ) {
    await this.sendPacked(prefixes, batch => ({
      step: 'entries',
      prefixes: batch,
      entries: batch.flatMap(p =>
        (groups.get(p) ?? []).map(e => [e.key, e.version] as [string, string]),
      ),
    }));
  }

  /** Sends `items` in as few messages as fit the size budget (at least one item each). */
  private async sendPacked<T>(
    items: T[],
    build: (
      batch: T[],
    ) => DistributiveOmit<AntiEntropyMessage, 'kind' | 'from'>,
  ) {
    const messages: OutboundMessage[] = [];
    const encode = (batch: T[]) =>
      JSON.stringify({
        kind: ANTI_ENTROPY_KIND,
        from: this.options.region,
        ...build(batch),
      });
    let start = 0;
    while (start < items.length) {
      let end = start + 1;
      let body = encode(items.slice(start, end));
      // Grow the batch by doubling, then keep the largest that fits.
      for (let size = 2; start + size / 2 < items.length; size *= 2) {
        const next = encode(items.slice(start, start + size));
        if (Buffer.byteLength(next) > MESSAGE_BUDGET_BYTES) break;
        end = Math.min(items.length, start + size);
        body = next;
      }
      messages.push({
        id: randomUUID(),
        body,
        attributes: { kind: ANTI_ENTROPY_KIND },
      });
      start = end;
    }
    if (messages.length) await this.options.peer.send(messages);
  }

  /** Every settled (key, version) of the local store, page by page. */
  private async localEntries(): Promise<VersionEntry[]> {
    const settledBefore =
      (this.options.now ?? Date.now)() - (this.options.settleMs ?? 60_000);
    const entries: VersionEntry[] = [];
    let cursor: string | undefined;
    do {
      const page = await this.options.store.scanVersions({
        cursor,
        limit: this.options.pageSize ?? 1000,
      });
      for (const e of page.entries)
        if (parseVersion(e.version).wallMs <= settledBefore) entries.push(e);
      cursor = page.cursor;
    } while (cursor);
    return entries;
  }

  private get maxEntries() {
    return this.options.maxEntries ?? 500;
  }

  private report(report: ReconcileReport): ReconcileReport {
    this.options.metrics?.antiEntropy?.(report);
    return report;
  }
}

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown
  ? Omit<T, K>
  : never;
