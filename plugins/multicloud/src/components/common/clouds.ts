import {
  describeWeights,
  targetWeights,
  type CloudId,
  type CloudInfo,
  type FailoverTarget,
} from '@multicloud/backstage-plugin-multicloud-common';

/**
 * Everything the portal writes about clouds comes from the `cloudInfo` of the response it shows
 * (the service's clouds in display order), never from a list in this package: a third cloud a
 * backend module adds shows without a change here.
 */

/** A cloud's name: its label, or its id when the service no longer lists it (an old record). */
export function cloudLabel(clouds: readonly CloudInfo[], id: CloudId): string {
  return clouds.find(c => c.id === id)?.label ?? id;
}

/** The ids of a per-cloud record in display order: the service's clouds, then any others. */
export function orderedIds(
  clouds: readonly CloudInfo[],
  record: Record<CloudId, unknown>,
): CloudId[] {
  const known = clouds.map(c => c.id).filter(id => id in record);
  return [...known, ...Object.keys(record).filter(id => !known.includes(id))];
}

/**
 * Weights in words, in display order: "AWS 50% · Azure 50%" (the common package's wording, with
 * the portal's separator).
 */
export function weightsText(
  clouds: readonly CloudInfo[],
  weights: Record<CloudId, number>,
): string {
  return describeWeights(weights, clouds, ' · ');
}

/**
 * Whether a target would change anything: "Fail over to Azure" at Azure 100 % or "Restore split"
 * at an even split is not offered.
 */
export function changesWeights(
  ids: readonly CloudId[],
  target: FailoverTarget,
  current: Record<CloudId, number>,
): boolean {
  const wanted = targetWeights(ids, target);
  return ids.some(id => wanted[id] !== (current[id] ?? 0));
}

/** A failover button's text: "Fail over to AWS", or "Restore split". */
export function targetButtonLabel(
  clouds: readonly CloudInfo[],
  target: FailoverTarget,
): string {
  return target === 'split'
    ? 'Restore split'
    : `Fail over to ${cloudLabel(clouds, target)}`;
}

/** A target in a sentence: "to AWS", or "split". */
export function targetText(
  clouds: readonly CloudInfo[],
  target: FailoverTarget,
): string {
  return target === 'split' ? 'split' : `to ${cloudLabel(clouds, target)}`;
}
