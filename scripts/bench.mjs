// `npm run bench -- NAME [args]`: runs one benchmark; each prints one JSON line per result.
// Benchmarks live next to the code they measure and are listed here by name.
import { spawnSync } from 'node:child_process';

const benchmarks = {
  bundle: {
    workspace: '@multicloud/runtime',
    script: 'scripts/bench-bundle.ts',
  },
  'plugin-size': {
    workspace: '@multicloud/backstage-plugin-multicloud',
    script: 'scripts/bench-size.ts',
  },
  status: {
    workspace: '@multicloud/plugin-tests',
    script: 'bench/status.ts',
  },
  replication: {
    workspace: '@multicloud/sandbox',
    script: 'bench/replication.ts',
  },
  reconcile: {
    workspace: '@multicloud/runtime',
    script: 'scripts/bench-reconcile.ts',
  },
  'store-outage': {
    workspace: '@multicloud/sandbox',
    script: 'bench/storeOutage.ts',
  },
  faults: {
    workspace: '@multicloud/sandbox',
    script: 'bench/faults.ts',
  },
};

const [name, ...args] = process.argv.slice(2);
if (!name || !benchmarks[name]) {
  const known = Object.keys(benchmarks);
  console.error(
    `usage: npm run bench -- NAME [args]\n${
      known.length
        ? `benchmarks: ${known.join(', ')}`
        : 'no benchmark is registered yet'
    }`,
  );
  process.exit(2);
}
const { workspace, script } = benchmarks[name];
const result = spawnSync(
  'yarn',
  ['workspace', workspace, 'exec', 'tsx', script, ...args],
  { stdio: 'inherit' },
);
process.exit(result.status ?? 1);
