/**
 * The attribute in which the redriver records why a letter the queue dead-lettered by itself can
 * never apply, as it leaves the letter for a person. Service Bus's own `DeadLetterReason` is set
 * only by whoever dead-letters the message, and an Azure Functions trigger cannot (its function
 * can only fail the delivery, so the queue dead-letters with `MaxDeliveryCountExceeded`);
 * abandoning a message can change only its application properties, hence a property of ours.
 */
export const REFUSED_REASON = 'RefusedReason';

/**
 * A queue's dead letters, as the redriver needs them: lock a few, send one back to its queue
 * later, or leave it. Adapters: SQS (the queue's redrive-policy target queue) and Service Bus (the
 * queue's `$deadletterqueue` sub-queue).
 */
export interface DeadLetter {
  /** The queue's own identity of this dead letter, unique in the queue (not the sender's id). */
  id: string;
  body: string;
  /**
   * The message's own attributes (application properties), plus `DeadLetterReason` when whoever
   * dead-lettered it gave one.
   */
  attributes: Record<string, string>;
  /** When the queue first took the message (ms since epoch), where the queue says. */
  enqueuedAt?: number;
  /** The adapter's handle to settle it. */
  handle: unknown;
}

export interface DeadLetterQueue {
  /**
   * Up to `max` dead letters, each locked (hidden from other receivers) until it is re-driven,
   * released, or its lock ends.
   */
  receive(max: number): Promise<DeadLetter[]>;
  /**
   * Sends the letter's body back to its queue with these attributes, to be delivered no sooner
   * than `delayMs` from now, then removes it from the dead letters.
   */
  redrive(
    letter: DeadLetter,
    attributes: Record<string, string>,
    delayMs: number,
  ): Promise<void>;
  /**
   * Unlocks a letter: it stays a dead letter, visible to the next receiver. With `stamp`, these
   * attributes are recorded on the letter as it is unlocked, where the queue can (Service Bus:
   * abandon with properties to modify); SQS cannot change a message, and its poison letters
   * carry their reason from the applier already.
   */
  release(letter: DeadLetter, stamp?: Record<string, string>): Promise<void>;
  close?(): Promise<void>;
}
