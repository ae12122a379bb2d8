import {
  CLOUD_LABELS,
  CLOUDS,
  type CloudId,
} from '@multicloud/backstage-plugin-multicloud-common';
import Typography from '@material-ui/core/Typography';
import { share, weights as describe } from '../common/format';

const COLORS: Record<CloudId, string> = { aws: '#ff9900', azure: '#0078d4' };

/**
 * The configured split as one bar, with the figures in words for screen readers and tests, and
 * beside it what each cloud actually receives (which differs while a cloud is unhealthy).
 */
export function WeightsBar({
  weights,
  actual,
}: {
  weights: Record<CloudId, number>;
  /** Share of requests each cloud received lately, 0..1 (null where not measured). */
  actual: Record<CloudId, number | null>;
}) {
  const measured = CLOUDS.some(cloud => actual[cloud] !== null);
  return (
    <div data-testid="weights-bar">
      <Typography variant="subtitle2" component="p">
        Traffic: {describe(weights)}
      </Typography>
      <Typography
        variant="body2"
        component="p"
        data-testid="actual-traffic"
        color="textSecondary"
      >
        {measured
          ? `Actually received: ${CLOUDS.map(
              cloud => `${CLOUD_LABELS[cloud]} ${share(actual[cloud])}`,
            ).join(' · ')}`
          : 'Actual traffic: no requests measured lately'}
      </Typography>
      <div
        aria-hidden
        style={{
          display: 'flex',
          height: 14,
          borderRadius: 4,
          overflow: 'hidden',
          background: '#ddd',
        }}
      >
        {CLOUDS.map(cloud => (
          <div
            key={cloud}
            title={`${CLOUD_LABELS[cloud]} ${weights[cloud]}%`}
            style={{ width: `${weights[cloud]}%`, background: COLORS[cloud] }}
          />
        ))}
      </div>
    </div>
  );
}
