import type { TerraformDir } from './checks';
import {
  BACKEND_SCHEMAS,
  terraformVersionsToCheck,
  type BackendSchema,
} from './backendSchemas';
import { semverRange } from './providerSchemas';

/**
 * The arguments of `data "terraform_remote_state"` itself and the meta-arguments of any data
 * block: `dataSourceRemoteStateGetSchema` in hashicorp/terraform
 * internal/builtin/providers/terraform/data_source_state.go (`outputs` is computed only).
 */
const REMOTE_STATE = new Set(['backend', 'config', 'defaults', 'workspace']);
const DATA_META = new Set([
  'count',
  'for_each',
  'provider',
  'depends_on',
  'lifecycle',
]);

/** The folder's `required_version` constraints as one semver range ('*' when it sets none). */
function requiredVersion(dir: TerraformDir): string {
  const constraints = dir.files.flatMap(f =>
    (f.json.terraform ?? []).flatMap((tf: any) =>
      typeof tf.required_version === 'string' ? [tf.required_version] : [],
    ),
  );
  return constraints.length ? constraints.map(semverRange).join(' ') : '*';
}

/** Arguments one backend configuration sets that the backend lacks, misuses or deprecates. */
function checkConfig(
  where: string,
  config: Record<string, any>,
  schema: BackendSchema,
  checkRequired: boolean,
): string[] {
  const problems: string[] = [];
  for (const [name, value] of Object.entries(config)) {
    if (!schema.required.includes(name) && !schema.optional.includes(name)) {
      problems.push(`${where}: no argument "${name}"`);
      continue;
    }
    if (name in schema.deprecated) {
      const successor = schema.deprecated[name];
      problems.push(
        `${where}: "${name}" is deprecated${
          successor ? `; use ${successor}` : ''
        }`,
      );
    }
    const object = schema.objects?.[name];
    if (!object) continue;
    // A block (`assume_role { ... }`) parses as a list; the backend takes an object argument.
    if (Array.isArray(value))
      problems.push(
        `${where}: "${name}" is an argument: write ${name} = { ... }`,
      );
    else if (value && typeof value === 'object')
      problems.push(
        ...checkConfig(`${where}.${name}`, value, object, checkRequired),
      );
  }
  if (checkRequired)
    for (const name of schema.required)
      if (!(name in config))
        problems.push(`${where}: the argument "${name}" is required`);
  return problems;
}

/**
 * What `terraform init` and `terraform plan` refuse or warn about in the state backends: each
 * `terraform { backend "<type>" { ... } }` block and each `terraform_remote_state` data source's
 * `config` sets only arguments the backend has, none it deprecates, object arguments as objects,
 * and (remote state only: a backend block may leave them to `-backend-config`) every required
 * one, in every Terraform release recorded in `BACKEND_SCHEMAS` that `required_version` allows.
 * A `config` given as one expression, and a `backend` that is not a literal, cannot be read
 * statically and are not checked.
 */
export function checkBackends(dir: TerraformDir): string[] {
  const problems: string[] = [];
  const range = requiredVersion(dir);
  const { versions, olderAllowed } = terraformVersionsToCheck(range);
  const recorded = Object.keys(BACKEND_SCHEMAS);
  const check = (
    file: string,
    where: string,
    type: string,
    config: Record<string, any>,
    checkRequired: boolean,
  ) => {
    if (!recorded.some(v => BACKEND_SCHEMAS[v][type])) {
      problems.push(
        `${file}: ${where}: the check knows no schema of the "${type}" backend`,
      );
      return;
    }
    if (olderAllowed)
      problems.push(
        `${file}: ${where}: required_version allows Terraform older than ${recorded[0]}, whose "${type}" backend is not recorded; raise required_version`,
      );
    for (const version of versions) {
      const schema = BACKEND_SCHEMAS[version][type];
      if (!schema) {
        problems.push(
          `${file}: ${where}: Terraform ${version} has no "${type}" backend`,
        );
        continue;
      }
      for (const problem of checkConfig(where, config, schema, checkRequired))
        problems.push(`${file}: ${problem} (Terraform ${version})`);
    }
  };
  for (const file of dir.files) {
    for (const tf of file.json.terraform ?? [])
      for (const [type, bodies] of Object.entries<any[]>(tf.backend ?? {}))
        for (const body of bodies)
          check(file.name, `backend "${type}"`, type, body, false);
    for (const [name, bodies] of Object.entries<any[]>(
      file.json.data?.terraform_remote_state ?? {},
    ))
      for (const body of bodies) {
        const where = `data.terraform_remote_state.${name}`;
        for (const key of Object.keys(body))
          if (!REMOTE_STATE.has(key) && !DATA_META.has(key))
            problems.push(`${file.name}: ${where}: no argument "${key}"`);
        const { backend, config } = body;
        if (typeof backend !== 'string' || backend.includes('${')) continue;
        if (config && typeof config === 'object' && !Array.isArray(config))
          check(file.name, `${where}.config`, backend, config, true);
        else if (config === undefined)
          check(file.name, `${where}.config`, backend, {}, true);
      }
  }
  return problems;
}
