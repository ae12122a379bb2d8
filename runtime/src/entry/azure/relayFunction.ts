import type { InvocationContext } from '@azure/functions';
import { ParkedEventResender } from '../../bridge/ParkedEventResender';
import { Relay } from '../../bridge/Relay';
import type { MetricsSink } from '../../metrics/MetricsSink';
import type { ParkingLot } from '../../ports/ParkingLot';
import type { MessageSender } from '../../ports/Transport';
import {
  type ItemDocument,
  storedItemFromCosmosDocument,
} from '../../stores/CosmosStore';

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

/** `relay`: the Cosmos DB change feed → AWS's inbound queue, parking what it cannot send. */
export function createAzureRelayFunction(deps: AzureRelayDependencies) {
  const relay = new Relay({
    region: deps.config.REGION_ID,
    outbound: deps.peer,
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
    outbound: deps.peer,
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
