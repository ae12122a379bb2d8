import { StatusWarning } from '@backstage/core-components';
import type { Freshness } from '@multicloud/backstage-plugin-multicloud-common';
import Typography from '@material-ui/core/Typography';
import type { ReactNode } from 'react';
import { wholeClock } from './format';

/**
 * A figure, or, when it is stale, the word "stale" and the time of its last data instead of the
 * last good value: a cloud that cannot be read must never look live.
 *
 * `compact` (the overview card, a third of a laptop's screen) puts the time on a caption line of
 * its own, as the card's "since …" under a health: in the body's type, "10:11:24 AM" beside the
 * warning icon is wider than a cloud's column there, and a time must never break inside.
 */
export function Fresh({
  freshness,
  compact = false,
  children,
}: {
  freshness: Freshness;
  compact?: boolean;
  children: ReactNode;
}) {
  if (!freshness.stale) return <>{children}</>;
  const lastData = freshness.asOf
    ? `last data ${wholeClock(freshness.asOf)}`
    : 'no data';
  if (compact)
    return (
      <span data-stale="true">
        <StatusWarning>stale,</StatusWarning>{' '}
        <Typography variant="caption" display="block">
          {lastData}
        </Typography>
      </span>
    );
  return (
    // A narrow cell may break the line after "stale," or "last data", never inside the time.
    <span data-stale="true">
      <StatusWarning>stale, {lastData}</StatusWarning>
    </span>
  );
}
