import type {
  Duration,
  InvocationContext,
  RetryOptions,
} from '@azure/functions';
import type {
  ChangeFeed,
  CheckpointStore,
  StoredItem,
} from '@multicloud/runtime';
import { invocationContext } from './invocationContext';
import {
  type InvocationErrorListener,
  type Trigger,
  TriggerLoop,
} from './Trigger';
import type { TriggerClock } from './TriggerClock';

export interface CosmosChangeFeedTriggerOptions {
  /** The container's changes in commit order (the change feed, emulated). */
  feed: ChangeFeed;
  /** The lease: where the trigger resumes. */
  leases: CheckpointStore;
  handler: (documents: unknown[], context: InvocationContext) => Promise<void>;
  /** The function's retry policy, as registered (`app.cosmosDB({ retry })`); none by default. */
  retry?: RetryOptions;
  /** The trigger's `maxItemsPerInvocation`. */
  maxItemsPerInvocation?: number;
  /** The trigger's `feedPollDelay`: 5 s by default. */
  feedPollDelayMs?: number;
  clock?: TriggerClock;
  onError?: InvocationErrorListener;
}

/**
 * The Azure Functions trigger for Cosmos DB, as documented:
 * - it polls the change feed, after draining it, every `feedPollDelay` (5,000 ms by default:
 *   "Azure Cosmos DB trigger for Azure Functions 2.x and higher", configuration), and invokes the
 *   function with a batch of changed documents;
 * - without a retry policy, a batch whose execution throws is not retried: the error is recorded
 *   and the lease moves on to the next batch ("Diagnose and troubleshoot issues when using Azure
 *   Functions trigger for Azure Cosmos DB",
 *   https://learn.microsoft.com/azure/cosmos-db/nosql/troubleshoot-changefeed-functions);
 * - with one (fixedDelay or exponentialBackoff), the execution is retried up to maxRetryCount
 *   times (-1: indefinitely), and "Event Hubs and Azure Cosmos DB checkpoints won't be written
 *   until the retry policy for the execution has completed"; when it gives up, the lease moves on
 *   ("Azure Functions error handling and retries",
 *   https://learn.microsoft.com/azure/azure-functions/functions-bindings-error-pages#retries).
 */
export class CosmosChangeFeedTrigger implements Trigger {
  private readonly loop: TriggerLoop;
  /** Batches the lease moved past although their execution failed: lost, for the trigger. */
  lostBatches = 0;
  /** The documents of those batches. */
  lostDocuments = 0;
  private loseNext = false;

  constructor(private readonly options: CosmosChangeFeedTriggerOptions) {
    this.loop = new TriggerLoop('cosmos-change-feed', () => this.pollOnce(), {
      clock: options.clock,
      onError: options.onError,
      pauseAfterErrorMs: this.pollDelay,
    });
  }

  private get pollDelay() {
    return this.options.feedPollDelayMs ?? 5000;
  }

  start() {
    this.loop.start();
  }

  stop() {
    return this.loop.stop();
  }

  notify() {
    this.loop.notify();
  }

  /**
   * A fault: the next batch is lost outright. Its execution fails for good and the lease moves
   * past it with nothing delivered, as the host does without a retry policy or once a policy has
   * run out (the troubleshooting page cited above: after an unhandled exception the batch being
   * processed is lost and the function goes on with the next one). Only anti-entropy can bring
   * those changes to the other cloud.
   */
  loseNextBatch() {
    this.loseNext = true;
  }

  async pollOnce(): Promise<boolean> {
    const { feed, leases } = this.options;
    const from = await leases.load();
    const batch = await feed.read(from, {
      max: this.options.maxItemsPerInvocation ?? 100,
    });
    if (!batch.changes.length || batch.checkpoint === from) {
      await this.loop.pause(this.pollDelay);
      return false;
    }
    if (this.loseNext) {
      this.loseNext = false;
      this.lostBatches += 1;
      this.lostDocuments += batch.changes.length;
      await leases.save(batch.checkpoint);
      return true;
    }
    const documents = batch.changes.map(toDocument);
    for (let retries = 0; ; retries++) {
      if (this.loop.stopped) return false; // the host stopped: the lease stays, the batch comes again
      try {
        await this.options.handler(documents, invocationContext('relay'));
        break;
      } catch (error) {
        this.options.onError?.('cosmos-change-feed', error as Error);
        const delay = retryDelay(this.options.retry, retries);
        if (delay === undefined) {
          this.lostBatches += 1;
          this.lostDocuments += documents.length;
          break;
        }
        await this.loop.pause(delay);
      }
    }
    await leases.save(batch.checkpoint);
    return true;
  }
}

/** The wait before retry number `retries + 1`, or undefined when the policy has none left. */
export function retryDelay(
  policy: RetryOptions | undefined,
  retries: number,
): number | undefined {
  if (!policy) return undefined;
  if (policy.maxRetryCount !== -1 && retries >= policy.maxRetryCount)
    return undefined;
  if (policy.strategy === 'fixedDelay') return ms(policy.delayInterval);
  // "The first retry waits for the minimum delay. On subsequent retries, time is added
  // exponentially to the initial duration for each retry, until the maximum delay is reached."
  return Math.min(
    ms(policy.maximumInterval),
    ms(policy.minimumInterval) * 2 ** retries,
  );
}

function ms(d: Duration | number): number {
  if (typeof d === 'number') return d;
  return (
    (d.milliseconds ?? 0) +
    (d.seconds ?? 0) * 1000 +
    (d.minutes ?? 0) * 60_000 +
    (d.hours ?? 0) * 3_600_000
  );
}

function toDocument(item: StoredItem) {
  const { key, ...rest } = item;
  return { id: key, ...rest };
}
