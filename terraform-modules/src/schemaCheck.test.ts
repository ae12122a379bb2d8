import { resolve } from 'node:path';
import { checkTerraform, type TerraformDir } from './checks';
import { parseTerraform } from './hcl';
import {
  newestSchema,
  nextMajorSchema,
  providerSchema,
  schemasFor,
  type BlockSchema,
  type ProviderSchema,
} from './providerSchemas';
import {
  checkAttributeReferences,
  checkIgnoredInputs,
  checkDeprecatedArguments,
  checkProviderBlocks,
  checkProviderSchemas,
} from './schemaCheck';

// The first run fetches each provider's jsii assembly (up to 32 MB) with `npm pack`.
jest.setTimeout(15 * 60 * 1000);

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

const pin = (source: string, version: string) =>
  `terraform {\n  required_providers {\n    azurerm = {\n      source  = "${source}"\n      version = "${version}"\n    }\n  }\n}\n`;

describe('the repository’s Terraform against its providers’ schemas', () => {
  let dirs: TerraformDir[];
  beforeAll(async () => {
    ({ dirs } = await checkTerraform(repoRoot, [
      'terraform-modules',
      'templates/multicloud-service/skeleton/infra',
      'examples',
    ]));
  });

  it('sets only arguments and blocks the providers have, and every required one, at both ends of each pin', () => {
    const paths = dirs.map(d => d.path);
    expect(paths).toEqual(
      expect.arrayContaining([
        'terraform-modules/azure-service',
        'terraform-modules/global-routing/examples/basic',
        'templates/multicloud-service/skeleton/infra/global',
        'examples/orders-service/infra/azure',
      ]),
    );
    expect(dirs.flatMap(d => checkProviderSchemas(d, schemasFor))).toEqual([]);
  });

  it('configures each provider only with arguments and blocks its provider block has', () => {
    const configured = dirs.filter(d => d.files.some(f => f.json.provider));
    expect(configured.map(d => d.path)).toEqual(
      expect.arrayContaining([
        'terraform-modules/edge/examples/basic',
        'templates/multicloud-service/skeleton/infra/global',
        'examples/orders-service/infra/azure',
      ]),
    );
    expect(configured.flatMap(d => checkProviderBlocks(d, schemasFor))).toEqual(
      [],
    );
  });

  it('reads only attributes its resources have', () => {
    expect(dirs.flatMap(d => checkAttributeReferences(d, schemasFor))).toEqual(
      [],
    );
  });

  it('sets no deprecated argument', () => {
    expect(
      dirs.flatMap(d =>
        checkDeprecatedArguments(d, newestSchema, nextMajorSchema),
      ),
    ).toEqual([]);
  });
});

describe('the schema check fails on what `terraform validate` refuses', () => {
  it('finds an argument the resource does not have (azurerm 4.55 has no key_vault_reference_identity_id on a Flex Consumption app)', async () => {
    const dir = await fixture(
      `${pin(
        'hashicorp/azurerm',
        '4.55.0',
      )}resource "azurerm_function_app_flex_consumption" "f" {
  name                            = "f"
  location                        = "westeurope"
  resource_group_name             = "rg"
  service_plan_id                 = "p"
  storage_container_type          = "blobContainer"
  storage_container_endpoint      = "e"
  storage_authentication_type     = "SystemAssignedIdentity"
  runtime_name                    = "node"
  runtime_version                 = "22"
  key_vault_reference_identity_id = "x"
  site_config {}
}
`,
    );
    expect(checkProviderSchemas(dir, schemasFor)).toEqual([
      'bad/main.tf: azurerm_function_app_flex_consumption.f: no argument or block "key_vault_reference_identity_id" (hashicorp/azurerm 4.55.0)',
    ]);
  });

  it('finds a reference to an attribute the resource or one of its blocks does not have, and accepts computed ones', async () => {
    const dir = await fixture(
      `${pin(
        'hashicorp/azurerm',
        '4.55.0',
      )}resource "azurerm_function_app_flex_consumption" "f" {}
output "ok" {
  value = azurerm_function_app_flex_consumption.f.custom_domain_verification_id
}
output "typo" {
  value = "https://\${azurerm_function_app_flex_consumption.f.default_host_name}"
}
output "nested_ok" {
  value = azurerm_function_app_flex_consumption.f.site_config[0].worker_count
}
output "nested_typo" {
  value = azurerm_function_app_flex_consumption.f.site_config[0].worker_counts
}
`,
    );
    expect(checkAttributeReferences(dir, schemasFor)).toEqual([
      'bad/main.tf: azurerm_function_app_flex_consumption.f.site_config[…].worker_counts: azurerm_function_app_flex_consumption.site_config has no attribute worker_counts (hashicorp/azurerm 4.55.0)',
      'bad/main.tf: azurerm_function_app_flex_consumption.f.default_host_name: azurerm_function_app_flex_consumption has no attribute default_host_name (hashicorp/azurerm 4.55.0)',
    ]);
  });

  it('finds a provider block argument or nested block the provider does not have, a missing features block and a version inside the block', async () => {
    const dir = await fixture(
      `${pin('hashicorp/azurerm', '4.55.0')}provider "azurerm" {
  features {
    key_vaults {
      purge_soft_delete_on_destroy = true
    }
  }
  use_oidc     = true
  subscription = "00000000-0000-0000-0000-000000000000"
}
provider "azurerm" {
  alias   = "second"
  version = "~> 4.55"
}
`,
    );
    expect(checkProviderBlocks(dir, schemasFor)).toEqual([
      'bad/main.tf: provider.azurerm.features: no argument or block "key_vaults" (hashicorp/azurerm 4.55.0)',
      'bad/main.tf: provider.azurerm: no argument or block "subscription" (hashicorp/azurerm 4.55.0)',
      'bad/main.tf: provider.azurerm.second: version inside a provider block is deprecated; constrain the version in required_providers',
      'bad/main.tf: provider.azurerm.second: a block "features" is required (hashicorp/azurerm 4.55.0)',
    ]);
  });

  it('finds a nested argument the aws provider’s default_tags block does not have', async () => {
    const dir = await fixture(
      `${pin('hashicorp/aws', '5.81.0').replace(
        'azurerm =',
        'aws =',
      )}provider "aws" {
  region = "eu-west-1"
  default_tags {
    tag = { team = "orders" }
  }
}
`,
    );
    expect(checkProviderBlocks(dir, schemasFor)).toEqual([
      'bad/main.tf: provider.aws.default_tags: no argument or block "tag" (hashicorp/aws 5.81.0)',
    ]);
  });

  it('finds a resource type the lowest version a pin allows does not have (Flex Consumption apps arrived after 4.10)', async () => {
    const dir = await fixture(
      `${pin(
        'hashicorp/azurerm',
        '4.10.0',
      )}resource "azurerm_function_app_flex_consumption" "f" {}\n`,
    );
    expect(checkProviderSchemas(dir, schemasFor)).toEqual([
      'bad/main.tf: azurerm_function_app_flex_consumption.f: hashicorp/azurerm 4.10.0 has no resource type azurerm_function_app_flex_consumption',
    ]);
  });

  const leaf = (attributes: Record<string, boolean>): BlockSchema => ({
    attributes,
    blocks: {},
  });
  const fake: ProviderSchema = {
    source: 'example/x',
    version: '1.2.0',
    from: 'test',
    resources: {
      x_thing: {
        attributes: { name: true, weight: false, id: false },
        blocks: {
          rule: { required: true, block: leaf({ port: true }) },
          tag: { required: false, block: leaf({ key: true }) },
        },
      },
    },
    dataSources: {},
  };
  const only = () => [fake];
  const xPin =
    'terraform {\n  required_providers {\n    x = {\n      source  = "example/x"\n      version = "~> 1.2"\n    }\n  }\n}\n';

  it('finds missing required arguments and blocks, unknown nested arguments, dynamic blocks of no such type and ignore_changes entries that name nothing', async () => {
    const dir = await fixture(
      `${xPin}resource "x_thing" "a" {
  tag {
    value = "v"
  }
  dynamic "label" {
    for_each = []
    content {}
  }
  lifecycle {
    ignore_changes = [weight, enabled]
  }
}
data "x_other" "b" {}
`,
    );
    expect(checkProviderSchemas(dir, only)).toEqual([
      'bad/main.tf: x_thing.a: no block type "label" for dynamic (example/x 1.2.0)',
      'bad/main.tf: x_thing.a.tag: no argument or block "value" (example/x 1.2.0)',
      'bad/main.tf: x_thing.a.tag: the argument "key" is required (example/x 1.2.0)',
      'bad/main.tf: x_thing.a: the argument "name" is required (example/x 1.2.0)',
      'bad/main.tf: x_thing.a: a block "rule" is required (example/x 1.2.0)',
      'bad/main.tf: x_thing.a: ignore_changes names "enabled", which is no argument or block (example/x 1.2.0)',
      'bad/main.tf: data.x_other.b: example/x 1.2.0 has no data source x_other',
    ]);
  });

  it('finds a deprecated argument, by the provider’s rename convention and by the next major release', async () => {
    const now: ProviderSchema = {
      ...fake,
      source: 'hashicorp/x',
      resources: {
        x_thing: leaf({
          name: true,
          enable_https: false,
          https_enabled: false,
          legacy: false,
        }),
      },
    };
    now.provider = leaf({ old_endpoint: false, endpoint: false });
    const next: ProviderSchema = {
      ...now,
      version: '2.0.0',
      resources: {
        x_thing: leaf({ name: true, https_enabled: false }),
      },
      provider: leaf({ endpoint: false }),
    };
    const dir = await fixture(
      `${xPin.replace('example/x', 'hashicorp/x')}resource "x_thing" "a" {
  name         = "a"
  enable_https = true
  legacy       = "y"
}
provider "x" {
  alias        = "a"
  old_endpoint = "https://x.example"
}
`,
    );
    expect(
      checkDeprecatedArguments(
        dir,
        () => now,
        () => next,
      ),
    ).toEqual([
      'bad/main.tf: x_thing.a.enable_https is deprecated in hashicorp/x 1.2.0; use https_enabled',
      'bad/main.tf: x_thing.a.enable_https is gone in hashicorp/x 2.0.0, so it is deprecated in 1.2.0',
      'bad/main.tf: x_thing.a.legacy is gone in hashicorp/x 2.0.0, so it is deprecated in 1.2.0',
      'bad/main.tf: provider.x.old_endpoint is gone in hashicorp/x 2.0.0, so it is deprecated in 1.2.0',
    ]);
  });

  it('reads the real schema: required arguments and nested blocks of aws_lambda_function', () => {
    const lambda = providerSchema('hashicorp/aws', '5.81.0').resources
      .aws_lambda_function;
    expect(lambda.attributes).toMatchObject({
      function_name: true,
      role: true,
      handler: false,
    });
    expect(lambda.blocks.environment.block.attributes).toEqual({
      variables: false,
    });
  });

  it('reads the real provider blocks: aws’s region and default_tags, azurerm’s required features', () => {
    const aws = providerSchema('hashicorp/aws', '5.81.0').provider!;
    expect(aws.attributes).toMatchObject({ region: false });
    expect(aws.attributes).not.toHaveProperty('alias');
    expect(aws.blocks.default_tags.block.attributes).toEqual({ tags: false });
    const azurerm = providerSchema('hashicorp/azurerm', '4.55.0').provider!;
    expect(azurerm.attributes).toMatchObject({
      use_oidc: false,
      subscription_id: false,
    });
    expect(azurerm.blocks.features.required).toBe(true);
  });
});

describe('the DR drain', () => {
  it('is never hidden by ignore_changes in global-routing', async () => {
    const { dirs } = await checkTerraform(repoRoot, [
      'terraform-modules/global-routing',
    ]);
    const module = dirs.find(
      d => d.path === 'terraform-modules/global-routing',
    )!;
    expect(checkIgnoredInputs(module, 'drain')).toEqual([]);
  });

  it('finds an argument set from the variable that ignore_changes hides', async () => {
    const dir = await fixture(
      'resource "x_endpoint" "e" {\n  enabled = var.drain != "aws"\n  weight  = var.weight\n  lifecycle {\n    ignore_changes = [weight, enabled]\n  }\n}\n',
    );
    expect(checkIgnoredInputs(dir, 'drain')).toEqual([
      'bad/main.tf: x_endpoint.e: ignore_changes hides enabled, so var.drain has no effect after the first apply',
    ]);
  });
});
