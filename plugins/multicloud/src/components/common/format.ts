const missing = '–';

/** A duration: milliseconds below 10 s, then seconds, then minutes and seconds. */
export const ms = (v: number | null | undefined) => {
  if (v === null || v === undefined) return missing;
  if (v < 10_000) return `${Math.round(v)} ms`;
  const seconds = Math.round(v / 1000);
  if (seconds < 120) return `${seconds} s`;
  return `${Math.floor(seconds / 60)} min ${seconds % 60} s`;
};

export const percent = (v: number | null | undefined, digits = 1) =>
  v === null || v === undefined ? missing : `${(v * 100).toFixed(digits)}%`;

export const count = (v: number | null | undefined) =>
  v === null || v === undefined ? missing : String(v);

export const perSecond = (v: number | null | undefined) =>
  v === null || v === undefined ? missing : `${v.toFixed(1)}/s`;

export const time = (iso: string | null | undefined) =>
  iso ? new Date(iso).toLocaleString() : missing;

/** A moment's time of day, after its date ("Dec 1") when that was not `now`'s day. */
function clockParts(iso: string, now: Date): string[] {
  const at = new Date(iso);
  const ofDay = at.toLocaleTimeString();
  if (at.toDateString() === now.toDateString()) return [ofDay];
  return [
    at.toLocaleDateString(undefined, { month: 'short', day: 'numeric' }),
    ofDay,
  ];
}

/**
 * The time of day, for what happened in the last hours (as the banner says it), with the date
 * before it when that was not today ("Dec 1, 10:11:26 PM"): an outage, a stale figure or a
 * health that began yesterday must not read as today's.
 */
export const clock = (iso: string | null | undefined, now: Date = new Date()) =>
  iso ? clockParts(iso, now).join(', ') : missing;

/** A share 0..1 as a whole percentage. */
export const share = (v: number | null | undefined) =>
  v === null || v === undefined ? missing : `${Math.round(v * 100)}%`;

/** Text a line must not break inside ("8415 ms", "3:33:44 PM"): its spaces made non-breaking. */
export const unbroken = (text: string) => text.replace(/\s/g, '\u00a0');

/** A `clock` that breaks, if it must, only between its date and its time. */
export const wholeClock = (iso: string | null | undefined) =>
  iso ? clockParts(iso, new Date()).map(unbroken).join(', ') : missing;
