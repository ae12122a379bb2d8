import type {
  CloudId,
  CloudInfo,
} from '@multicloud/backstage-plugin-multicloud-common';
import Typography from '@material-ui/core/Typography';
import { weightsText } from '../common/clouds';
import { share } from '../common/format';

/**
 * The configured split as one bar, a segment per cloud in the cloud's colour, with the figures
 * in words for screen readers and tests, and beside it what each cloud actually receives (which
 * differs while a cloud is unhealthy).
 */
export function WeightsBar({
  clouds,
  weights,
  actual,
}: {
  /** The service's clouds in display order. */
  clouds: readonly CloudInfo[];
  weights: Record<CloudId, number>;
  /** Share of requests each cloud received lately, 0..1 (null where not measured). */
  actual: Record<CloudId, number | null>;
}) {
  const measured = clouds.some(c => (actual[c.id] ?? null) !== null);
  return (
    <div data-testid="weights-bar">
      <Typography variant="subtitle2" component="p">
        Traffic: {weightsText(clouds, weights)}
      </Typography>
      <Typography
        variant="body2"
        component="p"
        data-testid="actual-traffic"
        color="textSecondary"
      >
        {measured
          ? `Actually received: ${clouds
              .map(c => `${c.label} ${share(actual[c.id])}`)
              .join(' · ')}`
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
        {clouds.map(c => (
          <div
            key={c.id}
            data-testid={`weights-bar-segment-${c.id}`}
            title={`${c.label} ${weights[c.id] ?? 0}%`}
            style={{ width: `${weights[c.id] ?? 0}%`, background: c.color }}
          />
        ))}
      </div>
    </div>
  );
}
