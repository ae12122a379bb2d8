import { clock, wholeClock } from './format';

describe('clock', () => {
  // Local times: the rule is about the viewer's own calendar day.
  const now = new Date(2026, 11, 3, 0, 0, 30);

  it('gives the time of day alone for a moment of today', () => {
    const earlier = new Date(2026, 11, 3, 0, 0, 5);
    expect(clock(earlier.toISOString(), now)).toBe(
      earlier.toLocaleTimeString(),
    );
  });

  it('puts the date before the time for a moment of another day, a minute before midnight too', () => {
    const lastNight = new Date(2026, 11, 2, 23, 59, 30);
    const said = clock(lastNight.toISOString(), now);
    expect(said).toBe(
      `${lastNight.toLocaleDateString(undefined, {
        month: 'short',
        day: 'numeric',
      })}, ${lastNight.toLocaleTimeString()}`,
    );
    expect(said).not.toBe(lastNight.toLocaleTimeString());
  });

  it('says a missing moment is missing', () => {
    expect(clock(null, now)).toBe('–');
  });
});

describe('wholeClock', () => {
  it('keeps the date and the time each whole, with a break allowed only between them', () => {
    const yesterday = new Date(Date.now() - 36 * 3600_000).toISOString();
    const [date, time, ...rest] = wholeClock(yesterday).split(', ');
    expect(rest).toEqual([]);
    expect(date).not.toMatch(/ /);
    expect(time).not.toMatch(/ /);
    expect(`${date}, ${time}`.replace(/\u00a0/g, ' ')).toBe(clock(yesterday));
  });
});
