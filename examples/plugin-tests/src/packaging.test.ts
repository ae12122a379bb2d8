import { readFileSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';

const root = resolve(__dirname, '../../..');
const read = (path: string) => readFileSync(join(root, path), 'utf8');

/** Every workspace package, by name, with whether it is private. */
const workspace = new Map<string, { private?: boolean }>();
for (const dir of ['packages', 'plugins', 'examples']) {
  for (const name of readdirSync(join(root, dir))) {
    try {
      const pkg = JSON.parse(read(`${dir}/${name}/package.json`));
      workspace.set(pkg.name, pkg);
    } catch {
      // a folder without a package.json is no package
    }
  }
}

const SHIPPED = [
  'multicloud',
  'multicloud-backend',
  'multicloud-common',
  'multicloud-node',
  'scaffolder-backend-module-multicloud',
];

describe.each(SHIPPED)('the published package plugins/%s', dir => {
  const pkg = JSON.parse(read(`plugins/${dir}/package.json`));

  it('depends on no private package and on no workspace package but the plugins themselves', () => {
    const all = {
      ...pkg.dependencies,
      ...pkg.peerDependencies,
      ...pkg.devDependencies,
    };
    const offending = Object.keys(all).filter(name => {
      const local = workspace.get(name);
      return local && (local.private || !name.includes('backstage-plugin'));
    });
    expect(offending).toEqual([]);
  });

  it('states in its README the lowest Backstage release of its backstage.json, and ships both', () => {
    const { version } = JSON.parse(read(`plugins/${dir}/backstage.json`));
    expect(read(`plugins/${dir}/README.md`)).toContain(
      `**Supported Backstage releases:** ${version}`,
    );
    expect(pkg.files).toEqual(
      expect.arrayContaining(['dist', 'backstage.json']),
    );
    expect(pkg.scripts.prepack).toBe('backstage-cli package prepack');
  });

  it('keeps better-sqlite3, where it uses it, on the major of a new Backstage app (12)', () => {
    // absent is fine: only the backend plugin's tests use it
    expect(pkg.devDependencies?.['better-sqlite3'] ?? '^12').toMatch(/^\^12\b/);
    expect(pkg.dependencies?.['better-sqlite3']).toBeUndefined();
  });
});
