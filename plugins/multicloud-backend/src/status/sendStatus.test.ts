import { matchesETag } from './sendStatus';

describe('matchesETag', () => {
  it('matches If-None-Match by the weak comparison, in a list, or *', () => {
    const etag = '"abc"';
    expect(matchesETag('"abc"', etag)).toBe(true);
    expect(matchesETag('W/"abc"', etag)).toBe(true);
    expect(matchesETag('"x", W/"abc"', etag)).toBe(true);
    expect(matchesETag('*', etag)).toBe(true);
    expect(matchesETag('"abcd"', etag)).toBe(false);
    expect(matchesETag('abc', etag)).toBe(false);
    expect(matchesETag(undefined, etag)).toBe(false);
  });
});
