import type {
  CloudInfo,
  CloudStatus,
  ServiceStatus,
} from '@multicloud/backstage-plugin-multicloud-common';
import { cloudLabel } from './clouds';
import { clock, ms } from './format';
import type { LagThresholds } from './useLagThresholds';

/**
 * What is wrong with the service, in one sentence, or null when nothing is: unhealthy or
 * unreadable clouds first (with since when), then where the traffic actually goes, then a
 * replication lag past the critical threshold. E.g. "AWS unhealthy since 22:25:45; 100% of
 * traffic on Azure".
 */
export function describeIncident(
  status: ServiceStatus,
  thresholds: LagThresholds,
): string | null {
  const label = (id: string) => cloudLabel(status.cloudInfo, id);
  const read = status.clouds.flatMap(c => (c.ok ? [c.data] : []));
  const problems: string[] = [
    ...status.clouds
      .filter(c => !c.ok)
      .map(c => `${label(c.cloud)} could not be read`),
    ...read
      .filter(c => c.health === 'unhealthy')
      .map(
        c =>
          `${label(c.cloud)} unhealthy${
            c.healthSince ? ` since ${clock(c.healthSince)}` : ''
          }`,
      ),
  ];
  const lagging = read.filter(
    c => (c.replicationLag.currentMs ?? 0) >= thresholds.criticalMs,
  );
  if (!problems.length && !lagging.length) return null;
  const traffic = trafficPhrase(status.cloudInfo, read);
  return [
    ...problems,
    ...(problems.length && traffic ? [traffic] : []),
    ...lagging.map(
      c =>
        `replication into ${label(c.cloud)} ${ms(
          c.replicationLag.currentMs,
        )} behind`,
    ),
  ].join('; ');
}

/** Where traffic goes now: the routing's own count where there is one, else the weights. */
function trafficPhrase(
  info: readonly CloudInfo[],
  clouds: CloudStatus[],
): string | null {
  if (!clouds.length) return null;
  const measured = clouds.every(c => c.trafficShare !== null);
  const total = clouds.reduce((n, c) => n + c.weight, 0);
  const shareOf = (c: CloudStatus) => {
    if (measured) return c.trafficShare!;
    return total ? c.weight / total : 0;
  };
  const shares = clouds.map(c => ({ cloud: c.cloud, share: shareOf(c) }));
  const top = shares.reduce((a, b) => (b.share > a.share ? b : a));
  const pct = (v: number) => `${Math.round(v * 100)}%`;
  const what = measured ? 'traffic' : 'traffic weight';
  if (Math.round(top.share * 100) === 100)
    return `100% of ${what} on ${cloudLabel(info, top.cloud)}`;
  return `${what} ${shares
    .map(s => `${cloudLabel(info, s.cloud)} ${pct(s.share)}`)
    .join(' · ')}`;
}
