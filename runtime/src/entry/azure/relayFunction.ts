import type { InvocationContext } from '@azure/functions';
import { PackingSender } from '../../bridge/eventPacks';
import { ParkedEventResender } from '../../bridge/ParkedEventResender';
import { Relay } from '../../bridge/Relay';
import type { MetricsSink } from '../../metrics/MetricsSink';
import type { ParkingLot } from '../../ports/ParkingLot';
import type { MessageSender } from '../../ports/Transport';
import {
  type ItemDocument,
  storedItemFromCosmosDocument,
} from '../../stores/CosmosStore';
import { SQS_BILLED_CHUNK_BYTES } from '../../transports/sqsLimits';

export interface AzureRelayDependencies {
  config: { REGION_ID: string };
  /** AWS's inbound SQS queue. */
  peer: MessageSender;
  /** This side's parking lot: what AWS's queue did not take waits here. */
  parking: ParkingLot;
  metrics: MetricsSink;
  /** The wall clock (Date.now); the trigger harness passes its compressed one. */
  now?: () => number;
}

/**
 * What the relay and the resender send to AWS's queue, packed: SQS bills each request (and each
 * 64 KB chunk of its payload, docs/cost.md) whatever it carries, and every message sent is then
 * received, deleted and applied on its own, so a pack of events fills one billed chunk (less 1 KiB
 * for the message's attributes). Parked events stay one to a document and are packed again when
 * re-sent.
 */
function packedForSqs(peer: MessageSender): MessageSender {
  return new PackingSender(peer, SQS_BILLED_CHUNK_BYTES - 1024);
}

/** `relay`: the Cosmos DB change feed → AWS's inbound queue, parking what it cannot send. */
export function createAzureRelayFunction(deps: AzureRelayDependencies) {
  const relay = new Relay({
    region: deps.config.REGION_ID,
    outbound: packedForSqs(deps.peer),
    parking: deps.parking,
    metrics: deps.metrics,
  });
  return async (documents: unknown[], context: InvocationContext) => {
    const { sent, parked } = await relay.relayChanges(
      documents.map(d => storedItemFromCosmosDocument(d as ItemDocument)),
    );
    if (parked) context.warn(`AWS's queue refused; parked ${parked} changes`);
    context.log(`relayed ${sent} of ${documents.length} changes to aws`);
  };
}

/** `resendParked` (timer): the parking lot → AWS's inbound queue. */
export function createAzureResendParkedFunction(
  deps: Omit<AzureRelayDependencies, 'config'>,
) {
  const resender = new ParkedEventResender({
    parking: deps.parking,
    outbound: packedForSqs(deps.peer),
    metrics: deps.metrics,
    now: deps.now,
  });
  return async (_timer: unknown, context: InvocationContext) => {
    const { resent, error } = await resender.drain();
    if (error)
      context.warn(
        `re-sent ${resent} parked changes; AWS's queue still refuses: ${error.message}`,
      );
    else if (resent) context.log(`re-sent ${resent} parked changes to aws`);
  };
}
