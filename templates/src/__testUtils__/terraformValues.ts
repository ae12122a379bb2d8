import {
  parseTerraform,
  type TerraformJson,
} from '@multicloud/terraform-modules';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Reads the literal names a Terraform module gives its resources, for one service name: enough of
 * Terraform's expression language for names and settings built from `var.*`, `local.*`,
 * `each.key`, `path.*` and other resources' `name` (`"${local.name}-inbound"`,
 * `azurerm_servicebus_queue.inbound.name`). Anything else is refused by name, never guessed.
 */
export class TerraformModule {
  private constructor(
    private readonly json: TerraformJson,
    private readonly vars: Record<string, string>,
    /** The module's folder: `path.module`, and `path.root` when it is the root module. */
    private readonly dir: string,
  ) {}

  /** Every `.tf` file of the folder, merged by block kind and type, as Terraform reads a module. */
  static async load(dir: string, vars: Record<string, string>) {
    const merged: Record<string, any> = {};
    for (const name of readdirSync(dir).filter(n => n.endsWith('.tf'))) {
      const file = join(dir, name);
      const json = await parseTerraform(file, readFileSync(file, 'utf8'));
      for (const [kind, byType] of Object.entries(json)) {
        // `locals` and `terraform` are lists of blocks; the others are maps by type and label.
        if (Array.isArray(byType)) {
          merged[kind] = [...(merged[kind] ?? []), ...byType];
          continue;
        }
        const into = (merged[kind] ??= {});
        for (const [type, byLabel] of Object.entries(byType as object))
          into[type] = { ...into[type], ...byLabel };
      }
    }
    return new TerraformModule(merged as unknown as TerraformJson, vars, dir);
  }

  /** The arguments of `module "<name>"`. */
  module(name: string) {
    const body = this.json.module?.[name]?.[0];
    if (!body) throw new Error(`no module ${name} in the module`);
    return body as Record<string, any>;
  }

  /** The body of `resource "<type>" "<label>"` (or `data`), as HCL's JSON form has it. */
  block(kind: 'resource' | 'data', type: string, label: string) {
    const body = this.json[kind]?.[type]?.[label]?.[0];
    if (!body) throw new Error(`no ${kind} ${type}.${label} in the module`);
    return body as Record<string, any>;
  }

  local(name: string): unknown {
    const found = (this.json.locals as Record<string, unknown>[]).find(
      l => name in l,
    );
    if (!found) throw new Error(`no local.${name} in the module`);
    return found[name];
  }

  /** The keys of a `toset([...])` local, such as `local.functions`. */
  setLocal(name: string): string[] {
    const match = /^\$\{toset\(\[(.*)\]\)\}$/.exec(String(this.local(name)));
    if (!match) throw new Error(`local.${name} is not a toset([...]) literal`);
    return JSON.parse(`[${match[1]}]`);
  }

  /**
   * A map attribute (such as `app_settings`) as `name → expression in "${…}" form`: an object
   * literal as HCL's JSON form gives it, or the first object literal of a `merge({...}, …)`,
   * read line by line (`NAME = expression`), whose other arguments are conditional additions.
   */
  mapAttribute(value: unknown): Record<string, string> {
    if (value && typeof value === 'object')
      return Object.fromEntries(
        Object.entries(value).map(([k, v]) => [k, String(v)]),
      );
    const match = /^\$\{merge\(\{([\s\S]*?)\n\s*\}/.exec(String(value));
    if (!match) throw new Error(`not a map literal or merge(): ${value}`);
    const entries = match[1]
      .split('\n')
      .map(line => /^\s*([A-Za-z_][\w]*)\s*=\s*(.+?)\s*$/.exec(line))
      .filter((m): m is RegExpExecArray => m !== null)
      .map(([, name, expr]) => [
        name,
        /^".*"$/.test(expr) ? expr.slice(1, -1) : `\${${expr}}`,
      ]);
    return Object.fromEntries(entries);
  }

  /** A string with `${…}` interpolations evaluated; `each` is the for_each key, if any. */
  evaluate(value: string, each?: string): string {
    return value.replace(/\$\{([^{}]+)\}/g, (_, expr: string) =>
      this.expression(expr.trim(), each),
    );
  }

  private expression(expr: string, each?: string): string {
    if (expr === 'each.key' && each !== undefined) return each;
    if (expr === 'path.module' || expr === 'path.root') return this.dir;
    let m = /^var\.(\w+)$/.exec(expr);
    if (m) {
      if (!(m[1] in this.vars)) throw new Error(`var.${m[1]} is not given`);
      return this.vars[m[1]];
    }
    m = /^local\.(\w+)$/.exec(expr);
    if (m) return this.evaluate(String(this.local(m[1])), each);
    m = /^(\w+)\.(\w+)\.name$/.exec(expr);
    if (m) return this.evaluate(this.block('resource', m[1], m[2]).name, each);
    throw new Error(`cannot evaluate \${${expr}} offline`);
  }
}
