import { build } from 'esbuild';
import { execFileSync } from 'node:child_process';
import {
  copyFileSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';

/**
 * Packs @multicloud/runtime as npm would publish it, so a generated service can carry it
 * (vendored) or an organisation can publish it to its own registry:
 * - `dist/cjs` (what Node loads: tests, scripts), `dist/esm` (what esbuild bundles: the `module`
 *   condition, so functions tree-shake), each file transpiled alone by esbuild;
 * - `dist/types`, declarations from tsc;
 * - package.json with `publishConfig` applied, as `npm publish` and `yarn pack` apply it.
 * The output is the same bytes for the same sources: esbuild and tsc are deterministic and npm
 * pack fixes every file's time.
 */
export const RUNTIME_DIR = resolve(__dirname, '..');

/** The npm CLI that Node 22.23 ships (10.9.9, pinned in devDependencies), run by the toolchain's Node. */
export const NPM_CLI = join(
  dirname(require.resolve('npm/package.json')),
  'bin',
  'npm-cli.js',
);

export function npm(args: string[], cwd: string): string {
  return execFileSync(process.execPath, [NPM_CLI, ...args], {
    cwd,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
    env: {
      ...process.env,
      npm_config_update_notifier: 'false',
      npm_config_fund: 'false',
      npm_config_audit: 'false',
    },
  });
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir)
    .sort()
    .flatMap(entry => {
      const path = join(dir, entry);
      if (statSync(path).isDirectory())
        return entry === '__testUtils__' ? [] : sourceFiles(path);
      return /\.ts$/.test(entry) && !/\.test\.ts$/.test(entry) ? [path] : [];
    });
}

/** The package.json that ships: the workspace's, with publishConfig applied and dev-only fields gone. */
export function publishedManifest(): Record<string, unknown> {
  const manifest = JSON.parse(
    readFileSync(join(RUNTIME_DIR, 'package.json'), 'utf8'),
  );
  const {
    publishConfig,
    scripts: _scripts,
    devDependencies: _dev,
    backstage: _backstage,
    ...rest
  } = manifest;
  return {
    ...rest,
    ...publishConfig,
    sideEffects: (manifest.sideEffects as string[]).filter(p =>
      p.startsWith('./dist/'),
    ),
    files: ['dist', 'openapi.yaml'],
  };
}

async function compile(stage: string): Promise<void> {
  const src = join(RUNTIME_DIR, 'src');
  const files = sourceFiles(src);
  for (const format of ['cjs', 'esm'] as const)
    await build({
      entryPoints: files,
      outdir: join(stage, 'dist', format),
      outbase: src,
      format,
      platform: 'node',
      target: 'node22',
      bundle: false,
      logLevel: 'error',
    });
  const tsconfig = join(stage, 'tsconfig.json');
  writeFileSync(
    tsconfig,
    JSON.stringify({
      extends: join(RUNTIME_DIR, '..', 'tsconfig.json'),
      compilerOptions: {
        rootDir: src,
        outDir: join(stage, 'dist', 'types'),
        declaration: true,
        emitDeclarationOnly: true,
        incremental: false,
        noEmit: false,
        types: ['node'],
        // Type packages resolve from the workspace, not from this temporary folder.
        typeRoots: [join(RUNTIME_DIR, '..', 'node_modules', '@types')],
      },
      include: [],
      files,
    }),
  );
  execFileSync(
    process.execPath,
    [require.resolve('typescript/bin/tsc'), '-p', tsconfig],
    { stdio: 'inherit' },
  );
}

/** Builds and packs the runtime into `destination`; returns the tarball's path. */
export async function packRuntime(destination: string): Promise<string> {
  const stage = mkdtempSync(join(tmpdir(), 'multicloud-runtime-pack-'));
  try {
    await compile(stage);
    rmSync(join(stage, 'tsconfig.json'));
    writeFileSync(
      join(stage, 'package.json'),
      `${JSON.stringify(publishedManifest(), null, 2)}\n`,
    );
    for (const file of ['README.md', 'openapi.yaml'])
      copyFileSync(join(RUNTIME_DIR, file), join(stage, file));
    mkdirSync(destination, { recursive: true });
    const [packed] = JSON.parse(
      npm(
        ['pack', '--json', '--pack-destination', resolve(destination)],
        stage,
      ),
    ) as { filename: string }[];
    return join(resolve(destination), packed.filename);
  } finally {
    rmSync(stage, { recursive: true, force: true });
  }
}

if (require.main === module) {
  const destination = process.argv[2] ?? join(RUNTIME_DIR, 'dist-pack');
  packRuntime(destination).then(file =>
    console.log(`packed ${relative(process.cwd(), file)}`),
  );
}
