/**
 * SQS's size limits and billing unit, apart from the SDK client so that a module that only needs
 * the figures (Azure's relay packing events for AWS's queue) loads no SQS client.
 */

import { ATTRIBUTE_TYPE } from './sqsAttributes';

/**
 * The most a SendMessageBatch may carry, all its messages together: "The maximum allowed
 * individual message size and the maximum total payload size (the sum of the individual lengths
 * of all of the batched messages) are both 1 MiB" ("SendMessageBatch", Amazon SQS API Reference,
 * https://docs.aws.amazon.com/AWSSimpleQueueService/latest/APIReference/API_SendMessageBatch.html),
 * 256 KiB before August 2025 and still in the China regions' copy of that page. A batch over it
 * fails whole (BatchRequestTooLong), and a relay batch that always fails stays parked for good,
 * so the sender keeps to the smaller limit, which holds in every region.
 */
export const SQS_BATCH_BYTES = 256 * 1024;

/**
 * SQS bills a request per 64 KB of its payload: "each 64 KB chunk of a payload is billed as 1
 * request" (Amazon SQS pricing, as quoted with its date in docs/cost.md), so a message up to this
 * size is sent, received and deleted for one billed request each.
 */
export const SQS_BILLED_CHUNK_BYTES = 64 * 1024;

/**
 * A message's size as SQS counts it against that limit: the body, and "All parts of the message
 * attribute, including Name, Type, and Value, are part of the message size restriction"
 * ("MessageAttributeValue", Amazon SQS API Reference).
 */
export function sqsMessageBytes(
  body: string,
  attributes: Record<string, string> = {},
): number {
  let bytes = Buffer.byteLength(body);
  for (const [name, value] of Object.entries(attributes))
    bytes +=
      Buffer.byteLength(name) +
      Buffer.byteLength(ATTRIBUTE_TYPE) +
      Buffer.byteLength(value);
  return bytes;
}

/**
 * The shortest long poll, for every read of a dead-letter queue (what a person asked to see or
 * move, and the redriver): a short poll queries "only a subset of the servers" ("Enabling Long
 * Polling for Amazon SQS Message Queues", AWS SDK for C++ Developer Guide) and may answer empty
 * while dead letters wait ("If the number of messages in the queue is extremely small, you might
 * not receive any messages in a particular ReceiveMessage response", ReceiveMessage, Amazon SQS
 * API Reference), where a long poll eliminates "false empty responses (when messages are available but
 * aren't included in a response)"; "1 second minimum" ("Setting-up long polling in Amazon SQS",
 * Amazon SQS Developer Guide,
 * https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/best-practices-setting-up-long-polling.html).
 * A receive with letters waiting returns at once; the last, empty one waits the second.
 */
export const DEAD_LETTER_WAIT_SECONDS = 1;
