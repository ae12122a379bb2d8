import type { TerraformDir } from './checks';
import { evaluateValue, Unevaluable, type Scope } from './expressions';

/** A provider's rule for one resource type's name, with where it is written down. */
export interface NameRule {
  attribute: string;
  /** Problems with a name under this rule; none when it is valid. */
  check: (name: string) => string[];
  source: string;
}

const AZURE_NAMING_RULES =
  'Naming rules and restrictions for Azure resources, https://learn.microsoft.com/azure/azure-resource-manager/management/resource-name-rules';

/** A rule of a pattern and a length range. */
const rule = (
  pattern: RegExp,
  min: number,
  max: number,
  source: string,
  extra: (name: string) => string[] = () => [],
  attribute = 'name',
): NameRule => ({
  attribute,
  source,
  check: name => [
    ...(name.length < min || name.length > max
      ? [`is ${name.length} characters, outside ${min}-${max}`]
      : []),
    ...(pattern.test(name) ? [] : [`does not match ${pattern}`]),
    ...extra(name),
  ],
});

/** The name rules our modules' resource types must meet, each cited. */
export const NAME_RULES: Record<string, NameRule> = {
  // --- Azure --------------------------------------------------------------------------------
  azurerm_servicebus_namespace: rule(
    /^[a-zA-Z][-a-zA-Z0-9]{4,48}[a-zA-Z0-9]$/,
    6,
    50,
    'terraform-provider-azurerm internal/services/servicebus/validate/namespace_name.go',
    n => (/(-|-sb|-mgmt)$/.test(n) ? ['ends in -, -sb or -mgmt'] : []),
  ),
  azurerm_servicebus_queue: rule(
    /^[a-zA-Z0-9][\w-./~]{0,258}([a-zA-Z0-9])?$/,
    1,
    260,
    'terraform-provider-azurerm internal/services/servicebus/validate/queue_name.go',
  ),
  azurerm_storage_account: rule(
    /^[a-z0-9]{3,24}$/,
    3,
    24,
    'terraform-provider-azurerm internal/services/storage/validate/storage_account_name.go',
  ),
  // The provider allows 3-50 (internal/services/cosmos/validate/cosmos.go CosmosAccountName);
  // Azure itself allows 3-44, starting with a letter or digit.
  azurerm_cosmosdb_account: rule(
    /^[a-z0-9][-a-z0-9]{2,43}$/,
    3,
    44,
    `terraform-provider-azurerm internal/services/cosmos/validate/cosmos.go; ${AZURE_NAMING_RULES} (databaseAccounts)`,
  ),
  azurerm_function_app_flex_consumption: rule(
    /^[0-9a-zA-Z-]{1,60}$/,
    2,
    60,
    `terraform-provider-azurerm internal/services/appservice/validate (WebAppName); ${AZURE_NAMING_RULES} (sites: 2-60)`,
    n => (/^-|-$/.test(n) ? ['starts or ends with a hyphen'] : []),
  ),
  azurerm_resource_group: rule(
    /^[-\w._()]+$/,
    1,
    90,
    `${AZURE_NAMING_RULES} (resourcegroups)`,
    n => (n.endsWith('.') ? ['ends with a period'] : []),
  ),
  azurerm_user_assigned_identity: rule(
    /^[a-zA-Z0-9][a-zA-Z0-9_-]*$/,
    3,
    128,
    `${AZURE_NAMING_RULES} (userAssignedIdentities)`,
  ),
  azurerm_log_analytics_workspace: rule(
    /^[A-Za-z0-9][A-Za-z0-9-]*[A-Za-z0-9]$/,
    4,
    63,
    `${AZURE_NAMING_RULES} (workspaces)`,
  ),
  azurerm_service_plan: rule(
    /^[0-9a-zA-Z-]+$/,
    1,
    60,
    `${AZURE_NAMING_RULES} (serverfarms)`,
  ),
  azurerm_application_insights: rule(
    /^[^%&\\?/]+[^. ]$/,
    1,
    260,
    `${AZURE_NAMING_RULES} (components)`,
  ),
  azurerm_traffic_manager_profile: rule(
    /^[a-zA-Z0-9][a-zA-Z0-9.-]*[a-zA-Z0-9]$/,
    1,
    63,
    `${AZURE_NAMING_RULES} (trafficmanagerprofiles)`,
  ),
  azurerm_cdn_frontdoor_profile: rule(
    /^[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9]$/,
    1,
    260,
    `${AZURE_NAMING_RULES} (Microsoft.Cdn profiles)`,
  ),
  azurerm_cdn_frontdoor_endpoint: rule(
    /^[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9]$/,
    1,
    46,
    `${AZURE_NAMING_RULES} (profiles / afdEndpoints)`,
  ),
  // --- AWS ----------------------------------------------------------------------------------
  aws_lambda_function: rule(
    /^[a-zA-Z0-9-_]+$/,
    1,
    64,
    'Lambda API Reference, CreateFunction (FunctionName: 64 characters for a name), https://docs.aws.amazon.com/lambda/latest/api/API_CreateFunction.html',
    undefined,
    'function_name',
  ),
  aws_sqs_queue: rule(
    /^[a-zA-Z0-9_-]+$/,
    1,
    80,
    'Amazon SQS API Reference, CreateQueue (QueueName), https://docs.aws.amazon.com/AWSSimpleQueueService/latest/APIReference/API_CreateQueue.html',
  ),
  aws_iam_role: rule(
    /^[\w+=,.@-]+$/,
    1,
    64,
    'IAM API Reference, CreateRole (RoleName), https://docs.aws.amazon.com/IAM/latest/APIReference/API_CreateRole.html',
  ),
  aws_dynamodb_table: rule(
    /^[a-zA-Z0-9_.-]+$/,
    3,
    255,
    'DynamoDB API Reference, CreateTable (TableName), https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_CreateTable.html',
  ),
  aws_cloudwatch_log_group: rule(
    /^[.\-_/#A-Za-z0-9]+$/,
    1,
    512,
    'CloudWatch Logs API Reference, CreateLogGroup (logGroupName), https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/API_CreateLogGroup.html',
  ),
  aws_secretsmanager_secret: rule(
    /^[A-Za-z0-9/_+=.@-]+$/,
    1,
    512,
    'Secrets Manager API Reference, CreateSecret (Name), https://docs.aws.amazon.com/secretsmanager/latest/apireference/API_CreateSecret.html',
  ),
  aws_wafv2_web_acl: rule(
    /^[\w-]+$/,
    1,
    128,
    'AWS WAF API Reference, CreateWebACL (Name), https://docs.aws.amazon.com/waf/latest/APIReference/API_CreateWebACL.html',
  ),
  aws_cloudwatch_metric_alarm: rule(
    /^[^\p{Cc}]+$/u,
    1,
    255,
    'CloudWatch API Reference, PutMetricAlarm (AlarmName), https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/API_PutMetricAlarm.html',
    undefined,
    'alarm_name',
  ),
};

export interface NamedResource {
  address: string;
  type: string;
  name: string;
}

/** Every name a module gives its resources for one value of its inputs, evaluated. */
export function generatedNames(
  dir: TerraformDir,
  vars: Record<string, unknown>,
): { names: NamedResource[]; unevaluated: string[] } {
  const locals: Record<string, unknown> = {};
  for (const file of dir.files)
    for (const block of file.json.locals ?? []) Object.assign(locals, block);
  const defaults: Record<string, unknown> = {};
  for (const file of dir.files)
    for (const [name, [body]] of Object.entries<any>(file.json.variable ?? {}))
      defaults[name] = body?.default;
  const scope: Scope = { vars: { ...defaults, ...vars }, locals };
  const names: NamedResource[] = [];
  const unevaluated: string[] = [];
  for (const file of dir.files)
    for (const [type, instances] of Object.entries<any>(
      file.json.resource ?? {},
    )) {
      const typeRule = NAME_RULES[type];
      if (!typeRule) continue;
      for (const [label, [body]] of Object.entries<any>(instances)) {
        const address = `${type}.${label}`;
        if (!(typeRule.attribute in body)) continue;
        try {
          const keys = body.for_each
            ? forEachKeys(evaluateValue(body.for_each, scope))
            : [undefined];
          for (const key of keys)
            names.push({
              address: key === undefined ? address : `${address}["${key}"]`,
              type,
              name: String(
                evaluateValue(body[typeRule.attribute], {
                  ...scope,
                  each: key === undefined ? undefined : { key, value: key },
                }),
              ),
            });
        } catch (error) {
          if (!(error instanceof Unevaluable)) throw error;
          unevaluated.push(`${address}: ${error.message}`);
        }
      }
    }
  return { names, unevaluated };
}

function forEachKeys(value: unknown): string[] {
  if (Array.isArray(value)) return value.map(String);
  if (value && typeof value === 'object') return Object.keys(value);
  throw new Unevaluable('for_each is neither a set nor a map');
}

/** Names that break their provider's rule. */
export function checkNames(names: NamedResource[]): string[] {
  return names.flatMap(({ address, type, name }) =>
    NAME_RULES[type]
      .check(name)
      .map(
        problem =>
          `${address}: "${name}" ${problem} (${NAME_RULES[type].source})`,
      ),
  );
}
