/**
 * The transport port: at-least-once delivery of messages between the clouds (SQS, Service Bus).
 * Messages are opaque strings here; the bridge puts replication events in them.
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

export interface Transport {
  /** Sends in batches; resolves once every message is durably accepted by the queue. */
  send(messages: OutboundMessage[]): Promise<void>;
  receive(options?: ReceiveOptions): Promise<ReceivedMessage[]>;
  /** Settles a delivery as done. */
  ack(message: ReceivedMessage): Promise<void>;
  /** Returns a delivery to the queue for another try (it dead-letters after the maximum tries). */
  release(message: ReceivedMessage): Promise<void>;
  /** Moves a delivery to the dead-letter queue now, with a reason. */
  deadLetter(message: ReceivedMessage, reason: string): Promise<void>;
  /** Moves dead-lettered messages back to the queue; returns how many moved. */
  replayDeadLetters(options?: { max?: number }): Promise<number>;
  peekDeadLetters(max?: number): Promise<ReceivedMessage[]>;
  depth(): Promise<QueueDepth>;
  close(): Promise<void>;
}
