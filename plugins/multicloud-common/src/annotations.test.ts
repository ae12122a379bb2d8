import {
  getMulticloudServiceId,
  isMulticloudEntity,
  MULTICLOUD_ANNOTATIONS,
} from './annotations';
import { multicloudPermissions } from './permissions';

const entity = (annotations?: Record<string, string>) => ({
  metadata: { annotations },
});

describe('isMulticloudEntity', () => {
  it('recognises an entity by its service-id annotation', () => {
    expect(
      isMulticloudEntity(
        entity({ [MULTICLOUD_ANNOTATIONS.serviceId]: 'orders' }),
      ),
    ).toBe(true);
    expect(
      getMulticloudServiceId(
        entity({ [MULTICLOUD_ANNOTATIONS.serviceId]: ' orders ' }),
      ),
    ).toBe('orders');
  });

  it('ignores entities without it or with a blank one', () => {
    expect(isMulticloudEntity(entity())).toBe(false);
    expect(
      isMulticloudEntity(entity({ [MULTICLOUD_ANNOTATIONS.serviceId]: '  ' })),
    ).toBe(false);
  });
});

describe('multicloudPermissions', () => {
  it('ties the changing actions to catalog entities so owner policies apply', () => {
    const byName = Object.fromEntries(
      multicloudPermissions.map(p => [p.name, p]),
    );
    expect(byName['multicloud.failover.execute']).toMatchObject({
      type: 'resource',
      resourceType: 'catalog-entity',
    });
    expect(byName['multicloud.dlq.replay']).toMatchObject({ type: 'resource' });
  });
});
