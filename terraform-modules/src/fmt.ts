import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PACKAGE_DIR } from './providerSchemas';

/**
 * `terraform fmt`'s verdict without a terraform binary: a small Go program (tools/hclfmt) runs
 * HashiCorp's own formatter (hclwrite, from Debian's golang-github-hashicorp-hcl-v2-dev) with the
 * clean-ups Terraform's fmt command adds. It is built once per source version into
 * terraform-modules/.cache (git-ignored).
 */
const TOOL_DIR = join(PACKAGE_DIR, 'tools', 'hclfmt');
const CACHE_DIR = join(PACKAGE_DIR, '.cache', 'hclfmt');
// Where Debian's golang-*-dev packages put their Go sources (GOPATH mode).
const DEBIAN_GOPATH = '/usr/share/gocode';

export function hclfmtBinary(): string {
  const source = readFileSync(join(TOOL_DIR, 'main.go'));
  const hash = createHash('sha256').update(source).digest('hex').slice(0, 12);
  const binary = join(CACHE_DIR, `hclfmt-${hash}`);
  if (existsSync(binary)) return binary;
  if (
    !existsSync(join(DEBIAN_GOPATH, 'src/github.com/hashicorp/hcl/v2/hclwrite'))
  )
    throw new Error(
      'hclwrite is missing: install golang-go and golang-github-hashicorp-hcl-v2-dev (scripts/lib/system-packages.sh does, as root)',
    );
  mkdirSync(CACHE_DIR, { recursive: true });
  execFileSync('go', ['build', '-o', binary, '.'], {
    cwd: TOOL_DIR,
    env: {
      ...process.env,
      GO111MODULE: 'off',
      GOPATH: DEBIAN_GOPATH,
      GOCACHE: join(CACHE_DIR, 'go-build'),
      GOFLAGS: '',
    },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  return binary;
}

/** The files `terraform fmt` would rewrite, with the text it would write. */
export function terraformFmtChanges(files: string[]): Record<string, string> {
  if (files.length === 0) return {};
  const out = execFileSync(hclfmtBinary(), files, {
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  return JSON.parse(out);
}
