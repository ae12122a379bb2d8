# What `terraform plan` and `apply` of aws-service, azure-service, global-routing and the
# generated service's infra/global call, on the service's own resources. Names follow from the
# service's name; where AWS gives a resource a random id (API Gateway APIs, ACM certificates,
# Route53 health checks, event source mappings) the statement names the resource type.
locals {
  account   = data.aws_caller_identity.current.account_id
  svc       = var.service_name
  lambda    = "arn:aws:lambda:*:${local.account}"
  functions = "${local.lambda}:function:${local.svc}-*"
  aws_deploy_policy = jsonencode({
    Version   = "2012-10-17"
    Statement = local.aws_deploy_statements
  })

  # The plan role: the deploy statements' reads (Get, List, Describe; API Gateway's GET), the
  # state's objects to read, and only their lock files to write (the S3 backend's `use_lockfile`
  # writes `<key>.tflock` beside the state and deletes it after: "Backend Type: s3", State
  # Locking, https://developer.hashicorp.com/terraform/language/backend/s3).
  aws_plan_policy = jsonencode({
    Version = "2012-10-17"
    Statement = concat(
      [
        {
          Sid      = "StateRead"
          Effect   = "Allow"
          Action   = ["s3:GetObject"]
          Resource = ["arn:aws:s3:::${var.state_bucket}/${local.svc}/*"]
        },
        {
          Sid      = "StateLock"
          Effect   = "Allow"
          Action   = ["s3:PutObject", "s3:DeleteObject"]
          Resource = ["arn:aws:s3:::${var.state_bucket}/${local.svc}/*.tflock"]
        },
      ],
      [
        for st in local.aws_deploy_statements : merge(st, {
          Action = [for a in st.Action : a if can(regex(local.aws_read_action, a))]
        }) if st.Sid != "State" && length([for a in st.Action : a if can(regex(local.aws_read_action, a))]) > 0
      ],
    )
  })
  aws_read_action = "^([a-z0-9-]+:(Get|List|Describe)[A-Za-z]*|apigateway:GET)$"

  aws_deploy_statements = [
    {
      Sid      = "State"
      Effect   = "Allow"
      Action   = ["s3:GetObject", "s3:PutObject", "s3:DeleteObject"]
      Resource = ["arn:aws:s3:::${var.state_bucket}/${local.svc}/*"]
    },
    {
      Sid       = "StateList"
      Effect    = "Allow"
      Action    = ["s3:ListBucket"]
      Resource  = ["arn:aws:s3:::${var.state_bucket}"]
      Condition = { StringLike = { "s3:prefix" = ["${local.svc}/*"] } }
    },
    {
      Sid      = "Identity"
      Effect   = "Allow"
      Action   = ["sts:GetCallerIdentity", "iam:ListOpenIDConnectProviders", "logs:DescribeLogGroups", "acm:RequestCertificate", "route53:CreateHealthCheck", "route53:GetChange"]
      Resource = ["*"]
    },
    {
      Sid    = "Table"
      Effect = "Allow"
      Action = [
        "dynamodb:CreateTable", "dynamodb:DeleteTable", "dynamodb:DescribeTable", "dynamodb:UpdateTable",
        "dynamodb:DescribeContinuousBackups", "dynamodb:UpdateContinuousBackups", "dynamodb:DescribeTimeToLive",
        "dynamodb:UpdateTimeToLive", "dynamodb:ListTagsOfResource", "dynamodb:TagResource", "dynamodb:UntagResource",
        "dynamodb:DescribeStream", "dynamodb:ListStreams",
      ]
      Resource = ["arn:aws:dynamodb:*:${local.account}:table/${local.svc}-*"]
    },
    {
      Sid    = "Queues"
      Effect = "Allow"
      Action = [
        "sqs:CreateQueue", "sqs:DeleteQueue", "sqs:GetQueueAttributes", "sqs:SetQueueAttributes",
        "sqs:GetQueueUrl", "sqs:ListQueueTags", "sqs:TagQueue", "sqs:UntagQueue",
      ]
      Resource = ["arn:aws:sqs:*:${local.account}:${local.svc}-*"]
    },
    {
      Sid    = "Functions"
      Effect = "Allow"
      Action = [
        "lambda:CreateFunction", "lambda:DeleteFunction", "lambda:GetFunction", "lambda:GetFunctionConfiguration",
        "lambda:UpdateFunctionCode", "lambda:UpdateFunctionConfiguration", "lambda:ListVersionsByFunction",
        "lambda:GetFunctionCodeSigningConfig", "lambda:AddPermission", "lambda:RemovePermission", "lambda:GetPolicy",
        "lambda:ListTags", "lambda:TagResource", "lambda:UntagResource",
      ]
      Resource = [local.functions]
    },
    {
      # Event source mappings carry tags of their own: the AWS provider (5.70 and later, tags
      # on aws_lambda_event_source_mapping, hashicorp/terraform-provider-aws pull 39535) calls
      # ListTags on the mapping's ARN at every refresh, and tags on create ("Using tags on event
      # source mappings", permissions required, https://docs.aws.amazon.com/lambda/latest/dg/tags-esm.html).
      Sid    = "Triggers"
      Effect = "Allow"
      Action = [
        "lambda:CreateEventSourceMapping", "lambda:GetEventSourceMapping", "lambda:UpdateEventSourceMapping",
        "lambda:DeleteEventSourceMapping", "lambda:ListTags", "lambda:TagResource", "lambda:UntagResource",
      ]
      Resource = ["${local.lambda}:event-source-mapping:*"]
    },
    {
      Sid    = "Roles"
      Effect = "Allow"
      Action = [
        "iam:CreateRole", "iam:DeleteRole", "iam:GetRole", "iam:UpdateAssumeRolePolicy", "iam:TagRole", "iam:UntagRole",
        "iam:ListRolePolicies", "iam:ListAttachedRolePolicies", "iam:ListInstanceProfilesForRole", "iam:PutRolePolicy",
        "iam:GetRolePolicy", "iam:DeleteRolePolicy",
      ]
      Resource = ["arn:aws:iam::${local.account}:role/${local.svc}-*"]
    },
    {
      Sid       = "PassRolesToLambda"
      Effect    = "Allow"
      Action    = ["iam:PassRole"]
      Resource  = ["arn:aws:iam::${local.account}:role/${local.svc}-*"]
      Condition = { StringEquals = { "iam:PassedToService" = "lambda.amazonaws.com" } }
    },
    {
      # EventBridge Scheduler runs aws-service's redrive and reconcile functions; creating or
      # updating a schedule also passes its execution role to scheduler.amazonaws.com
      # ("Actions, resources, and condition keys for Amazon EventBridge Scheduler", Service
      # Authorization Reference: CreateSchedule and UpdateSchedule need iam:PassRole with
      # iam:PassedToService; schedules live in the group "default" unless named,
      # https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazoneventbridgescheduler.html).
      Sid      = "Schedules"
      Effect   = "Allow"
      Action   = ["scheduler:CreateSchedule", "scheduler:GetSchedule", "scheduler:UpdateSchedule", "scheduler:DeleteSchedule"]
      Resource = ["arn:aws:scheduler:*:${local.account}:schedule/default/${local.svc}-*"]
    },
    {
      Sid       = "PassRoleToScheduler"
      Effect    = "Allow"
      Action    = ["iam:PassRole"]
      Resource  = ["arn:aws:iam::${local.account}:role/${local.svc}-scheduler"]
      Condition = { StringEquals = { "iam:PassedToService" = "scheduler.amazonaws.com" } }
    },
    {
      Sid    = "EntraIdentityProvider"
      Effect = "Allow"
      Action = [
        "iam:CreateOpenIDConnectProvider", "iam:GetOpenIDConnectProvider", "iam:DeleteOpenIDConnectProvider",
        "iam:TagOpenIDConnectProvider", "iam:AddClientIDToOpenIDConnectProvider",
        "iam:RemoveClientIDFromOpenIDConnectProvider", "iam:UpdateOpenIDConnectProviderThumbprint",
      ]
      Resource = ["arn:aws:iam::${local.account}:oidc-provider/login.microsoftonline.com/*"]
    },
    {
      Sid    = "Logs"
      Effect = "Allow"
      Action = [
        "logs:CreateLogGroup", "logs:DeleteLogGroup", "logs:PutRetentionPolicy", "logs:ListTagsForResource",
        "logs:TagResource", "logs:UntagResource", "logs:AssociateKmsKey", "logs:PutSubscriptionFilter",
        "logs:DeleteSubscriptionFilter", "logs:DescribeSubscriptionFilters",
      ]
      Resource = ["arn:aws:logs:*:${local.account}:log-group:/aws/lambda/${local.svc}-*"]
    },
    {
      Sid      = "Alarms"
      Effect   = "Allow"
      Action   = ["cloudwatch:PutMetricAlarm", "cloudwatch:DeleteAlarms", "cloudwatch:DescribeAlarms", "cloudwatch:ListTagsForResource", "cloudwatch:TagResource", "cloudwatch:UntagResource"]
      Resource = ["arn:aws:cloudwatch:*:${local.account}:alarm:${local.svc}-*"]
    },
    {
      Sid    = "Secrets"
      Effect = "Allow"
      Action = [
        "secretsmanager:CreateSecret", "secretsmanager:DeleteSecret", "secretsmanager:DescribeSecret",
        "secretsmanager:GetResourcePolicy", "secretsmanager:PutSecretValue", "secretsmanager:GetSecretValue",
        "secretsmanager:TagResource", "secretsmanager:UntagResource",
      ]
      Resource = ["arn:aws:secretsmanager:*:${local.account}:secret:${local.svc}/*"]
    },
    {
      Sid      = "HttpApiAndDomain"
      Effect   = "Allow"
      Action   = ["apigateway:GET", "apigateway:POST", "apigateway:PUT", "apigateway:PATCH", "apigateway:DELETE"]
      Resource = ["arn:aws:apigateway:*::/apis", "arn:aws:apigateway:*::/apis/*", "arn:aws:apigateway:*::/domainnames", "arn:aws:apigateway:*::/domainnames/*", "arn:aws:apigateway:*::/tags/*"]
    },
    {
      Sid      = "Certificates"
      Effect   = "Allow"
      Action   = ["acm:DescribeCertificate", "acm:DeleteCertificate", "acm:ListTagsForCertificate", "acm:AddTagsToCertificate", "acm:RemoveTagsFromCertificate"]
      Resource = ["arn:aws:acm:*:${local.account}:certificate/*"]
    },
    {
      Sid      = "Dns"
      Effect   = "Allow"
      Action   = ["route53:GetHostedZone", "route53:ListResourceRecordSets", "route53:ChangeResourceRecordSets", "route53:ListTagsForResource"]
      Resource = ["arn:aws:route53:::hostedzone/${var.hosted_zone_id}"]
    },
    {
      Sid      = "HealthChecks"
      Effect   = "Allow"
      Action   = ["route53:GetHealthCheck", "route53:UpdateHealthCheck", "route53:DeleteHealthCheck", "route53:ChangeTagsForResource", "route53:ListTagsForResource"]
      Resource = ["arn:aws:route53:::healthcheck/*"]
    },
  ]

  # Built-in roles the modules assign (ids from "Azure built-in roles",
  # https://learn.microsoft.com/azure/role-based-access-control/built-in-roles).
  assignable_roles = {
    service_bus_data_receiver = "4f6d3b9b-027b-4f4c-9142-0e5a2a2247e0"
    service_bus_data_sender   = "69a216fc-b8fb-44d8-bc22-1f3c2cd27a39"
    storage_blob_data_owner   = "b7e6dc6d-f1e8-4753-8033-0f276bb0955b"
  }

  # Control-plane operations of the resources azure-service and global-routing manage
  # ("Azure permissions", https://learn.microsoft.com/azure/role-based-access-control/permissions-reference).
  azure_deploy_actions = flatten([
    "Microsoft.Resources/subscriptions/resourceGroups/read",
    "Microsoft.Resources/subscriptions/resourceGroups/write",
    "Microsoft.Resources/subscriptions/resourceGroups/delete",
    "Microsoft.Authorization/roleAssignments/read",
    "Microsoft.Authorization/roleAssignments/write",
    "Microsoft.Authorization/roleAssignments/delete",
    "Microsoft.Authorization/roleDefinitions/read",
    [for type in [
      "Microsoft.ManagedIdentity/userAssignedIdentities",
      "Microsoft.ManagedIdentity/userAssignedIdentities/federatedIdentityCredentials",
      "Microsoft.DocumentDB/databaseAccounts",
      "Microsoft.DocumentDB/databaseAccounts/sqlDatabases",
      "Microsoft.DocumentDB/databaseAccounts/sqlDatabases/containers",
      "Microsoft.DocumentDB/databaseAccounts/sqlRoleAssignments",
      "Microsoft.ServiceBus/namespaces",
      "Microsoft.ServiceBus/namespaces/queues",
      "Microsoft.Storage/storageAccounts",
      "Microsoft.Storage/storageAccounts/blobServices/containers",
      "Microsoft.Web/serverfarms",
      "Microsoft.Web/sites",
      "Microsoft.Web/sites/config",
      "Microsoft.Web/sites/hostNameBindings",
      "Microsoft.Web/certificates",
      "Microsoft.OperationalInsights/workspaces",
      "Microsoft.Insights/components",
      "Microsoft.Insights/metricAlerts",
      "Microsoft.Insights/scheduledQueryRules",
      "Microsoft.Insights/diagnosticSettings",
      "Microsoft.Network/trafficManagerProfiles",
      "Microsoft.Network/trafficManagerProfiles/externalEndpoints",
      "Microsoft.Cdn/profiles",
      "Microsoft.Cdn/profiles/afdEndpoints",
      "Microsoft.Cdn/profiles/afdEndpoints/routes",
      "Microsoft.Cdn/profiles/originGroups",
      "Microsoft.Cdn/profiles/originGroups/origins",
      "Microsoft.Cdn/profiles/customDomains",
    ] : ["${type}/read", "${type}/write", "${type}/delete"]],
    "Microsoft.DocumentDB/databaseAccounts/sqlRoleDefinitions/read",
    "Microsoft.ManagedIdentity/userAssignedIdentities/assign/action",
    "Microsoft.Web/sites/config/list/action",
    # Every refresh of the Flex Consumption app reads whether SCM basic auth is allowed (GET
    # sites/<app>/basicPublishingCredentialsPolicies/scm, `GetScmAllowed` in the Read of
    # internal/services/appservice/function_app_flex_consumption_resource.go,
    # https://github.com/hashicorp/terraform-provider-azurerm), which needs this action
    # ("Microsoft.Web/sites/basicPublishingCredentialsPolicies/Read: List which publishing methods
    # are allowed for a Web App", https://learn.microsoft.com/azure/role-based-access-control/permissions/web-and-mobile).
    # azure/functions-action reads it too before it picks how to authenticate to the SCM site.
    "Microsoft.Web/sites/basicPublishingCredentialsPolicies/read",
    # Code deployment of the Function App (the deploy workflow publishes with this identity).
    "Microsoft.Web/sites/publish/Action",
    "Microsoft.Storage/storageAccounts/listKeys/action",
    "Microsoft.OperationalInsights/workspaces/sharedKeys/action",
    "Microsoft.Cdn/profiles/customDomains/refreshValidationToken/action",
  ])

  # The plan identity's: the deploy actions that read (`/read`, and the POST actions that list
  # keys and settings a refresh reads: `config/list`, `listKeys`, `sharedKeys`), none that write,
  # delete, assign, publish or renew.
  azure_plan_actions = [
    for a in local.azure_deploy_actions : a
    if can(regex("(?i)(/read|/list[a-z]*/action|/sharedkeys/action)$", a))
  ]
}
