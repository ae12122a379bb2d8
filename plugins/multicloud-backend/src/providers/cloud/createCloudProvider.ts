import type { Config } from '@backstage/config';
import { DefaultAwsCredentialsManager } from '@backstage/integration-aws-node';
import {
  BUILT_IN_CLOUDS,
  type CloudId,
} from '@multicloud/backstage-plugin-multicloud-common';
import { AwsClientFactory } from '../aws/awsClients';
import { AwsSide } from '../aws/AwsSide';
import { CloudWatchBatcher } from '../aws/CloudWatchBatcher';
import { HttpApis } from '../aws/HttpApis';
import { Route53Routing } from '../aws/Route53Routing';
import { SqsQueues } from '../aws/SqsQueues';
import {
  AzureClientFactory,
  azureCredentialsFromConfig,
} from '../azure/azureClients';
import { AppInsightsLogs } from '../azure/AppInsightsLogs';
import { AzureSide } from '../azure/AzureSide';
import { FrontDoorRouting } from '../azure/FrontDoorRouting';
import { MonitorMetricsBatcher } from '../azure/MonitorMetricsBatcher';
import { ServiceBusQueues } from '../azure/ServiceBusQueues';
import { TrafficManagerRouting } from '../azure/TrafficManagerRouting';
import { cloudIdsOf, type ServiceLocation } from '../types';
import { CloudProvider } from './CloudProvider';
import type { CloudSide, GlobalRouting } from './types';

/** What configuring one cloud brings: its side, and the global routings it serves. */
interface ConfiguredCloud {
  side: CloudSide;
  routings: Partial<Record<ServiceLocation['routing'], GlobalRouting>>;
}

/**
 * Builds one cloud's side and routings from its `multicloud.<cloud>` config; `clouds` are the
 * ids every routing holds a record, endpoint or origin for.
 */
type CloudFactory = (
  cloudConfig: Config,
  config: Config,
  clouds: readonly CloudId[],
) => ConfiguredCloud;

const awsCloud: CloudFactory = (aws, config, clouds) => {
  const endpoints = aws.getOptionalConfig('endpoints');
  const clients = new AwsClientFactory(
    DefaultAwsCredentialsManager.fromConfig(config),
    {
      apigateway: endpoints?.getOptionalString('apigateway'),
      cloudwatch: endpoints?.getOptionalString('cloudwatch'),
      route53: endpoints?.getOptionalString('route53'),
      sqs: endpoints?.getOptionalString('sqs'),
    },
  );
  const batcher = new CloudWatchBatcher((account, region) =>
    clients.cloudWatch(account, region),
  );
  return {
    side: new AwsSide(batcher, new SqsQueues(clients), new HttpApis(clients)),
    routings: { route53: new Route53Routing(clients, batcher, { clouds }) },
  };
};

const azureCloud: CloudFactory = (azure, _config, clouds) => {
  const endpoints = azure.getOptionalConfig('endpoints');
  const clients = new AzureClientFactory(azureCredentialsFromConfig(azure), {
    endpoints: {
      resourceManager: endpoints?.getOptionalString('resourceManager'),
      metrics: endpoints?.getOptionalString('metrics'),
      logs: endpoints?.getOptionalString('logs'),
      serviceBus: endpoints?.getOptionalString('serviceBus'),
    },
  });
  const metrics = new MonitorMetricsBatcher(clients);
  return {
    side: new AzureSide(
      metrics,
      new AppInsightsLogs(clients),
      new ServiceBusQueues(clients),
    ),
    routings: {
      'traffic-manager': new TrafficManagerRouting(clients, { clouds }),
      'front-door': new FrontDoorRouting(clients, metrics, { clouds }),
    },
  };
};

/** The clouds the `cloud` provider knows, by id: one factory per cloud of `BUILT_IN_CLOUDS`. */
const CLOUD_FACTORIES: Record<CloudId, CloudFactory> = {
  aws: awsCloud,
  azure: azureCloud,
};

/**
 * The `cloud` provider from app-config, or null when no `multicloud.<cloud>` (`multicloud.aws`,
 * `multicloud.azure`) is configured. AWS credentials per account come from the standard
 * `aws.accounts` config (integration-aws-node); Azure credentials per subscription from
 * `multicloud.azure.subscriptions` (or `DefaultAzureCredential`). Each account and subscription
 * gets clients of its own.
 */
export function createCloudProvider(config: Config): CloudProvider | null {
  const clouds = cloudIdsOf(BUILT_IN_CLOUDS);
  const routings: ConfiguredCloud['routings'] = {};
  const sides: Partial<Record<CloudId, CloudSide>> = {};
  for (const cloud of clouds) {
    const cloudConfig = config.getOptionalConfig(`multicloud.${cloud}`);
    if (!cloudConfig) continue;
    const configured = CLOUD_FACTORIES[cloud](cloudConfig, config, clouds);
    sides[cloud] = configured.side;
    Object.assign(routings, configured.routings);
  }
  if (!Object.keys(sides).length) return null;
  return new CloudProvider(routings, sides);
}
