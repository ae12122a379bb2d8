export interface Config {
  multicloud?: {
    /** The local sandbox, which serves services whose provider annotation is `sandbox`. */
    sandbox?: {
      /**
       * Base URL of the sandbox's control API.
       * @visibility backend
       */
      baseUrl: string;
      /** Loopback ports of the sandbox's parts; read by the sandbox itself. */
      ports?: {
        router?: number;
        control?: number;
        aws?: number;
        azure?: number;
      };
    };
    /** The failover protocol. */
    failover?: {
      /**
       * How long the verify step waits for new weights to be in effect (Route53 INSYNC, Traffic
       * Manager endpoints updated, the sandbox router serving them). Default 120.
       */
      verifyTimeoutSeconds?: number;
    };
  };
}
