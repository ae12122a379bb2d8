// `npm run upgrade-runtime -- <multicloud-runtime-X.Y.Z.tgz>`: replaces the vendored runtime with
// another packed one (from the platform team: `yarn workspace @multicloud/runtime pack` in the
// platform repository), then lets npm update package.json and package-lock.json.
import { execFileSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readdirSync, rmSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const source = process.argv[2];
if (!source || !/^multicloud-runtime-\d+\.\d+\.\d+.*\.tgz$/.test(basename(source)) || !existsSync(source)) {
  console.error('usage: npm run upgrade-runtime -- path/to/multicloud-runtime-X.Y.Z.tgz');
  process.exit(2);
}
const vendor = join(root, 'vendor');
const tarball = basename(source);
mkdirSync(vendor, { recursive: true });
const previous = readdirSync(vendor).filter(f => f.endsWith('.tgz') && f !== tarball);
copyFileSync(resolve(source), join(vendor, tarball));
// npm checks the tarball's integrity into package-lock.json and installs its dependencies. The
// npm that runs this script (`npm run` sets npm_execpath to its CLI and npm_node_execpath to its
// Node: workspaces/config/lib/set-envs.js in https://github.com/npm/cli) writes the lockfile, not
// whichever npm comes first on PATH.
const viaNpm = /npm-cli\.js$/.test(process.env.npm_execpath ?? '');
const [command, args] = viaNpm
  ? [process.env.npm_node_execpath ?? process.execPath, [process.env.npm_execpath]]
  : ['npm', []];
execFileSync(command, [...args, 'install', '--save', `file:vendor/${tarball}`], { cwd: root, stdio: 'inherit' });
for (const file of previous) rmSync(join(vendor, file));
console.log(`@multicloud/runtime now comes from vendor/${tarball}`);
