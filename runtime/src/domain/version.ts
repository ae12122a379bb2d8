/**
 * Versions are hybrid logical clock readings encoded as fixed-width strings, so that the
 * string order is the clock order in every store: DynamoDB compares strings by UTF-8 bytes in
 * condition expressions, Cosmos DB compares them in SQL, and JavaScript compares them with `<`.
 * Numbers were ruled out because Cosmos DB stores them as doubles (exact only to 2^53).
 *
 * Layout: `WWWWWWWWWWWWWWW.CCCCCC.region` — wall milliseconds (15 digits), logical counter
 * (6 digits) and the writer's region id, which breaks ties so any two versions are totally ordered.
 */
export interface VersionParts {
  wallMs: number;
  counter: number;
  region: string;
}

const WALL_DIGITS = 15;
const COUNTER_DIGITS = 6;
export const MAX_COUNTER = 10 ** COUNTER_DIGITS - 1;
const REGION_PATTERN = /^[a-z0-9][a-z0-9-]{0,62}$/;
const VERSION_PATTERN = /^(\d{15})\.(\d{6})\.([a-z0-9][a-z0-9-]{0,62})$/;

export class InvalidVersionError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'InvalidVersionError';
  }
}

export function isValidRegion(region: string): boolean {
  return REGION_PATTERN.test(region);
}

export function formatVersion({
  wallMs,
  counter,
  region,
}: VersionParts): string {
  if (
    !Number.isSafeInteger(wallMs) ||
    wallMs < 0 ||
    wallMs >= 10 ** WALL_DIGITS
  ) {
    throw new InvalidVersionError(`wall time ${wallMs} is out of range`);
  }
  if (!Number.isInteger(counter) || counter < 0 || counter > MAX_COUNTER) {
    throw new InvalidVersionError(`counter ${counter} is out of range`);
  }
  if (!isValidRegion(region)) {
    throw new InvalidVersionError(
      `region "${region}" must be lower-case letters, digits and dashes`,
    );
  }
  return `${String(wallMs).padStart(WALL_DIGITS, '0')}.${String(
    counter,
  ).padStart(COUNTER_DIGITS, '0')}.${region}`;
}

export function parseVersion(version: string): VersionParts {
  const match = VERSION_PATTERN.exec(version);
  if (!match) {
    throw new InvalidVersionError(`"${version}" is not a version`);
  }
  return {
    wallMs: Number(match[1]),
    counter: Number(match[2]),
    region: match[3],
  };
}

export function isValidVersion(version: string): boolean {
  return VERSION_PATTERN.test(version);
}

/** Negative if a is older than b, positive if newer, 0 if equal. */
export function compareVersions(a: string, b: string): number {
  if (a === b) return 0;
  return a < b ? -1 : 1;
}
