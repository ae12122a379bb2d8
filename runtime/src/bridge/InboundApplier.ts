import { InvalidEventError, parseReplicationEvent } from '../domain/event';
import { parseVersion } from '../domain/version';
import type { DeadLetter } from '../ports/DeadLetterQueue';
import { Applier, type ApplierOptions, type MessageOutcome } from './Applier';
import {
  antiEntropyMessageSchema,
  isAntiEntropyBody,
} from './antiEntropyMessages';
import type { Reconciler } from './Reconciler';

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

  override async handle(body: string): Promise<MessageOutcome> {
    let parsed: unknown;
    try {
      parsed = JSON.parse(body);
    } catch {
      return super.handle(body);
    }
    if (!isAntiEntropyBody(parsed)) return super.handle(body);
    const message = antiEntropyMessageSchema.safeParse(parsed);
    if (!message.success) {
      this.inbound.metrics?.count('dead_lettered');
      return {
        outcome: 'rejected',
        reason: `invalid anti-entropy message: ${message.error.issues
          .map(i => `${i.path.join('.') || 'message'}: ${i.message}`)
          .join('; ')}`,
      };
    }
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
 * malformed anti-entropy message, or an invalid replication event. What the redriver asks before
 * sending a dead letter back, since a queue that dead-letters after too many deliveries says
 * nothing of why.
 */
export function inboundBodyProblem(body: string): string | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch (error) {
    return `body is not JSON: ${(error as Error).message}`;
  }
  if (isAntiEntropyBody(parsed)) {
    const message = antiEntropyMessageSchema.safeParse(parsed);
    return message.success ? undefined : 'invalid anti-entropy message';
  }
  try {
    parseReplicationEvent(parsed);
    return undefined;
  } catch (error) {
    if (error instanceof InvalidEventError) return error.message;
    throw error;
  }
}

/**
 * Why an inbound dead letter could never be handled (undefined when it could): a body problem
 * (`inboundBodyProblem`), or an event whose version was more than `maxDriftMs` ahead of the time
 * the queue took it. The applier refuses an event more than the drift ahead of its own clock when
 * it applies it, which is later than the queue took it, so every event it refused for its clock is
 * found here; the queue's clock (Service Bus's enqueued time, "Message sequencing and timestamps",
 * https://learn.microsoft.com/azure/service-bus-messaging/message-sequencing) stands for the
 * applier's, since the redriver runs long after and the event's clock may no longer be ahead.
 */
export function inboundLetterProblem(maxDriftMs: number) {
  return (
    letter: Pick<DeadLetter, 'body' | 'enqueuedAt'>,
  ): string | undefined => {
    const problem = inboundBodyProblem(letter.body);
    if (problem !== undefined || letter.enqueuedAt === undefined)
      return problem;
    const parsed = JSON.parse(letter.body);
    if (isAntiEntropyBody(parsed)) return undefined;
    const { version } = parseReplicationEvent(parsed);
    const aheadMs = parseVersion(version).wallMs - letter.enqueuedAt;
    return aheadMs > maxDriftMs
      ? `remote version ${version} was ${aheadMs} ms ahead of the time the queue took it, more than the allowed clock drift of ${maxDriftMs} ms`
      : undefined;
  };
}
