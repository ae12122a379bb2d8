import { ServiceBusClient } from '@azure/service-bus';
import {
  RunningIdentityFake,
  RunningServiceBusFake,
  startIdentityFake,
  startServiceBusFake,
} from '@multicloud/cloud-fakes';
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { runInFreshProcess } from '../__testUtils__/freshProcess';

const SECRET_ARN = 'arn:aws:secretsmanager:local:000000000000:secret:peer';

describe('the AWS peer sender, through the identity fake and the Service Bus fake over TLS', () => {
  let bus: RunningServiceBusFake;
  let identity: RunningIdentityFake;

  beforeAll(async () => {
    [bus, identity] = await Promise.all([
      startServiceBusFake({ tls: true }),
      startIdentityFake({
        secrets: {
          [SECRET_ARN]: JSON.stringify({
            tenantId: randomUUID(),
            clientId: randomUUID(),
          }),
        },
      }),
    ]);
  });
  afterAll(async () => {
    await Promise.all([bus.stop(), identity.stop()]);
  });

  it('reads the identity, trades the function’s AWS token for an Entra token, and sends to the queue with it', async () => {
    const config = {
      AWS_REGION: 'local',
      PEER_AZURE_IDENTITY_SECRET_ARN: SECRET_ARN,
      PEER_SERVICEBUS_NAMESPACE: 'sbns-orders-bus.servicebus.windows.net',
      PEER_SERVICEBUS_ENDPOINT: bus.tlsEndpoint,
      PEER_QUEUE_NAME: 'orders-to-azure',
      AZURE_AUTHORITY_HOST: identity.endpoint,
    };
    // In a process of its own: Node takes NODE_TLS_REJECT_UNAUTHORIZED from the real environment.
    await runInFreshProcess(
      `const { buildPeerSender } = await import(${JSON.stringify(
        join(__dirname, 'peerSender.ts'),
      )});
const sender = await buildPeerSender(${JSON.stringify(config)});
await sender.send([{ id: 'e1', body: '{"key":"order-7"}' }]);
await sender.close();
result('sent');`,
      {
        AWS_ACCESS_KEY_ID: 'local',
        AWS_SECRET_ACCESS_KEY: 'local',
        // The SDK's own endpoint overrides point STS and Secrets Manager at the fake.
        AWS_ENDPOINT_URL_STS: identity.endpoint,
        AWS_ENDPOINT_URL_SECRETS_MANAGER: identity.endpoint,
        // The fake's certificate is self-signed (local use only).
        NODE_TLS_REJECT_UNAUTHORIZED: '0',
      },
    );

    expect(identity.requests).toEqual({
      'secretsmanager:GetSecretValue': 1,
      'sts:GetWebIdentityToken': 1,
      'entra:token': 1,
    });
    const client = new ServiceBusClient(bus.connectionString);
    const [message] = await client
      .createReceiver('orders-to-azure')
      .receiveMessages(1, { maxWaitTimeInMs: 5_000 });
    await client.close();
    expect(message?.body).toBe('{"key":"order-7"}');
    // A fresh process loads the runtime's TypeScript through tsx: seconds on a busy machine.
  }, 60_000);
});
