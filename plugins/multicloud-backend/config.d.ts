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
      /**
       * Services the sandbox hosts from the start, besides those saved in its data folder (more
       * can be added through its control API); read by the sandbox itself.
       */
      services?: string[];
      /**
       * How many services the sandbox's control API may bring it to (default 20); past it,
       * adding one is refused with a 409. A whole number of at least 1; read by the sandbox
       * itself, which refuses to start with any other value.
       */
      maxServices?: number;
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
      endpoints?: {
        apigateway?: string;
        cloudwatch?: string;
        route53?: string;
        sqs?: string;
      };
    };
    /**
     * Services on real Azure (provider annotation `cloud`): the Azure side of every service, and
     * Traffic Manager routing. Present (even `{}`) enables it.
     */
    azure?: {
      /**
       * Credentials per subscription (the service's `multicloud.io/azure-subscription`). A
       * subscription not listed here, or listed without a secret, uses `DefaultAzureCredential`
       * (workload identity, managed identity, or the Azure CLI's login).
       */
      subscriptions?: Array<{
        subscriptionId: string;
        tenantId?: string;
        /** A service principal's client id, or a user-assigned managed identity's. */
        clientId?: string;
        /**
         * The service principal's secret; prefer workload or managed identity without one.
         * @visibility secret
         */
        clientSecret?: string;
      }>;
      /**
       * Endpoints instead of the public cloud's (sovereign clouds, private links, local fakes).
       * @visibility backend
       */
      endpoints?: {
        /** Azure Resource Manager; default `https://management.azure.com`. */
        resourceManager?: string;
        /** Azure Monitor metrics, `{region}` replaced; default `https://{region}.metrics.monitor.azure.com`. */
        metrics?: string;
        /** The Log Analytics query API (Application Insights logs); default `https://api.loganalytics.io/v1`. */
        logs?: string;
        /** A Service Bus namespace's host, `{namespace}` replaced; default `{namespace}.servicebus.windows.net`. */
        serviceBus?: string;
      };
    };
    /** The status of services shown in the portal. */
    status?: {
      /**
       * How often the backend re-reads the status of every service somebody viewed in the last two
       * minutes, in one burst that the cloud provider batches (ceil(queries / 500) CloudWatch calls
       * per refresh). Viewers always read the cached status, so this is also how stale it can be.
       * Default 5. Each refresh costs CloudWatch `GetMetricData` metrics: a production portal with
       * many watched services may prefer 30 to 60. The sandbox provider is read every second
       * whatever this says (one local call a second per watched service), so the page shows a
       * health change within 3 s.
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
    /**
     * GitOps: after the traffic has moved, a failover commits the new weights
     * (`infra/global/weights.auto.tfvars.json`, which the service's Terraform reads) to the
     * service's repository. GitHub repositories are found from the entity's
     * `github.com/project-slug` or `backstage.io/source-location`, and written through the
     * `integrations.github` entry of their host (token or GitHub App); the sandbox's repositories
     * from `multicloud.publishLocal.baseDir`.
     */
    gitops?: {
      /**
       * `pull-request` (default): a branch `multicloud/failover-<id>` and a pull request to the
       * default branch, for review before the next `terraform apply`. `commit`: straight to the
       * default branch (branch protection must let the integration's token or app push).
       */
      mode?: 'pull-request' | 'commit';
    };
    /**
     * The sandbox's local git repositories (`multicloud:publish:local` of the scaffolder module).
     * When set, failovers of services scaffolded there commit to their bare repository, and the
     * failover history links a commit to the scaffolder module's read-only page of it
     * (`/api/scaffolder/multicloud/repos/<name>/commits/<sha>`).
     */
    publishLocal?: {
      /** Folder of the bare repositories, relative to the backend's working directory. */
      baseDir?: string;
    };
  };
}
