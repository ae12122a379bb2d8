import type { Config } from '@backstage/config';
import { DefaultAwsCredentialsManager } from '@backstage/integration-aws-node';
import type { CloudId } from '@multicloud/backstage-plugin-multicloud-common';
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
import type { ServiceLocation } from '../types';
import { CloudProvider } from './CloudProvider';
import type { CloudSide, GlobalRouting } from './types';

/**
 * The `cloud` provider from app-config, or null when neither `multicloud.aws` nor
 * `multicloud.azure` is configured. AWS credentials per account come from the standard
 * `aws.accounts` config (integration-aws-node); Azure credentials per subscription from
 * `multicloud.azure.subscriptions` (or `DefaultAzureCredential`). Each account and subscription
 * gets clients of its own.
 */
export function createCloudProvider(config: Config): CloudProvider | null {
  const aws = config.getOptionalConfig('multicloud.aws');
  const azure = config.getOptionalConfig('multicloud.azure');
  if (!aws && !azure) return null;
  const routings: Partial<Record<ServiceLocation['routing'], GlobalRouting>> =
    {};
  const sides: Partial<Record<CloudId, CloudSide>> = {};
  if (aws) {
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
    routings.route53 = new Route53Routing(clients, batcher);
    sides.aws = new AwsSide(
      batcher,
      new SqsQueues(clients),
      new HttpApis(clients),
    );
  }
  if (azure) {
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
    routings['traffic-manager'] = new TrafficManagerRouting(clients);
    routings['front-door'] = new FrontDoorRouting(clients, metrics);
    sides.azure = new AzureSide(
      metrics,
      new AppInsightsLogs(clients),
      new ServiceBusQueues(clients),
    );
  }
  return new CloudProvider(routings, sides);
}
