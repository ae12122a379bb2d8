import { DynamoDBStreamsClient } from '@aws-sdk/client-dynamodb-streams';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { STSClient } from '@aws-sdk/client-sts';
import { ServiceBusClient } from '@azure/service-bus';
import type { Context, DynamoDBStreamEvent, SQSEvent } from 'aws-lambda';
import { DynamoDbStreamRecords } from '../../feed/DynamoDbStreamRecords';
import { ServiceBusSender } from '../../transports/ServiceBusSender';
import {
  AwsFederatedCredential,
  readPeerAzureIdentity,
} from './peerCredentials';
import { awsConfig } from './region';
import { createAwsRelayFunction } from './relayFunction';
import { functionLogger, sink } from './telemetry';

/**
 * `relay`: DynamoDB Streams (and the stream mapping's on-failure queue) → Azure's inbound Service
 * Bus queue, built once per cold start from the environment. No key crosses the clouds: the
 * relay sends as an Entra identity that trusts this function's AWS-issued token.
 */
let handler: ReturnType<typeof createAwsRelayFunction> | undefined;

function build() {
  const config = awsConfig();
  const region = config.AWS_REGION;
  return createAwsRelayFunction({
    config,
    peer: async () => {
      const identity = await readPeerAzureIdentity(
        new SecretsManagerClient({ region }),
        config.PEER_AZURE_IDENTITY_SECRET_ARN,
      );
      return new ServiceBusSender({
        // Fail a send within the relay's 60 s timeout: the SDK's defaults (3 retries 30 s apart,
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
    },
    streamRecords: new DynamoDbStreamRecords(
      new DynamoDBStreamsClient({ region }),
    ),
    metrics: sink,
    logger: functionLogger,
  });
}

export const relay = (
  event: DynamoDBStreamEvent | SQSEvent,
  context: Context,
) => (handler ??= build())(event, context);
