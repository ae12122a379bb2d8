import type { ParkingLot } from '../../../ports/ParkingLot';
import { onFirstUse } from '../../firstUse';
import { createAzureRelayFunction } from '../relayFunction';
import { azureSettings } from './settings';
import { awsPeer } from './sqsPeer';

/**
 * `relay`, loaded when the change feed first delivers. It parks in Cosmos DB only what AWS's
 * queue refused, so the parking lot (with the Cosmos DB client) is imported then: its first run
 * loads the SQS client and AWS STS, not Cosmos DB.
 */
export const build = () => {
  const { config, metrics } = azureSettings();
  const lot = onFirstUse(async () => (await import('./peer.js')).parkingLot());
  const parking: ParkingLot = {
    park: async messages => (await lot()).park(messages),
    oldest: async max => (await lot()).oldest(max),
    remove: async messages => (await lot()).remove(messages),
  };
  return createAzureRelayFunction({
    config,
    metrics,
    peer: awsPeer(),
    parking,
  });
};
