import { createAzureResendParkedFunction } from '../relayFunction';
import { awsPeer, parkingLot } from './peer';
import { azureRegion } from './region';

/** `resendParked`, loaded when its timer first fires. */
export const build = () =>
  createAzureResendParkedFunction({
    metrics: azureRegion().metrics,
    peer: awsPeer(),
    parking: parkingLot(),
  });
