import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { checkBackends } from './backendCheck';
import { parseTerraform, type TerraformJson } from './hcl';

/** One Terraform module (or root configuration): a folder's `.tf` files, parsed. */
export interface TerraformDir {
  /** Path relative to the repository root. */
  path: string;
  files: { name: string; text: string; json: TerraformJson }[];
}

const MODULE_META = new Set([
  'source',
  'version',
  'providers',
  'count',
  'for_each',
  'depends_on',
]);
/** Our modules, by a git source of this repository or a path into terraform-modules. */
const OUR_GIT_SOURCE = /\/\/terraform-modules\/([a-z0-9-]+)(\?|$)/;

/** Template placeholders (`${{ values.x }}`) become plain words, so skeleton files parse. */
export function stripTemplatePlaceholders(text: string): string {
  return text.replace(/\$\{\{[^}]*\}\}/g, 'placeholder');
}

export async function loadDir(
  root: string,
  dir: string,
): Promise<TerraformDir> {
  const names = readdirSync(dir).filter(n => n.endsWith('.tf'));
  const files = await Promise.all(
    names.map(async name => {
      const text = stripTemplatePlaceholders(
        readFileSync(join(dir, name), 'utf8'),
      );
      const path = relative(root, join(dir, name));
      return { name: path, text, json: await parseTerraform(path, text) };
    }),
  );
  return { path: relative(root, dir), files };
}

/** Every folder holding `.tf` files under the given folders, skipping tooling folders. */
export function findTerraformDirs(roots: string[]): string[] {
  const found: string[] = [];
  const walk = (dir: string) => {
    let entries: string[];
    try {
      entries = readdirSync(dir);
    } catch {
      return;
    }
    if (entries.some(e => e.endsWith('.tf'))) found.push(dir);
    for (const entry of entries) {
      // Dot folders hold tools' state (.terraform, .cache) or a local run's data
      // (examples/e2e/.portal-data), never a module of ours.
      if (
        entry.startsWith('.') ||
        ['node_modules', 'dist', 'src'].includes(entry)
      )
        continue;
      const path = join(dir, entry);
      if (statSync(path).isDirectory()) walk(path);
    }
  };
  roots.forEach(walk);
  return found.sort();
}

const blocks = (dir: TerraformDir, kind: string) =>
  dir.files.flatMap(f => (f.json[kind] ? [f.json[kind]] : []));

function declaredVariables(dir: TerraformDir) {
  const vars = new Map<string, { required: boolean }>();
  for (const block of blocks(dir, 'variable'))
    for (const [name, [body]] of Object.entries<any>(block))
      vars.set(name, { required: !('default' in (body ?? {})) });
  return vars;
}

function declaredLocals(dir: TerraformDir) {
  const names = new Set<string>();
  for (const list of blocks(dir, 'locals'))
    for (const body of list as Record<string, unknown>[])
      Object.keys(body).forEach(k => names.add(k));
  return names;
}

function referenced(dir: TerraformDir, prefix: 'var' | 'local') {
  const found = new Map<string, string>();
  const pattern = new RegExp(`\\b${prefix}\\.([A-Za-z_][\\w-]*)`, 'g');
  for (const file of dir.files) {
    const text = JSON.stringify(file.json);
    for (const m of text.matchAll(pattern))
      if (!found.has(m[1])) found.set(m[1], file.name);
  }
  return found;
}

/** Every `var.x` and `local.x` a module uses is declared in it. */
export function checkReferences(dir: TerraformDir): string[] {
  const problems: string[] = [];
  const vars = declaredVariables(dir);
  for (const [name, file] of referenced(dir, 'var'))
    if (!vars.has(name))
      problems.push(`${file}: var.${name} is used but not declared`);
  const locals = declaredLocals(dir);
  for (const [name, file] of referenced(dir, 'local'))
    if (!locals.has(name))
      problems.push(`${file}: local.${name} is used but not declared`);
  return problems;
}

/** Where a module call's source points in this repository, if it is one of ours. */
export function resolveModuleSource(
  repoRoot: string,
  callerDir: string,
  source: string,
): string | undefined {
  const git = OUR_GIT_SOURCE.exec(source);
  if (git) return join(repoRoot, 'terraform-modules', git[1]);
  if (source.startsWith('./') || source.startsWith('../'))
    return resolve(repoRoot, callerDir, source);
  return undefined;
}

/** Each call of one of our modules passes only declared inputs, and every required one. */
export function checkModuleCalls(
  dir: TerraformDir,
  repoRoot: string,
  modules: Map<string, TerraformDir>,
): string[] {
  const problems: string[] = [];
  for (const block of blocks(dir, 'module')) {
    for (const [name, [body]] of Object.entries<any>(block)) {
      const target = resolveModuleSource(repoRoot, dir.path, body.source);
      if (!target) continue;
      const module = modules.get(relative(repoRoot, target));
      if (!module) {
        problems.push(
          `${dir.path}: module "${name}" points at ${body.source}, which is not a module here`,
        );
        continue;
      }
      const inputs = declaredVariables(module);
      const passed = Object.keys(body).filter(k => !MODULE_META.has(k));
      for (const input of passed)
        if (!inputs.has(input))
          problems.push(
            `${dir.path}: module "${name}" passes ${input}, which ${module.path} does not declare`,
          );
      for (const [input, { required }] of inputs)
        if (required && !passed.includes(input))
          problems.push(
            `${dir.path}: module "${name}" does not pass the required input ${input} of ${module.path}`,
          );
    }
  }
  return problems;
}

/**
 * Each `module.<name>.<output>` a folder reads names an output the called module declares
 * (`terraform validate` refuses an unsupported attribute of a module call; checkModuleCalls
 * covers only what goes in).
 */
export function checkModuleOutputs(
  dir: TerraformDir,
  repoRoot: string,
  modules: Map<string, TerraformDir>,
): string[] {
  const called = new Map<string, TerraformDir>();
  for (const block of blocks(dir, 'module'))
    for (const [name, [body]] of Object.entries<any>(block)) {
      const target = resolveModuleSource(repoRoot, dir.path, body.source);
      const module = target && modules.get(relative(repoRoot, target));
      if (module) called.set(name, module);
    }
  const problems = new Set<string>();
  for (const file of dir.files) {
    // `moved`, `import` and `removed` name resources inside a module call, not its outputs.
    const { moved, import: imports, removed, ...rest } = file.json as any;
    for (const m of JSON.stringify(rest).matchAll(
      /(?<![\w.])module\.([A-Za-z_][\w-]*)(?:\[[^\]]*\])?\.([A-Za-z_][\w-]*)/g,
    )) {
      const module = called.get(m[1]);
      if (!module) continue;
      const outputs = new Set(
        blocks(module, 'output').flatMap(o => Object.keys(o)),
      );
      if (!outputs.has(m[2]))
        problems.add(
          `${file.name}: module.${m[1]}.${m[2]}: ${module.path} has no output ${m[2]}`,
        );
    }
  }
  return [...problems];
}

const BUILTIN_PROVIDERS = new Set(['terraform']);

/** Providers a folder uses: resource and data types' prefixes, and provider blocks. */
function usedProviders(dir: TerraformDir): Set<string> {
  const used = new Set<string>();
  for (const kind of ['resource', 'data'])
    for (const block of blocks(dir, kind))
      for (const type of Object.keys(block)) used.add(type.split('_')[0]);
  for (const block of blocks(dir, 'provider'))
    Object.keys(block).forEach(p => used.add(p));
  BUILTIN_PROVIDERS.forEach(p => used.delete(p));
  return used;
}

/** Every provider a folder uses is in its required_providers, with a version constraint. */
export function checkProviderPins(dir: TerraformDir): string[] {
  const pinned = new Map<string, string | undefined>();
  for (const list of blocks(dir, 'terraform'))
    for (const tf of list as any[])
      for (const rp of tf.required_providers ?? [])
        for (const [name, spec] of Object.entries<any>(rp))
          pinned.set(name, typeof spec === 'object' ? spec.version : undefined);
  const problems: string[] = [];
  for (const provider of usedProviders(dir)) {
    if (!pinned.has(provider))
      problems.push(
        `${dir.path}: provider ${provider} is used but not in required_providers`,
      );
    else if (!pinned.get(provider))
      problems.push(
        `${dir.path}: provider ${provider} has no version constraint`,
      );
  }
  return problems;
}

/** No IAM statement allows every action, or every action of a service. */
export function checkNoWildcardActions(dir: TerraformDir): string[] {
  const problems: string[] = [];
  const actions = /\b(Action|actions|NotAction)\s*=\s*(\[[^\]]*\]|"[^"]*")/g;
  for (const file of dir.files) {
    for (const m of file.text.matchAll(actions)) {
      const values = [...m[2].matchAll(/"([^"]*)"/g)].map(v => v[1]);
      const wild = values.filter(v => v === '*' || /^[a-z0-9-]+:\*$/i.test(v));
      if (wild.length)
        problems.push(
          `${file.name}: IAM ${m[1]} allows ${wild.join(
            ', ',
          )}; name the actions`,
        );
    }
  }
  return problems;
}

const SECRET_NAME =
  /^\s*("?)([A-Za-z0-9_]*(password|secret|access_key|token|connection_string|api_key|sas)[A-Za-z0-9_]*)\1\s*=\s*"([^"]*)"/gim;

/** No credential is written into a .tf file as a literal. */
export function checkNoSecretLiterals(dir: TerraformDir): string[] {
  const problems: string[] = [];
  for (const file of dir.files)
    for (const m of file.text.matchAll(SECRET_NAME)) {
      const value = m[4];
      if (
        value &&
        !value.includes('${') &&
        !value.startsWith('@Microsoft.KeyVault')
      )
        problems.push(
          `${file.name}: ${m[2]} is a literal; take it from a variable marked sensitive or a secret store`,
        );
    }
  return problems;
}

/** Runs every check over every Terraform folder under `roots`; returns the problems. */
export async function checkTerraform(
  repoRoot: string,
  roots: string[],
): Promise<{ dirs: TerraformDir[]; problems: string[] }> {
  const dirs = await Promise.all(
    findTerraformDirs(roots.map(r => join(repoRoot, r))).map(d =>
      loadDir(repoRoot, d),
    ),
  );
  const byPath = new Map(dirs.map(d => [d.path, d]));
  const problems = dirs.flatMap(dir => [
    ...checkReferences(dir),
    ...checkModuleCalls(dir, repoRoot, byPath),
    ...checkModuleOutputs(dir, repoRoot, byPath),
    ...checkProviderPins(dir),
    ...checkNoWildcardActions(dir),
    ...checkNoSecretLiterals(dir),
    ...checkBackends(dir),
  ]);
  return { dirs, problems };
}

export const repoRootFrom = (packageDir: string) => dirname(packageDir);
