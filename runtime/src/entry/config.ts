import { z } from 'zod';

/** Configuration every entry point reads from its environment at start. */
const commonSchema = z.object({
  SERVICE_NAME: z.string().min(1),
  /** The region id in versions and events: `aws` or `azure` (one per cloud). */
  REGION_ID: z.string().regex(/^[a-z0-9][a-z0-9-]{0,62}$/),
  SERVICE_VERSION: z.string().default('0.0.0'),
  CONSISTENCY_MODE: z
    .enum(['active-active', 'primary-secondary'])
    .default('active-active'),
  PRIMARY_REGION: z.string().optional(),
  PRIMARY_URL: z.string().url().optional(),
  FORWARD_WRITES: z.enum(['true', 'false']).default('false'),
  MAX_CLOCK_DRIFT_MS: z.coerce.number().int().positive().default(500),
});

export const awsConfigSchema = commonSchema.extend({
  AWS_REGION: z.string().min(1),
  TABLE_NAME: z.string().min(1),
  INBOUND_QUEUE_URL: z.string().url(),
  INBOUND_DLQ_URL: z.string().url(),
  /** Secrets Manager secret naming the Entra identity the relay sends as: {tenantId, clientId}, no key. */
  PEER_AZURE_IDENTITY_SECRET_ARN: z.string().min(1),
  /** Azure's Service Bus namespace, fully qualified (e.g. sbns-orders-bus.servicebus.windows.net). */
  PEER_SERVICEBUS_NAMESPACE: z.string().regex(/^[a-z0-9-]+\.servicebus\./i),
  PEER_QUEUE_NAME: z.string().min(1),
});

export const azureConfigSchema = commonSchema.extend({
  AZURE_REGION: z.string().min(1),
  COSMOS_ENDPOINT: z.string().url(),
  COSMOS_DATABASE: z.string().min(1),
  COSMOS_CONTAINER: z.string().min(1),
  /** The relay's parking lot for what AWS's queue refused, in the same database. */
  COSMOS_PARKING_CONTAINER: z.string().min(1).default('parked'),
  /** Used by the Functions runtime's Service Bus trigger; named here so a missing one is caught at start. */
  SERVICEBUS_CONNECTION__fullyQualifiedNamespace: z.string().min(1),
  INBOUND_QUEUE_NAME: z.string().min(1),
  PEER_SQS_QUEUE_URL: z.string().url(),
  PEER_SQS_REGION: z.string().min(1),
  /** The send-only role the relay assumes with its managed identity's token: no key. */
  PEER_AWS_ROLE_ARN: z
    .string()
    .regex(/^arn:aws[a-z-]*:iam::\d{12}:role\/[\w+=,.@/-]{1,64}$/),
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
export function readConfig<T extends z.ZodTypeAny>(
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
