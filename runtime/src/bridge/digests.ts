import { createHash } from 'node:crypto';
import type { VersionEntry } from '../ports/Store';

/**
 * Digests of key ranges for anti-entropy. Keys are placed by the hex SHA-256 of the key, so the
 * ranges are even whatever the keys look like, and both clouds place a key alike without sharing
 * any state. The ranges form a tree: the root has 256 children (two hex digits), every deeper
 * range 16 (one more digit). A range's digest is the XOR of a hash of each (key, version) in it,
 * with its count: the same set gives the same digest in any order, and one differing version
 * changes it.
 */
export const ROOT = '';

/** Where a key lives in the tree: its ranges are the prefixes of this. */
export function keyPath(key: string): string {
  return createHash('sha256').update(key).digest('hex');
}

export function childrenOf(prefix: string): string[] {
  const width = prefix === ROOT ? 2 : 1;
  return Array.from(
    { length: 16 ** width },
    (_, i) => `${prefix}${i.toString(16).padStart(width, '0')}`,
  );
}

export interface RangeDigest {
  /** 32 hex digits: XOR of the first 16 bytes of SHA-256(key, version) over the range. */
  digest: string;
  count: number;
}

const EMPTY = '0'.repeat(32);

/** Entries whose path starts with one of the prefixes, grouped by that prefix. */
export function groupByPrefix(
  entries: Iterable<VersionEntry>,
  prefixes: Iterable<string>,
): Map<string, VersionEntry[]> {
  const wanted = new Set(prefixes);
  const lengths = [...new Set([...wanted].map(p => p.length))];
  const groups = new Map<string, VersionEntry[]>();
  for (const entry of entries) {
    const path = keyPath(entry.key);
    for (const length of lengths) {
      const prefix = path.slice(0, length);
      if (!wanted.has(prefix)) continue;
      let group = groups.get(prefix);
      if (!group) groups.set(prefix, (group = []));
      group.push(entry);
    }
  }
  return groups;
}

export function digestOf(entries: VersionEntry[]): RangeDigest {
  const acc = Buffer.alloc(16);
  for (const { key, version } of entries) {
    const h = createHash('sha256').update(`${key}\n${version}`).digest();
    for (let i = 0; i < 16; i++) acc[i] ^= h[i];
  }
  return { digest: acc.toString('hex'), count: entries.length };
}

export function sameDigest(
  a: RangeDigest | undefined,
  b: RangeDigest | undefined,
): boolean {
  const da = a ?? { digest: EMPTY, count: 0 };
  const db = b ?? { digest: EMPTY, count: 0 };
  return da.digest === db.digest && da.count === db.count;
}
