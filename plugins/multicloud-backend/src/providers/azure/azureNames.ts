/**
 * The names the `azure-service` and `global-routing` Terraform modules give a service's parts
 * (terraform-modules/), so the portal finds them from the service id and subscription alone.
 */
export function azureNames(serviceId: string, subscription: string) {
  const resourceGroup = `rg-${serviceId}`;
  const group = `/subscriptions/${subscription}/resourceGroups/${resourceGroup}/providers`;
  // Service Bus refuses a namespace ending in "-sb" (terraform-modules/azure-service).
  const namespace = `sbns-${serviceId}-bus`;
  return {
    resourceGroup,
    /** Application Insights of the Function App: request count, failures and duration. */
    appInsights: `${group}/microsoft.insights/components/appi-${serviceId}`,
    serviceBus: {
      namespace,
      /** Azure Monitor resource of the namespace: queue depths per `EntityName`. */
      resourceId: `${group}/Microsoft.ServiceBus/namespaces/${namespace}`,
      fullyQualifiedNamespace: `${namespace}.servicebus.windows.net`,
      inboundQueue: `${serviceId}-inbound`,
    },
    /** The Traffic Manager profile of `traffic-manager` routing; its endpoints are named by cloud. */
    trafficManagerProfile: `tm-${serviceId}`,
    /** The Front Door profile of `front-door` routing; origin group `clouds`, origins named by cloud. */
    frontDoorProfile: `afd-${serviceId}`,
  };
}
