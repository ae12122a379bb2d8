/**
 * The transport ports: at-least-once delivery of messages between the clouds (SQS, Service Bus).
 * Messages are opaque strings here; the bridge puts replication events in them. Each caller
 * takes only the part it uses: a relay sends, an applier receives and settles, the portal and the
 * sandbox read depths and replay dead letters.
 */
export interface OutboundMessage {
  /** Stable id; used for de-duplication where the queue supports it and in logs. */
  id: string;
  body: string;
  attributes?: Record<string, string>;
}

export interface ReceivedMessage {
  id: string;
  body: string;
  attributes: Record<string, string>;
  /** How many times this message has been delivered, this delivery included. */
  deliveryCount: number;
  /** The adapter's handle to settle this delivery (receipt handle, lock token). */
  handle: unknown;
}

export interface ReceiveOptions {
  maxMessages?: number;
  /** How long to wait for a first message (long poll). */
  waitTimeMs?: number;
}

export interface QueueDepth {
  /** Messages waiting to be delivered (not counting those in flight). */
  active: number;
  /** Messages delivered and not yet settled. */
  inFlight: number;
  deadLettered: number;
}

/** Sends to one queue. */
export interface MessageSender {
  /** Sends in batches; resolves once every message is durably accepted by the queue. */
  send(messages: OutboundMessage[]): Promise<void>;
  close(): Promise<void>;
}

/** Receives from one queue and settles each delivery. */
export interface MessageReceiver {
  receive(options?: ReceiveOptions): Promise<ReceivedMessage[]>;
  /** Settles a delivery as done. */
  ack(message: ReceivedMessage): Promise<void>;
  /** Returns a delivery to the queue for another try (it dead-letters after the maximum tries). */
  release(message: ReceivedMessage): Promise<void>;
  /**
   * Moves a delivery to the dead-letter queue now, with a reason. The letter carries
   * `message.body`, which may be part of what was received (a pack's refused events) where the
   * queue keeps letters as copies (SQS); Service Bus dead-letters the received message itself
   * and refuses a changed body.
   */
  deadLetter(message: ReceivedMessage, reason: string): Promise<void>;
  close(): Promise<void>;
}

/** Reads a queue's counts and works its dead letters. */
export interface QueueAdmin {
  /** Moves dead-lettered messages back to the queue; returns how many moved. */
  replayDeadLetters(options?: { max?: number }): Promise<number>;
  peekDeadLetters(max?: number): Promise<ReceivedMessage[]>;
  depth(): Promise<QueueDepth>;
}

/** A queue seen whole: what the sandbox and the tests hold of each inbound queue. */
export type Transport = MessageSender & MessageReceiver & QueueAdmin;
