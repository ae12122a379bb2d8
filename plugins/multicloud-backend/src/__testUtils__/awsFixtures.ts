import type { AwsCredentialsManager } from '@backstage/integration-aws-node';
import { AwsClientFactory } from '../providers/aws/awsClients';
import type { ServiceLocation } from '../providers/types';

/** Static credentials per account. */
export function fakeCredentials(): AwsCredentialsManager {
  return {
    async getCredentialProvider(opts) {
      return {
        accountId: opts?.accountId,
        sdkCredentialProvider: async () => ({
          accessKeyId: `key-of-${opts?.accountId ?? 'main'}`,
          secretAccessKey: 'secret',
        }),
      };
    },
  };
}

export function fakeAwsClients() {
  return new AwsClientFactory(fakeCredentials());
}

export function cloudLocation(
  serviceId = 'orders',
  overrides: Partial<ServiceLocation> = {},
): ServiceLocation {
  return {
    entityRef: `component:default/${serviceId}`,
    serviceId,
    provider: 'cloud',
    locations: {
      aws: { account: '111122223333', region: 'eu-west-1' },
      azure: { account: null, region: 'westeurope' },
    },
    routing: 'route53',
    route53: { zoneId: 'Z123', domain: `${serviceId}.example.com` },
    azureRoutingResourceGroup: null,
    ...overrides,
  };
}
