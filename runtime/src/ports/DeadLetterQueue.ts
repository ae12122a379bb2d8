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
  /** Unlocks a letter: it stays a dead letter, visible to the next receiver. */
  release(letter: DeadLetter): Promise<void>;
  close?(): Promise<void>;
}
