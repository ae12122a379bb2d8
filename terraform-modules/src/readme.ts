import type { TerraformDir } from './checks';

const DESCRIPTIONS: Record<string, string> = {
  'aws-service':
    "The AWS side of an active-active service: Lambda functions (API, stream relay, inbound apply), API Gateway HTTP API, DynamoDB with Streams (no secondary index), the SQS inbound queue (visibility six times the function timeout) with its dead-letter queue, the stream relay’s on-failure queue, least-privilege IAM (no wildcard actions), the relay's federated identity into Azure (sts:GetWebIdentityToken; the secret holds only the Entra tenant and client id), CloudWatch alarms (error rate, latency, replication lag, dead letters); optional customer-managed KMS key and log forwarding to a central destination.",
  'azure-service':
    "The Azure side of an active-active service: Function App on Flex Consumption serving at the root with a user-assigned managed identity (host storage through the identity), Cosmos DB (items, the change feed lease container and the relay’s parking container, data-plane RBAC), Service Bus namespace (local auth off) and inbound queue with dead-lettering, a federated identity AWS's relay sends as (no key), Application Insights and alerts; optional customer-managed key and diagnostic settings to a central workspace.",
  'global-routing':
    "Global routing across both clouds under the service's own name over HTTPS: Route53 weighted records with health checks, or a weighted Traffic Manager profile, or Front Door (latency sensitivity at its 1000 ms maximum so weights apply). On AWS an ACM certificate and an API Gateway custom domain; on Azure a host name binding with an App Service managed certificate, or Front Door's managed certificate. Weights are ignored as drift so a portal failover is not undone by the next apply; `drain` takes a cloud out for a DR drill (inverted health check on Route53, a disabled endpoint or origin on Traffic Manager and Front Door).",
  edge: "The optional global edge (phase 5 of the guide): CloudFront with AWS WAF (rate limit and managed rules) in front of both origins with an origin-group failover, taking writes and passing query strings, under the service's own name with an ACM certificate; or a Cloudflare load balancer with health monitors.",
  'ci-identity':
    "Identities for GitHub Actions with OIDC and no stored keys, trusting the token subject of each GitHub environment the jobs declare (`repo:<owner>/<repo>:environment:<name>`). The deploy identities, for the reviewed production jobs: on AWS the GitHub OIDC provider and a deploy role with a least-privilege policy written out for plan and apply of these modules (state keys, resources named after the service); on Azure an Entra ID application with one federated credential per environment, a custom role with the control-plane actions the modules need, role assignments limited by a condition to the roles the modules assign, and blob access to the state container only. The plan identities, for the plan jobs that run on every push before anyone reviews them (a plan runs the providers and data sources it plans): the same permissions' reads only, the state read-only (on AWS its lock files writable), so nothing a push brings can change a resource.",
  'network-aws':
    'The optional AWS network (phase 2): a VPC with private subnets, a security group for the functions, and VPC endpoints for DynamoDB, SQS, Secrets Manager and CloudWatch Logs.',
  'acm-certificate':
    "An ACM certificate for one name validated by DNS in a Route53 zone (the certificate, its validation records, the wait for issue), in the region of the caller's aws provider; what global-routing (API Gateway's custom domain) and edge (CloudFront, from us-east-1) serve under the service's name.",
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
