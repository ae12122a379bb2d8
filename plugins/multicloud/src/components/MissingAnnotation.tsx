import { EmptyState } from '@backstage/core-components';
import { MULTICLOUD_ANNOTATIONS } from '@multicloud/backstage-plugin-multicloud-common';

/** What an entity without the multi-cloud annotations shows: which annotation to add. */
export function MissingAnnotation() {
  return (
    <EmptyState
      missing="field"
      title="Not a multi-cloud service yet"
      description={`Add the annotation ${MULTICLOUD_ANNOTATIONS.serviceId} to this entity's catalog-info.yaml to see its clouds here.`}
    />
  );
}
