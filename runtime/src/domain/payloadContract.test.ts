import {
  checkItemData,
  decodeJsonText,
  MAX_DATA_JSON_BYTES,
  MAX_NESTING_LEVELS,
  parseItemData,
  PayloadContractError,
  type PayloadRule,
} from './payloadContract';

/** The rule a body breaks, or 'kept' when the contract accepts it. */
function verdict(text: string): PayloadRule | 'kept' {
  try {
    parseItemData(text);
    return 'kept';
  } catch (error) {
    if (error instanceof PayloadContractError) return error.rule;
    throw error;
  }
}

/** `levels` objects nested in each other around `leaf`. */
function nested(levels: number, leaf: string): string {
  return `${'{"a":'.repeat(levels - 1)}{"a":${leaf}}${'}'.repeat(levels - 1)}`;
}

describe('the payload contract', () => {
  it('keeps ordinary data exactly as parsed', () => {
    const text =
      '{"total":42.5,"lines":[{"sku":"a","qty":3}],"note":"héllo 😀","ok":true,"gone":null,"empty":""}';
    expect(parseItemData(text)).toEqual(JSON.parse(text));
  });

  it('counts the data as level 1 and a scalar as a level, as DynamoDB does', () => {
    // 31 objects around a scalar reach level 32; one more object is level 33.
    expect(verdict(nested(MAX_NESTING_LEVELS - 1, '1'))).toBe('kept');
    expect(verdict(nested(MAX_NESTING_LEVELS, '1'))).toBe('nesting');
    expect(verdict(nested(MAX_NESTING_LEVELS, '{}'))).toBe('nesting');
    expect(verdict(nested(MAX_NESTING_LEVELS - 1, '[]'))).toBe('kept');
  });

  it('refuses data nested 100,000 deep on its text, before parsing', () => {
    const deep = '['.repeat(100_000) + ']'.repeat(100_000);
    const started = performance.now();
    expect(verdict(`{"a":${deep}}`)).toBe('nesting');
    expect(performance.now() - started).toBeLessThan(200);
  });

  it('does not count brackets inside strings as nesting', () => {
    expect(verdict(JSON.stringify({ s: '['.repeat(100) }))).toBe('kept');
  });

  it.each([
    ['1e17', 'number'],
    ['9007199254740992', 'number'],
    ['-9007199254740992', 'number'],
    ['9007199254740991', 'kept'],
    ['1e-200', 'number'],
    ['9e-131', 'number'],
    ['1e-130', 'kept'],
    ['1e999', 'number'],
    ['-1e999', 'number'],
    ['0.10000000000000000001', 'number'],
    ['0.10000000000000001', 'kept'],
    ['1.000000000000000000', 'kept'],
    ['-0', 'kept'],
    ['1.5E2', 'kept'],
  ])('judges the number %s: %s', (literal, expected) => {
    expect(verdict(`{"n":${literal}}`)).toBe(expected);
    expect(verdict(`{"n":[${literal}]}`)).toBe(expected);
  });

  it.each(['__proto__', 'constructor', 'prototype'])(
    'refuses the key %s at any depth and never sets a prototype',
    key => {
      expect(verdict(`{"${key}":{"polluted":1}}`)).toBe('key');
      expect(verdict(`{"a":[{"b":{"${key}":1}}]}`)).toBe('key');
      expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    },
  );

  it('refuses an object with a __proto__ key built in code, as an event payload would be', () => {
    const payload = JSON.parse('{"__proto__":{"x":1}}');
    expect(() => checkItemData(payload)).toThrow(/__proto__/);
  });

  it('refuses empty keys and keys of 64 KB or more (DynamoDB attribute names)', () => {
    expect(verdict('{"":1}')).toBe('key');
    expect(verdict('{"a":{"":1}}')).toBe('key');
    expect(verdict(JSON.stringify({ ['k'.repeat(65_535)]: 1 }))).toBe('kept');
    expect(verdict(JSON.stringify({ ['k'.repeat(65_536)]: 1 }))).toBe('key');
  });

  it('refuses lone surrogates written as escapes, in strings and keys', () => {
    expect(verdict('{"s":"\\ud800"}')).toBe('string');
    expect(verdict('{"s":"x\\udc00y"}')).toBe('string');
    expect(verdict('{"\\udfff":1}')).toBe('key');
    expect(verdict('{"s":"\\ud83d\\ude00"}')).toBe('kept');
  });

  it('refuses U+FFFE and U+FFFF, which SQS refuses in a message', () => {
    expect(verdict('{"s":"\\uffff"}')).toBe('string');
    expect(verdict('{"s":"\uFFFE"}')).toBe('string');
    expect(verdict('{"s":"\\u0000\\u001f\\ufffd"}')).toBe('kept');
  });

  it('refuses a key given twice in one object, not the same key in two objects', () => {
    expect(verdict('{"a":1,"a":2}')).toBe('key');
    expect(verdict('{"a":1, "\\u0061" :2}')).toBe('key');
    expect(verdict('{"a":{"a":1},"b":{"a":2},"c":["a","a"]}')).toBe('kept');
  });

  it('refuses a body that is not a JSON object', () => {
    for (const text of ['[1]', '"s"', '1', 'null'])
      expect(verdict(text)).toBe('shape');
    for (const text of ['', '{', '{"a":1,}', "{'a':1}", '{"a":NaN}'])
      expect(verdict(text)).toBe('syntax');
  });

  it('limits the data as compact JSON to what a Service Bus Standard message carries', () => {
    const padding = MAX_DATA_JSON_BYTES - '{"s":""}'.length;
    expect(verdict(JSON.stringify({ s: 'x'.repeat(padding) }))).toBe('kept');
    expect(verdict(JSON.stringify({ s: 'x'.repeat(padding + 1) }))).toBe(
      'size',
    );
  });

  it('measures numbers as they are sent on, not as they were written', () => {
    // "1e15" is 4 bytes in the body and 16 once written back as JSON.
    const count = Math.floor(MAX_DATA_JSON_BYTES / 17) + 1;
    const text = `{"n":[${Array(count).fill('1e15').join(',')}]}`;
    expect(text.length).toBeLessThan(MAX_DATA_JSON_BYTES);
    expect(verdict(text)).toBe('size');
  });

  it('refuses values that are not JSON in parsed data', () => {
    expect(() => checkItemData({ when: new Date() })).toThrow(/not JSON/);
    expect(() => checkItemData({ n: Number.NaN })).toThrow(/out of range/);
  });
});

describe('JSON text decoding', () => {
  it('refuses invalid UTF-8 instead of replacing it with U+FFFD', () => {
    const bytes = new Uint8Array([
      0x7b, 0x22, 0x73, 0x22, 0x3a, 0x22, 0xff, 0x22, 0x7d,
    ]);
    expect(() => decodeJsonText(bytes)).toThrow(/not valid UTF-8/);
  });

  it('refuses a byte-order mark', () => {
    const bytes = new Uint8Array([0xef, 0xbb, 0xbf, 0x7b, 0x7d]);
    expect(() => decodeJsonText(bytes)).toThrow(/byte-order mark/);
  });

  it('decodes valid UTF-8, multi-byte characters included', () => {
    const text = '{"s":"é😀"}';
    expect(decodeJsonText(new TextEncoder().encode(text))).toBe(text);
  });
});
