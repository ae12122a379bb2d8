import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { checkTerraform, type TerraformDir } from './checks';
import { parseTerraform } from './hcl';
import { checkNames, generatedNames, NAME_RULES } from './naming';

const repoRoot = resolve(
  require.resolve('@multicloud/terraform-modules/package.json'),
  '../..',
);

/** The rule for a service name, as the common package, the template and the modules write it. */
const SERVICE_NAME_RULE = '^[a-z]([a-z0-9-]{0,30}[a-z0-9])?$';

describe('generated resource names', () => {
  let modules: TerraformDir[];
  beforeAll(async () => {
    ({ dirs: modules } = await checkTerraform(repoRoot, ['terraform-modules']));
    modules = modules.filter(d => !d.path.includes('/examples/'));
  });

  it('use the service name rule the template enforces', () => {
    const common = readFileSync(
      resolve(repoRoot, 'plugins/multicloud-common/src/serviceName.ts'),
      'utf8',
    );
    expect(common).toContain(`/${SERVICE_NAME_RULE}/`);
    const template = readFileSync(
      resolve(repoRoot, 'templates/multicloud-service/template.yaml'),
      'utf8',
    );
    expect(template).toContain(`pattern: '${SERVICE_NAME_RULE}'`);
    for (const module of ['aws-service', 'azure-service'])
      expect(
        readFileSync(
          resolve(repoRoot, 'terraform-modules', module, 'variables.tf'),
          'utf8',
        ),
      ).toContain(SERVICE_NAME_RULE);
  });

  // The shortest and the longest valid names, and two edge cases of the rule: a name ending in
  // "-sb" (Service Bus refuses such a namespace) and consecutive hyphens.
  it.each(['a', 'a234567890123456789012345678901z', 'orders-sb', 'a--b'])(
    'pass every provider rule for the service name "%s"',
    name => {
      expect(name).toMatch(new RegExp(SERVICE_NAME_RULE));
      const results = modules.map(m =>
        generatedNames(m, { service_name: name }),
      );
      expect(results.flatMap(r => r.unevaluated)).toEqual([]);
      const names = results.flatMap(r => r.names);
      // Every type with a rule is named somewhere, so a renamed attribute cannot escape the check.
      expect(new Set(names.map(n => n.type))).toEqual(
        new Set(Object.keys(NAME_RULES)),
      );
      expect(checkNames(names)).toEqual([]);
    },
  );

  it('finds a name the provider refuses', async () => {
    const text =
      'variable "service_name" {\n  type = string\n}\nlocals {\n  name = var.service_name\n}\nresource "azurerm_servicebus_namespace" "bus" {\n  name = "${local.name}-sb"\n}\nresource "azurerm_storage_account" "st" {\n  name = "st${local.name}"\n}\n';
    const dir: TerraformDir = {
      path: 'bad',
      files: [
        {
          name: 'bad/main.tf',
          text,
          json: await parseTerraform('main.tf', text),
        },
      ],
    };
    const { names } = generatedNames(dir, { service_name: 'a-b' });
    expect(checkNames(names).map(p => p.replace(/ \(.*\)$/, ''))).toEqual([
      'azurerm_servicebus_namespace.bus: "a-b-sb" ends in -, -sb or -mgmt',
      'azurerm_storage_account.st: "sta-b" does not match /^[a-z0-9]{3,24}$/',
    ]);
  });
});
