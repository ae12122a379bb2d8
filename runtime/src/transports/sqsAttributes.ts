import type { Message, MessageAttributeValue } from '@aws-sdk/client-sqs';

/** The data type the senders give every message attribute. */
export const ATTRIBUTE_TYPE = 'String';

/** Our attributes (message id, region, reason…) as SQS message attributes, every one a string. */
export function toSqsAttributes(
  attributes: Record<string, string> = {},
): Record<string, MessageAttributeValue> {
  return Object.fromEntries(
    Object.entries(attributes).map(([k, v]) => [
      k,
      { DataType: ATTRIBUTE_TYPE, StringValue: v },
    ]),
  );
}

/** A received message's attributes back as strings (a receive must ask for them: `All`). */
export function fromSqsAttributes(m: Message): Record<string, string> {
  return Object.fromEntries(
    Object.entries(m.MessageAttributes ?? {}).map(([k, v]) => [
      k,
      v.StringValue ?? '',
    ]),
  );
}
