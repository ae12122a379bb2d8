# --- The relay's parking lot -----------------------------------------------------------------
# What AWS's inbound queue refuses, the Cosmos DB-triggered relay keeps here, on this cloud, so an
# outage of the other cloud or of the link cannot lose it; the `resendParked` timer function sends
# it on every minute. A container in the service's database: the function's identity already has
# the data-plane role on the account, and the Function App needs no other SDK for it. No TTL: a
# parked event stays until it is re-sent. The runtime reads its name from COSMOS_PARKING_CONTAINER
# (default `parked`).
resource "azurerm_cosmosdb_sql_container" "parked" {
  name                = "parked"
  resource_group_name = azurerm_resource_group.service.name
  account_name        = azurerm_cosmosdb_account.store.name
  database_name       = azurerm_cosmosdb_sql_database.service.name
  partition_key_paths = ["/id"]
}
