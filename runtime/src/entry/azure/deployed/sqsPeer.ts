import { SQSClient } from '@aws-sdk/client-sqs';
import type { MessageSender } from '../../../ports/Transport';
import { SqsSender } from '../../../transports/SqsTransport';
import { AppServiceManagedIdentityCredential } from '../AppServiceManagedIdentityCredential';
import { awsCredentialsFromAzure } from '../peerCredentials';
import { azureSettings } from './settings';

let peer: MessageSender | undefined;

/**
 * AWS's inbound SQS queue, as `relay`, `resendParked`, `apply` (anti-entropy answers) and
 * `reconcile` send to it. No key: the relay trades its managed identity's token for the
 * send-only role.
 */
export function awsPeer(): MessageSender {
  const { config } = azureSettings();
  return (peer ??= new SqsSender({
    client: new SQSClient({
      region: config.PEER_SQS_REGION,
      credentials: awsCredentialsFromAzure({
        roleArn: config.PEER_AWS_ROLE_ARN,
        identity: new AppServiceManagedIdentityCredential(),
        region: config.PEER_SQS_REGION,
      }),
    }),
    queueUrl: config.PEER_SQS_QUEUE_URL,
  }));
}
