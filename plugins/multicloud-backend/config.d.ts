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
  };
}
