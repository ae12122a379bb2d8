// `npm run bench -- plugin-size`: the frontend plugin's own code as it ships (backstage-cli
// package build: ES modules, dependencies left to the app's bundler), raw and gzipped.
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';

const packageDir = join(process.cwd());
const build = spawnSync('yarn', ['backstage-cli', 'package', 'build'], {
  cwd: packageDir,
  stdio: ['ignore', 'ignore', 'inherit'],
});
if (build.status !== 0) process.exit(build.status ?? 1);

function files(dir: string): string[] {
  return readdirSync(dir).flatMap(name => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? files(path) : [path];
  });
}
const js = files(join(packageDir, 'dist')).filter(f => f.endsWith('.js'));
let bytes = 0;
let gzipBytes = 0;
for (const file of js) {
  const content = readFileSync(file);
  bytes += content.length;
  gzipBytes += gzipSync(content).length;
}
const dependencies = Object.keys(
  JSON.parse(readFileSync(join(packageDir, 'package.json'), 'utf8'))
    .dependencies ?? {},
);
process.stdout.write(
  `${JSON.stringify({
    bench: 'plugin-size',
    package: '@multicloud/backstage-plugin-multicloud',
    files: js.length,
    js_bytes: bytes,
    js_gzip_bytes: gzipBytes,
    runtime_dependencies: dependencies.length,
  })}\n`,
);
