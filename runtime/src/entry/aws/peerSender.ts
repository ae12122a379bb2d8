import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { STSClient } from '@aws-sdk/client-sts';
import { ServiceBusClient } from '@azure/service-bus';
import { ServiceBusSender } from '../../transports/ServiceBusSender';
import type { AwsConfig } from '../config';
import {
  AwsFederatedCredential,
  readPeerAzureIdentity,
} from './peerCredentials';

/**
 * Azure's inbound Service Bus queue as the function's Entra identity: the identity's ids from
 * Secrets Manager, its token from AWS STS and Entra ID. The Service Bus SDK (with rhea) and the
 * STS and Secrets Manager clients live in this module alone, which `awsPeerSender` imports on
 * first send, so loading a function does not load them.
 */
export async function buildPeerSender(config: AwsConfig) {
  const region = config.AWS_REGION;
  const identity = await readPeerAzureIdentity(
    new SecretsManagerClient({ region }),
    config.PEER_AZURE_IDENTITY_SECRET_ARN,
  );
  return new ServiceBusSender({
    // Fail a send within the functions' 60 s timeout: the SDK's defaults (3 retries 30 s apart,
    // 60 s per try: @azure/core-amqp constants) would outlast it. Lambda retries the batch.
    client: new ServiceBusClient(
      config.PEER_SERVICEBUS_NAMESPACE,
      new AwsFederatedCredential({
        identity,
        sts: new STSClient({ region }),
        authority: config.AZURE_AUTHORITY_HOST?.replace(/\/$/, ''),
      }),
      {
        customEndpointAddress: config.PEER_SERVICEBUS_ENDPOINT,
        retryOptions: {
          maxRetries: 2,
          retryDelayInMs: 1000,
          maxRetryDelayInMs: 5000,
          timeoutInMs: 15_000,
        },
      },
    ),
    queueName: config.PEER_QUEUE_NAME,
  });
}
