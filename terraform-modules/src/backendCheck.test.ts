import { resolve } from 'node:path';
import { checkBackends } from './backendCheck';
import { BACKEND_SCHEMAS, terraformVersionsToCheck } from './backendSchemas';
import { checkTerraform, type TerraformDir } from './checks';
import { parseTerraform } from './hcl';

const repoRoot = resolve(
  require.resolve('@multicloud/terraform-modules/package.json'),
  '../..',
);

async function fixture(text: string): Promise<TerraformDir> {
  return {
    path: 'bad',
    files: [
      {
        name: 'bad/main.tf',
        text,
        json: await parseTerraform('main.tf', text),
      },
    ],
  };
}

const terraform = (version: string, backend: string) =>
  `terraform {\n  required_version = "${version}"\n${backend}}\n`;

describe('the state backends’ arguments', () => {
  it('pass in every root of the repository, the template’s and the example’s among them', async () => {
    const { dirs } = await checkTerraform(repoRoot, [
      'terraform-modules',
      'templates/multicloud-service/skeleton/infra',
      'examples',
    ]);
    const withBackend = dirs.filter(d =>
      d.files.some(f => /backend "|terraform_remote_state/.test(f.text)),
    );
    expect(withBackend.map(d => d.path)).toEqual(
      expect.arrayContaining([
        'examples/orders-service/infra/aws',
        'examples/orders-service/infra/azure',
        'examples/orders-service/infra/global',
        'templates/multicloud-service/skeleton/infra/global',
      ]),
    );
    expect(withBackend.flatMap(checkBackends)).toEqual([]);
  });

  it('finds an argument the s3 backend lacks, one it deprecates and an object argument written as a block', async () => {
    const dir = await fixture(
      terraform(
        '>= 1.10.0',
        `  backend "s3" {
    key            = "svc/aws.tfstate"
    region         = "eu-west-1"
    lock_file      = true
    dynamodb_table = "locks"
    assume_role {
      role_arn = "arn:aws:iam::123456789012:role/state"
    }
  }
`,
      ),
    );
    expect(checkBackends(dir)).toEqual([
      'bad/main.tf: backend "s3": "assume_role" is an argument: write assume_role = { ... } (Terraform 1.10.0)',
      'bad/main.tf: backend "s3": no argument "lock_file" (Terraform 1.10.0)',
      'bad/main.tf: backend "s3": "assume_role" is an argument: write assume_role = { ... } (Terraform 1.15.9)',
      'bad/main.tf: backend "s3": "dynamodb_table" is deprecated; use use_lockfile (Terraform 1.15.9)',
      'bad/main.tf: backend "s3": no argument "lock_file" (Terraform 1.15.9)',
    ]);
  });

  it('finds an azurerm backend argument the lowest allowed release lacks, and lets -backend-config supply required ones', async () => {
    // use_cli arrived with the 1.11 rewrite of the azurerm backend.
    const dir = await fixture(
      terraform(
        '>= 1.10.0',
        `  backend "azurerm" {
    container_name = "tfstate"
    key            = "svc/azure.tfstate"
    use_cli        = false
  }
`,
      ),
    );
    expect(checkBackends(dir)).toEqual([
      'bad/main.tf: backend "azurerm": no argument "use_cli" (Terraform 1.10.0)',
    ]);
  });

  it('finds remote state config arguments the backend lacks and required ones it leaves out, inside object arguments too', async () => {
    const dir = await fixture(
      `${terraform('>= 1.11.0', '')}data "terraform_remote_state" "azure" {
  backend = "azurerm"
  config = {
    storage_account_name = "tfstate"
    container_name       = "tfstate"
    key                  = "svc/azure.tfstate"
    use_azuread          = true
  }
}
data "terraform_remote_state" "aws" {
  backend  = "s3"
  worspace = "prod"
  config = {
    key         = "svc/aws.tfstate"
    assume_role = { duration = "1h" }
  }
}
data "terraform_remote_state" "dynamic" {
  backend = "s3"
  config  = var.state_config
}
`,
    );
    expect(checkBackends(dir)).toEqual([
      'bad/main.tf: data.terraform_remote_state.aws: no argument "worspace"',
      'bad/main.tf: data.terraform_remote_state.aws.config.assume_role: the argument "role_arn" is required (Terraform 1.15.9)',
      'bad/main.tf: data.terraform_remote_state.aws.config: the argument "bucket" is required (Terraform 1.15.9)',
      'bad/main.tf: data.terraform_remote_state.azure.config: no argument "use_azuread" (Terraform 1.15.9)',
    ]);
  });

  it('refuses a backend whose arguments are not recorded for every release required_version allows', async () => {
    const dir = await fixture(
      terraform(
        '>= 1.6.0',
        '  backend "s3" {\n    use_lockfile = true\n  }\n  backend "gcs" {}\n',
      ),
    );
    expect(checkBackends(dir)).toEqual([
      'bad/main.tf: backend "gcs": the check knows no schema of the "gcs" backend',
      'bad/main.tf: backend "s3": required_version allows Terraform older than 1.10.0, whose "s3" backend is not recorded; raise required_version',
    ]);
  });

  it('checks the recorded releases a constraint allows', () => {
    expect(Object.keys(BACKEND_SCHEMAS)).toEqual(['1.10.0', '1.15.9']);
    expect(terraformVersionsToCheck('>=1.10.0')).toEqual({
      versions: ['1.10.0', '1.15.9'],
      olderAllowed: false,
    });
    expect(terraformVersionsToCheck('>=1.6.0')).toEqual({
      versions: ['1.10.0', '1.15.9'],
      olderAllowed: true,
    });
    expect(terraformVersionsToCheck('*').olderAllowed).toBe(true);
  });
});
