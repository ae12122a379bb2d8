import type { Entity } from '@backstage/catalog-model';
import { locateService } from './discovery';

const entity = (annotations: Record<string, string>): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: {
    name: 'orders',
    annotations: { 'multicloud.io/service-id': 'orders', ...annotations },
  },
  spec: {},
});

describe('locateService', () => {
  it('reads each cloud account and region into locations, Azure subscription as its account', () => {
    const service = locateService(
      entity({
        'multicloud.io/aws-account': '111122223333',
        'multicloud.io/aws-region': 'eu-west-1',
        'multicloud.io/azure-subscription': 'sub-1',
        'multicloud.io/azure-region': 'westeurope',
      }),
    );
    expect(service.locations).toEqual({
      aws: { account: '111122223333', region: 'eu-west-1' },
      azure: { account: 'sub-1', region: 'westeurope' },
    });
  });

  it('reads the generic annotations of any other cloud', () => {
    const service = locateService(
      entity({
        'multicloud.io/gcp-account': 'my-project',
        'multicloud.io/gcp-region': 'europe-west1',
        'multicloud.io/azure-routing-resource-group': 'rg',
      }),
    );
    expect(service.locations.gcp).toEqual({
      account: 'my-project',
      region: 'europe-west1',
    });
    expect(Object.keys(service.locations)).toEqual(['aws', 'azure', 'gcp']);
  });

  it('leaves what the entity does not name null', () => {
    expect(locateService(entity({})).locations).toEqual({
      aws: { account: null, region: null },
      azure: { account: null, region: null },
    });
  });
});
