# --- Dead-letter redrive ----------------------------------------------------------------------
# The Function App's `redrive` timer sends transient dead letters back to the inbound queue, so
# its identity may send to that queue; receiving from the dead-letter sub-queue is covered by the
# Data Receiver role on the queue ("Authenticate and authorize an application with Microsoft
# Entra ID to access Azure Service Bus entities",
# https://learn.microsoft.com/azure/service-bus-messaging/authenticate-application). The timers
# themselves need no resource.
resource "azurerm_role_assignment" "redrive_send" {
  scope                = azurerm_servicebus_queue.inbound.id
  role_definition_name = "Azure Service Bus Data Sender"
  principal_id         = azurerm_user_assigned_identity.function.principal_id
}
