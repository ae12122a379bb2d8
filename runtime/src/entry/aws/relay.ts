import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { STSClient } from '@aws-sdk/client-sts';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import { ServiceBusClient } from '@azure/service-bus';
import type { DynamoDBStreamEvent } from 'aws-lambda';
import { createTriggeredRelay, Relay } from '../../bridge/Relay';
import { storedItemFromDynamoDbRecord } from '../../stores/DynamoDbStore';
import { ServiceBusTransport } from '../../transports/ServiceBusTransport';
import {
  AwsFederatedCredential,
  readPeerAzureIdentity,
} from './peerCredentials';
import { awsConfig } from './region';
import { logger, sink } from './telemetry';

let relayPromise: Promise<Relay> | undefined;
function getRelay() {
  const config = awsConfig();
  return (relayPromise ??= readPeerAzureIdentity(
    new SecretsManagerClient({ region: config.AWS_REGION }),
    config.PEER_AZURE_IDENTITY_SECRET_ARN,
  ).then(identity => {
    const sts = new STSClient({ region: config.AWS_REGION });
    const outbound = new ServiceBusTransport({
      client: new ServiceBusClient(
        config.PEER_SERVICEBUS_NAMESPACE,
        new AwsFederatedCredential({ identity, sts }),
      ),
      queueName: config.PEER_QUEUE_NAME,
      counts: async () => {
        throw new Error(
          'queue counts of the peer are read by the portal, not by the relay',
        );
      },
    });
    return createTriggeredRelay({
      region: config.REGION_ID,
      outbound,
      metrics: sink,
    });
  }));
}

/**
 * `relay`: DynamoDB Streams → Azure's inbound Service Bus queue. A failure throws, and Lambda
 * retries the batch (bisected, as Terraform sets).
 */
export async function relay(event: DynamoDBStreamEvent): Promise<void> {
  const changes = event.Records.filter(r => r.dynamodb?.NewImage).map(r =>
    storedItemFromDynamoDbRecord(unmarshall(r.dynamodb!.NewImage as never)),
  );
  const sent = await (await getRelay()).relayChanges(changes);
  logger.info('relayed to azure', { records: event.Records.length, sent });
  sink.flush();
}
