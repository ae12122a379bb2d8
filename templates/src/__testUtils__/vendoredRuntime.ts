import { npm, packRuntime } from '@multicloud/runtime/pack';
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';

/**
 * A generated service carries @multicloud/runtime with it, so it installs from the npm
 * registry alone: the packed runtime in `vendor/`, the dependency `file:vendor/<tarball>` and
 * a package-lock.json that records the tarball's integrity and every transitive dependency.
 */
export const VENDOR_DIR = 'vendor';

/** The values a lockfile's name takes in the skeleton: the scaffolder fills them in. */
const NAME_PLACEHOLDER = '${{ values.name }}';
const DESCRIPTION_PLACEHOLDER = '${{ values.description }}';

function writeJson(path: string, value: unknown) {
  writeFileSync(path, `${JSON.stringify(value, null, 2)}\n`);
}

/** The runtime tarball the skeleton carries, by file name (one at a time). */
export function vendoredTarball(skeletonDir: string): string {
  const tarballs = readdirSync(join(skeletonDir, VENDOR_DIR)).filter(f =>
    f.endsWith('.tgz'),
  );
  if (tarballs.length !== 1)
    throw new Error(
      `expected one runtime tarball in ${VENDOR_DIR}/, found ${
        tarballs.join(', ') || 'none'
      }`,
    );
  return tarballs[0];
}

/**
 * Writes package-lock.json for the skeleton's package.json as npm itself resolves it (the npm
 * that Node 22 ships; `.npmrc` keeps registry addresses out of it, so it installs from whichever
 * registry the machine is configured for). It starts from the skeleton's lock, so npm keeps every
 * version there that still satisfies its range and resolves only what changed: a runtime change
 * does not move the generated services to the SDK releases of that day. Delete the lock first to
 * take the newest of everything.
 */
export function lockSkeleton(skeletonDir: string): void {
  const work = mkdtempSync(join(tmpdir(), 'multicloud-lock-'));
  try {
    const manifest = JSON.parse(
      readFileSync(join(skeletonDir, 'package.json'), 'utf8'),
    );
    writeJson(join(work, 'package.json'), {
      ...manifest,
      name: 'multicloud-service',
      description: 'placeholder',
    });
    copyFileSync(join(skeletonDir, '.npmrc'), join(work, '.npmrc'));
    const skeletonLock = join(skeletonDir, 'package-lock.json');
    if (existsSync(skeletonLock)) {
      const locked = JSON.parse(readFileSync(skeletonLock, 'utf8'));
      locked.name = 'multicloud-service';
      locked.packages[''].name = 'multicloud-service';
      // The tarball is new: npm would keep the integrity recorded for the old one.
      delete locked.packages['node_modules/@multicloud/runtime'];
      writeJson(join(work, 'package-lock.json'), locked);
    }
    mkdirSync(join(work, VENDOR_DIR));
    const tarball = vendoredTarball(skeletonDir);
    copyFileSync(
      join(skeletonDir, VENDOR_DIR, tarball),
      join(work, VENDOR_DIR, tarball),
    );
    npm(['install', '--package-lock-only', '--ignore-scripts'], work);
    const lock = JSON.parse(
      readFileSync(join(work, 'package-lock.json'), 'utf8'),
    );
    lock.name = NAME_PLACEHOLDER;
    lock.packages[''].name = NAME_PLACEHOLDER;
    writeJson(join(skeletonDir, 'package-lock.json'), lock);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

/**
 * Packs the runtime of this repository into the skeleton's `vendor/`, points the skeleton's
 * dependency at it and locks the skeleton again. Run it after every change to the runtime
 * (`yarn workspace @multicloud/templates vendor-runtime`); a test fails until then.
 */
export async function vendorRuntime(skeletonDir: string): Promise<string> {
  const vendor = join(skeletonDir, VENDOR_DIR);
  rmSync(vendor, { recursive: true, force: true });
  const tarball = basename(await packRuntime(vendor));
  const manifestPath = join(skeletonDir, 'package.json');
  const manifest = JSON.parse(readFileSync(manifestPath, 'utf8'));
  manifest.dependencies[
    '@multicloud/runtime'
  ] = `file:${VENDOR_DIR}/${tarball}`;
  if (
    manifest.name !== NAME_PLACEHOLDER ||
    manifest.description !== DESCRIPTION_PLACEHOLDER
  )
    throw new Error('the skeleton package.json lost its template values');
  writeJson(manifestPath, manifest);
  lockSkeleton(skeletonDir);
  return tarball;
}
