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
    /**
     * Services on real AWS (provider annotation `cloud`). Credentials per account come from the
     * standard `aws.accounts` config of `@backstage/integration-aws-node` (role to assume, or keys
     * marked secret there); the account is the service's `multicloud.io/aws-account` annotation.
     */
    aws?: {
      /**
       * Endpoints to use instead of the public ones, per API: VPC interface endpoints, or local
       * fakes in benchmarks.
       * @visibility backend
       */
      endpoints?: { cloudwatch?: string; route53?: string; sqs?: string };
    };
    /** The status of services shown in the portal. */
    status?: {
      /**
       * How often the backend re-reads the status of every service somebody viewed in the last two
       * minutes, in one burst that the cloud provider batches (ceil(queries / 500) CloudWatch calls
       * per refresh). Viewers always read the cached status, so this is also how stale it can be.
       * Default 5. Each refresh costs CloudWatch `GetMetricData` metrics: a production portal with
       * many watched services may prefer 30 to 60.
       */
      refreshSeconds?: number;
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
