import {
  catalogConditions,
  createCatalogConditionalDecision,
} from '@backstage/plugin-catalog-backend/alpha';
import {
  multicloudOwnerOnlyDecision,
  multicloudOwnerOnlyPermissions,
} from '@multicloud/backstage-plugin-multicloud-common';

// The common package writes the catalog's owner condition out so that policies need no import of
// the catalog backend; this keeps it equal to what the catalog's own factory builds.
describe('multicloudOwnerOnlyDecision', () => {
  it.each(multicloudOwnerOnlyPermissions.map(p => [p.name, p]))(
    "is the catalog's own isEntityOwner decision for %s",
    (_name, permission) => {
      const claims = ['user:default/olivia', 'group:default/team-orders'];
      expect(multicloudOwnerOnlyDecision(permission, claims)).toEqual(
        createCatalogConditionalDecision(
          permission,
          catalogConditions.isEntityOwner({ claims }),
        ),
      );
    },
  );
});
