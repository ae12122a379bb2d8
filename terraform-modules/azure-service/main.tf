locals {
  name = var.service_name
  # Storage account and Key Vault names: 3-24 lower-case letters and digits.
  compact = substr(replace(var.service_name, "-", ""), 0, 18)
  tags    = merge(var.tags, { service = var.service_name, cloud = "azure" })
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
resource "azurerm_servicebus_namespace" "bus" {
  name                = "${local.name}-sb"
  location            = var.location
  resource_group_name = azurerm_resource_group.service.name
  sku                 = var.customer_managed_key_id == null ? "Standard" : "Premium"
  capacity            = var.customer_managed_key_id == null ? 0 : 1
  premium_messaging_partitions = var.customer_managed_key_id == null ? 0 : 1
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

# AWS's relay sends with this policy: send only, this queue only.
resource "azurerm_servicebus_queue_authorization_rule" "aws_sender" {
  name     = "aws-sender"
  queue_id = azurerm_servicebus_queue.inbound.id
  listen   = false
  send     = true
  manage   = false
}

resource "azurerm_role_assignment" "receive" {
  scope                = azurerm_servicebus_queue.inbound.id
  role_definition_name = "Azure Service Bus Data Receiver"
  principal_id         = azurerm_user_assigned_identity.function.principal_id
}

# --- Key Vault: the cross-cloud credential (AWS's send-only identity) ----------------------
resource "azurerm_key_vault" "secrets" {
  name                       = "kv-${local.compact}"
  location                   = var.location
  resource_group_name        = azurerm_resource_group.service.name
  tenant_id                  = data.azurerm_client_config.current.tenant_id
  sku_name                   = "standard"
  enable_rbac_authorization  = true
  purge_protection_enabled   = true
  soft_delete_retention_days = 30
  tags                       = local.tags
}

resource "azurerm_role_assignment" "secrets_user" {
  scope                = azurerm_key_vault.secrets.id
  role_definition_name = "Key Vault Secrets User"
  principal_id         = azurerm_user_assigned_identity.function.principal_id
}

# --- Function App on Flex Consumption ------------------------------------------------------
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

resource "azurerm_function_app_flex_consumption" "service" {
  name                        = "func-${local.name}"
  location                    = var.location
  resource_group_name         = azurerm_resource_group.service.name
  service_plan_id             = azurerm_service_plan.flex.id
  storage_container_type      = "blobContainer"
  storage_container_endpoint  = "${azurerm_storage_account.function.primary_blob_endpoint}${azurerm_storage_container.deployments.name}"
  storage_authentication_type = "UserAssignedIdentity"
  storage_user_assigned_identity_id = azurerm_user_assigned_identity.function.id
  runtime_name                = "node"
  runtime_version             = "22"
  maximum_instance_count      = 100
  instance_memory_in_mb       = 2048
  https_only                  = true
  identity {
    type         = "UserAssigned"
    identity_ids = [azurerm_user_assigned_identity.function.id]
  }
  site_config {
    application_insights_connection_string = azurerm_application_insights.service.connection_string
  }
  app_settings = {
    SERVICE_NAME                                  = local.name
    REGION_ID                                     = var.region_id
    CONSISTENCY_MODE                              = var.consistency_mode
    AZURE_REGION                                  = var.location
    AZURE_CLIENT_ID                               = azurerm_user_assigned_identity.function.client_id
    COSMOS_ENDPOINT                               = azurerm_cosmosdb_account.store.endpoint
    COSMOS_DATABASE                               = azurerm_cosmosdb_sql_database.service.name
    COSMOS_CONTAINER                              = azurerm_cosmosdb_sql_container.items.name
    COSMOS_CONNECTION__accountEndpoint            = azurerm_cosmosdb_account.store.endpoint
    COSMOS_CONNECTION__credential                 = "managedidentity"
    COSMOS_CONNECTION__clientId                   = azurerm_user_assigned_identity.function.client_id
    SERVICEBUS_CONNECTION__fullyQualifiedNamespace = "${azurerm_servicebus_namespace.bus.name}.servicebus.windows.net"
    SERVICEBUS_CONNECTION__credential             = "managedidentity"
    SERVICEBUS_CONNECTION__clientId               = azurerm_user_assigned_identity.function.client_id
    INBOUND_QUEUE_NAME                            = azurerm_servicebus_queue.inbound.name
    PEER_SQS_QUEUE_URL                            = var.peer_sqs_queue_url
    PEER_SQS_REGION                               = var.peer_sqs_region
    # Resolved from Key Vault by the platform; infra/global writes the values.
    PEER_AWS_ACCESS_KEY_ID     = "@Microsoft.KeyVault(VaultName=${azurerm_key_vault.secrets.name};SecretName=peer-aws-access-key-id)"
    PEER_AWS_SECRET_ACCESS_KEY = "@Microsoft.KeyVault(VaultName=${azurerm_key_vault.secrets.name};SecretName=peer-aws-secret-access-key)"
  }
  key_vault_reference_identity_id = azurerm_user_assigned_identity.function.id
  tags                            = local.tags
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
  metric {
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
  metric {
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
