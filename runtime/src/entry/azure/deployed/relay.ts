import { createAzureRelayFunction } from '../relayFunction';
import { awsPeer, parkingLot } from './peer';
import { azureRegion } from './region';

/** `relay`, loaded when the change feed first delivers. */
export const build = () =>
  createAzureRelayFunction({
    ...azureRegion(),
    peer: awsPeer(),
    parking: parkingLot(),
  });
