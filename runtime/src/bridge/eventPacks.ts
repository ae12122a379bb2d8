import type { MessageSender, OutboundMessage } from '../ports/Transport';

/**
 * Event packs: several replication events in one queue message, for the queue that bills by the
 * request whatever a request carries (SQS, Azure → AWS). A pack's body is
 * `{"kind":"events","events":[event, …]}`; a message of one event keeps the event's own body, so
 * an applier takes both. Packing cuts every per-message request after the send: the Lambda
 * poller's receives and deletes, and the apply invocations (docs/cost.md).
 *
 * Service Bus carries no packs: its apply can only dead-letter a whole message, so a pack's
 * valid events would follow a poison neighbour into the dead-letter queue and back at each
 * redrive. On SQS the apply sends only the refused events to the dead-letter queue
 * (`Applier.handle`, `entry/aws/applyFunction.ts`).
 */
export const EVENT_PACK_KIND = 'events';

/** The events of a parsed pack body, or undefined when the body is not a pack. */
export function packedEvents(parsed: unknown): unknown[] | undefined {
  if (
    typeof parsed !== 'object' ||
    parsed === null ||
    (parsed as { kind?: unknown }).kind !== EVENT_PACK_KIND
  )
    return undefined;
  const events = (parsed as { events?: unknown }).events;
  return Array.isArray(events) ? events : [];
}

/** Why a parsed pack body is not a pack of events (undefined when it is one). */
export function packProblem(events: unknown[]): string | undefined {
  return events.length === 0
    ? 'invalid event pack: `events` must be a non-empty array of replication events'
    : undefined;
}

/** The body of a pack of event bodies (each already JSON), or the body itself for one. */
export function packBody(bodies: string[]): string {
  return bodies.length === 1
    ? bodies[0]
    : `{"kind":"${EVENT_PACK_KIND}","events":[${bodies.join(',')}]}`;
}

/** `{"kind":"events","events":[` and `]}`. */
const PACK_OVERHEAD_BYTES = Buffer.byteLength(packBody(['', '']));

/**
 * Packs consecutive replication-event messages into messages whose body takes at most
 * `maxBodyBytes`; an event larger than that goes alone, as it is. A pack's id names its first
 * event and how many follow, for logs; its attributes are the first event's region and the count.
 */
export function packMessages(
  messages: OutboundMessage[],
  maxBodyBytes: number,
): OutboundMessage[] {
  const packs: OutboundMessage[] = [];
  let group: OutboundMessage[] = [];
  let bytes = 0;
  const flush = () => {
    if (group.length === 1) packs.push(group[0]);
    else if (group.length > 1)
      packs.push({
        id: `${group[0].id}+${group.length - 1}`,
        body: packBody(group.map(m => m.body)),
        attributes: {
          ...(group[0].attributes?.source_region
            ? { source_region: group[0].attributes.source_region }
            : {}),
          events: String(group.length),
        },
      });
    group = [];
    bytes = PACK_OVERHEAD_BYTES;
  };
  flush();
  for (const m of messages) {
    // One byte for the comma between events.
    const size = Buffer.byteLength(m.body) + 1;
    if (group.length && bytes + size > maxBodyBytes) flush();
    group.push(m);
    bytes += size;
  }
  flush();
  return packs;
}

/**
 * A sender that packs what a relay sends (`packMessages`) before the queue's own sender batches
 * it. Only the relay's and the parked-event resender's sends go through it: anti-entropy
 * messages and dead-letter replays keep their bodies.
 */
export class PackingSender implements MessageSender {
  constructor(
    private readonly inner: MessageSender,
    private readonly maxBodyBytes: number,
  ) {}

  send(messages: OutboundMessage[]): Promise<void> {
    return this.inner.send(packMessages(messages, this.maxBodyBytes));
  }

  close(): Promise<void> {
    return this.inner.close();
  }
}
