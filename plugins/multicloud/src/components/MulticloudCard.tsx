import { InfoCard } from '@backstage/core-components';
import { useEntity } from '@backstage/plugin-catalog-react';
import { getMulticloudServiceId } from '@multicloud/backstage-plugin-multicloud-common';
import Typography from '@material-ui/core/Typography';
import { MissingAnnotation } from './MissingAnnotation';

export function MulticloudCard() {
  const { entity } = useEntity();
  const serviceId = getMulticloudServiceId(entity);
  if (!serviceId) {
    return <MissingAnnotation />;
  }
  return (
    <InfoCard title="Multi-cloud">
      <Typography variant="body2">Service {serviceId}</Typography>
    </InfoCard>
  );
}
