import { cloudStatus, lag, status } from '../__testUtils__/fixtures';
import { describeIncident } from './incident';
import { clock } from './format';

const thresholds = { warningMs: 1000, criticalMs: 5000 };
const since = '2026-12-01T22:25:45Z';

describe('describeIncident', () => {
  it('says nothing while every cloud is healthy and replication keeps up', () => {
    expect(describeIncident(status(), thresholds)).toBeNull();
  });

  it('names the unhealthy cloud, since when, and where the traffic actually goes', () => {
    const sentence = describeIncident(
      status([
        cloudStatus('aws', {
          health: 'unhealthy',
          healthSince: since,
          trafficShare: 0,
        }),
        cloudStatus('azure', { trafficShare: 1 }),
      ]),
      thresholds,
    );
    expect(sentence).toBe(
      `AWS unhealthy since ${clock(since)}; 100% of traffic on Azure`,
    );
  });

  it('gives the split of actual traffic while it still reaches both clouds, and a lag past the critical threshold', () => {
    const sentence = describeIncident(
      status([
        cloudStatus('aws', {
          health: 'unhealthy',
          healthSince: null,
          trafficShare: 0.18,
          replicationLag: lag(57_000),
        }),
        cloudStatus('azure', { trafficShare: 0.82 }),
      ]),
      thresholds,
    );
    expect(sentence).toBe(
      'AWS unhealthy; traffic AWS 18% · Azure 82%; replication into AWS 57 s behind',
    );
  });

  it('falls back to the weights where the routing does not count traffic, and says so', () => {
    const sentence = describeIncident(
      status([
        { cloud: 'aws', ok: false, error: { message: 'timeout' } },
        cloudStatus('azure', { trafficShare: null, weight: 100 }),
      ]),
      thresholds,
    );
    expect(sentence).toBe(
      'AWS could not be read; 100% of traffic weight on Azure',
    );
  });
});
