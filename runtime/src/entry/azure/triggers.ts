import type { RetryOptions } from '@azure/functions';

/**
 * The Function App's trigger settings, apart from the functions themselves: the registration
 * (app.ts) loads this module at start, and each function's own code only when it first runs.
 */

/**
 * The relay's retry policy. By default the Cosmos DB trigger does not retry a batch whose
 * execution threw an unhandled exception: the batch is lost, the function records the error and
 * goes on with the next batch ("Diagnose and troubleshoot issues when using Azure Functions trigger for Azure Cosmos
 * DB", https://learn.microsoft.com/azure/cosmos-db/nosql/troubleshoot-changefeed-functions).
 * Retry policies are supported for the Cosmos DB, Event Hubs, Kafka and Timer triggers, and
 * "Event Hubs and Azure Cosmos DB checkpoints won't be written until the retry policy for the
 * execution has completed" ("Azure Functions error handling and retries", Retries,
 * https://learn.microsoft.com/azure/azure-functions/functions-bindings-error-pages#retries);
 * -1 retries indefinitely. The relay throws only when the peer's queue and its own parking lot
 * (a Cosmos DB container) both refuse, so the lease waits at that batch until one of them is
 * back, from 1 s between tries up to 5 min.
 */
export const COSMOS_RELAY_RETRY: RetryOptions = {
  strategy: 'exponentialBackoff',
  maxRetryCount: -1,
  minimumInterval: { seconds: 1 },
  maximumInterval: { minutes: 5 },
};

/**
 * The relay trigger's `feedPollDelay`: how long it waits to poll the change feed again once it
 * has drained it. The default is 5,000 ms ("Azure Cosmos DB trigger for Azure Functions 2.x and
 * higher", configuration); 1 s keeps replication lag near a second for one read a second per
 * lease when idle.
 */
export const COSMOS_FEED_POLL_DELAY_MS = 1000;

/** NCRONTAB (with seconds) of the parked-event re-send: every minute. */
export const RESEND_PARKED_SCHEDULE = '0 */1 * * * *';

/**
 * NCRONTAB (with seconds) of the dead-letter redriver: every minute. A timer runs one instance at
 * a time across a scaled-out app (it holds a blob lease), and a timer needs no Terraform
 * resource ("Timer trigger for Azure Functions",
 * https://learn.microsoft.com/azure/azure-functions/functions-bindings-timer).
 */
export const REDRIVE_SCHEDULE = '0 */1 * * * *';

/**
 * NCRONTAB (with seconds) of the anti-entropy round with AWS: every 15 minutes, at 7, 22, 37 and
 * 52 past the hour, between AWS's rounds (on the quarter hours): two rounds at once would find the
 * same differences and repair each twice.
 */
export const RECONCILE_SCHEDULE = '0 7,22,37,52 * * * *';
