import {
  CLOUD_LABELS,
  CLOUDS,
  type CloudId,
} from '@multicloud/backstage-plugin-multicloud-common';
import Typography from '@material-ui/core/Typography';
import { weights as describe } from '../common/format';

const COLORS: Record<CloudId, string> = { aws: '#ff9900', azure: '#0078d4' };

/** The traffic split as one bar, with the figures in words for screen readers and tests. */
export function WeightsBar({ weights }: { weights: Record<CloudId, number> }) {
  return (
    <div data-testid="weights-bar">
      <Typography variant="subtitle2" component="p">
        Traffic: {describe(weights)}
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
