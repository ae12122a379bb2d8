import type { PluginConfig } from '@azure/cosmos';

/** The part of an AWS SDK v3 client the counter needs: its middleware stack. */
interface AwsClient {
  middlewareStack: {
    add(
      middleware: (
        next: (args: any) => Promise<any>,
        context: { commandName?: string },
      ) => (args: any) => Promise<any>,
      options: { step: 'finalizeRequest'; name: string },
    ): void;
  };
}

/**
 * SQS bills "each 64 KB chunk of a payload" as one request, and a batch of up to 10 messages as
 * one request if it fits ("Amazon SQS pricing", https://aws.amazon.com/sqs/pricing/, FAQ:
 * "Each 64 KB chunk of a payload is billed as 1 request").
 */
const SQS_BILLING_CHUNK_BYTES = 64 * 1024;

/**
 * Requests the sandbox's SDK clients put on the wire, by service and operation, for the cost
 * figures of `npm run bench -- replication`: every request each client sends, retries included,
 * as the service would see (and bill) it. `sqs:billed` adds SQS's 64 KB chunks.
 */
export class WireCounts {
  private readonly counts: Record<string, number> = {};

  add(key: string, n = 1) {
    this.counts[key] = (this.counts[key] ?? 0) + n;
  }

  snapshot(): Record<string, number> {
    return { ...this.counts };
  }

  /** Counts each request of an AWS SDK client (`dynamodb:PutItem`, `sqs:SendMessageBatch`, ...). */
  countAws(service: 'dynamodb' | 'sqs', client: AwsClient) {
    client.middlewareStack.add(
      (next, context) => async args => {
        const operation = (context.commandName ?? 'unknown').replace(
          /Command$/,
          '',
        );
        this.add(`${service}:${operation}`);
        if (service === 'sqs') {
          const body = args.request?.body;
          const bytes =
            typeof body === 'string'
              ? Buffer.byteLength(body)
              : (body as Uint8Array | undefined)?.byteLength ?? 0;
          this.add(
            'sqs:billed',
            Math.max(1, Math.ceil(bytes / SQS_BILLING_CHUNK_BYTES)),
          );
        }
        return next(args);
      },
      // After retries are decided (`finalizeRequest` runs once per attempt).
      { step: 'finalizeRequest', name: `wireCount-${service}` },
    );
  }

  /**
   * A Cosmos client plugin that counts each network request by resource and operation
   * (`cosmos:item:upsert`, `cosmos:item:query`, ...); pass it as `plugins` to the client.
   */
  cosmosPlugin(): PluginConfig {
    return {
      on: 'request',
      plugin: async (context, _diagnostics, next) => {
        this.add(`cosmos:${context.resourceType}:${context.operationType}`);
        return next(context);
      },
    };
  }
}
