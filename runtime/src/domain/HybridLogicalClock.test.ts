import { ClockDriftError, HybridLogicalClock } from './HybridLogicalClock';
import { compareVersions, formatVersion, parseVersion } from './version';

describe('HybridLogicalClock', () => {
  it('never goes backwards when the wall clock does', () => {
    let wall = 1_000_000;
    const clock = new HybridLogicalClock({ region: 'aws', now: () => wall });
    const first = clock.tick();
    wall -= 5_000;
    const second = clock.tick();
    expect(compareVersions(second, first)).toBeGreaterThan(0);
    expect(parseVersion(second)).toEqual({
      wallMs: 1_000_000,
      counter: 1,
      region: 'aws',
    });
  });

  it('issues versions newer than any version it has observed', () => {
    const aws = new HybridLogicalClock({ region: 'aws', now: () => 2_000 });
    const azure = new HybridLogicalClock({ region: 'azure', now: () => 2_300 });
    const remote = azure.tick();
    aws.observe(remote);
    expect(compareVersions(aws.tick(), remote)).toBeGreaterThan(0);
  });

  it('refuses a remote version further ahead than the allowed drift', () => {
    const clock = new HybridLogicalClock({
      region: 'aws',
      now: () => 10_000,
      maxDriftMs: 500,
    });
    const tooFar = formatVersion({
      wallMs: 10_501,
      counter: 0,
      region: 'azure',
    });
    expect(() => clock.observe(tooFar)).toThrow(ClockDriftError);
    expect(() =>
      clock.observe(
        formatVersion({ wallMs: 10_500, counter: 0, region: 'azure' }),
      ),
    ).not.toThrow();
  });

  it('orders equal wall times by counter, then by region', () => {
    const a = formatVersion({ wallMs: 5, counter: 1, region: 'aws' });
    const b = formatVersion({ wallMs: 5, counter: 1, region: 'azure' });
    const c = formatVersion({ wallMs: 5, counter: 2, region: 'aws' });
    expect([c, b, a].sort(compareVersions)).toEqual([a, b, c]);
  });

  it('rejects malformed versions and regions', () => {
    expect(() => parseVersion('12.3.aws')).toThrow(/not a version/);
    expect(() => new HybridLogicalClock({ region: 'AWS East' })).toThrow(
      /region/,
    );
  });
});
