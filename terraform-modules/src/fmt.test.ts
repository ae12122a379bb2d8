import { mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { findTerraformDirs } from './checks';
import { terraformFmtChanges } from './fmt';

// The first run builds the formatter with Debian's Go toolchain.
jest.setTimeout(5 * 60 * 1000);

const repoRoot = resolve(
  require.resolve('@multicloud/terraform-modules/package.json'),
  '../..',
);

describe('terraform fmt, by HashiCorp’s own formatter', () => {
  it('would change no .tf file of the modules, their examples or the rendered example service', () => {
    const files = findTerraformDirs([
      join(repoRoot, 'terraform-modules'),
      join(repoRoot, 'examples'),
    ]).flatMap(dir =>
      readdirSync(dir)
        .filter(f => f.endsWith('.tf'))
        .map(f => join(dir, f)),
    );
    expect(files.length).toBeGreaterThan(30);
    expect(
      Object.keys(terraformFmtChanges(files)).map(f => relative(repoRoot, f)),
    ).toEqual([]);
  });

  it('finds misaligned arguments and an interpolation-only value, and writes what terraform fmt writes', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'fmt-')), 'main.tf');
    writeFileSync(
      file,
      'resource "x" "y" {\n  name = "${var.name}"\n  location            = "westeurope"\n}\n',
    );
    expect(terraformFmtChanges([file])).toEqual({
      [file]:
        'resource "x" "y" {\n  name     = var.name\n  location = "westeurope"\n}\n',
    });
  });
});
