import {
  REFUSED_REASON,
  type DeadLetter,
  type DeadLetterQueue,
} from '../ports/DeadLetterQueue';
import type { MetricsSink } from '../metrics/MetricsSink';

/**
 * When a transient dead letter goes back to its queue: 1, 5 and 15 minutes after each re-drive
 * run that finds it. 15 minutes is the longest message timer SQS has (DelaySeconds ≤ 900:
 * "Amazon SQS message timers",
 * https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/sqs-message-timers.html),
 * and the same steps serve Service Bus. With the queue's own deliveries in between, an event
 * gets through an outage of about 20 minutes without a person; past that, the anti-entropy
 * reconciler restores it, and the dead letter waits, counted, for a person.
 */
export const REDRIVE_BACKOFF_MS = [60_000, 300_000, 900_000];

/** The attribute that counts a dead letter's re-drives. */
export const REDRIVE_ATTEMPTS = 'redrive_attempts';

/**
 * A reason that starts with this marks a dead letter as transient: code that dead-letters a
 * message because something it needs is unavailable (store unavailable, throttled, peer
 * unreachable) says so, and the redriver sends it back.
 */
export const TRANSIENT_REASON_PREFIX = 'transient:';

/**
 * The reasons a queue gives when it dead-letters by itself, after too many deliveries or on
 * expiry: nothing says the message is bad, so it is tried again. SQS gives none at all.
 * ("Overview of Service Bus dead-letter queues",
 * https://learn.microsoft.com/azure/service-bus-messaging/service-bus-dead-letter-queues#maximum-delivery-count).
 */
const QUEUE_REASONS = new Set([
  'MaxDeliveryCountExceeded',
  'TTLExpiredException',
]);

export { REFUSED_REASON };

/** The reason attributes a dead-letter queue stamps; not sent back with the message. */
const REASON_ATTRIBUTES = [
  'DeadLetterReason',
  'DeadLetterErrorDescription',
  REFUSED_REASON,
];

/** Why a letter waits for a person, in words: the reason recorded by the redriver, else the queue's. */
export function deadLetterReason(
  attributes: Record<string, string>,
): string | null {
  return attributes[REFUSED_REASON] || attributes.DeadLetterReason || null;
}

export type DeadLetterKind = 'transient' | 'poison';

/**
 * Transient: dead-lettered by the queue itself (no reason, or the queue's own), or with a reason
 * marked transient. Poison: any other reason, which is what the applier gives an event that can
 * never apply (invalid, refused by the merge, a clock too far ahead).
 */
export function classifyDeadLetter(
  attributes: Record<string, string>,
): DeadLetterKind {
  if (attributes[REFUSED_REASON]) return 'poison';
  const reason = attributes.DeadLetterReason;
  if (reason === undefined || reason === '') return 'transient';
  if (QUEUE_REASONS.has(reason) || reason.startsWith(TRANSIENT_REASON_PREFIX))
    return 'transient';
  return 'poison';
}

export interface DeadLetterRedriverOptions {
  deadLetters: DeadLetterQueue;
  metrics?: MetricsSink;
  /**
   * Why a letter can never be applied, if it cannot (`inboundLetterProblem`): such a letter stays
   * for a person even when the queue dead-lettered it without a reason (Service Bus after its
   * deliveries, when the handler could only fail them), and the reason is recorded on it
   * (`REFUSED_REASON`) where the queue can, for the person and for the next runs.
   */
  problemWith?: (
    letter: Pick<DeadLetter, 'body' | 'enqueuedAt'>,
  ) => string | undefined;
  /**
   * Resolves when what the letters need is back (the store's ping), rejects while it is not: a
   * run then sends nothing back, so a long outage spends no re-drives and the letters go back
   * soon after it ends, instead of timing out their backoff against a store still down.
   */
  ready?: () => Promise<void>;
  /** Delay before each re-drive; its length is how many re-drives a letter gets. */
  backoffMs?: number[];
  /**
   * Dead letters looked at per run. Default 10,000: a run is bounded by `maxRunMs`, and a backlog
   * left over waits a whole schedule interval (a 60 s outage at 20 writes/s leaves over 1,000).
   */
  maxPerRun?: number;
  /**
   * How long a run goes on receiving. A letter left for a person stays locked until the run ends
   * (so the run does not see it twice), so this stays well inside the queue's lock: the Terraform
   * modules set 60 s on Service Bus and this adapter 120 s on SQS. Default 20 s.
   */
  maxRunMs?: number;
}

export interface RedriveReport {
  redriven: number;
  /** Poison letters, and transient ones past their last re-drive, seen in this run. */
  awaitingPerson: number;
  /** Why the run looked at nothing, when `ready` said the store is not back. */
  skipped?: string;
}

/**
 * Sends transient dead letters back to their queue, with backoff, counting the attempts in a
 * message attribute; leaves poison ones, with their reason, for a person. Run on a schedule
 * (every minute: an EventBridge Scheduler schedule on AWS, a timer trigger on Azure).
 */
export class DeadLetterRedriver {
  constructor(private readonly options: DeadLetterRedriverOptions) {}

  async runOnce(): Promise<RedriveReport> {
    const { deadLetters } = this.options;
    const backoff = this.options.backoffMs ?? REDRIVE_BACKOFF_MS;
    try {
      await this.options.ready?.();
    } catch (error) {
      return {
        redriven: 0,
        awaitingPerson: 0,
        skipped: (error as Error).message,
      };
    }
    const max = this.options.maxPerRun ?? 10_000;
    const stopAt = Date.now() + (this.options.maxRunMs ?? 20_000);
    /** Letters left for a person, by id; all of them stay locked until the run ends. */
    const waiting = new Set<string>();
    const locked: DeadLetter[] = [];
    /** Reasons to record on letters as they are released, by id. */
    const stamps = new Map<string, Record<string, string>>();
    const seen = new Set<string>();
    let redriven = 0;
    const handle = async (letter: DeadLetter) => {
      const attempts = Number(letter.attributes[REDRIVE_ATTEMPTS] ?? 0) || 0;
      const poison = classifyDeadLetter(letter.attributes) === 'poison';
      const problem = poison ? undefined : this.options.problemWith?.(letter);
      if (poison || problem !== undefined || attempts >= backoff.length) {
        if (problem !== undefined)
          // Cut as the AWS applier cuts its DeadLetterReason; a Service Bus message's
          // properties may take 64 KB ("Service Bus quotas", maximum header size,
          // https://learn.microsoft.com/azure/service-bus-messaging/service-bus-quotas).
          stamps.set(letter.id, { [REFUSED_REASON]: problem.slice(0, 1024) });
        waiting.add(letter.id);
        locked.push(letter);
        return;
      }
      const attributes = Object.fromEntries(
        Object.entries(letter.attributes).filter(
          ([k]) => !REASON_ATTRIBUTES.includes(k),
        ),
      );
      attributes[REDRIVE_ATTEMPTS] = String(attempts + 1);
      await deadLetters.redrive(letter, attributes, backoff[attempts]);
      redriven += 1;
    };
    let failure: unknown;
    let wrapped = false;
    try {
      // Batch by batch, each sent back at once; a letter seen again means the run has come
      // round to letters whose lock ran out, so it stops.
      while (seen.size < max && Date.now() < stopAt && !failure && !wrapped) {
        const batch = await deadLetters.receive(Math.min(50, max - seen.size));
        if (!batch.length) break;
        const again = batch.filter(letter => seen.has(letter.id));
        const fresh = batch.filter(letter => !seen.has(letter.id));
        for (const letter of fresh) seen.add(letter.id);
        locked.push(...again);
        wrapped = again.length > 0;
        for (const result of await Promise.allSettled(fresh.map(handle)))
          if (result.status === 'rejected') failure ??= result.reason;
      }
    } finally {
      await Promise.allSettled(
        locked.map(l => deadLetters.release(l, stamps.get(l.id))),
      );
    }
    const report = { redriven, awaitingPerson: waiting.size };
    this.options.metrics?.deadLetters?.(report);
    if (failure) throw failure;
    return report;
  }
}
