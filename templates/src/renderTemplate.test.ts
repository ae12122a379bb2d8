import { validateWorkflow } from '@action-validator/core';
import SwaggerParser from '@apidevtools/swagger-parser';
import {
  apiEntityV1alpha1Validator,
  componentEntityV1alpha1Validator,
  DefaultNamespaceEntityPolicy,
  EntityPolicies,
  FieldFormatEntityPolicy,
  NoForeignRootFieldsEntityPolicy,
  SchemaValidEntityPolicy,
  type Entity,
} from '@backstage/catalog-model';
import { parseTerraform } from '@multicloud/terraform-modules';
import { execFile } from 'node:child_process';
import {
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
} from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { promisify } from 'node:util';
import { parse, parseAllDocuments } from 'yaml';
import {
  PACKAGE_DIR,
  renderTemplate,
  type Rendered,
  writeRendered,
} from './__testUtils__/renderTemplate';

const run = promisify(execFile);
const repoRoot = resolve(PACKAGE_DIR, '..');

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap(entry => {
    // What installing or building the example adds is not part of what was rendered.
    if (entry === 'node_modules' || entry === 'dist') return [];
    const path = join(dir, entry);
    return statSync(path).isDirectory() ? filesUnder(path) : [path];
  });
}

describe('the multicloud-service template, rendered by the real scaffolder', () => {
  let rendered: Rendered;
  // Inside the repository, so the rendered service resolves @multicloud/runtime and its tools
  // from the workspace as it would from npm.
  let dir: string;

  beforeAll(async () => {
    rendered = await renderTemplate();
    mkdirSync(join(PACKAGE_DIR, '.render'), { recursive: true });
    dir = mkdtempSync(join(PACKAGE_DIR, '.render', 'orders-'));
    writeRendered(rendered, dir);
  }, 120_000);
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('publishes locally and registers the entity, in that order', () => {
    expect(rendered.steps.map(s => s.id)).toEqual([
      'validate',
      'fetch',
      'publish-local',
      'deploy-sandbox',
      'publish-github',
      'register-local',
      'register-github',
    ]);
    expect(rendered.log.join('\n')).toMatch(
      /would push to file:\/\/.*orders\.git/,
    );
  });

  it('renders a catalog-info.yaml the catalog accepts, with the multi-cloud annotations', async () => {
    const policy = EntityPolicies.allOf([
      new DefaultNamespaceEntityPolicy(),
      new FieldFormatEntityPolicy(),
      new NoForeignRootFieldsEntityPolicy(),
      new SchemaValidEntityPolicy(),
    ]);
    const docs = parseAllDocuments(
      rendered.files.get('catalog-info.yaml')!,
    ).map(d => d.toJSON() as Entity);
    const [component, api] = docs;
    expect(await policy.enforce(component)).toBeDefined();
    expect(await componentEntityV1alpha1Validator.check(component)).toBe(true);
    // The catalog replaces $text with the file it names before validating.
    expect(
      await apiEntityV1alpha1Validator.check({
        ...api,
        spec: { ...api.spec, definition: rendered.files.get('openapi.yaml') },
      }),
    ).toBe(true);
    expect(component.metadata.annotations).toMatchObject({
      'multicloud.io/service-id': 'orders',
      'multicloud.io/provider': 'sandbox',
      'multicloud.io/aws-region': 'eu-west-1',
      'multicloud.io/azure-region': 'westeurope',
      'multicloud.io/routing': 'route53',
      'backstage.io/techdocs-ref': 'dir:.',
    });
    expect(component.spec).toMatchObject({
      owner: 'group:default/team-orders',
    });
  });

  it('renders a valid OpenAPI 3 document', async () => {
    const api = await SwaggerParser.validate(
      parse(rendered.files.get('openapi.yaml')!),
    );
    expect(api.info.title).toBe('orders API');
  });

  it('renders workflows that validate against the GitHub Actions workflow schema', () => {
    const workflows = [...rendered.files.keys()].filter(p =>
      p.startsWith('.github/workflows/'),
    );
    expect(workflows.sort()).toEqual([
      '.github/workflows/ci.yml',
      '.github/workflows/deploy.yml',
      '.github/workflows/dr-drill.yml',
    ]);
    for (const path of workflows) {
      const text = rendered.files.get(path)!;
      expect({ path, errors: validateWorkflow(text).errors }).toEqual({
        path,
        errors: [],
      });
      // GitHub's own expressions survive the template engine.
      expect(text).toContain('${{ ');
    }
    // OIDC, no stored keys (the jobs' permissions: workflows.test.ts).
    expect(rendered.files.get('.github/workflows/deploy.yml')).not.toMatch(
      /aws-secret-access-key|AWS_SECRET_ACCESS_KEY|client-secret/,
    );
  });

  it('renders the weights file the portal’s GitOps change targets', () => {
    expect(
      JSON.parse(rendered.files.get('infra/global/weights.auto.tfvars.json')!),
    ).toEqual({ weights: { aws: 50, azure: 50 } });
  });

  it('has the global Terraform read the weights file a failover commits, so an apply keeps the failover', async () => {
    const weightsFile = JSON.parse(
      rendered.files.get('infra/global/weights.auto.tfvars.json')!,
    );
    const variables = await parseTerraform(
      'variables.tf',
      rendered.files.get('infra/global/variables.tf')!,
    );
    const main = await parseTerraform(
      'main.tf',
      rendered.files.get('infra/global/main.tf')!,
    );
    // Terraform loads `*.auto.tfvars.json` of the root module by itself ("Variable Definitions
    // (.tfvars) Files", developer.hashicorp.com/terraform/language/values/variables): the
    // variable has no default, so its value is the file's.
    const [weights] = variables.variable.weights;
    expect(weights.default).toBeUndefined();
    for (const cloud of Object.keys(weightsFile.weights))
      expect(weights.type).toMatch(new RegExp(`\\b${cloud}\\s*=\\s*number`));
    const routing = Object.values(main.module as Record<string, any[]>)
      .flat()
      .find(m => 'weights' in m);
    expect(routing?.weights).toBe('${var.weights}');
  });

  it('calls the Terraform modules of this release, by the tag of the repository’s version', async () => {
    const { version } = JSON.parse(
      readFileSync(join(repoRoot, 'package.json'), 'utf8'),
    );
    const sources: string[] = [];
    for (const root of ['aws', 'azure', 'global']) {
      const main = await parseTerraform(
        'main.tf',
        rendered.files.get(`infra/${root}/main.tf`)!,
      );
      for (const [call] of Object.values(main.module as Record<string, any[]>))
        sources.push(call.source);
    }
    expect(sources).toHaveLength(3);
    // One repository and one tag for every call, the tag of this version: a release that
    // changes the modules and not the tag would deploy the older modules.
    expect(
      sources.filter(
        s =>
          !new RegExp(
            `^git::https://[^?]+\\.git//terraform-modules/[a-z-]+\\?ref=v${version.replace(
              /\./g,
              '\\.',
            )}$`,
          ).test(s),
      ),
    ).toEqual([]);
    expect(
      new Set(sources.map(s => s.split('//terraform-modules/')[0])).size,
    ).toBe(1);
  });

  it('compiles, and its own contract tests pass through both entry points', async () => {
    const tsc = join(repoRoot, 'node_modules', '.bin', 'tsc');
    await expect(run(tsc, ['--noEmit', '-p', dir])).resolves.toBeDefined();
    const { stdout } = await run(
      process.execPath,
      ['--import', 'tsx', '--test', 'src/contract.test.ts'],
      { cwd: dir },
    );
    expect(stdout).toMatch(/# pass 8/);
    expect(stdout).toMatch(/# fail 0/);
  }, 120_000);

  it('is what examples/orders-service holds (refresh with `yarn workspace @multicloud/templates render-example`)', () => {
    const example = join(repoRoot, 'examples', 'orders-service');
    const committed = new Map(
      filesUnder(example).map(p => [relative(example, p), readFileSync(p)]),
    );
    expect([...committed.keys()].sort()).toEqual(
      [...rendered.bytes.keys()].sort(),
    );
    for (const [path, content] of rendered.bytes)
      expect({ path, same: committed.get(path)?.equals(content) }).toEqual({
        path,
        same: true,
      });
  });
});
