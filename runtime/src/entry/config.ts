import * as z from '../domain/zod';

/** Configuration every entry point reads from its environment at start. */
const commonSchema = z.object({
  SERVICE_NAME: z.string().check(z.minLength(1)),
  /** The region id in versions and events: `aws` or `azure` (one per cloud). */
  REGION_ID: z.string().check(z.regex(/^[a-z0-9][a-z0-9-]{0,62}$/)),
  SERVICE_VERSION: z._default(z.string(), '0.0.0'),
  CONSISTENCY_MODE: z._default(
    z.enum(['active-active', 'primary-secondary']),
    'active-active',
  ),
  PRIMARY_REGION: z.optional(z.string()),
  PRIMARY_URL: z.optional(z.url()),
  FORWARD_WRITES: z._default(z.enum(['true', 'false']), 'false'),
  MAX_CLOCK_DRIFT_MS: z._default(
    z.coerce
      .number()
      .check(z.refine(Number.isInteger, 'must be an integer'), z.positive()),
    500,
  ),
});

export const awsConfigSchema = z.extend(commonSchema, {
  AWS_REGION: z.string().check(z.minLength(1)),
  TABLE_NAME: z.string().check(z.minLength(1)),
  INBOUND_QUEUE_URL: z.url(),
  INBOUND_DLQ_URL: z.url(),
  /** Secrets Manager secret naming the Entra identity the relay sends as: {tenantId, clientId}, no key. */
  PEER_AZURE_IDENTITY_SECRET_ARN: z.string().check(z.minLength(1)),
  /** Azure's Service Bus namespace, fully qualified (e.g. sbns-orders-bus.servicebus.windows.net). */
  PEER_SERVICEBUS_NAMESPACE: z
    .string()
    .check(z.regex(/^[a-z0-9-]+\.servicebus\./i)),
  PEER_QUEUE_NAME: z.string().check(z.minLength(1)),
  /**
   * Where to open the AMQP connection when it is not the namespace's own address (a private
   * endpoint's or a gateway's, `sb://host:port`): the Service Bus SDK's `customEndpointAddress`.
   * The namespace still names the connection and its tokens. Unset in the cloud.
   */
  PEER_SERVICEBUS_ENDPOINT: z.optional(z.url()),
  /**
   * The Entra ID authority host the relay's identity gets its token from, as Azure Identity
   * names it (`AZURE_AUTHORITY_HOST`): https://login.microsoftonline.com by default, another
   * host in a sovereign cloud (login.microsoftonline.us, login.chinacloudapi.cn).
   */
  AZURE_AUTHORITY_HOST: z.optional(z.url()),
});

export const azureConfigSchema = z.extend(commonSchema, {
  AZURE_REGION: z.string().check(z.minLength(1)),
  COSMOS_ENDPOINT: z.url(),
  COSMOS_DATABASE: z.string().check(z.minLength(1)),
  COSMOS_CONTAINER: z.string().check(z.minLength(1)),
  /** The relay's parking lot for what AWS's queue refused, in the same database. */
  COSMOS_PARKING_CONTAINER: z._default(
    z.string().check(z.minLength(1)),
    'parked',
  ),
  /** Used by the Functions runtime's Service Bus trigger; named here so a missing one is caught at start. */
  SERVICEBUS_CONNECTION__fullyQualifiedNamespace: z
    .string()
    .check(z.minLength(1)),
  INBOUND_QUEUE_NAME: z.string().check(z.minLength(1)),
  /** The inbound queue's max_delivery_count: how long the redriver allows its deliveries. */
  INBOUND_MAX_DELIVERY_COUNT: z._default(
    z.coerce
      .number()
      .check(z.refine(Number.isInteger, 'must be an integer'), z.positive()),
    10,
  ),
  PEER_SQS_QUEUE_URL: z.url(),
  PEER_SQS_REGION: z.string().check(z.minLength(1)),
  /** The send-only role the relay assumes with its managed identity's token: no key. */
  PEER_AWS_ROLE_ARN: z
    .string()
    .check(z.regex(/^arn:aws[a-z-]*:iam::\d{12}:role\/[\w+=,.@/-]{1,64}$/)),
});

export type AwsConfig = z.infer<typeof awsConfigSchema>;
export type AzureConfig = z.infer<typeof azureConfigSchema>;

export class ConfigurationError extends Error {
  constructor(readonly problems: string[]) {
    super(`the function is misconfigured: ${problems.join('; ')}`);
    this.name = 'ConfigurationError';
  }
}

/** Reads and checks the environment; a missing or bad variable is named in the error. */
export function readConfig<T extends z.ZodMiniType>(
  schema: T,
  env: Record<string, string | undefined> = process.env,
): z.infer<T> {
  const result = schema.safeParse(env);
  if (!result.success) {
    throw new ConfigurationError(
      result.error.issues.map(i => `${i.path.join('.')}: ${i.message}`),
    );
  }
  return result.data;
}
