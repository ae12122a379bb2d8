import type { ServiceStatus } from '@multicloud/backstage-plugin-multicloud-common';
import { describeIncident } from './incident';
import type { LagThresholds } from './useLagThresholds';

/** One sentence at the top of the service's pages saying what is wrong; nothing when all is well. */
export function IncidentBanner({
  status,
  thresholds,
}: {
  status: ServiceStatus | undefined;
  thresholds: LagThresholds;
}) {
  const sentence = status && describeIncident(status, thresholds);
  if (!sentence) return null;
  return (
    <div
      role="alert"
      data-testid="incident-banner"
      style={{
        padding: '8px 16px',
        marginBottom: 12,
        borderRadius: 4,
        background: '#fdecea',
        color: '#611a15',
        borderLeft: '4px solid #f44336',
        fontWeight: 500,
        overflowWrap: 'anywhere',
      }}
    >
      {sentence}
    </div>
  );
}
