# --- The relay's parking queue ---------------------------------------------------------------
# What AWS's inbound queue refuses, the Cosmos DB-triggered relay keeps here (on this cloud, so an
# outage of the other cloud or of the link cannot lose it), and the `resendParked` timer function
# sends it on every minute. The runtime's default name for it is `<SERVICE_NAME>-parking`.
# A batch that still cannot be sent is parked again as new messages, so deliveries never run out.
resource "azurerm_servicebus_queue" "parking" {
  name                                 = "${local.name}-parking"
  namespace_id                         = azurerm_servicebus_namespace.bus.id
  max_delivery_count                   = 10
  dead_lettering_on_message_expiration = true
  lock_duration                        = "PT1M"
  default_message_ttl                  = "P14D"
}

resource "azurerm_role_assignment" "parking_send" {
  scope                = azurerm_servicebus_queue.parking.id
  role_definition_name = "Azure Service Bus Data Sender"
  principal_id         = azurerm_user_assigned_identity.function.principal_id
}

resource "azurerm_role_assignment" "parking_receive" {
  scope                = azurerm_servicebus_queue.parking.id
  role_definition_name = "Azure Service Bus Data Receiver"
  principal_id         = azurerm_user_assigned_identity.function.principal_id
}
