/**
 * The payload contract: the item data both clouds keep exactly and both queues carry. The API
 * refuses everything else before any store call, and the Applier refuses an event from the other
 * cloud that breaks it (dead-lettered with the reason), so nothing is acknowledged on one cloud
 * that the other would refuse or change. Each rule names its source; the smallest limit on the
 * path wins.
 */

/** Which rule a payload broke; the API answers 413 for `size`, 400 for the others. */
export type PayloadRule =
  | 'encoding'
  | 'syntax'
  | 'shape'
  | 'nesting'
  | 'key'
  | 'string'
  | 'number'
  | 'size';

export class PayloadContractError extends Error {
  constructor(readonly rule: PayloadRule, message: string) {
    super(message);
    this.name = 'PayloadContractError';
  }
}

/**
 * "DynamoDB supports nested attributes up to 32 levels deep" (Constraints in Amazon DynamoDB,
 * https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/Constraints.html). The data is
 * the item's `payload` attribute, level 1; every value inside an object or array is one level
 * below its container, scalars included (real DynamoDB accepts 31 maps around a scalar and
 * refuses 32). Cosmos DB allows 128 levels (Azure Cosmos DB service quotas, per-item limits,
 * https://learn.microsoft.com/azure/cosmos-db/concepts-limits), so DynamoDB's is the limit.
 */
export const MAX_NESTING_LEVELS = 32;

/**
 * Service Bus Standard tier: "Message size for a queue ... 256 KB", which "includes the size of
 * properties (system and user) and the size of payload"; a batch is limited to the same 256 KB
 * (Service Bus quotas, https://learn.microsoft.com/azure/service-bus-messaging/service-bus-quotas).
 */
export const SERVICE_BUS_STANDARD_MESSAGE_BYTES = 256 * 1024;
/**
 * SQS: 1 MiB (1,048,576 bytes) since August 2025, 256 KiB before (Amazon SQS message quotas,
 * https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/quotas-messages.html;
 * "Amazon SQS increases maximum message payload size to 1 MiB", AWS What's New, 2025-08).
 */
export const SQS_MESSAGE_BYTES = 1024 * 1024;
/**
 * DynamoDB: "The maximum item size in DynamoDB is 400 KB, which includes both attribute name
 * binary length (UTF-8 length) and attribute value lengths" (Constraints in Amazon DynamoDB).
 * Cosmos DB allows 2 MB per item (Azure Cosmos DB service quotas), so DynamoDB's is the limit.
 */
export const DYNAMODB_ITEM_BYTES = 400 * 1024;

/**
 * What the event around the data takes on a queue: the envelope's other fields (an id of up to
 * 128 characters, a region of up to 63, the version, the event id and timestamp: under 500 bytes
 * of JSON), the application properties (region and version, under 200 bytes), the message id
 * and AMQP framing and batch overhead (a few hundred bytes). 8 KiB leaves room for all of them
 * with margin for properties added later.
 */
const QUEUE_ENVELOPE_ALLOWANCE_BYTES = 8 * 1024;
/**
 * What the item's other attributes take in DynamoDB: names (pk, version, source_region,
 * timestamp, event_id, deleted, expires_at: 62 bytes) and values (key 128, version 86, region
 * 63, event id 36, two numbers and a boolean: under 350 bytes). 1 KiB covers them.
 */
const DYNAMODB_ITEM_ALLOWANCE_BYTES = 1024;

/** The data as compact JSON (as the relay sends it) may take at most this many bytes. */
export const MAX_DATA_JSON_BYTES =
  Math.min(SERVICE_BUS_STANDARD_MESSAGE_BYTES, SQS_MESSAGE_BYTES) -
  QUEUE_ENVELOPE_ALLOWANCE_BYTES;
/**
 * The data as a DynamoDB attribute (sized as DynamoDB sizes items) may take at most this. JSON
 * data takes at most 1.5 times its compact JSON size there (a list of one-digit numbers: 2 bytes
 * of JSON, 3 in DynamoDB), so at today's JSON limit this binds only if that limit is raised
 * (Service Bus Premium carries 100 MB): the check keeps the DynamoDB limit whatever the queues.
 */
export const MAX_DATA_DYNAMODB_BYTES =
  DYNAMODB_ITEM_BYTES - DYNAMODB_ITEM_ALLOWANCE_BYTES;

/**
 * Keys JavaScript treats specially: assigned rather than defined, `__proto__` replaces an
 * object's prototype, so code that copies the data key by key (SDK marshallers among them) ends
 * up with different data on each side, or with a polluted prototype.
 */
const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);
/**
 * "Attribute names must be at least one character long and less than 64 KB in size" (Supported
 * data types and naming rules in Amazon DynamoDB,
 * https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/HowItWorks.NamingRulesDataTypes.html).
 */
const MAX_KEY_BYTES = 64 * 1024 - 1;
/**
 * SQS refuses a message body with characters outside #x9 | #xA | #xD | #x20-#xD7FF |
 * #xE000-#xFFFD | #x10000-#x10FFFF (Amazon SQS message quotas, "Message content"). JSON.stringify
 * escapes the control characters but not U+FFFE and U+FFFF, so those would make the event
 * unsendable; lone surrogates are not Unicode text at all, and each store would keep them
 * differently (or not at all).
 */
const UNSENDABLE_CHARACTER = /[\uFFFE\uFFFF]/;
/** A high surrogate not followed by a low one, or a low one not preceded by a high one. */
const LONE_SURROGATE =
  /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
/**
 * Numbers: Cosmos DB keeps IEEE-754 doubles ("Maximum length of numeric property value:
 * IEEE754 double-precision 64-bit", Azure Cosmos DB service quotas), as RFC 8259 section 6
 * advises for interoperability. The DynamoDB document client refuses numbers beyond
 * Number.MAX_SAFE_INTEGER ("Number ... is greater than Number.MAX_SAFE_INTEGER", @aws-sdk/util-dynamodb
 * src/convertToAttr.ts, convertToNumberAttr) and Infinity or NaN; DynamoDB itself keeps 38
 * significant digits of magnitude 1E-130 to 9.9999999999999999999999999999999999999E+125
 * ("Number underflow" below; Supported data types and naming rules in Amazon DynamoDB).
 * A double needs at most 17 significant digits, so a number written with more would be rounded.
 */
const MAX_SAFE = Number.MAX_SAFE_INTEGER;
const DYNAMODB_MIN_MAGNITUDE = 1e-130;
const DOUBLE_SIGNIFICANT_DIGITS = 17;

/** A UTF-8 decoder that refuses invalid sequences instead of writing U+FFFD, and keeps a BOM. */
const strictUtf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/**
 * The text of a JSON body: strict UTF-8 (RFC 8259 section 8.1: JSON text "MUST be encoded using
 * UTF-8" and implementations "MUST NOT add a byte order mark").
 */
export function decodeJsonText(bytes: Uint8Array): string {
  let text: string;
  try {
    text = strictUtf8.decode(bytes);
  } catch {
    throw new PayloadContractError(
      'encoding',
      'the body is not valid UTF-8 (invalid byte sequences are refused, not replaced)',
    );
  }
  if (text.charCodeAt(0) === 0xfeff) {
    throw new PayloadContractError(
      'encoding',
      'the body starts with a byte-order mark; send UTF-8 without one (RFC 8259 section 8.1)',
    );
  }
  return text;
}

/**
 * Parses item data sent as JSON text and checks it against the contract. Nesting and duplicate
 * keys are checked on the text before parsing, so a body nested thousands deep is never built;
 * numbers are checked against the digits that were sent.
 */
export function parseItemData(text: string): Record<string, unknown> {
  scanJsonText(text);
  let value: unknown;
  try {
    // JSON.parse defines every key as an own property, `__proto__` included, never a prototype.
    value = JSON.parse(text, checkNumberSource);
  } catch (error) {
    if (error instanceof PayloadContractError) throw error;
    throw new PayloadContractError(
      'syntax',
      `the body is not valid JSON: ${(error as Error).message}`,
    );
  }
  checkItemData(value);
  return value;
}

/**
 * Checks data already parsed (an event's payload off a queue, or a body parsed by
 * `parseItemData`): a plain object within the nesting, key, string, number and size rules.
 */
export function checkItemData(
  value: unknown,
): asserts value is Record<string, unknown> {
  if (!isPlainObject(value)) {
    throw new PayloadContractError(
      'shape',
      'the data must be a JSON object of the item’s attributes',
    );
  }
  const dynamoDbBytes = checkValue(value, 1, 'data');
  if (dynamoDbBytes > MAX_DATA_DYNAMODB_BYTES) {
    throw new PayloadContractError(
      'size',
      `the data takes ${dynamoDbBytes} bytes as a DynamoDB attribute, more than ${MAX_DATA_DYNAMODB_BYTES} (DynamoDB's 400 KB item limit less the item's other attributes)`,
    );
  }
  const jsonBytes = Buffer.byteLength(JSON.stringify(value));
  if (jsonBytes > MAX_DATA_JSON_BYTES) {
    throw new PayloadContractError(
      'size',
      `the data takes ${jsonBytes} bytes as compact JSON, more than ${MAX_DATA_JSON_BYTES} (Service Bus Standard's 256 KB message limit less the replication envelope)`,
    );
  }
}

/** Checks one value at a nesting level; returns its size as DynamoDB counts it. */
function checkValue(value: unknown, level: number, path: string): number {
  if (level > MAX_NESTING_LEVELS) {
    throw new PayloadContractError(
      'nesting',
      `the data nests deeper than ${MAX_NESTING_LEVELS} levels at ${shorten(
        path,
      )} (DynamoDB's limit on nested attributes)`,
    );
  }
  // Sizes as DynamoDB counts them: strings by UTF-8 bytes, numbers 1 byte per two significant
  // digits plus 1, null and booleans 1, lists and maps 3 plus 1 per element plus the elements
  // (and names) (Item sizes and formats, Amazon DynamoDB Developer Guide,
  // https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/CapacityUnitCalculations.html).
  if (value === null || typeof value === 'boolean') return 1;
  if (typeof value === 'string') {
    checkText(value, `the string at ${shorten(path)}`, 'string');
    return Buffer.byteLength(value);
  }
  if (typeof value === 'number') return checkNumber(value, path);
  if (Array.isArray(value)) {
    let size = 3;
    value.forEach((element, i) => {
      size += 1 + checkValue(element, level + 1, `${path}[${i}]`);
    });
    return size;
  }
  if (isPlainObject(value)) {
    let size = 3;
    for (const [key, element] of Object.entries(value)) {
      const keyPath = /^[A-Za-z_$][\w$]*$/.test(key)
        ? `${path}.${key}`
        : `${path}[${JSON.stringify(key)}]`;
      size += 1 + checkKey(key, keyPath);
      size += checkValue(element, level + 1, keyPath);
    }
    return size;
  }
  throw new PayloadContractError(
    'shape',
    `the value at ${shorten(path)} is not JSON`,
  );
}

function checkKey(key: string, path: string): number {
  if (key === '') {
    throw new PayloadContractError(
      'key',
      `the data has an empty key at ${shorten(
        path,
      )} (DynamoDB attribute names must be at least one character long)`,
    );
  }
  if (FORBIDDEN_KEYS.has(key)) {
    throw new PayloadContractError(
      'key',
      `the data has the key ${path}, which is refused (__proto__, constructor and prototype would change or pollute objects that copy the data)`,
    );
  }
  checkText(key, `the key at ${shorten(path)}`, 'key');
  const bytes = Buffer.byteLength(key);
  if (bytes > MAX_KEY_BYTES) {
    throw new PayloadContractError(
      'key',
      `the key at ${shorten(
        path,
      )} takes ${bytes} bytes, more than ${MAX_KEY_BYTES} (DynamoDB attribute names must be less than 64 KB)`,
    );
  }
  return bytes;
}

function checkText(text: string, what: string, rule: 'key' | 'string') {
  if (LONE_SURROGATE.test(text)) {
    throw new PayloadContractError(
      rule,
      `${what} has a lone surrogate (a \\ud800-\\udfff escape without its pair), which is not Unicode text`,
    );
  }
  if (UNSENDABLE_CHARACTER.test(text)) {
    throw new PayloadContractError(
      rule,
      `${what} has U+FFFE or U+FFFF, which SQS refuses in a message`,
    );
  }
}

function checkNumber(n: number, path: string): number {
  const where = shorten(path);
  if (!Number.isFinite(n)) {
    throw new PayloadContractError(
      'number',
      `the number at ${where} is out of range (Infinity and NaN are not numbers either store keeps)`,
    );
  }
  if (Math.abs(n) > MAX_SAFE) {
    throw new PayloadContractError(
      'number',
      `the number ${n} at ${where} is larger than ${MAX_SAFE} (2^53 - 1): doubles are not exact beyond it and the DynamoDB document client refuses it`,
    );
  }
  if (n !== 0 && Math.abs(n) < DYNAMODB_MIN_MAGNITUDE) {
    throw new PayloadContractError(
      'number',
      `the number ${n} at ${where} is smaller in magnitude than 1e-130, the smallest DynamoDB keeps`,
    );
  }
  return Math.ceil(significantDigits(String(n)) / 2) + 1;
}

/** Significant digits of a JSON number's text (leading and trailing zeros do not count). */
function significantDigits(numberText: string): number {
  const mantissa = numberText.replace(/^-/, '').replace(/[eE].*$/, '');
  const digits = mantissa
    .replace('.', '')
    .replace(/^0+/, '')
    .replace(/0+$/, '');
  return Math.max(1, digits.length);
}

/** A JSON.parse reviver that refuses numbers whose text a double would round or overflow. */
function checkNumberSource(
  this: unknown,
  _key: string,
  value: unknown,
  context?: { source?: string },
): unknown {
  if (typeof value !== 'number' || context?.source === undefined) return value;
  if (!Number.isFinite(value)) {
    throw new PayloadContractError(
      'number',
      `the number ${context.source} is out of range (it would be read as Infinity)`,
    );
  }
  if (significantDigits(context.source) > DOUBLE_SIGNIFICANT_DIGITS) {
    throw new PayloadContractError(
      'number',
      `the number ${context.source} has more than ${DOUBLE_SIGNIFICANT_DIGITS} significant digits: it would be rounded (numbers are IEEE-754 doubles, as Cosmos DB keeps them)`,
    );
  }
  return value;
}

/**
 * One pass over the text before parsing: nesting (so a body nested thousands deep is refused
 * before a parser or a store recurses into it) and duplicate keys (RFC 8259 section 4: names
 * SHOULD be unique; JSON.parse would keep the last one silently).
 */
function scanJsonText(text: string): void {
  const open: (Set<string> | undefined)[] = [];
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (ch === '"') {
      const end = endOfString(text, i);
      if (end < 0) return; // unterminated: JSON.parse reports it
      const keys = open[open.length - 1];
      if (keys && text[skipWhitespace(text, end + 1)] === ':') {
        let key: string;
        try {
          key = JSON.parse(text.slice(i, end + 1));
        } catch {
          return; // a bad escape: JSON.parse reports it
        }
        if (keys.has(key)) {
          throw new PayloadContractError(
            'key',
            `the key ${shorten(
              JSON.stringify(key),
            )} appears twice in one object (JSON.parse would keep only the last)`,
          );
        }
        keys.add(key);
      }
      i = end;
    } else if (ch === '{' || ch === '[') {
      open.push(ch === '{' ? new Set() : undefined);
      if (open.length > MAX_NESTING_LEVELS) {
        throw new PayloadContractError(
          'nesting',
          `the data nests deeper than ${MAX_NESTING_LEVELS} levels (DynamoDB's limit on nested attributes)`,
        );
      }
    } else if (ch === '}' || ch === ']') {
      open.pop();
    }
  }
}

function skipWhitespace(text: string, from: number): number {
  let i = from;
  while (i < text.length && ' \t\n\r'.includes(text[i])) i++;
  return i;
}

/** Index of the quote that closes the string starting at `start`, or -1. */
function endOfString(text: string, start: number): number {
  for (let i = start + 1; i < text.length; i++) {
    if (text[i] === '\\') i++;
    else if (text[i] === '"') return i;
  }
  return -1;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    return false;
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

function shorten(text: string): string {
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}
