import { PromiseCache } from './PromiseCache';

/** A cache with a clock the test moves, over a source whose answers the test sets. */
function setup(options: { keep?: (value: string) => boolean } = {}) {
  let clock = 0;
  let answer: () => Promise<string> = async () => 'first';
  let asked = 0;
  const cache = new PromiseCache<string>({
    ttlMs: 5_000,
    refreshAfterMs: 2_500,
    now: () => clock,
    ...options,
  });
  const get = () =>
    cache.get('key', () => {
      asked += 1;
      return answer();
    });
  return {
    get,
    asked: () => asked,
    answer: (next: () => Promise<string>) => {
      answer = next;
    },
    advance: (ms: number) => {
      clock += ms;
    },
  };
}

/** Lets the background ask settle. */
const settled = () => new Promise(resolve => setImmediate(resolve));

describe('PromiseCache with refreshAfterMs', () => {
  it('serves the kept value at once past refreshAfterMs and replaces it with the answer asked again in the background', async () => {
    const cache = setup();
    expect(await cache.get()).toBe('first');
    cache.advance(1_000);
    expect(await cache.get()).toBe('first');
    expect(cache.asked()).toBe(1);

    cache.answer(async () => 'second');
    cache.advance(2_000);
    // One background ask at a time, however many calls come meanwhile.
    const served = [cache.get(), cache.get()];
    expect(await Promise.all(served)).toEqual(['first', 'first']);
    expect(cache.asked()).toBe(2);
    await settled();
    expect(await cache.get()).toBe('second');
    expect(cache.asked()).toBe(2);
  });

  it('never serves a value older than ttlMs, even if asking again failed', async () => {
    const cache = setup();
    await cache.get();
    cache.answer(() => Promise.reject(new Error('unavailable')));
    cache.advance(3_000);
    expect(await cache.get()).toBe('first');
    await settled();
    cache.advance(2_000);
    await expect(cache.get()).rejects.toThrow('unavailable');
  });

  it('forgets at once a value whose new answer keep refuses', async () => {
    const cache = setup({ keep: value => value !== 'gone' });
    await cache.get();
    cache.answer(async () => 'gone');
    cache.advance(3_000);
    expect(await cache.get()).toBe('first');
    await settled();
    cache.answer(async () => 'back');
    expect(await cache.get()).toBe('back');
    expect(cache.asked()).toBe(3);
  });
});
