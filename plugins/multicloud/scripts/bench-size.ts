// `npm run bench -- plugin-size`: the frontend plugin's own code as it ships (backstage-cli
// package build: ES modules, dependencies left to the app's bundler), raw and gzipped.
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';

const packageDir = process.cwd();
const build = spawnSync('yarn', ['backstage-cli', 'package', 'build'], {
  cwd: packageDir,
  stdio: ['ignore', 'ignore', 'inherit'],
});
if (build.status !== 0) process.exit(build.status ?? 1);

const dist = join(packageDir, 'dist');
const js = readdirSync(dist, { recursive: true, encoding: 'utf8' })
  .filter(f => f.endsWith('.js'))
  .map(f => join(dist, f));
let bytes = 0;
let gzipBytes = 0;
for (const file of js) {
  const content = readFileSync(file);
  bytes += content.length;
  gzipBytes += gzipSync(content).length;
}
const manifest = JSON.parse(
  readFileSync(join(packageDir, 'package.json'), 'utf8'),
);
process.stdout.write(
  `${JSON.stringify({
    bench: 'plugin-size',
    package: manifest.name,
    files: js.length,
    js_bytes: bytes,
    js_gzip_bytes: gzipBytes,
    runtime_dependencies: Object.keys(manifest.dependencies ?? {}).length,
  })}\n`,
);
