/**
 * Catalog annotations that make an entity a multi-cloud service and say where its parts live.
 * Documented in the backend plugin's README.
 *
 * @public
 */
export const MULTICLOUD_ANNOTATIONS = {
  /** The service's id in the multi-cloud provider (the sandbox, or the name used in the clouds). */
  serviceId: 'multicloud.io/service-id',
  /** Which provider serves the service: `sandbox`, or `cloud` for real AWS and Azure. */
  provider: 'multicloud.io/provider',
  /** The AWS account id; its credentials come from app-config `aws.accounts` (integration-aws-node). */
  awsAccount: 'multicloud.io/aws-account',
  awsRegion: 'multicloud.io/aws-region',
  /** The Azure subscription id; its credentials come from app-config `multicloud.azure.subscriptions`. */
  azureSubscription: 'multicloud.io/azure-subscription',
  azureRegion: 'multicloud.io/azure-region',
  /** `route53`, `traffic-manager` or `front-door`. */
  routing: 'multicloud.io/routing',
  /** Route53 routing: the hosted zone id and the record name of the service's weighted records. */
  route53ZoneId: 'multicloud.io/route53-zone-id',
  domain: 'multicloud.io/domain',
  /** Traffic Manager or Front Door routing: the resource group of the profile. */
  azureRoutingResourceGroup: 'multicloud.io/azure-routing-resource-group',
} as const;

/** @public */
export type MulticloudAnnotation =
  (typeof MULTICLOUD_ANNOTATIONS)[keyof typeof MULTICLOUD_ANNOTATIONS];

/**
 * The part of a catalog entity the multi-cloud checks read: its annotations.
 *
 * @public
 */
export interface EntityLike {
  metadata: { annotations?: Record<string, string> };
}

/**
 * True when the entity carries the annotation that makes it a multi-cloud service.
 *
 * @public
 */
export function isMulticloudEntity(entity: EntityLike): boolean {
  return Boolean(
    entity.metadata.annotations?.[MULTICLOUD_ANNOTATIONS.serviceId]?.trim(),
  );
}

/**
 * The service id of a multi-cloud entity, or undefined when it is not one.
 *
 * @public
 */
export function getMulticloudServiceId(entity: EntityLike): string | undefined {
  return (
    entity.metadata.annotations?.[MULTICLOUD_ANNOTATIONS.serviceId]?.trim() ||
    undefined
  );
}
