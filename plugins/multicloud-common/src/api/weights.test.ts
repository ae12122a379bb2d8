import { describeWeights, evenWeights, targetWeights } from './weights';
import { BUILT_IN_CLOUDS, type CloudInfo } from './types';

const threeClouds: CloudInfo[] = [
  ...BUILT_IN_CLOUDS,
  { id: 'gcp', label: 'Google Cloud', color: '#34a853' },
];

describe('describeWeights', () => {
  it('names each cloud by its label in display order, whatever the order of the weights', () => {
    expect(describeWeights({ gcp: 34, azure: 33, aws: 33 }, threeClouds)).toBe(
      'AWS 33% / Azure 33% / Google Cloud 34%',
    );
  });

  it('keeps a weight of a cloud it has no label for, under its id', () => {
    expect(describeWeights({ aws: 50, oci: 50 }, BUILT_IN_CLOUDS)).toBe(
      'AWS 50% / oci 50%',
    );
  });
});

describe('evenWeights', () => {
  it.each([
    [
      ['aws', 'azure'],
      [50, 50],
    ],
    [
      ['aws', 'azure', 'gcp'],
      [34, 33, 33],
    ],
    [
      ['a', 'b', 'c', 'd', 'e', 'f'],
      [17, 17, 17, 17, 16, 16],
    ],
  ])('shares 100 across %j as %j', (clouds, weights) => {
    const even = evenWeights(clouds);
    expect(clouds.map(c => even[c])).toEqual(weights);
  });
});

describe('targetWeights', () => {
  it('puts all traffic on a target cloud, and shares it evenly for split', () => {
    expect(targetWeights(['aws', 'azure', 'gcp'], 'gcp')).toEqual({
      aws: 0,
      azure: 0,
      gcp: 100,
    });
    expect(targetWeights(['aws', 'azure', 'gcp'], 'split')).toEqual({
      aws: 34,
      azure: 33,
      gcp: 33,
    });
  });
});
