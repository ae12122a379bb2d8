import { createAzureResendParkedFunction } from '../relayFunction';
import { parkingLot } from './peer';
import { awsPeer } from './sqsPeer';
import { azureRegion } from './region';

/** `resendParked`, loaded when its timer first fires. */
export const build = () =>
  createAzureResendParkedFunction({
    metrics: azureRegion().metrics,
    peer: awsPeer(),
    parking: parkingLot(),
  });
