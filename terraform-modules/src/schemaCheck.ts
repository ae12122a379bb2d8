import type { TerraformDir } from './checks';
import type { BlockSchema, ProviderSchema } from './providerSchemas';

/** Meta-arguments Terraform itself handles in every resource and data block. */
const META = new Set([
  'count',
  'for_each',
  'provider',
  'depends_on',
  'lifecycle',
  'connection',
  'provisioner',
]);
/**
 * Meta-arguments of a `provider` block: `alias`, and `version`, which Terraform still reads but
 * warns about (`decodeProviderBlock` and `providerBlockSchema` in hashicorp/terraform
 * internal/configs/provider.go); the check reports `version` itself.
 */
const PROVIDER_META = new Set(['alias', 'version']);
const NESTED = new Set<string>();
const BUILTIN = new Set(['terraform']);

/** The provider schemas a folder's constraint for one provider lets `terraform init` pick. */
export type SchemasFor = (
  source: string,
  constraint: string,
) => ProviderSchema[];

/** The folder's required_providers: local name -> source and version constraint. */
export function requiredProviders(dir: TerraformDir) {
  const found = new Map<string, { source: string; version: string }>();
  for (const file of dir.files)
    for (const tf of file.json.terraform ?? [])
      for (const rp of tf.required_providers ?? [])
        for (const [name, spec] of Object.entries<any>(rp))
          if (typeof spec === 'object' && spec.version)
            found.set(name, {
              source: spec.source ?? `hashicorp/${name}`,
              version: spec.version,
            });
  return found;
}

const unwrap = (expr: unknown) =>
  typeof expr === 'string' ? expr.replace(/^\$\{(.*)\}$/s, '$1') : '';

/** `meta`: the meta-arguments Terraform handles at this level (none inside nested blocks). */
function checkBody(
  where: string,
  body: Record<string, any>,
  schema: BlockSchema,
  meta: ReadonlySet<string>,
): string[] {
  const problems: string[] = [];
  const present = new Set<string>();
  for (const [key, value] of Object.entries(body)) {
    if (meta.has(key)) continue;
    if (key === 'dynamic') {
      for (const [name, list] of Object.entries<any[]>(value)) {
        present.add(name);
        const nested = schema.blocks[name];
        if (!nested) {
          problems.push(`${where}: no block type "${name}" for dynamic`);
          continue;
        }
        for (const dyn of list)
          for (const content of dyn.content ?? [])
            problems.push(
              ...checkBody(`${where}.${name}`, content, nested.block, NESTED),
            );
      }
      continue;
    }
    present.add(key);
    if (key in schema.attributes) continue;
    const nested = schema.blocks[key];
    if (!nested) {
      problems.push(`${where}: no argument or block "${key}"`);
      continue;
    }
    const items = Array.isArray(value) ? value : [value];
    for (const item of items)
      if (item && typeof item === 'object' && !Array.isArray(item))
        problems.push(
          ...checkBody(`${where}.${key}`, item, nested.block, NESTED),
        );
  }
  for (const [name, required] of Object.entries(schema.attributes))
    if (required && name !== 'id' && !present.has(name))
      problems.push(`${where}: the argument "${name}" is required`);
  for (const [name, { required }] of Object.entries(schema.blocks))
    if (required && !present.has(name))
      problems.push(`${where}: a block "${name}" is required`);
  if (meta.has('lifecycle'))
    for (const lifecycle of body.lifecycle ?? [])
      for (const entry of [lifecycle.ignore_changes ?? []].flat()) {
        const name = /^[a-z0-9_]+/.exec(unwrap(entry))?.[0];
        if (
          name &&
          name !== 'all' &&
          !(name in schema.attributes) &&
          !(name in schema.blocks)
        )
          problems.push(
            `${where}: ignore_changes names "${name}", which is no argument or block`,
          );
      }
  return problems;
}

/**
 * `terraform validate`'s schema part: every resource and data source type exists, every argument
 * and nested block exists, every required one is set, and every `ignore_changes` entry names one,
 * in each provider version the folder's constraint allows at both ends.
 */
export function checkProviderSchemas(
  dir: TerraformDir,
  schemasFor: SchemasFor,
): string[] {
  const problems: string[] = [];
  const providers = requiredProviders(dir);
  for (const file of dir.files)
    for (const kind of ['resource', 'data'] as const)
      for (const [type, instances] of Object.entries<any>(
        file.json[kind] ?? {},
      ))
        for (const [name, bodies] of Object.entries<any[]>(instances)) {
          const body = bodies[0] ?? {};
          const local = body.provider
            ? unwrap(body.provider).split('.')[0]
            : type.split('_')[0];
          if (BUILTIN.has(local)) continue;
          const provider = providers.get(local);
          if (!provider) continue; // checkProviderPins reports it
          const schemas = schemasFor(provider.source, provider.version);
          if (schemas.length === 0)
            problems.push(
              `${file.name}: no release of ${provider.source} matches "${provider.version}"`,
            );
          for (const schema of schemas) {
            const label = `${provider.source} ${schema.version}`;
            const types =
              kind === 'resource' ? schema.resources : schema.dataSources;
            const address = `${kind === 'data' ? 'data.' : ''}${type}.${name}`;
            if (!types[type]) {
              problems.push(
                `${file.name}: ${address}: ${label} has no ${
                  kind === 'data' ? 'data source' : 'resource type'
                } ${type}`,
              );
              continue;
            }
            for (const problem of checkBody(address, body, types[type], META))
              problems.push(`${file.name}: ${problem} (${label})`);
          }
        }
  return problems;
}

/**
 * `terraform validate`'s check of provider configurations: every argument and nested block of
 * each `provider "<name>" { ... }` block exists in the provider's own configuration schema (the
 * `provider` key of `terraform providers schema -json`) and every required one is set, in each
 * provider version the folder's constraint allows at both ends; `version` inside the block is
 * reported as the deprecated form of a required_providers constraint.
 */
export function checkProviderBlocks(
  dir: TerraformDir,
  schemasFor: SchemasFor,
): string[] {
  const problems: string[] = [];
  const providers = requiredProviders(dir);
  for (const file of dir.files)
    for (const [local, bodies] of Object.entries<any[]>(
      file.json.provider ?? {},
    ))
      for (const body of bodies) {
        const where = `provider.${local}${
          typeof body.alias === 'string' ? `.${body.alias}` : ''
        }`;
        if ('version' in body)
          problems.push(
            `${file.name}: ${where}: version inside a provider block is deprecated; constrain the version in required_providers`,
          );
        const provider = providers.get(local);
        if (!provider) continue; // checkProviderPins reports it
        for (const schema of schemasFor(provider.source, provider.version)) {
          const label = `${provider.source} ${schema.version}`;
          if (!schema.provider) {
            problems.push(
              `${file.name}: ${where}: the schema of ${label} records no provider configuration`,
            );
            continue;
          }
          for (const problem of checkBody(
            where,
            body,
            schema.provider,
            PROVIDER_META,
          ))
            problems.push(`${file.name}: ${problem} (${label})`);
        }
      }
  return problems;
}

/** Every argument and block a body sets, as paths with the schema that holds each. */
function usedNames(
  body: Record<string, any>,
  schema: BlockSchema,
  meta: ReadonlySet<string>,
  path: string[] = [],
): { path: string[]; name: string; holder: BlockSchema }[] {
  const used: { path: string[]; name: string; holder: BlockSchema }[] = [];
  for (const [key, value] of Object.entries(body)) {
    if (meta.has(key)) continue;
    const entries: [string, any[]][] =
      key === 'dynamic'
        ? Object.entries<any[]>(value).map(([n, l]) => [
            n,
            l.flatMap((d: any) => d.content ?? []),
          ])
        : [[key, Array.isArray(value) ? value : [value]]];
    for (const [name, items] of entries) {
      used.push({ path, name, holder: schema });
      const nested = schema.blocks[name];
      if (nested)
        for (const item of items)
          if (item && typeof item === 'object' && !Array.isArray(item))
            used.push(
              ...usedNames(item, nested.block, NESTED, [...path, name]),
            );
    }
  }
  return used;
}

/** The name that replaces a deprecated one under the providers' renaming conventions. */
function replacementOf(name: string, holder: BlockSchema): string | undefined {
  const has = (n: string) => n in holder.attributes || n in holder.blocks;
  const candidates = name.startsWith('enable_')
    ? [`${name.slice('enable_'.length)}_enabled`]
    : [`enabled_${name}`];
  return candidates.find(has);
}

/**
 * No deprecated argument, in resource, data and provider blocks. The jsii assemblies do not carry the providers' deprecation notes, so
 * two facts stand in for them: an argument the next major release of a HashiCorp provider no
 * longer has was deprecated through this one (HashiCorp's providers remove only what a minor
 * release deprecated first; Cloudflare's 5.0 was a rewrite that renamed without deprecating, so
 * the rule is not applied to it), and an argument whose
 * successor under the provider's renaming convention (`enable_x` -> `x_enabled`, `metric` ->
 * `enabled_metric`) already exists is the deprecated half of a rename.
 */
export function checkDeprecatedArguments(
  dir: TerraformDir,
  newest: (source: string, constraint: string) => ProviderSchema | undefined,
  nextMajor: (source: string, constraint: string) => ProviderSchema | undefined,
): string[] {
  const problems: string[] = [];
  const providers = requiredProviders(dir);
  /** One block: `pick` finds its schema in a provider version's schema. */
  const check = (
    file: string,
    address: string,
    local: string,
    body: Record<string, any>,
    meta: ReadonlySet<string>,
    pick: (s?: ProviderSchema) => BlockSchema | undefined,
  ) => {
    const provider = providers.get(local);
    if (!provider) return;
    const now = newest(provider.source, provider.version);
    const schema = pick(now);
    if (!now || !schema) return;
    const next = provider.source.startsWith('hashicorp/')
      ? nextMajor(provider.source, provider.version)
      : undefined;
    for (const use of usedNames(body, schema, meta)) {
      const where = [address, ...use.path, use.name].join('.');
      const successor = replacementOf(use.name, use.holder);
      if (successor)
        problems.push(
          `${file}: ${where} is deprecated in ${provider.source} ${now.version}; use ${successor}`,
        );
      let block: BlockSchema | undefined = pick(next);
      for (const step of use.path) block = block?.blocks[step]?.block;
      if (
        next &&
        block &&
        !(use.name in block.attributes) &&
        !(use.name in block.blocks)
      )
        problems.push(
          `${file}: ${where} is gone in ${provider.source} ${next.version}, so it is deprecated in ${now.version}`,
        );
    }
  };
  for (const file of dir.files) {
    for (const kind of ['resource', 'data'] as const)
      for (const [type, instances] of Object.entries<any>(
        file.json[kind] ?? {},
      ))
        for (const [name, bodies] of Object.entries<any[]>(instances))
          check(
            file.name,
            `${kind === 'data' ? 'data.' : ''}${type}.${name}`,
            type.split('_')[0],
            bodies[0] ?? {},
            META,
            s =>
              kind === 'resource' ? s?.resources[type] : s?.dataSources[type],
          );
    for (const [local, bodies] of Object.entries<any[]>(
      file.json.provider ?? {},
    ))
      for (const body of bodies)
        check(
          file.name,
          `provider.${local}`,
          local,
          body,
          PROVIDER_META,
          s => s?.provider,
        );
  }
  return problems;
}

/** `type.name[...].attribute` references to resources and data sources this folder declares. */
const REFERENCE =
  /(?<![\w.])(data\.)?([a-z][a-z0-9]*_[a-z0-9_]+)\.([A-Za-z_][\w-]*)(?:\[[^\]]*\])?\.([a-z_][a-z0-9_]*)(?:\[[^\]]*\]\.([a-z_][a-z0-9_]*))?/g;

const normalise = (name: string) => name.replace(/_/g, '').toLowerCase();

/**
 * Every attribute a folder reads from one of its resources or data sources exists: an argument,
 * a block, or a computed attribute of the resource type in the pinned provider versions.
 */
export function checkAttributeReferences(
  dir: TerraformDir,
  schemasFor: SchemasFor,
): string[] {
  const problems = new Set<string>();
  const providers = requiredProviders(dir);
  const declared = new Set<string>();
  for (const file of dir.files)
    for (const kind of ['resource', 'data'] as const)
      for (const [type, instances] of Object.entries<any>(
        file.json[kind] ?? {},
      ))
        for (const name of Object.keys(instances))
          declared.add(`${kind === 'data' ? 'data.' : ''}${type}.${name}`);
  for (const file of dir.files)
    for (const m of JSON.stringify(file.json).matchAll(REFERENCE)) {
      const [, data, type, name, attribute, inner] = m;
      const address = `${data ?? ''}${type}.${name}`;
      if (!declared.has(address)) continue;
      const provider = providers.get(type.split('_')[0]);
      if (!provider) continue;
      for (const schema of schemasFor(provider.source, provider.version)) {
        const block = (data ? schema.dataSources : schema.resources)[type];
        if (!block?.exported) continue;
        // Camel case hides where digits split words (outputBase64Sha256 is
        // output_base64sha256), so a name with digits is compared without underscores.
        const known =
          attribute in block.attributes ||
          attribute in block.blocks ||
          block.exported.includes(attribute) ||
          (/\d/.test(attribute) &&
            block.exported.some(e => normalise(e) === normalise(attribute)));
        if (!known)
          problems.add(
            `${file.name}: ${address}.${attribute}: ${type} has no attribute ${attribute} (${provider.source} ${schema.version})`,
          );
        const element = block.nested?.[attribute];
        if (known && inner && element && !element.includes(inner))
          problems.add(
            `${file.name}: ${address}.${attribute}[…].${inner}: ${type}.${attribute} has no attribute ${inner} (${provider.source} ${schema.version})`,
          );
      }
    }
  return [...problems];
}

/**
 * Arguments set from `var.<variable>` that `ignore_changes` hides: changing the variable would
 * then do nothing after the first apply (as `drain` did when `enabled` was ignored).
 */
export function checkIgnoredInputs(
  dir: TerraformDir,
  variable: string,
): string[] {
  const problems: string[] = [];
  const uses = new RegExp(`\\bvar\\.${variable}\\b`);
  for (const file of dir.files)
    for (const [type, instances] of Object.entries<any>(
      file.json.resource ?? {},
    ))
      for (const [name, [body]] of Object.entries<any>(instances)) {
        const ignored = (body.lifecycle ?? []).flatMap((l: any) =>
          [l.ignore_changes ?? []].flat().map(unwrap),
        );
        for (const entry of ignored) {
          const argument = /^[a-z0-9_]+/.exec(entry)?.[0];
          if (argument && uses.test(JSON.stringify(body[argument] ?? '')))
            problems.push(
              `${file.name}: ${type}.${name}: ignore_changes hides ${argument}, so var.${variable} has no effect after the first apply`,
            );
        }
      }
  return problems;
}
