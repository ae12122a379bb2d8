import { execFileSync } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  renameSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import semver from 'semver';

/**
 * Provider schemas as `terraform validate` sees them, read offline from the `@cdktf/provider-*`
 * npm packages. Those packages are generated from each provider's real schema
 * (`terraform providers schema -json`) and their jsii assembly (`.jsii`) lists every resource and
 * data source, the provider's own configuration block, every argument and nested block, and
 * whether it is required. Each release records
 * the provider version it was generated from in `package.json` (`cdktf.provider.version`).
 *
 * The assembly is large (113 MB for the AWS provider), so it is reduced once to the summary below
 * and cached in `terraform-modules/.cache` (git-ignored, rebuilt by CI).
 */

/** One resource's (or nested block's) schema. */
export interface BlockSchema {
  /** Arguments and attributes, by their Terraform name: true when required. */
  attributes: Record<string, boolean>;
  /** Nested blocks (or nested object attributes), by their Terraform name. */
  blocks: Record<string, { required: boolean; block: BlockSchema }>;
  /**
   * A resource's attributes others may reference, arguments and computed ones: its class's
   * getters, which jsii names in camel case only, turned back into snake case.
   */
  exported?: string[];
  /** For an exported block or list of objects, the attributes of one element. */
  nested?: Record<string, string[]>;
}

export interface ProviderSchema {
  /** The provider's source, e.g. hashicorp/azurerm, and the version of its schema. */
  source: string;
  version: string;
  /** The npm package it was read from. */
  from: string;
  resources: Record<string, BlockSchema>;
  dataSources: Record<string, BlockSchema>;
  /**
   * The provider's own configuration block (`provider "aws" { ... }`): the `provider` key of
   * `terraform providers schema -json`, which cdktf turns into the `<Name>ProviderConfig` struct.
   * Terraform's meta-arguments `alias` and `version` are not part of it.
   */
  provider?: BlockSchema;
}

/** This package's folder, wherever the tests run from. */
export const PACKAGE_DIR = dirname(
  require.resolve('@multicloud/terraform-modules/package.json'),
);
export const CACHE_DIR = join(PACKAGE_DIR, '.cache', 'provider-schemas');
/** Raised whenever the summary's shape changes, so old cached summaries are rebuilt. */
const SUMMARY_FORMAT = 5;

/** The npm package generated from a provider: hashicorp/aws -> @cdktf/provider-aws. */
export const cdktfPackage = (source: string) =>
  `@cdktf/provider-${source.split('/').pop()!.toLowerCase()}`;

/**
 * Terraform's version constraint as a semver range. `~> 4.31` allows 4.21 and later 4.x;
 * `~> 4.31.3` allows later 4.21.x only ("Version Constraints", developer.hashicorp.com/terraform/
 * language/expressions/version-constraints).
 */
export function semverRange(constraint: string): string {
  return constraint
    .split(',')
    .map(part => {
      const m = /^\s*(~>|>=|<=|!=|=|>|<)?\s*v?([0-9][0-9.]*)\s*$/.exec(part);
      if (!m) throw new Error(`not a Terraform version constraint: ${part}`);
      const [op = '=', version] = [m[1], m[2]];
      const parts = version.split('.').map(Number);
      const full = semver.coerce(version)!.version;
      if (op === '~>') {
        const upper =
          parts.length >= 3
            ? `${parts[0]}.${parts[1] + 1}.0`
            : `${parts[0] + 1}.0.0`;
        return `>=${full} <${upper}`;
      }
      if (op === '!=') return `<${full} || >${full}`;
      return `${op === '=' ? '' : op}${full}`;
    })
    .join(' ');
}

/** Jest runs test files in parallel workers: a reader never sees half a file. */
function writeAtomically(file: string, text: string) {
  mkdirSync(CACHE_DIR, { recursive: true });
  const partial = `${file}.${process.pid}.partial`;
  writeFileSync(partial, text);
  renameSync(partial, file);
}

/** The provider versions a cdktf release exists for, newest package release for each. */
export function publishedVersions(source: string): Map<string, string> {
  const pkg = cdktfPackage(source);
  const cached = join(CACHE_DIR, `${pkg.replace('/', '+')}.versions.json`);
  if (existsSync(cached))
    return new Map(Object.entries(JSON.parse(readFileSync(cached, 'utf8'))));
  // `npm view pkg@range field` prints one line per release: `pkg@1.2.3 '4.21.0'`.
  const out = execFileSync(
    'npm',
    ['view', `${pkg}@>=0`, 'cdktf.provider.version'],
    { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 },
  );
  const byProvider = new Map<string, string>();
  for (const m of out.matchAll(/@(\d+\.\d+\.\d+)\s+'(\d+\.\d+\.\d+)'/g)) {
    const [, pkgVersion, providerVersion] = m;
    const known = byProvider.get(providerVersion);
    if (!known || semver.gt(pkgVersion, known))
      byProvider.set(providerVersion, pkgVersion);
  }
  if (byProvider.size === 0)
    throw new Error(`${pkg}: no release records its provider version`);
  writeAtomically(cached, JSON.stringify(Object.fromEntries(byProvider)));
  return byProvider;
}

/**
 * The versions a constraint lets `terraform init` pick that have a generated package: the lowest
 * (what an old lock file may hold) and the newest (what a fresh init picks today).
 */
export function versionsToCheck(
  constraint: string,
  published: Iterable<string>,
): string[] {
  const range = semverRange(constraint);
  const allowed = [...published]
    .filter(v => semver.satisfies(v, range))
    .sort(semver.compare);
  if (allowed.length === 0) return [];
  return [...new Set([allowed[0], allowed[allowed.length - 1]])];
}

// --- Reading the jsii assembly ------------------------------------------------------------
type JsiiType = {
  fqn: string;
  kind: string;
  datatype?: boolean;
  docs?: { summary?: string; remarks?: string };
  properties?: JsiiProperty[];
};
type JsiiProperty = {
  name: string;
  optional?: boolean;
  static?: boolean;
  docs?: { summary?: string; remarks?: string };
  type: any;
};

const REPRESENTS =
  /Represents a \{@link https:\/\/registry\.terraform\.io\/providers\/[^/]+\/[^/]+\/[^/]+\/docs\/(resources|data-sources)\/\S+ ([a-z0-9_]+)\}/;
/** The provider class: `Represents a {@link https://registry.terraform.io/providers/hashicorp/aws/5.81.0/docs aws}`. */
const REPRESENTS_PROVIDER =
  /Represents a \{@link https:\/\/registry\.terraform\.io\/providers\/[^/]+\/[^/]+\/[^/]+\/docs ([a-z0-9_]+)\}/;
/** Meta-arguments cdktf adds to every provider's config struct; Terraform handles them itself. */
const PROVIDER_META = ['alias'];
/**
 * Provider blocks Terraform requires that the generated packages record as optional. azurerm's
 * `features` block is `Required: true, MinItems: 1` (`schemaFeatures` in
 * hashicorp/terraform-provider-azurerm internal/provider/features.go; only its acceptance-test
 * build makes it optional), but the schema cdktf generates from says nothing of it.
 */
const REQUIRED_PROVIDER_BLOCKS: Record<string, string[]> = {
  'hashicorp/azurerm': ['features'],
};
const ANCHOR = /\{@link https:\/\/registry\.terraform\.io\/\S+#([a-z0-9_]+) /;

const snakeCase = (name: string) =>
  name.replace(/[A-Z]/g, c => `_${c.toLowerCase()}`);

/** The struct a property holds, through lists, maps and `IResolvable` unions. */
function structOf(
  type: any,
  types: Record<string, JsiiType>,
): string | undefined {
  if (!type) return undefined;
  if (type.fqn) return types[type.fqn]?.datatype ? type.fqn : undefined;
  if (type.collection) return structOf(type.collection.elementtype, types);
  if (type.union)
    for (const t of type.union.types) {
      const found = structOf(t, types);
      if (found) return found;
    }
  return undefined;
}

/** Reduces a jsii assembly of a `@cdktf/provider-*` package to its resources' schemas. */
export function summariseAssembly(
  assembly: { types: Record<string, JsiiType> },
  source: string,
  version: string,
  from: string,
): ProviderSchema {
  const { types } = assembly;
  const memo = new Map<string, BlockSchema>();
  const block = (fqn: string): BlockSchema => {
    const known = memo.get(fqn);
    if (known) return known;
    const schema: BlockSchema = { attributes: {}, blocks: {} };
    memo.set(fqn, schema);
    for (const p of types[fqn].properties ?? []) {
      if (p.static) continue;
      const docs = `${p.docs?.summary ?? ''} ${p.docs?.remarks ?? ''}`;
      const name = ANCHOR.exec(docs)?.[1] ?? snakeCase(p.name);
      const struct = structOf(p.type, types);
      if (struct)
        schema.blocks[name] = { required: !p.optional, block: block(struct) };
      else schema.attributes[name] = !p.optional;
    }
    return schema;
  };
  const out: ProviderSchema = {
    source,
    version,
    from,
    resources: {},
    dataSources: {},
  };
  for (const type of Object.values(types)) {
    if (type.kind !== 'class') continue;
    const providerConfig = types[`${type.fqn}Config`];
    if (REPRESENTS_PROVIDER.test(type.docs?.summary ?? '') && providerConfig) {
      const { attributes, blocks } = block(providerConfig.fqn);
      out.provider = {
        attributes: Object.fromEntries(
          Object.entries(attributes).filter(
            ([name]) => !PROVIDER_META.includes(name),
          ),
        ),
        blocks: { ...blocks },
      };
      for (const name of REQUIRED_PROVIDER_BLOCKS[source] ?? [])
        if (blocks[name])
          out.provider.blocks[name] = { ...blocks[name], required: true };
      continue;
    }
    const m = REPRESENTS.exec(type.docs?.summary ?? '');
    const config = types[`${type.fqn}Config`];
    if (!m || !config) continue;
    const target = m[1] === 'resources' ? out.resources : out.dataSources;
    const getters = (t?: JsiiType) =>
      (t?.properties ?? []).filter(
        p =>
          !p.static && !p.name.endsWith('Input') && p.name !== 'internalValue',
      );
    const exported = getters(type).map(p => snakeCase(p.name));
    // A block's getter returns an OutputReference (one element) or a List of them.
    const nested: Record<string, string[]> = {};
    for (const p of getters(type)) {
      const fqn: string | undefined = p.type?.fqn;
      const element = fqn?.endsWith('List')
        ? `${fqn.slice(0, -'List'.length)}OutputReference`
        : fqn;
      if (element?.endsWith('OutputReference') && types[element])
        nested[snakeCase(p.name)] = getters(types[element]).map(q =>
          snakeCase(q.name),
        );
    }
    target[m[2]] = { ...block(config.fqn), exported, nested };
  }
  return out;
}

/** Fetches only the `.jsii` of one package release with `npm pack` and summarises it. */
function buildSchema(source: string, version: string, pkgVersion: string) {
  const pkg = cdktfPackage(source);
  const work = mkdtempSync(join(tmpdir(), 'provider-schema-'));
  try {
    const tarball = execFileSync(
      'npm',
      ['pack', `${pkg}@${pkgVersion}`, '--pack-destination', work, '--silent'],
      { encoding: 'utf8' },
    )
      .trim()
      .split('\n')
      .pop()!;
    execFileSync('tar', [
      '-xzf',
      join(work, tarball),
      '-C',
      work,
      '--wildcards',
      'package/.jsii*',
    ]);
    let text = readFileSync(join(work, 'package', '.jsii'), 'utf8');
    const head = JSON.parse(text.length < 1000 ? text : '{}');
    // jsii may store the assembly gzipped behind a redirect file.
    if (head.schema === 'jsii/file-redirect')
      text = gunzipSync(
        readFileSync(join(work, 'package', head.filename)),
      ).toString('utf8');
    return summariseAssembly(
      JSON.parse(text),
      source,
      version,
      `${pkg}@${pkgVersion}`,
    );
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

const loaded = new Map<string, ProviderSchema>();

/** The schema of one provider version, from the cache or built once. */
export function providerSchema(
  source: string,
  version: string,
): ProviderSchema {
  const key = `${source}@${version}`;
  const known = loaded.get(key);
  if (known) return known;
  const schema = readOrBuildSchema(source, version);
  loaded.set(key, schema);
  return schema;
}

function readOrBuildSchema(source: string, version: string): ProviderSchema {
  const pkgVersion = publishedVersions(source).get(version);
  if (!pkgVersion)
    throw new Error(
      `${cdktfPackage(
        source,
      )} has no release generated from ${source} ${version}`,
    );
  const file = join(
    CACHE_DIR,
    `${source.replace('/', '+')}@${version}.v${SUMMARY_FORMAT}.json`,
  );
  if (existsSync(file)) return JSON.parse(readFileSync(file, 'utf8'));
  const schema = buildSchema(source, version, pkgVersion);
  writeAtomically(file, JSON.stringify(schema));
  return schema;
}

/** The schemas at both ends of a constraint (see `versionsToCheck`). */
export function schemasFor(
  source: string,
  constraint: string,
): ProviderSchema[] {
  return versionsToCheck(constraint, publishedVersions(source).keys()).map(v =>
    providerSchema(source, v),
  );
}

/** The newest schema a constraint allows. */
export function newestSchema(source: string, constraint: string) {
  return schemasFor(source, constraint).pop();
}

/** The first release of the next major version after the newest one allowed, if published. */
export function nextMajorSchema(source: string, constraint: string) {
  const published = [...publishedVersions(source).keys()];
  const newest = versionsToCheck(constraint, published).pop();
  if (!newest) return undefined;
  const next = published
    .filter(v => semver.major(v) === semver.major(newest) + 1)
    .sort(semver.compare)[0];
  return next ? providerSchema(source, next) : undefined;
}
