import { StatusWarning } from '@backstage/core-components';
import type { Freshness } from '@multicloud/backstage-plugin-multicloud-common';
import type { ReactNode } from 'react';
import { clock, unbroken } from './format';

/**
 * A figure, or, when it is stale, the word "stale" and the time of its last data instead of the
 * last good value: a cloud that cannot be read must never look live.
 */
export function Fresh({
  freshness,
  children,
}: {
  freshness: Freshness;
  children: ReactNode;
}) {
  if (!freshness.stale) return <>{children}</>;
  return (
    // A narrow cell may break the line after "stale," or "last data", never inside the time.
    <span data-stale="true">
      <StatusWarning>
        stale
        {freshness.asOf
          ? `, last data ${unbroken(clock(freshness.asOf))}`
          : ', no data'}
      </StatusWarning>
    </span>
  );
}
