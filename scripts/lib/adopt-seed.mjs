// Writes the adoption check's seed lockfile (scripts/lib/adopt-seed.yarn.lock) from an app's
// yarn.lock: every entry but the packed plugins, whose tarballs sit in the check's temporary
// folder and are locked afresh on each run. Usage: node adopt-seed.mjs APP_YARN_LOCK SEED_FILE
import { readFileSync, writeFileSync } from 'node:fs';

const [from, to] = process.argv.slice(2);
const ours = line => line.includes('@multicloud/');
const blocks = readFileSync(from, 'utf8').split(/\n(?=\S)/);
const kept = blocks
  .filter(block => !ours(block.split('\n', 1)[0]))
  .map(block =>
    block
      .split('\n')
      .filter(line => !ours(line))
      .join('\n'),
  );
const seed = kept.join('\n');
if (/"file:|@file:|\/tmp\//.test(seed))
  throw new Error(
    `${from}: an entry names a local file; the seed must name registry packages only`,
  );
writeFileSync(to, seed);
