import { packRuntime, publishedManifest } from '@multicloud/runtime/pack';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { PACKAGE_DIR, TEMPLATE_DIR } from './__testUtils__/renderTemplate';
import { VENDOR_DIR, vendoredTarball } from './__testUtils__/vendoredRuntime';

const skeleton = join(TEMPLATE_DIR, 'skeleton');
const refresh =
  'refresh with `yarn workspace @multicloud/templates vendor-runtime`, then `render-example`';
const readJson = (path: string) => JSON.parse(readFileSync(path, 'utf8'));

describe('the runtime the skeleton carries', () => {
  const tarball = vendoredTarball(skeleton);
  const bytes = readFileSync(join(skeleton, VENDOR_DIR, tarball));
  const manifest = readJson(join(skeleton, 'package.json'));
  const lock = readJson(join(skeleton, 'package-lock.json'));

  it(`is this repository's runtime as it is now, packed (${refresh})`, async () => {
    const dir = mkdtempSync(join(tmpdir(), 'runtime-pack-'));
    try {
      const fresh = readFileSync(await packRuntime(dir));
      expect({ tarball, upToDate: fresh.equals(bytes) }).toEqual({
        tarball,
        upToDate: true,
      });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 180_000);

  it('is named by its version and is what package.json depends on', () => {
    const { version } = readJson(
      resolve(PACKAGE_DIR, '..', 'runtime', 'package.json'),
    );
    expect(tarball).toBe(`multicloud-runtime-${version}.tgz`);
    expect(manifest.dependencies['@multicloud/runtime']).toBe(
      `file:${VENDOR_DIR}/${tarball}`,
    );
  });

  it(`is locked by package-lock.json with its integrity and dependencies (${refresh})`, () => {
    const root = lock.packages[''];
    expect(root.dependencies).toEqual(manifest.dependencies);
    expect(root.devDependencies).toEqual(manifest.devDependencies);
    const locked = lock.packages['node_modules/@multicloud/runtime'];
    expect(locked.resolved).toBe(`file:${VENDOR_DIR}/${tarball}`);
    // npm records sha512 integrity in Subresource Integrity form.
    expect(locked.integrity).toBe(
      `sha512-${createHash('sha512').update(bytes).digest('base64')}`,
    );
    expect(locked.dependencies).toEqual(publishedManifest().dependencies);
  });

  it('keeps registry addresses out of the lockfile, so any configured registry serves it', () => {
    const resolved = Object.values(
      lock.packages as Record<string, { resolved?: string }>,
    )
      .map(p => p.resolved)
      .filter(Boolean);
    expect(resolved).toEqual([`file:${VENDOR_DIR}/${tarball}`]);
    expect(readFileSync(join(skeleton, '.npmrc'), 'utf8')).toMatch(
      /^omit-lockfile-registry-resolved=true$/m,
    );
  });
});
