import { Reconciler } from '../../../bridge/Reconciler';
import { CosmosParkingLot } from '../../../transports/CosmosParkingLot';
import { azureRegion } from './region';

let parking: CosmosParkingLot | undefined;

/** This side's parking lot: what AWS's queue did not take waits here. */
export function parkingLot() {
  const { config, database } = azureRegion();
  return (parking ??= new CosmosParkingLot(
    database.container(config.COSMOS_PARKING_CONTAINER),
  ));
}

let reconciler: Reconciler | undefined;

/** The anti-entropy reconciler: `reconcile` starts rounds, `apply` answers AWS's. */
export function antiEntropy(): Reconciler {
  const { config, store, metrics } = azureRegion();
  return (reconciler ??= new Reconciler({
    region: config.REGION_ID,
    store,
    // Imported on the first send: `apply` answers AWS's rounds only now and then, so its cold
    // start does not load the SQS client and AWS STS for them.
    peer: {
      send: async messages =>
        (await import('./sqsPeer.js')).awsPeer().send(messages),
    },
    metrics,
  }));
}
