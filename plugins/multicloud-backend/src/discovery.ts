import { stringifyEntityRef, type Entity } from '@backstage/catalog-model';
import { InputError } from '@backstage/errors';
import {
  BUILT_IN_CLOUDS,
  getMulticloudServiceId,
  MULTICLOUD_ANNOTATIONS,
} from '@multicloud/backstage-plugin-multicloud-common';
import type { CloudLocation, ServiceLocation } from './providers/types';

const ROUTINGS = ['route53', 'traffic-manager', 'front-door'] as const;

/**
 * Where a multi-cloud service's parts live, from its catalog annotations. Throws an InputError
 * (HTTP 400) that names the annotation to add or fix, so the portal can say what is missing.
 */
export function locateService(entity: Entity): ServiceLocation {
  const entityRef = stringifyEntityRef(entity);
  const annotations = entity.metadata.annotations ?? {};
  const serviceId = getMulticloudServiceId(entity);
  if (!serviceId) {
    throw new InputError(
      `${entityRef} is not a multi-cloud service: add the annotation ${MULTICLOUD_ANNOTATIONS.serviceId}`,
    );
  }
  const routing = annotations[MULTICLOUD_ANNOTATIONS.routing] ?? 'route53';
  if (!(ROUTINGS as readonly string[]).includes(routing)) {
    throw new InputError(
      `${entityRef} has ${
        MULTICLOUD_ANNOTATIONS.routing
      }: "${routing}"; expected one of ${ROUTINGS.join(', ')}`,
    );
  }
  const value = (name: string) => annotations[name]?.trim() || null;
  return {
    entityRef,
    serviceId,
    provider: value(MULTICLOUD_ANNOTATIONS.provider) ?? 'sandbox',
    locations: locationsOf(annotations, value),
    routing: routing as ServiceLocation['routing'],
    route53: route53(entityRef, value),
    azureRoutingResourceGroup: value(
      MULTICLOUD_ANNOTATIONS.azureRoutingResourceGroup,
    ),
  };
}

function route53(
  entityRef: string,
  value: (name: string) => string | null,
): ServiceLocation['route53'] {
  const zoneId = value(MULTICLOUD_ANNOTATIONS.route53ZoneId);
  const domain = value(MULTICLOUD_ANNOTATIONS.domain);
  if (!zoneId && !domain) return null;
  if (!zoneId || !domain)
    throw new InputError(
      `${entityRef} needs both ${MULTICLOUD_ANNOTATIONS.route53ZoneId} and ${MULTICLOUD_ANNOTATIONS.domain}, or neither`,
    );
  return { zoneId, domain };
}

/** `multicloud.io/<cloud>-account` and `multicloud.io/<cloud>-region` of any cloud id. */
const LOCATION_ANNOTATION =
  /^multicloud\.io\/([a-z][a-z0-9]*)-(account|region)$/;

/**
 * Each cloud's account and region: `multicloud.io/<cloud>-account` and `-region` for any cloud
 * (Azure's account is its `multicloud.io/azure-subscription`). The built-in clouds are always
 * there, with nulls for what the entity does not name.
 */
function locationsOf(
  annotations: Record<string, string>,
  value: (name: string) => string | null,
): Record<string, CloudLocation> {
  const locations: Record<string, CloudLocation> = {};
  for (const { id } of BUILT_IN_CLOUDS)
    locations[id] = { account: null, region: null };
  for (const name of Object.keys(annotations)) {
    const match = LOCATION_ANNOTATION.exec(name);
    if (!match) continue;
    const [, cloud, part] = match;
    locations[cloud] ??= { account: null, region: null };
    locations[cloud][part as keyof CloudLocation] = value(name);
  }
  locations.azure.account =
    value(MULTICLOUD_ANNOTATIONS.azureSubscription) ?? locations.azure.account;
  return locations;
}
