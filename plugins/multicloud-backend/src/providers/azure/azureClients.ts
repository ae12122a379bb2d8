import { CdnManagementClient } from '@azure/arm-cdn';
import { TrafficManagerManagementClient } from '@azure/arm-trafficmanager';
import type { TokenCredential } from '@azure/core-auth';
import type { TlsSettings } from '@azure/core-rest-pipeline';
import {
  ClientSecretCredential,
  DefaultAzureCredential,
} from '@azure/identity';
import { LogsQueryClient } from '@azure/monitor-query-logs';
import { MetricsClient } from '@azure/monitor-query-metrics';
import {
  ServiceBusAdministrationClient,
  ServiceBusClient,
} from '@azure/service-bus';
import type { Config } from '@backstage/config';

/** Endpoints instead of the public cloud's: sovereign clouds, private links, or local fakes. */
export interface AzureEndpoints {
  /** Azure Resource Manager (Traffic Manager, Front Door). Default `https://management.azure.com`. */
  resourceManager?: string;
  /** Azure Monitor metrics, `{region}` replaced. Default `https://{region}.metrics.monitor.azure.com`. */
  metrics?: string;
  /** The Log Analytics query API (Application Insights logs). Default `https://api.loganalytics.io/v1`. */
  logs?: string;
  /** A Service Bus namespace's host, `{namespace}` replaced. Default `{namespace}.servicebus.windows.net`. */
  serviceBus?: string;
}

/** The Azure SDK clients of one subscription (and region or namespace). */
export interface AzureClients {
  trafficManager(subscription: string): TrafficManagerManagementClient;
  /** Front Door (Standard/Premium) lives in the CDN resource provider. */
  cdn(subscription: string): CdnManagementClient;
  metrics(subscription: string, region: string): MetricsClient;
  logs(subscription: string): LogsQueryClient;
  serviceBusAdmin(
    subscription: string,
    namespace: string,
  ): ServiceBusAdministrationClient;
  /** AMQP, for moving dead letters back (replay). */
  serviceBus(subscription: string, namespace: string): ServiceBusClient;
}

/** The credential of one subscription. */
export type AzureCredentials = (subscription: string) => TokenCredential;

/**
 * Credentials per subscription from `multicloud.azure.subscriptions` (a service principal with a
 * secret, or a managed identity's client id); any other subscription uses `DefaultAzureCredential`
 * (workload identity, managed identity, or the Azure CLI's login on a developer machine). Each
 * subscription gets its own credential object, never one swapped between requests.
 */
export function azureCredentialsFromConfig(azure: Config): AzureCredentials {
  const credentials = new Map<string, TokenCredential>();
  for (const entry of azure.getOptionalConfigArray('subscriptions') ?? []) {
    const tenantId = entry.getOptionalString('tenantId');
    const clientId = entry.getOptionalString('clientId');
    const clientSecret = entry.getOptionalString('clientSecret');
    credentials.set(
      entry.getString('subscriptionId'),
      clientSecret && tenantId && clientId
        ? new ClientSecretCredential(tenantId, clientId, clientSecret)
        : new DefaultAzureCredential({
            tenantId,
            managedIdentityClientId: clientId,
          }),
    );
  }
  let fallback: TokenCredential | undefined;
  return subscription => {
    const own = credentials.get(subscription);
    if (own) return own;
    fallback ??= new DefaultAzureCredential();
    return fallback;
  };
}

/**
 * Builds one client per kind and subscription (and region or namespace) with that subscription's
 * credential, and keeps it.
 */
export class AzureClientFactory implements AzureClients {
  private readonly kept = new Map<string, unknown>();

  constructor(
    private readonly credentials: AzureCredentials,
    private readonly options: {
      endpoints?: AzureEndpoints;
      /** Extra trusted certificates, e.g. of a TLS-inspecting proxy (or a local fake). */
      tls?: TlsSettings;
    } = {},
  ) {}

  trafficManager(subscription: string) {
    return this.keep(
      `tm|${subscription}`,
      () =>
        new TrafficManagerManagementClient(
          this.credentials(subscription),
          subscription,
          {
            endpoint: this.options.endpoints?.resourceManager,
            tlsOptions: this.options.tls,
          },
        ),
    );
  }

  cdn(subscription: string) {
    return this.keep(
      `cdn|${subscription}`,
      () =>
        new CdnManagementClient(this.credentials(subscription), subscription, {
          endpoint: this.options.endpoints?.resourceManager,
          tlsOptions: this.options.tls,
        }),
    );
  }

  metrics(subscription: string, region: string) {
    const endpoint = (
      this.options.endpoints?.metrics ??
      'https://{region}.metrics.monitor.azure.com'
    ).replace('{region}', region);
    return this.keep(
      `metrics|${subscription}|${region}`,
      () =>
        new MetricsClient(endpoint, this.credentials(subscription), {
          tlsOptions: this.options.tls,
        }),
    );
  }

  logs(subscription: string) {
    return this.keep(
      `logs|${subscription}`,
      () =>
        new LogsQueryClient(this.credentials(subscription), {
          endpoint: this.options.endpoints?.logs,
          tlsOptions: this.options.tls,
        }),
    );
  }

  serviceBusAdmin(subscription: string, namespace: string) {
    return this.keep(
      `sb-admin|${subscription}|${namespace}`,
      () =>
        new ServiceBusAdministrationClient(
          this.host(namespace),
          this.credentials(subscription),
          { tlsOptions: this.options.tls },
        ),
    );
  }

  serviceBus(subscription: string, namespace: string) {
    return this.keep(
      `sb|${subscription}|${namespace}`,
      () =>
        new ServiceBusClient(
          this.host(namespace),
          this.credentials(subscription),
        ),
    );
  }

  private host(namespace: string) {
    return (
      this.options.endpoints?.serviceBus ?? '{namespace}.servicebus.windows.net'
    ).replace('{namespace}', namespace);
  }

  private keep<T>(key: string, create: () => T): T {
    if (!this.kept.has(key)) this.kept.set(key, create());
    return this.kept.get(key) as T;
  }
}
