import { keyOfBody } from './types';

describe('keyOfBody', () => {
  it('reads the key of a replication event', () => {
    expect(keyOfBody(JSON.stringify({ key: 'order-1', version: 'v' }))).toBe(
      'order-1',
    );
  });

  it('names the first key of a pack of events and how many more it holds', () => {
    const pack = (keys: string[]) =>
      JSON.stringify({ kind: 'events', events: keys.map(key => ({ key })) });
    expect(keyOfBody(pack(['order-1', 'order-2', 'order-3']))).toBe(
      'order-1 and 2 more',
    );
    expect(keyOfBody(pack(['order-9']))).toBe('order-9');
  });

  it('has no key for what is not an event', () => {
    expect(keyOfBody('not json')).toBeNull();
    expect(
      keyOfBody(JSON.stringify({ kind: 'events', events: [] })),
    ).toBeNull();
    expect(keyOfBody(JSON.stringify({ kind: 'anti-entropy' }))).toBeNull();
  });
});
