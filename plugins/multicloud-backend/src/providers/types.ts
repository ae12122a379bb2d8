/**
 * The provider ports live in `@multicloud/backstage-plugin-multicloud-node`, where provider
 * modules find them; the built-in providers import them from here, with the helpers only they use.
 */
export * from '@multicloud/backstage-plugin-multicloud-node';

/**
 * The window of `seconds` ending at the last whole `alignSeconds`, so that callers within the same
 * minute ask for the same window and share a batch (and CloudWatch's own cache).
 */
export function alignedWindow(
  seconds: number,
  alignSeconds: number,
  now = Date.now(),
): { start: Date; end: Date } {
  const alignMs = alignSeconds * 1000;
  const end = Math.floor(now / alignMs) * alignMs;
  return { start: new Date(end - seconds * 1000), end: new Date(end) };
}

/** Bucket start times of a window, oldest first. */
export function bucketsOf(window: {
  start: Date;
  end: Date;
  stepSeconds: number;
}): number[] {
  const out: number[] = [];
  for (
    let t = window.start.getTime();
    t < window.end.getTime();
    t += window.stepSeconds * 1000
  )
    out.push(t);
  return out;
}

/**
 * The item key of a dead letter's body, when it is a replication event (`{"key": ...}`); for a
 * pack of events (`{"kind":"events","events":[...]}`, what Azure's relay sends to SQS) the first
 * event's key and how many more the letter holds.
 */
export function keyOfBody(body: unknown): string | null {
  let parsed: unknown;
  try {
    parsed = typeof body === 'string' ? JSON.parse(body) : body;
  } catch {
    return null;
  }
  const keyOf = (event: unknown) => {
    const key = (event as { key?: unknown } | null)?.key;
    return typeof key === 'string' ? key : null;
  };
  const pack = parsed as { kind?: unknown; events?: unknown } | null;
  if (pack?.kind !== 'events' || !Array.isArray(pack.events))
    return keyOf(parsed);
  const first = keyOf(pack.events[0]);
  if (first === null || pack.events.length === 1) return first;
  return `${first} and ${pack.events.length - 1} more`;
}
