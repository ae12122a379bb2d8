import { InvalidEventError, parseReplicationEvent } from '../domain/event';
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
