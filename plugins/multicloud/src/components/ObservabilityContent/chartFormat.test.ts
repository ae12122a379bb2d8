import { tick, timeTick, tooltipValue } from './chartFormat';

describe('chart formats', () => {
  it('keeps large values whole on the axis, and long lags in seconds', () => {
    expect(tick('count', 60000)).toBe('60K');
    expect(tick('duration', 60000)).toBe('60 s');
    expect(tick('duration', 250)).toBe('250 ms');
    expect(tick('share', 0.05)).toBe('5%');
  });

  it('keeps small ticks apart: a quiet rate or error rate does not read 0, 0, 0.1, 0.1', () => {
    const rates = [0, 0.025, 0.05, 0.075, 0.1].map(v => tick('rate', v));
    expect(rates).toEqual(['0', '0.025', '0.05', '0.075', '0.1']);
    const shares = [0, 0.0025, 0.005, 0.0075, 0.01].map(v => tick('share', v));
    expect(shares).toEqual(['0%', '0.25%', '0.5%', '0.75%', '1%']);
    expect(tick('duration', 0.5)).toBe('0.5 ms');
    expect(tick('rate', 12.5)).toBe('12.5');
  });

  it('rounds tooltip values and gives their unit', () => {
    expect(tooltipValue('rate', 2.1333333333333333)).toBe('2.13 /s');
    expect(tooltipValue('duration', 57_312)).toBe('57.3 s');
    expect(tooltipValue('duration', 41.6)).toBe('42 ms');
    expect(tooltipValue('share', 0.0123)).toBe('1.23%');
    expect(tooltipValue('count', 7)).toBe('7');
    expect(tooltipValue('rate', null)).toBe('no data');
  });

  it('writes the date on the time axis of ranges that span days', () => {
    const t = Date.UTC(2026, 11, 1, 22, 25);
    expect(timeTick('7d', t)).toMatch(/Dec/);
    expect(timeTick('1h', t)).not.toMatch(/Dec/);
  });
});
