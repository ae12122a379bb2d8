import type { CloudId, CloudInfo } from './types';

/**
 * Traffic weights in words, in the clouds' display order: `AWS 100% / Azure 0%`. A weight of a
 * cloud not in `clouds` follows, under its id, so nothing given is left out.
 *
 * @public
 */
export function describeWeights(
  weights: Record<CloudId, number>,
  clouds: readonly CloudInfo[],
): string {
  const known = new Set(clouds.map(c => c.id));
  return [
    ...clouds
      .filter(c => c.id in weights)
      .map(c => `${c.label} ${weights[c.id]}%`),
    ...Object.keys(weights)
      .filter(id => !known.has(id))
      .map(id => `${id} ${weights[id]}%`),
  ].join(' / ');
}
