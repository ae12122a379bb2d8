import { parseSqsTarget } from './sqsTarget';

describe('parseSqsTarget', () => {
  it('reads the operation of a JSON-protocol request', () => {
    expect(parseSqsTarget('AmazonSQS.SendMessageBatch')).toBe(
      'SendMessageBatch',
    );
  });

  it('refuses other services and malformed targets', () => {
    expect(parseSqsTarget('DynamoDB_20120810.PutItem')).toBeUndefined();
    expect(parseSqsTarget('AmazonSQS.')).toBeUndefined();
    expect(parseSqsTarget(undefined)).toBeUndefined();
  });
});
