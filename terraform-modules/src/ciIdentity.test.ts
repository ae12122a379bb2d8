/**
 * The AWS deploy policy ci-identity writes out against what the service's Terraform creates: a
 * missing service or PassRole shows only as AccessDenied in a real apply (docs/terraform.md), so
 * this catches the coarse half offline: every AWS resource type gets actions of its IAM service,
 * and every role the modules hand to an AWS service may be passed to that service.
 */
import { resolve } from 'node:path';
import { checkTerraform, type TerraformDir } from './checks';

const repoRoot = resolve(
  require.resolve('@multicloud/terraform-modules/package.json'),
  '../..',
);

/** The IAM service prefix of each AWS resource type the deployed service's Terraform creates. */
const IAM_SERVICE: Record<string, string> = {
  aws_acm_certificate: 'acm',
  aws_acm_certificate_validation: 'acm',
  aws_apigatewayv2_api: 'apigateway',
  aws_apigatewayv2_api_mapping: 'apigateway',
  aws_apigatewayv2_domain_name: 'apigateway',
  aws_apigatewayv2_integration: 'apigateway',
  aws_apigatewayv2_route: 'apigateway',
  aws_apigatewayv2_stage: 'apigateway',
  aws_cloudwatch_log_group: 'logs',
  aws_cloudwatch_log_subscription_filter: 'logs',
  aws_cloudwatch_metric_alarm: 'cloudwatch',
  aws_dynamodb_table: 'dynamodb',
  aws_iam_openid_connect_provider: 'iam',
  aws_iam_role: 'iam',
  aws_iam_role_policy: 'iam',
  aws_lambda_event_source_mapping: 'lambda',
  aws_lambda_function: 'lambda',
  aws_lambda_permission: 'lambda',
  aws_route53_health_check: 'route53',
  aws_route53_record: 'route53',
  aws_scheduler_schedule: 'scheduler',
  aws_secretsmanager_secret: 'secretsmanager',
  aws_secretsmanager_secret_version: 'secretsmanager',
  aws_sqs_queue: 'sqs',
};

/** The folders deploy.yml applies with the deploy role: the roots and the modules they call. */
const DEPLOYED = [
  'terraform-modules/aws-service',
  'terraform-modules/global-routing',
  'terraform-modules/acm-certificate',
  'templates/multicloud-service/skeleton/infra/aws',
  'templates/multicloud-service/skeleton/infra/global',
];

const resources = (dirs: TerraformDir[]) =>
  dirs.flatMap(d =>
    d.files.flatMap(f =>
      Object.entries<any>(f.json.resource ?? {}).flatMap(([type, named]) =>
        Object.values<any[]>(named).map(([body]) => ({ type, body })),
      ),
    ),
  );

describe('ci-identity’s AWS deploy policy', () => {
  let policy: string;
  let deployed: TerraformDir[];
  beforeAll(async () => {
    const { dirs } = await checkTerraform(repoRoot, [
      'terraform-modules',
      'templates/multicloud-service/skeleton/infra',
    ]);
    policy = dirs
      .find(d => d.path === 'terraform-modules/ci-identity')!
      .files.find(f => f.name.endsWith('policies.tf'))!.text;
    deployed = dirs.filter(d => DEPLOYED.includes(d.path));
  });

  it('reads every folder deploy.yml applies with the deploy role', () => {
    expect(deployed.map(d => d.path).sort()).toEqual([...DEPLOYED].sort());
  });

  const actions = () =>
    new Set([...policy.matchAll(/"([a-z0-9-]+:[A-Za-z*]+)"/g)].map(m => m[1]));

  it('grants actions of the IAM service of every AWS resource type the service creates', () => {
    const granted = new Set([...actions()].map(a => a.split(':')[0]));
    const types = [
      ...new Set(
        resources(deployed)
          .map(r => r.type)
          .filter(t => t.startsWith('aws_')),
      ),
    ];
    expect(types).toContain('aws_scheduler_schedule');
    expect(
      types
        .map(type => ({ type, service: IAM_SERVICE[type] ?? 'unmapped' }))
        .filter(({ service }) => !granted.has(service)),
    ).toEqual([]);
  });

  // Lambda tags functions and event source mappings alike; the AWS provider lists a mapping's
  // tags at every refresh (5.70 and later), so a statement that creates either kind must also
  // list and set its tags.
  it('lets the deploy role read and set the tags of every Lambda resource it creates', () => {
    const statements = policy.split(/\bSid\s*=/).slice(1);
    const creating = statements.filter(st =>
      /"lambda:Create[A-Za-z]+"/.test(st),
    );
    expect(creating.length).toBe(2);
    for (const st of creating) {
      const sid = /^\s*"([^"]+)"/.exec(st)![1];
      expect({
        sid,
        listTags: st.includes('"lambda:ListTags"'),
        tagResource: st.includes('"lambda:TagResource"'),
      }).toEqual({ sid, listTags: true, tagResource: true });
    }
  });

  it('may pass each role the modules give to an AWS service to exactly that service', () => {
    const passedTo = [
      ...policy.matchAll(/"iam:PassedToService"\s*=\s*"([a-z.]+)"/g),
    ].map(m => m[1]);
    const services = [
      ...new Set(
        resources(deployed)
          .filter(r => r.type === 'aws_iam_role')
          .flatMap(r =>
            [
              ...JSON.stringify(r.body.assume_role_policy).matchAll(
                /Service\s*=\s*\\?"([a-z.]+\.amazonaws\.com)/g,
              ),
            ].map(m => m[1]),
          ),
      ),
    ].sort();
    expect(services).toEqual([
      'lambda.amazonaws.com',
      'scheduler.amazonaws.com',
    ]);
    expect(services.filter(s => !passedTo.includes(s))).toEqual([]);
  });
  // The Read of azurerm_function_app_flex_consumption (azurerm 4.x) calls, besides the site
  // itself: app settings, connection strings and publishing credentials (config/*/list),
  // slot config names (config read), and the SCM basic-auth policy; a refresh that is refused
  // any of them fails every plan after the first apply.
  it('lets the Azure deploy role read everything a refresh of the Flex Consumption app reads', () => {
    const block = policy.slice(policy.indexOf('azure_deploy_actions'));
    const explicit = [...block.matchAll(/^\s*"(Microsoft\.[^"]+)",?$/gm)].map(
      m => m[1],
    );
    const perType = [
      ...block.matchAll(/^\s*"(Microsoft\.[A-Za-z./]+)",?$/gm),
    ].flatMap(m => ['read', 'write', 'delete'].map(v => `${m[1]}/${v}`));
    const granted = new Set(
      [...explicit, ...perType].map(a => a.toLowerCase()),
    );
    const needed = [
      'Microsoft.Web/sites/read',
      'Microsoft.Web/sites/config/read',
      'Microsoft.Web/sites/config/list/action',
      'Microsoft.Web/sites/basicPublishingCredentialsPolicies/read',
      'Microsoft.Web/sites/publish/Action',
    ];
    expect(needed.filter(a => !granted.has(a.toLowerCase()))).toEqual([]);
  });

  // The plan identities are the deploy permissions' reads, filtered by a pattern Terraform
  // evaluates (`can(regex(...))`, RE2; the same as JavaScript's for these patterns): these check
  // the patterns themselves, against every action the deploy permissions name.
  it('gives the AWS plan role every read of the deploy policy and nothing that changes a resource', () => {
    const pattern = /aws_read_action\s*=\s*"([^"]+)"/.exec(policy)![1];
    const read = new RegExp(pattern);
    const all = [...actions()];
    const kept = all.filter(a => read.test(a));
    const verb = (a: string) => a.split(':')[1];
    expect(
      kept.filter(a => !/^(Get|List|Describe|GET$)/.test(verb(a))),
    ).toEqual([]);
    expect(
      all.filter(a => /^(Get|List|Describe)/.test(verb(a)) && !read.test(a)),
    ).toEqual([]);
    expect(kept).toEqual(
      expect.arrayContaining([
        'dynamodb:DescribeTable',
        'lambda:GetFunction',
        'secretsmanager:GetSecretValue',
        'apigateway:GET',
      ]),
    );
    expect(kept).not.toContain('apigateway:POST');
    // The state: read every object of the service, write only the lock files.
    const lock = /Sid\s*=\s*"StateLock"[\s\S]*?Resource\s*=\s*\[[^\]]*\]/.exec(
      policy,
    )![0];
    expect(lock).toMatch(/\*\.tflock"/);
    expect(lock).toContain('"s3:PutObject"');
  });

  it('gives the Azure plan role the deploy role’s reads and the key and settings lists a refresh makes, nothing that writes', () => {
    const pattern = /can\(regex\("\(\?i\)([^"]+)", a\)\)/.exec(policy)![1];
    const read = new RegExp(pattern.replace(/\\\\/g, '\\'), 'i');
    const block = policy.slice(
      policy.indexOf('azure_deploy_actions'),
      policy.indexOf('azure_plan_actions'),
    );
    const explicit = [...block.matchAll(/^\s*"(Microsoft\.[^"]+)",?$/gm)].map(
      m => m[1],
    );
    const perType = [
      ...block.matchAll(/^\s*"(Microsoft\.[A-Za-z./]+)",?$/gm),
    ].flatMap(m => ['read', 'write', 'delete'].map(v => `${m[1]}/${v}`));
    const all = [...new Set([...explicit, ...perType])];
    const kept = all.filter(a => read.test(a));
    expect(
      kept.filter(a =>
        /\/(write|delete)$|assign\/action$|publish\/action$/i.test(a),
      ),
    ).toEqual([]);
    expect(kept).toEqual(
      expect.arrayContaining([
        'Microsoft.Web/sites/read',
        'Microsoft.Web/sites/config/list/action',
        'Microsoft.Storage/storageAccounts/listKeys/action',
        'Microsoft.Authorization/roleAssignments/read',
      ]),
    );
    expect(kept).not.toContain('Microsoft.Web/sites/publish/Action');
  });
});
