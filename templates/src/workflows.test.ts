import { validateWorkflow } from '@action-validator/core';
import { parseTerraform } from '@multicloud/terraform-modules';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parse } from 'yaml';
import {
  EXAMPLE_VALUES,
  PACKAGE_DIR,
  renderTemplate,
  type Rendered,
} from './__testUtils__/renderTemplate';
import { ACTION_INPUTS } from './__testUtils__/actionInputs';
import { TerraformModule } from './__testUtils__/terraformValues';

interface Step {
  uses?: string;
  run?: string;
  with?: Record<string, unknown>;
}
interface Job {
  environment?: string;
  permissions?: Record<string, string>;
  needs?: string | string[];
  env?: Record<string, string>;
  steps: Step[];
}

const LOGINS = ['aws-actions/configure-aws-credentials', 'azure/login'];
const logsIn = (job: Job) =>
  job.steps.some(s => LOGINS.some(a => s.uses?.startsWith(`${a}@`)));
const modulesDir = resolve(PACKAGE_DIR, '..', 'terraform-modules');

// A name other than the repository's or the example's, so names that do not come from the
// service's name show.
const SERVICE = 'payments-eu';

describe('the rendered workflows', () => {
  let rendered: Rendered;
  const workflow = (name: string) =>
    parse(rendered.files.get(`.github/workflows/${name}.yml`)!) as {
      permissions: Record<string, string>;
      env?: Record<string, string>;
      jobs: Record<string, Job>;
    };
  beforeAll(async () => {
    rendered = await renderTemplate({ ...EXAMPLE_VALUES, name: SERVICE });
  }, 120_000);

  it('validate against the GitHub Actions workflow schema', () => {
    for (const name of ['ci', 'deploy', 'dr-drill']) {
      const text = rendered.files.get(`.github/workflows/${name}.yml`)!;
      expect({ name, errors: validateWorkflow(text).errors }).toEqual({
        name,
        errors: [],
      });
    }
  });

  const WORKFLOWS = ['ci', 'deploy', 'dr-drill'];
  const allSteps = () =>
    WORKFLOWS.flatMap(name =>
      Object.entries(workflow(name).jobs).flatMap(([job, j]) =>
        j.steps.map(step => ({ workflow: name, job, step })),
      ),
    );

  it('use only actions whose inputs are known, and pass only inputs their action.yml declares', () => {
    const used = allSteps().filter(({ step }) => step.uses);
    expect(used.length).toBeGreaterThan(0);
    const unknown = used.flatMap(({ workflow: w, job, step }) => {
      const declared = ACTION_INPUTS[step.uses!];
      if (!declared) return [`${w}/${job}: ${step.uses} has no known inputs`];
      return Object.keys(step.with ?? {})
        .filter(input => !declared.includes(input))
        .map(input => `${w}/${job}: ${step.uses} has no input ${input}`);
    });
    expect(unknown).toEqual([]);
  });

  it('upload hidden files (the Terraform lock file) only with include-hidden-files, which upload-artifact v4.4+ needs for them', () => {
    const uploads = allSteps().filter(({ step }) =>
      step.uses?.startsWith('actions/upload-artifact@'),
    );
    const hidden = uploads.filter(({ step }) =>
      String(step.with?.path ?? '')
        .split('\n')
        .some(path => path.split('/').some(part => part.startsWith('.'))),
    );
    // Every plan job hands on its root's .terraform.lock.hcl with the plan.
    expect(hidden.map(({ job }) => job).sort()).toEqual([
      'plan-aws',
      'plan-azure',
      'plan-global',
    ]);
    for (const { job, step } of hidden)
      expect({ job, include: step.with?.['include-hidden-files'] }).toEqual({
        job,
        include: true,
      });
  });

  it('read only the repository variables the README tells the team to set', () => {
    const readme = rendered.files.get('README.md')!;
    const deploy = readme.slice(readme.indexOf('## Deploy'));
    const documented = new Set(
      [...deploy.matchAll(/`([A-Z][A-Z0-9_]+)`/g)].map(m => m[1]),
    );
    const read = new Set(
      WORKFLOWS.flatMap(name => [
        ...rendered.files
          .get(`.github/workflows/${name}.yml`)!
          .matchAll(/\bvars\.([A-Z][A-Z0-9_]*)/g),
      ]).map(m => m[1]),
    );
    expect(read.size).toBeGreaterThan(5);
    expect([...read].filter(name => !documented.has(name))).toEqual([]);
  });

  it('give the DR drill its endpoints from outputs infra/global declares', () => {
    const drill = rendered.files.get('.github/workflows/dr-drill.yml')!;
    const outputs = [...drill.matchAll(/terraform output -raw ([a-z_]+)/g)].map(
      m => m[1],
    );
    expect(outputs.sort()).toEqual(['aws_url', 'azure_url', 'global_url']);
    const declared = [
      ...rendered.files
        .get('infra/global/outputs.tf')!
        .matchAll(/^output "([a-z_]+)"/gm),
    ].map(m => m[1]);
    expect(declared).toEqual(expect.arrayContaining(outputs));
  });

  it('grant id-token: write only to the jobs that log in, each in a GitHub environment (its OIDC subject)', () => {
    for (const name of ['ci', 'deploy', 'dr-drill']) {
      const { permissions, jobs } = workflow(name);
      expect(permissions).toEqual({ contents: 'read' });
      for (const [id, job] of Object.entries(jobs)) {
        const login = logsIn(job);
        expect({
          workflow: name,
          job: id,
          token: job.permissions?.['id-token'],
          inEnvironment: ['plan', 'production'].includes(job.environment ?? ''),
        }).toEqual({
          workflow: name,
          job: id,
          token: login ? 'write' : undefined,
          inEnvironment: login,
        });
      }
    }
  });

  it('log in only from environments whose subjects ci-identity trusts, each with that environment’s identity', async () => {
    const file = join(modulesDir, 'ci-identity', 'variables.tf');
    const { variable } = await parseTerraform(file, readFileSync(file, 'utf8'));
    const plan: string = variable.plan_environment[0].default;
    const deploy: Record<string, string[]> = {
      'aws-actions/configure-aws-credentials':
        variable.aws_environments[0].default,
      'azure/login': variable.azure_environments[0].default,
    };
    // The repository variable of each identity (ci-identity's outputs): the plan environment's
    // jobs read and change nothing, the deploy environments' jobs apply.
    const identity = (action: string, environment: string) => {
      const aws = action === 'aws-actions/configure-aws-credentials';
      if (environment === plan)
        return aws ? 'AWS_PLAN_ROLE_ARN' : 'AZURE_PLAN_CLIENT_ID';
      if (deploy[action].includes(environment))
        return aws ? 'AWS_DEPLOY_ROLE_ARN' : 'AZURE_CLIENT_ID';
      return 'not trusted';
    };
    const logins = ['deploy', 'dr-drill'].flatMap(name =>
      Object.entries(workflow(name).jobs).flatMap(([id, job]) =>
        job.steps
          .map(step => ({ step, action: step.uses?.split('@')[0] ?? '' }))
          .filter(({ action }) => action in deploy)
          .map(({ step, action }) => {
            const given = String(
              step.with?.['role-to-assume'] ?? step.with?.['client-id'],
            );
            return {
              job: id,
              action,
              identity: /vars\.([A-Z_]+)/.exec(given)?.[1],
              // Terraform's azurerm provider logs in with ARM_CLIENT_ID, not azure/login's.
              armClientId: /vars\.([A-Z_]+)/.exec(
                String(job.env?.ARM_CLIENT_ID ?? ''),
              )?.[1],
              environment: job.environment ?? '',
            };
          }),
      ),
    );
    expect(logins.length).toBeGreaterThan(0);
    expect(logins.filter(l => l.environment === plan).length).toBeGreaterThan(
      2,
    );
    expect(
      logins
        .map(l => ({ ...l, expected: identity(l.action, l.environment) }))
        .filter(
          l =>
            l.identity !== l.expected ||
            (l.action === 'azure/login' &&
              l.armClientId !== undefined &&
              l.armClientId !== l.expected),
        ),
    ).toEqual([]);
  });

  it('apply only a plan saved by a plan job, in the protected production environment', () => {
    const { jobs } = workflow('deploy');
    const applies = Object.entries(jobs).filter(([, j]) =>
      j.steps.some(s => /terraform apply/.test(s.run ?? '')),
    );
    expect(applies.map(([id]) => id).sort()).toEqual([
      'apply-aws',
      'apply-azure',
      'apply-global',
    ]);
    for (const [id, job] of applies) {
      const root = id.replace('apply-', '');
      const plan = jobs[`plan-${root}`];
      expect({ id, environment: job.environment }).toEqual({
        id,
        environment: 'production',
      });
      expect(job.needs).toContain(`plan-${root}`);
      const apply = job.steps.find(s => /terraform apply/.test(s.run ?? ''))!;
      expect(apply.run).toMatch(/terraform apply -input=false tfplan\s*$/);
      expect(apply.run).not.toMatch(/auto-approve/);
      expect(plan.environment).toBe('plan');
      expect(
        plan.steps.some(s => /plan -input=false -out=tfplan/.test(s.run ?? '')),
      ).toBe(true);
      const upload = plan.steps.find(s =>
        s.uses?.startsWith('actions/upload-artifact@'),
      )!;
      const download = job.steps.find(
        s =>
          s.uses?.startsWith('actions/download-artifact@') &&
          s.with?.name === upload.with?.name,
      );
      expect(String(upload.with?.path)).toContain(`infra/${root}/tfplan`);
      expect(download).toBeDefined();
    }
  });

  it('deploys the Function App package to the app azure-service names for the service, after logging in', async () => {
    const { env, jobs } = workflow('deploy');
    const job = jobs['apply-azure'];
    const steps = job.steps.map(s => s.uses?.split('@')[0] ?? s.run);
    const deploy = job.steps.find(s =>
      s.uses?.startsWith('azure/functions-action@'),
    )!;
    expect(steps.indexOf('azure/login')).toBeLessThan(
      steps.indexOf('azure/functions-action'),
    );
    expect(deploy.with).toMatchObject({
      package: 'dist/azure',
      sku: 'flexconsumption',
    });
    const azure = await TerraformModule.load(
      join(modulesDir, 'azure-service'),
      {
        service_name: SERVICE,
      },
    );
    const appName = String(deploy.with!['app-name']).replace(
      '${{ env.SERVICE_NAME }}',
      env!.SERVICE_NAME,
    );
    expect(appName).toBe(
      azure.evaluate(
        azure.block(
          'resource',
          'azurerm_function_app_flex_consumption',
          'service',
        ).name,
      ),
    );
  });

  it("reads from each cloud's state only outputs that cloud's root declares", async () => {
    const outputsOf = async (root: string) =>
      Object.keys(
        (
          await parseTerraform(
            `${root}/outputs.tf`,
            rendered.files.get(`${root}/outputs.tf`)!,
          )
        ).output ?? {},
      );
    // infra/global names each remote state's outputs local.aws / local.azure.
    const global = ['main.tf', 'outputs.tf']
      .map(f => rendered.files.get(`infra/global/${f}`)!)
      .join('\n');
    for (const side of ['aws', 'azure']) {
      const declared = await outputsOf(`infra/${side}`);
      const read = [
        ...global.matchAll(
          new RegExp(`\\blocal\\.${side}\\.([a-z0-9_]+)`, 'g'),
        ),
      ].map(m => m[1]);
      expect(read.length).toBeGreaterThan(0);
      expect({
        side,
        missing: read.filter(o => !declared.includes(o)),
      }).toEqual({ side, missing: [] });
    }
  });

  it("points Azure at AWS's inbound queue by the name aws-service gives it for the service", async () => {
    const aws = await TerraformModule.load(join(modulesDir, 'aws-service'), {
      service_name: SERVICE,
    });
    const queue = aws.evaluate(
      aws.block('resource', 'aws_sqs_queue', 'inbound').name,
    );
    // infra/azure builds the URL from the account the workflow passes and the service's name.
    const dir = mkdtempSync(join(tmpdir(), 'infra-azure-'));
    writeFileSync(
      join(dir, 'main.tf'),
      rendered.files.get('infra/azure/main.tf')!,
    );
    const root = await TerraformModule.load(dir, {
      service_name: SERVICE,
      peer_sqs_region: 'eu-west-1',
      aws_account_id: '123456789012',
    });
    rmSync(dir, { recursive: true, force: true });
    expect(root.evaluate(root.module('service').peer_sqs_queue_url)).toBe(
      `https://sqs.eu-west-1.amazonaws.com/123456789012/${queue}`,
    );
    expect(queue).toContain(SERVICE);
    const { jobs } = workflow('deploy');
    expect(jobs['plan-azure'].env).toMatchObject({
      TF_VAR_aws_account_id: '${{ vars.AWS_ACCOUNT_ID }}',
    });
  });
});
