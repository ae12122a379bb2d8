import { describeWeights } from './weights';
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
