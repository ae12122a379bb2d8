import type { Config } from '@backstage/config';
import { DefaultAwsCredentialsManager } from '@backstage/integration-aws-node';
import type { CloudId } from '@multicloud/backstage-plugin-multicloud-common';
import { AwsClientFactory } from '../aws/awsClients';
import { AwsSide } from '../aws/AwsSide';
import { CloudWatchBatcher } from '../aws/CloudWatchBatcher';
import { Route53Routing } from '../aws/Route53Routing';
import { SqsQueues } from '../aws/SqsQueues';
import type { ServiceLocation } from '../types';
import { CloudProvider } from './CloudProvider';
import type { CloudSide, GlobalRouting } from './types';

/**
 * The `cloud` provider from app-config, or null when neither `multicloud.aws` nor
 * `multicloud.azure` is configured. AWS credentials per account come from the standard
 * `aws.accounts` config (integration-aws-node); each account gets clients of its own.
 */
export function createCloudProvider(config: Config): CloudProvider | null {
  const aws = config.getOptionalConfig('multicloud.aws');
  if (!aws) return null;
  const endpoints = aws.getOptionalConfig('endpoints');
  const clients = new AwsClientFactory(
    DefaultAwsCredentialsManager.fromConfig(config),
    {
      cloudwatch: endpoints?.getOptionalString('cloudwatch'),
      route53: endpoints?.getOptionalString('route53'),
      sqs: endpoints?.getOptionalString('sqs'),
    },
  );
  const batcher = new CloudWatchBatcher((account, region) =>
    clients.cloudWatch(account, region),
  );
  const routings: Partial<Record<ServiceLocation['routing'], GlobalRouting>> = {
    route53: new Route53Routing(clients, batcher),
  };
  const sides: Partial<Record<CloudId, CloudSide>> = {
    aws: new AwsSide(batcher, new SqsQueues(clients)),
  };
  return new CloudProvider(routings, sides);
}
