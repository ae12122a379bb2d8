/**
 * The SQS JSON protocol names the operation in the `X-Amz-Target` header, e.g.
 * `AmazonSQS.SendMessageBatch`; the body is `application/x-amz-json-1.0`.
 */
const TARGET_PREFIX = 'AmazonSQS.';

export function parseSqsTarget(header: string | undefined): string | undefined {
  if (!header || !header.startsWith(TARGET_PREFIX)) return undefined;
  const operation = header.slice(TARGET_PREFIX.length);
  return /^[A-Z][A-Za-z]+$/.test(operation) ? operation : undefined;
}
