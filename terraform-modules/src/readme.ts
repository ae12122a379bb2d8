import type { TerraformDir } from './checks';

const DESCRIPTIONS: Record<string, string> = {
  'aws-service':
    'The AWS side of an active-active service: Lambda functions (API, stream relay, inbound apply), API Gateway HTTP API, DynamoDB with Streams (no secondary index), the SQS inbound queue with its dead-letter queue, the stream relay’s on-failure queue, least-privilege IAM (no wildcard actions), the cross-cloud credential in Secrets Manager, CloudWatch alarms (error rate, latency, replication lag, dead letters); optional customer-managed KMS key and log forwarding to a central destination.',
  'azure-service':
    'The Azure side of an active-active service: Function App on Flex Consumption with a user-assigned managed identity, Cosmos DB (items and the change feed lease container, data-plane RBAC), Service Bus namespace and inbound queue with dead-lettering, the relay’s parking container, Key Vault for the cross-cloud credential, Application Insights and alerts; optional customer-managed key and diagnostic settings to a central workspace.',
  'global-routing':
    'Global routing across both clouds: Route53 weighted records with health checks, or a weighted Traffic Manager profile, or Front Door. Weights are ignored as drift (`lifecycle.ignore_changes`) so a failover from the portal is not undone by the next apply; `drain` takes a cloud out for a DR drill by inverting its health check.',
  edge: 'The optional global edge (phase 5 of the guide): CloudFront with AWS WAF (rate limit and managed rules) in front of both origins with an origin-group failover, or a Cloudflare load balancer with health monitors.',
  'ci-identity':
    'Deploy identities for GitHub Actions with OIDC and no stored keys: the GitHub OIDC provider and a deploy role only the repository’s deploy branch can assume on AWS; an Entra ID application with a federated credential for the same repository and branch on Azure.',
  'network-aws':
    'The optional AWS network (phase 2): a VPC with private subnets, a security group for the functions, and VPC endpoints for DynamoDB, SQS, Secrets Manager and CloudWatch Logs.',
  'network-azure':
    'The optional Azure network (phase 2): a VNet with a delegated subnet for the Function App’s VNet integration and a subnet for private endpoints.',
};

const cell = (v: unknown) =>
  String(v ?? '')
    .replace(/\$\{(.*)\}/s, '$1')
    .replace(/\|/g, '\\|')
    .replace(/\n\s*/g, ' ');

/** A module's README: what it does, its inputs and outputs (from the code), an example call. */
export function moduleReadme(
  name: string,
  module: TerraformDir,
  example: string,
): string {
  const variables = module.files.flatMap(f =>
    Object.entries<any>(f.json.variable ?? {}).map(([n, [body]]) => ({
      name: n,
      body,
    })),
  );
  const outputs = module.files.flatMap(f =>
    Object.entries<any>(f.json.output ?? {}).map(([n, [body]]) => ({
      name: n,
      body,
    })),
  );
  const inputs = variables
    .map(
      v =>
        `| \`${v.name}\` | \`${cell(v.body.type)}\` | ${
          'default' in v.body
            ? `\`${cell(JSON.stringify(v.body.default))}\``
            : '**required**'
        } | ${cell(v.body.description)} |`,
    )
    .join('\n');
  const outs = outputs
    .map(
      o =>
        `| \`${o.name}\` | ${cell(o.body.description)}${
          o.body.sensitive ? ' (sensitive)' : ''
        } |`,
    )
    .join('\n');
  return `# ${name}

${DESCRIPTIONS[name] ?? ''}

Generated from the module's code by \`yarn workspace @multicloud/terraform-modules readme\`; a test
keeps it in step.

## Inputs

| name | type | default | description |
| --- | --- | --- | --- |
${inputs}

## Outputs

| name | description |
| --- | --- |
${outs}

## Example

\`\`\`hcl
${example.trim()}
\`\`\`
`;
}
