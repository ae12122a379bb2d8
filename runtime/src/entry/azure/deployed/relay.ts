import { createAzureRelayFunction } from '../relayFunction';
import { parkingLot } from './peer';
import { awsPeer } from './sqsPeer';
import { azureRegion } from './region';

/** `relay`, loaded when the change feed first delivers. */
export const build = () =>
  createAzureRelayFunction({
    ...azureRegion(),
    peer: awsPeer(),
    parking: parkingLot(),
  });
