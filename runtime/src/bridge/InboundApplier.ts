import { InvalidEventError, parseReplicationEvent } from '../domain/event';
import { parseVersion } from '../domain/version';
import type { DeadLetter } from '../ports/DeadLetterQueue';
import { Applier, type ApplierOptions, type MessageOutcome } from './Applier';
import {
  antiEntropyMessageSchema,
  isAntiEntropyBody,
} from './antiEntropyMessages';
import type { Reconciler } from './Reconciler';
import { packedEvents, packProblem } from './eventPacks';

export interface InboundApplierOptions extends ApplierOptions {
  reconciler: Pick<Reconciler, 'receive'>;
}

/**
 * The applier of a cloud's inbound queue, which carries two kinds of message: replication events
 * (applied as ever) and the other cloud's anti-entropy messages (handed to the reconciler). A
 * malformed anti-entropy message is rejected with its reason, as a malformed event is; a store
 * failure while comparing is retried by the queue.
 */
export class InboundApplier extends Applier {
  constructor(private readonly inbound: InboundApplierOptions) {
    super(inbound);
  }

  // The body is parsed once, by Applier.handle: a pack of 63 KiB is not parsed twice.
  protected override async handleParsed(
    parsed: unknown,
  ): Promise<MessageOutcome> {
    if (!isAntiEntropyBody(parsed)) return super.handleParsed(parsed);
    const message = antiEntropyMessageSchema.safeParse(parsed);
    if (!message.success)
      return this.reject(
        `invalid anti-entropy message: ${message.error.issues
          .map(i => `${i.path.join('.') || 'message'}: ${i.message}`)
          .join('; ')}`,
      );
    try {
      await this.inbound.reconciler.receive(message.data);
      return { outcome: 'reconciled' };
    } catch (error) {
      return { outcome: 'retry', error: error as Error };
    }
  }
}

/**
 * Why a body could never be handled by an inbound applier (undefined when it could): not JSON, a
 * malformed anti-entropy message, an invalid replication event, or a pack whose every event is
 * one of those. What the redriver asks before sending a dead letter back, since a queue that
 * dead-letters after too many deliveries says nothing of why. A pack with one valid event is
 * sent back: the apply applies what it can and dead-letters only the refused events.
 */
export function inboundBodyProblem(body: string): string | undefined {
  return inboundLetterProblem(Infinity, 0)({ body });
}

/**
 * Why an inbound dead letter could never be handled (undefined when it could): a body problem
 * (`inboundBodyProblem`), or an event whose version was certainly too far ahead when the apply
 * last had it. The apply refuses an event more than `maxDriftMs` ahead of its own clock, and it
 * has the event some time after the queue took it: its last delivery may come up to
 * `uncertaintyMs` later than the queue's enqueued time (Service Bus's clock, "Message sequencing
 * and timestamps", https://learn.microsoft.com/azure/service-bus-messaging/message-sequencing),
 * which also covers how far the queue's clock may be behind the apply's. So only a version more
 * than `maxDriftMs + uncertaintyMs` ahead of the enqueued time was surely refused at every
 * delivery; one closer may have been taken by the apply and dead-lettered for a store outage
 * (transient), and is re-driven. The enqueued time stands for the apply's clock because the
 * redriver runs long after, when the event's clock may no longer be ahead.
 */
export function inboundLetterProblem(
  maxDriftMs: number,
  uncertaintyMs: number,
) {
  const limitMs = maxDriftMs + uncertaintyMs;
  const eventProblem = (
    parsed: unknown,
    enqueuedAt: number | undefined,
  ): string | undefined => {
    let version: string;
    try {
      ({ version } = parseReplicationEvent(parsed));
    } catch (error) {
      if (error instanceof InvalidEventError) return error.message;
      throw error;
    }
    if (enqueuedAt === undefined) return undefined;
    const aheadMs = parseVersion(version).wallMs - enqueuedAt;
    return aheadMs > limitMs
      ? `remote version ${version} was ${aheadMs} ms ahead of the time the queue took it, more than the allowed clock drift of ${maxDriftMs} ms plus ${uncertaintyMs} ms for its deliveries and the clocks`
      : undefined;
  };
  return (
    letter: Pick<DeadLetter, 'body' | 'enqueuedAt'>,
  ): string | undefined => {
    let parsed: unknown;
    try {
      parsed = JSON.parse(letter.body);
    } catch (error) {
      return `body is not JSON: ${(error as Error).message}`;
    }
    if (isAntiEntropyBody(parsed)) {
      const message = antiEntropyMessageSchema.safeParse(parsed);
      return message.success ? undefined : 'invalid anti-entropy message';
    }
    const events = packedEvents(parsed);
    if (events === undefined) return eventProblem(parsed, letter.enqueuedAt);
    const problem = packProblem(events);
    if (problem) return problem;
    const problems = events.map(e => eventProblem(e, letter.enqueuedAt));
    return problems.every(p => p !== undefined)
      ? `every event of the pack is refused: ${problems.join('; ')}`
      : undefined;
  };
}
