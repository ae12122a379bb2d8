export interface Config {
  multicloud?: {
    /** When the portal colours replication lag as a warning or as critical. */
    lagThresholds?: {
      /**
       * Lag from which it shows as a warning, in ms. Default 1000.
       * @visibility frontend
       */
      warningMs?: number;
      /**
       * Lag from which it shows as critical, in ms. Default 5000.
       * @visibility frontend
       */
      criticalMs?: number;
    };
  };
}
