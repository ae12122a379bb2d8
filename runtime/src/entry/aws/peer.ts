import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { STSClient } from '@aws-sdk/client-sts';
import { ServiceBusClient } from '@azure/service-bus';
import type { MessageSender } from '../../ports/Transport';
import { ServiceBusSender } from '../../transports/ServiceBusSender';
import type { AwsConfig } from '../config';
import {
  AwsFederatedCredential,
  readPeerAzureIdentity,
} from './peerCredentials';

/**
 * Azure's inbound Service Bus queue, as `relay`, `apply` (anti-entropy answers) and `reconcile`
 * send to it. No key crosses the clouds: the function sends as an Entra identity that trusts its
 * AWS-issued token. Built on first use, so a function that never sends never reads the secret;
 * a failed build is tried again on the next send.
 */
export function awsPeerSender(config: AwsConfig): () => Promise<MessageSender> {
  const region = config.AWS_REGION;
  let peer: Promise<MessageSender> | undefined;
  const build = async () => {
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
        }),
        {
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
  };
  return () =>
    (peer ??= build().catch(error => {
      peer = undefined;
      throw error;
    }));
}
