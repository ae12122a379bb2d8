import Link from '@material-ui/core/Link';
import Typography from '@material-ui/core/Typography';
import {
  CartesianGrid,
  Legend,
  Line,
  LineChart,
  ReferenceLine,
  ResponsiveContainer,
  Tooltip,
  usePlotArea,
  XAxis,
  YAxis,
} from 'recharts';
import type {
  ConsoleLink,
  MetricRange,
} from '@multicloud/backstage-plugin-multicloud-common';
import { tick, timeTick, tooltipValue, type ValueKind } from './chartFormat';
import { LABEL_OFFSET, placeEventLabel } from './eventLabel';
import type { ChartEvent, ChartLine, ChartRow } from './seriesData';
import { groupNearbyEvents, hasData, valueCount } from './seriesData';

/** Failovers in purple, chaos in red: both dashed, apart from the clouds' lines. */
const EVENT_COLORS: Record<ChartEvent['kind'], string> = {
  failover: '#9c27b0',
  chaos: '#d32f2f',
};

const EVENT_FONT_SIZE = 11;

/**
 * An event's label beside its mark, kept inside the plot: on the side with more room, shortened
 * with an ellipsis when even that is too narrow. Chaos labels sit at the bottom, failover labels
 * at the top, so the two kinds never overlap.
 */
function EventLabel({
  viewBox,
  event,
}: {
  /** The mark's box, given by Recharts' Label. */
  viewBox?: { x?: number; y?: number; height?: number };
  event: ChartEvent;
}) {
  const plot = usePlotArea();
  if (!plot || viewBox?.x === undefined) return null;
  const top = viewBox.y ?? plot.y;
  const bottom = top + (viewBox.height ?? plot.height);
  const place = placeEventLabel({
    markX: viewBox.x,
    plotLeft: plot.x,
    plotRight: plot.x + plot.width,
    text: event.label,
    fontSize: EVENT_FONT_SIZE,
  });
  const chaos = event.kind === 'chaos';
  return (
    <text
      className="recharts-label"
      x={place.x}
      y={chaos ? bottom - LABEL_OFFSET : top + LABEL_OFFSET}
      dominantBaseline={chaos ? 'auto' : 'hanging'}
      textAnchor={place.textAnchor}
      fontSize={EVENT_FONT_SIZE}
      fill="#666"
    >
      {place.text}
    </text>
  );
}

/**
 * One metric over time, a line per cloud in the cloud's colour (or two, e.g. p50 and p99, the
 * second dashed).
 */
export function MetricChart({
  id,
  title,
  unit,
  rows,
  lines,
  domain,
  kind,
  range,
  events = [],
  links = [],
}: {
  id: string;
  title: string;
  unit: string;
  rows: ChartRow[];
  lines: ChartLine[];
  domain?: [number, number];
  kind: ValueKind;
  range: MetricRange;
  /** Moments to mark on the time axis (failovers, chaos), each with a short label. */
  events?: ChartEvent[];
  /** The same series in the clouds' own consoles (CloudWatch, Azure Monitor). */
  links?: ConsoleLink[];
}) {
  const first = rows[0]?.t ?? Infinity;
  // An event after the last whole bucket (chaos a moment ago) still shows: its line extends
  // the time axis (ifOverflow below) rather than waiting for the bucket to end.
  const inRange = events.filter(e => e.t >= first && e.t <= Date.now());
  const end = Math.max(
    rows[rows.length - 1]?.t ?? first,
    ...inRange.map(e => e.t),
  );
  // Closer than a fortieth of the axis (about 12 px on a half-width chart) shares one mark.
  const shown = groupNearbyEvents(inRange, (end - first) / 40);
  const empty = !hasData(rows, lines);
  return (
    <figure
      data-testid={`chart-${id}`}
      style={{ margin: 0 }}
      aria-label={title}
    >
      <Typography variant="subtitle1" component="figcaption">
        {title} {unit && `(${unit})`}
      </Typography>
      {links.length > 0 && (
        <Typography variant="caption" component="p">
          {links.map((l, i) => (
            <span key={l.url}>
              {i > 0 && ' · '}
              <Link href={l.url} target="_blank" rel="noopener noreferrer">
                Open in {l.title}
              </Link>
            </span>
          ))}
        </Typography>
      )}
      {empty ? (
        <Typography
          variant="body2"
          color="textSecondary"
          style={{ padding: 24 }}
        >
          No data for this range yet
        </Typography>
      ) : (
        <ResponsiveContainer width="100%" height={220}>
          <LineChart
            data={rows}
            margin={{ top: 8, right: 16, bottom: 8, left: 0 }}
          >
            <CartesianGrid strokeDasharray="3 3" />
            <XAxis
              dataKey="t"
              type="number"
              domain={['dataMin', 'dataMax']}
              tickFormatter={t => timeTick(range, Number(t))}
              minTickGap={24}
            />
            <YAxis
              // Room for the longest tick ("160 ms", "0.075", "1.5K") with the tick line.
              width={64}
              domain={domain}
              allowDecimals={kind !== 'count'}
              tickFormatter={v => tick(kind, Number(v))}
            />
            <Tooltip
              labelFormatter={t => new Date(Number(t)).toLocaleString()}
              formatter={v => tooltipValue(kind, v === null ? null : Number(v))}
            />
            <Legend />
            {shown.map(e => (
              <ReferenceLine
                key={`${e.t}-${e.label}`}
                x={e.t}
                ifOverflow="extendDomain"
                stroke={EVENT_COLORS[e.kind]}
                strokeDasharray="4 2"
                label={<EventLabel event={e} />}
              />
            ))}
            {lines.map(l => (
              <Line
                key={l.key}
                type="monotone"
                dataKey={l.key}
                name={l.label}
                stroke={l.color}
                strokeDasharray={l.dashed ? '6 3' : undefined}
                // The legend's sample shows the dash too.
                legendType="plainline"
                // A series of one point (a service just started) shows as a dot, not nothing.
                dot={valueCount(rows, l.key) === 1 ? { r: 3 } : false}
                connectNulls
                isAnimationActive={false}
              />
            ))}
          </LineChart>
        </ResponsiveContainer>
      )}
    </figure>
  );
}
