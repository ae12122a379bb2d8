import type { CloudId, CloudInfo, FailoverTarget } from './types';

/**
 * Traffic weights in words, in the clouds' display order: `AWS 100% / Azure 0%` (the portal
 * separates them with ` · `). A weight of a cloud not in `clouds` follows, under its id, so
 * nothing given is left out.
 *
 * @public
 */
export function describeWeights(
  weights: Record<CloudId, number>,
  clouds: readonly CloudInfo[],
  separator = ' / ',
): string {
  const known = new Set(clouds.map(c => c.id));
  return [
    ...clouds
      .filter(c => c.id in weights)
      .map(c => `${c.label} ${weights[c.id]}%`),
    ...Object.keys(weights)
      .filter(id => !known.has(id))
      .map(id => `${id} ${weights[id]}%`),
  ].join(separator);
}

/**
 * Weights shared evenly by `clouds`, the remainder of 100 going to the first ones in display
 * order: 50/50 on two clouds, 34/33/33 on three. What `split` means, in the backend's plan and in
 * the portal's buttons alike.
 *
 * @public
 */
export function evenWeights(
  clouds: readonly CloudId[],
): Record<CloudId, number> {
  const share = Math.floor(100 / clouds.length);
  const remainder = 100 - share * clouds.length;
  return Object.fromEntries(
    clouds.map((cloud, i) => [cloud, share + (i < remainder ? 1 : 0)]),
  );
}

/**
 * The weights a target asks for without explicit weights: all on the target cloud, or the even
 * split.
 *
 * @public
 */
export function targetWeights(
  clouds: readonly CloudId[],
  target: FailoverTarget,
): Record<CloudId, number> {
  if (target === 'split') return evenWeights(clouds);
  return Object.fromEntries(
    clouds.map(cloud => [cloud, cloud === target ? 100 : 0]),
  );
}
