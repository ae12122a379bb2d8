locals {
  name    = var.service_name
  compact = substr(replace(var.service_name, "-", ""), 0, 18)
  tags    = merge(var.tags, { service = var.service_name, cloud = "azure" })
  # The peer's account, from its queue URL: https://sqs.<region>.amazonaws.com/<account>/<name>.
  peer_aws_account_id  = split("/", var.peer_sqs_queue_url)[3]
  servicebus_namespace = "sbns-${local.name}-bus"
}

data "azurerm_client_config" "current" {}

resource "azurerm_resource_group" "service" {
  name     = "rg-${local.name}"
  location = var.location
  tags     = local.tags
}

resource "azurerm_user_assigned_identity" "function" {
  name                = "id-${local.name}"
  location            = var.location
  resource_group_name = azurerm_resource_group.service.name
  tags                = local.tags
}

# --- Store: Cosmos DB (NoSQL) with the items and the change feed's lease container -----------
resource "azurerm_cosmosdb_account" "store" {
  name                          = "cosmos-${local.name}"
  location                      = var.location
  resource_group_name           = azurerm_resource_group.service.name
  offer_type                    = "Standard"
  kind                          = "GlobalDocumentDB"
  local_authentication_disabled = true
  key_vault_key_id              = var.customer_managed_key_id
  default_identity_type         = var.customer_managed_key_id == null ? "FirstPartyIdentity" : "UserAssignedIdentity=${azurerm_user_assigned_identity.function.id}"
  consistency_policy {
    consistency_level = "Session"
  }
  geo_location {
    location          = var.location
    failover_priority = 0
  }
  capabilities {
    name = "EnableServerless"
  }
  identity {
    type         = "UserAssigned"
    identity_ids = [azurerm_user_assigned_identity.function.id]
  }
  tags = local.tags
}

resource "azurerm_cosmosdb_sql_database" "service" {
  name                = local.name
  resource_group_name = azurerm_resource_group.service.name
  account_name        = azurerm_cosmosdb_account.store.name
}

resource "azurerm_cosmosdb_sql_container" "items" {
  name                = "items"
  resource_group_name = azurerm_resource_group.service.name
  account_name        = azurerm_cosmosdb_account.store.name
  database_name       = azurerm_cosmosdb_sql_database.service.name
  partition_key_paths = ["/id"]
  default_ttl         = -1
}

resource "azurerm_cosmosdb_sql_container" "leases" {
  name                = "leases"
  resource_group_name = azurerm_resource_group.service.name
  account_name        = azurerm_cosmosdb_account.store.name
  database_name       = azurerm_cosmosdb_sql_database.service.name
  partition_key_paths = ["/id"]
}

# Data-plane access for the function's identity: the built-in Data Contributor role.
resource "azurerm_cosmosdb_sql_role_assignment" "function" {
  resource_group_name = azurerm_resource_group.service.name
  account_name        = azurerm_cosmosdb_account.store.name
  role_definition_id  = "${azurerm_cosmosdb_account.store.id}/sqlRoleDefinitions/00000000-0000-0000-0000-000000000002"
  principal_id        = azurerm_user_assigned_identity.function.principal_id
  scope               = azurerm_cosmosdb_account.store.id
}

# --- Inbound queue (events from AWS) with dead-lettering -----------------------------------
# azurerm's name rule (internal/services/servicebus/validate/namespace_name.go, after the
# Service Bus REST API "Namespaces - Create Or Update"): 6 to 50 characters, starts with a
# letter, and may not end in "-", "-sb" or "-mgmt". "sbns-" (the Cloud Adoption Framework's
# abbreviation) plus a 1-character name is 6; "-bus" keeps a name ending in "-sb" legal.
resource "azurerm_servicebus_namespace" "bus" {
  name                         = local.servicebus_namespace
  location                     = var.location
  resource_group_name          = azurerm_resource_group.service.name
  sku                          = var.customer_managed_key_id == null ? "Standard" : "Premium"
  capacity                     = var.customer_managed_key_id == null ? 0 : 1
  premium_messaging_partitions = var.customer_managed_key_id == null ? 0 : 1
  local_auth_enabled           = false
  dynamic "customer_managed_key" {
    for_each = var.customer_managed_key_id == null ? [] : [var.customer_managed_key_id]
    content {
      key_vault_key_id = customer_managed_key.value
      identity_id      = azurerm_user_assigned_identity.function.id
    }
  }
  identity {
    type         = "UserAssigned"
    identity_ids = [azurerm_user_assigned_identity.function.id]
  }
  tags = local.tags
}

resource "azurerm_servicebus_queue" "inbound" {
  name                                 = "${local.name}-inbound"
  namespace_id                         = azurerm_servicebus_namespace.bus.id
  max_delivery_count                   = var.max_delivery_count
  dead_lettering_on_message_expiration = true
  lock_duration                        = "PT1M"
  default_message_ttl                  = "P4D"
}

resource "azurerm_role_assignment" "receive" {
  scope                = azurerm_servicebus_queue.inbound.id
  role_definition_name = "Azure Service Bus Data Receiver"
  principal_id         = azurerm_user_assigned_identity.function.principal_id
}

# --- AWS's relay sends as this identity: no key, send only, this queue only ------------------
# The relay's Lambda role asks AWS STS for a JSON Web Token (GetWebIdentityToken, "IAM outbound
# identity federation": https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_providers_outbound_getting_started.html);
# its `sub` is the role's ARN and its issuer the account's own URL ("Understanding token claims",
# https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_providers_outbound_token_claims.html). Entra ID trusts that token
# through a federated identity credential on a user-assigned managed identity ("Configure a
# user-assigned managed identity to trust an external identity provider",
# https://learn.microsoft.com/entra/workload-id/workload-identity-federation-create-trust-user-assigned-managed-identity),
# whose audience must be api://AzureADTokenExchange.
resource "azurerm_user_assigned_identity" "aws_sender" {
  name                = "id-${local.name}-aws-sender"
  location            = var.location
  resource_group_name = azurerm_resource_group.service.name
  tags                = local.tags
}

resource "azurerm_federated_identity_credential" "aws_relay" {
  name                = "aws-relay"
  resource_group_name = azurerm_resource_group.service.name
  parent_id           = azurerm_user_assigned_identity.aws_sender.id
  audience            = ["api://AzureADTokenExchange"]
  issuer              = var.peer_aws_oidc_issuer
  subject             = "arn:aws:iam::${local.peer_aws_account_id}:role/${local.name}-relay"
}

# AWS's `apply` (answering anti-entropy messages) and `reconcile` send to the same queue, each as
# its own role: one federated credential per subject.
resource "azurerm_federated_identity_credential" "aws_anti_entropy" {
  for_each            = toset(["apply", "reconcile"])
  name                = "aws-${each.key}"
  resource_group_name = azurerm_resource_group.service.name
  parent_id           = azurerm_user_assigned_identity.aws_sender.id
  audience            = ["api://AzureADTokenExchange"]
  issuer              = var.peer_aws_oidc_issuer
  subject             = "arn:aws:iam::${local.peer_aws_account_id}:role/${local.name}-${each.key}"
}

resource "azurerm_role_assignment" "aws_sender" {
  scope                = azurerm_servicebus_queue.inbound.id
  role_definition_name = "Azure Service Bus Data Sender"
  principal_id         = azurerm_user_assigned_identity.aws_sender.principal_id
}

# --- Function App on Flex Consumption ------------------------------------------------------
# azurerm's rule (internal/services/storage/validate/storage_account_name.go): 3 to 24 lower-case
# letters and digits. "st" + at most 18 + "fn" is at most 22; a 1-letter name gives 5.
resource "azurerm_storage_account" "function" {
  name                            = "st${local.compact}fn"
  location                        = var.location
  resource_group_name             = azurerm_resource_group.service.name
  account_tier                    = "Standard"
  account_replication_type        = "LRS"
  min_tls_version                 = "TLS1_2"
  allow_nested_items_to_be_public = false
  tags                            = local.tags
}

resource "azurerm_storage_container" "deployments" {
  name                  = "deployments"
  storage_account_id    = azurerm_storage_account.function.id
  container_access_type = "private"
}

resource "azurerm_role_assignment" "deployments" {
  scope                = azurerm_storage_account.function.id
  role_definition_name = "Storage Blob Data Owner"
  principal_id         = azurerm_user_assigned_identity.function.principal_id
}

resource "azurerm_service_plan" "flex" {
  name                = "asp-${local.name}"
  location            = var.location
  resource_group_name = azurerm_resource_group.service.name
  os_type             = "Linux"
  sku_name            = "FC1"
  tags                = local.tags
}

resource "azurerm_log_analytics_workspace" "service" {
  count               = var.log_analytics_workspace_id == null ? 1 : 0
  name                = "log-${local.name}"
  location            = var.location
  resource_group_name = azurerm_resource_group.service.name
  retention_in_days   = 30
  tags                = local.tags
}

locals {
  workspace_id = var.log_analytics_workspace_id == null ? azurerm_log_analytics_workspace.service[0].id : var.log_analytics_workspace_id
}

resource "azurerm_application_insights" "service" {
  name                = "appi-${local.name}"
  location            = var.location
  resource_group_name = azurerm_resource_group.service.name
  workspace_id        = local.workspace_id
  application_type    = "Node.JS"
  tags                = local.tags
}

locals {
  # primary-secondary mode: where the secondary forwards writes (runtime/src/entry/regionRole.ts).
  primary = {
    PRIMARY_REGION = var.primary_region_id
    PRIMARY_URL    = var.primary_url
  }
}

# The app serves at the root (host.json sets routePrefix to ""), as API Gateway does, so one path
# answers on both clouds and every health probe asks for /health.
resource "azurerm_function_app_flex_consumption" "service" {
  name                              = "func-${local.name}"
  location                          = var.location
  resource_group_name               = azurerm_resource_group.service.name
  service_plan_id                   = azurerm_service_plan.flex.id
  storage_container_type            = "blobContainer"
  storage_container_endpoint        = "${azurerm_storage_account.function.primary_blob_endpoint}${azurerm_storage_container.deployments.name}"
  storage_authentication_type       = "UserAssignedIdentity"
  storage_user_assigned_identity_id = azurerm_user_assigned_identity.function.id
  runtime_name                      = "node"
  runtime_version                   = "22"
  maximum_instance_count            = 100
  instance_memory_in_mb             = 2048
  https_only                        = true
  identity {
    type         = "UserAssigned"
    identity_ids = [azurerm_user_assigned_identity.function.id]
  }
  site_config {
    application_insights_connection_string = azurerm_application_insights.service.connection_string
  }
  app_settings = merge({
    # Host storage through the identity ("Connecting to host storage with an identity",
    # https://learn.microsoft.com/azure/azure-functions/functions-reference#connecting-to-host-storage-with-an-identity):
    # these settings replace the AzureWebJobsStorage connection string the provider would
    # otherwise write with an empty key.
    AzureWebJobsStorage__accountName               = azurerm_storage_account.function.name
    AzureWebJobsStorage__credential                = "managedidentity"
    AzureWebJobsStorage__clientId                  = azurerm_user_assigned_identity.function.client_id
    SERVICE_NAME                                   = local.name
    REGION_ID                                      = var.region_id
    CONSISTENCY_MODE                               = var.consistency_mode
    AZURE_REGION                                   = var.location
    AZURE_CLIENT_ID                                = azurerm_user_assigned_identity.function.client_id
    COSMOS_ENDPOINT                                = azurerm_cosmosdb_account.store.endpoint
    COSMOS_DATABASE                                = azurerm_cosmosdb_sql_database.service.name
    COSMOS_CONTAINER                               = azurerm_cosmosdb_sql_container.items.name
    COSMOS_CONNECTION__accountEndpoint             = azurerm_cosmosdb_account.store.endpoint
    COSMOS_CONNECTION__credential                  = "managedidentity"
    COSMOS_CONNECTION__clientId                    = azurerm_user_assigned_identity.function.client_id
    SERVICEBUS_CONNECTION__fullyQualifiedNamespace = "${azurerm_servicebus_namespace.bus.name}.servicebus.windows.net"
    SERVICEBUS_CONNECTION__credential              = "managedidentity"
    SERVICEBUS_CONNECTION__clientId                = azurerm_user_assigned_identity.function.client_id
    INBOUND_QUEUE_NAME                             = azurerm_servicebus_queue.inbound.name
    INBOUND_MAX_DELIVERY_COUNT                     = azurerm_servicebus_queue.inbound.max_delivery_count
    PEER_SQS_QUEUE_URL                             = var.peer_sqs_queue_url
    PEER_SQS_REGION                                = var.peer_sqs_region
    # No key: the relay trades its identity's Entra token for AWS credentials of this role
    # (AssumeRoleWithWebIdentity); infra/global creates the role and its trust.
    PEER_AWS_ROLE_ARN = "arn:aws:iam::${local.peer_aws_account_id}:role/${local.name}-azure-sender"
  }, var.consistency_mode == "primary-secondary" ? local.primary : {})
  tags = local.tags
}

# --- Diagnostics to the central workspace --------------------------------------------------
resource "azurerm_monitor_diagnostic_setting" "function" {
  count                      = var.log_analytics_workspace_id == null ? 0 : 1
  name                       = "to-central"
  target_resource_id         = azurerm_function_app_flex_consumption.service.id
  log_analytics_workspace_id = var.log_analytics_workspace_id
  enabled_log {
    category = "FunctionAppLogs"
  }
  enabled_metric {
    category = "AllMetrics"
  }
}

resource "azurerm_monitor_diagnostic_setting" "bus" {
  count                      = var.log_analytics_workspace_id == null ? 0 : 1
  name                       = "to-central"
  target_resource_id         = azurerm_servicebus_namespace.bus.id
  log_analytics_workspace_id = var.log_analytics_workspace_id
  enabled_log {
    category_group = "allLogs"
  }
  enabled_metric {
    category = "AllMetrics"
  }
}

# --- Alerts --------------------------------------------------------------------------------
locals {
  alert_actions = var.action_group_id == null ? [] : [var.action_group_id]
}

resource "azurerm_monitor_metric_alert" "errors" {
  name                = "${local.name}-http-5xx"
  resource_group_name = azurerm_resource_group.service.name
  scopes              = [azurerm_function_app_flex_consumption.service.id]
  description         = "The API answers 5xx"
  severity            = 2
  criteria {
    metric_namespace = "Microsoft.Web/sites"
    metric_name      = "Http5xx"
    aggregation      = "Total"
    operator         = "GreaterThan"
    threshold        = 5
  }
  dynamic "action" {
    for_each = local.alert_actions
    content {
      action_group_id = action.value
    }
  }
  tags = local.tags
}

resource "azurerm_monitor_metric_alert" "dead_letters" {
  name                = "${local.name}-dead-letters"
  resource_group_name = azurerm_resource_group.service.name
  scopes              = [azurerm_servicebus_namespace.bus.id]
  description         = "Replication events are dead-lettered"
  severity            = 2
  criteria {
    metric_namespace = "Microsoft.ServiceBus/namespaces"
    metric_name      = "DeadletteredMessages"
    aggregation      = "Maximum"
    operator         = "GreaterThan"
    threshold        = 0
    dimension {
      name     = "EntityName"
      operator = "Include"
      values   = [azurerm_servicebus_queue.inbound.name]
    }
  }
  dynamic "action" {
    for_each = local.alert_actions
    content {
      action_group_id = action.value
    }
  }
  tags = local.tags
}

resource "azurerm_monitor_scheduled_query_rules_alert_v2" "replication_lag" {
  name                 = "${local.name}-replication-lag"
  resource_group_name  = azurerm_resource_group.service.name
  location             = var.location
  scopes               = [azurerm_application_insights.service.id]
  description          = "Replication lag into Azure above ${var.replication_lag_alert_ms} ms (p99)"
  severity             = 2
  evaluation_frequency = "PT5M"
  window_duration      = "PT5M"
  criteria {
    # The runtime logs its lag as JSON lines (runtime/src/metrics/JsonLogMetricsSink.ts); the
    # portal reads the same lines (plugins/multicloud-backend AppInsightsLogs).
    query                   = "traces | where message startswith '{\"metric\":\"ReplicationLagMs\"' | extend v = todouble(parse_json(message).value) | summarize p99 = percentile(v, 99)"
    time_aggregation_method = "Maximum"
    metric_measure_column   = "p99"
    operator                = "GreaterThan"
    threshold               = var.replication_lag_alert_ms
  }
  dynamic "action" {
    for_each = var.action_group_id == null ? [] : [var.action_group_id]
    content {
      action_groups = [action.value]
    }
  }
  tags = local.tags
}
