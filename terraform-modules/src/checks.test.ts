import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { moduleReadme } from './readme';
import {
  loadDir,
  checkModuleCalls,
  checkModuleOutputs,
  checkNoSecretLiterals,
  checkNoWildcardActions,
  checkProviderPins,
  checkReferences,
  checkTerraform,
  type TerraformDir,
} from './checks';
import { parseTerraform } from './hcl';

// The repository is this package's parent, wherever jest runs from.
const repoRoot = resolve(
  require.resolve('@multicloud/terraform-modules/package.json'),
  '../..',
);

async function fixture(path: string, text: string): Promise<TerraformDir> {
  return {
    path,
    files: [
      {
        name: `${path}/main.tf`,
        text,
        json: await parseTerraform('main.tf', text),
      },
    ],
  };
}

describe('the repository’s Terraform', () => {
  it('parses with HashiCorp’s parser and passes every check', async () => {
    const { dirs, problems } = await checkTerraform(repoRoot, [
      'terraform-modules',
      'templates/multicloud-service/skeleton/infra',
      'examples',
    ]);
    const paths = dirs.map(d => d.path);
    for (const module of [
      'aws-service',
      'azure-service',
      'global-routing',
      'edge',
      'ci-identity',
      'network-aws',
      'network-azure',
      'acm-certificate',
    ]) {
      expect(paths).toContain(`terraform-modules/${module}`);
      expect(paths).toContain(`terraform-modules/${module}/examples/basic`);
    }
    expect(paths).toContain('templates/multicloud-service/skeleton/infra/aws');
    expect(problems).toEqual([]);
  });
});

describe('each check fails on what it guards against', () => {
  it('finds an undeclared variable and local', async () => {
    const dir = await fixture(
      'bad',
      'variable "a" {\n  type = string\n}\nlocals {\n  b = var.a\n}\noutput "x" {\n  value = "${var.c}-${local.d}-${local.b}"\n}\n',
    );
    expect(checkReferences(dir)).toEqual([
      'bad/main.tf: var.c is used but not declared',
      'bad/main.tf: local.d is used but not declared',
    ]);
  });

  it('finds an undeclared input and a missing required one in a module call', async () => {
    const module = await fixture(
      'terraform-modules/m',
      'variable "needed" {\n  type = string\n}\nvariable "optional" {\n  type = string\n  default = "x"\n}\n',
    );
    const caller = await fixture(
      'root',
      'module "m" {\n  source = "git::https://example.com/repo.git//terraform-modules/m?ref=v1"\n  typo = "x"\n}\n',
    );
    expect(
      checkModuleCalls(caller, '/repo', new Map([[module.path, module]])),
    ).toEqual([
      'root: module "m" passes typo, which terraform-modules/m does not declare',
      'root: module "m" does not pass the required input needed of terraform-modules/m',
    ]);
  });

  it('finds a read of an output the called module does not declare', async () => {
    const module = await fixture(
      'terraform-modules/m',
      'output "api_url" {\n  value = "x"\n}\n',
    );
    const caller = await fixture(
      'root',
      'module "m" {\n  source = "git::https://example.com/repo.git//terraform-modules/m?ref=v1"\n}\nmoved {\n  from = aws_s3_bucket.b\n  to   = module.m.aws_s3_bucket.b\n}\noutput "ok" {\n  value = module.m.api_url\n}\noutput "typo" {\n  value = "https://${module.m.api_host}/"\n}\n',
    );
    expect(
      checkModuleOutputs(caller, '/repo', new Map([[module.path, module]])),
    ).toEqual([
      'root/main.tf: module.m.api_host: terraform-modules/m has no output api_host',
    ]);
  });

  it('finds a provider without a version constraint, and one not required at all', async () => {
    const dir = await fixture(
      'bad',
      'terraform {\n  required_providers {\n    aws = {\n      source = "hashicorp/aws"\n    }\n  }\n}\nresource "aws_s3_bucket" "b" {}\nresource "azurerm_resource_group" "g" {}\n',
    );
    expect(checkProviderPins(dir)).toEqual([
      'bad: provider aws has no version constraint',
      'bad: provider azurerm is used but not in required_providers',
    ]);
  });

  it('finds wildcard IAM actions', async () => {
    const dir = await fixture(
      'bad',
      'locals {\n  p = jsonencode({ Statement = [{ Action = ["s3:*", "sqs:SendMessage"] }, { Action = "*" }] })\n}\n',
    );
    expect(checkNoWildcardActions(dir)).toEqual([
      'bad/main.tf: IAM Action allows s3:*; name the actions',
      'bad/main.tf: IAM Action allows *; name the actions',
    ]);
  });

  it('finds a credential written as a literal, not one from a reference', async () => {
    const dir = await fixture(
      'bad',
      'resource "x_y" "z" {\n  admin_password = "hunter2"\n  client_secret  = var.secret\n  secret_string  = "${var.s}"\n}\n',
    );
    expect(checkNoSecretLiterals(dir)).toEqual([
      'bad/main.tf: admin_password is a literal; take it from a variable marked sensitive or a secret store',
    ]);
  });
});

describe('the modules’ READMEs', () => {
  it.each([
    'aws-service',
    'azure-service',
    'global-routing',
    'edge',
    'ci-identity',
    'network-aws',
    'network-azure',
    'acm-certificate',
  ])(
    '%s README matches its code (run `yarn readme` to refresh)',
    async name => {
      const dir = resolve(repoRoot, 'terraform-modules', name);
      const module = await loadDir(repoRoot, dir);
      const example = readFileSync(
        resolve(dir, 'examples/basic/main.tf'),
        'utf8',
      );
      expect(readFileSync(resolve(dir, 'README.md'), 'utf8')).toBe(
        moduleReadme(name, module, example),
      );
    },
  );
});
