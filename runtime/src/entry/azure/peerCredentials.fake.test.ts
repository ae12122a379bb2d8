import {
  CreateQueueCommand,
  ReceiveMessageCommand,
  SQSClient,
} from '@aws-sdk/client-sqs';
import { STSClient } from '@aws-sdk/client-sts';
import {
  RunningIdentityFake,
  RunningSqsFake,
  startIdentityFake,
  startSqsFake,
} from '@multicloud/cloud-fakes';
import { SqsSender } from '../../transports/SqsTransport';
import { AppServiceManagedIdentityCredential } from './AppServiceManagedIdentityCredential';
import { awsCredentialsFromAzure } from './peerCredentials';

describe('the Azure relay’s AWS credentials, through the identity fake', () => {
  let identity: RunningIdentityFake;
  let sqs: RunningSqsFake;
  beforeAll(async () => {
    [identity, sqs] = await Promise.all([startIdentityFake(), startSqsFake()]);
  });
  afterAll(() => Promise.all([identity.stop(), sqs.stop()]));

  it('trades the managed identity’s token-exchange token for the role’s credentials and sends to SQS with them', async () => {
    const credentials = awsCredentialsFromAzure({
      roleArn: 'arn:aws:iam::000000000000:role/relay',
      region: 'local',
      identity: new AppServiceManagedIdentityCredential({
        endpoint: identity.identityEndpoint,
        header: identity.identityHeader,
      }),
      sts: new STSClient({ region: 'local', endpoint: identity.endpoint }),
    });
    const client = new SQSClient({
      region: 'local',
      endpoint: sqs.endpoint,
      credentials,
    });
    const { QueueUrl } = await client.send(
      new CreateQueueCommand({ QueueName: 'inbound' }),
    );
    await new SqsSender({ client, queueUrl: QueueUrl! }).send([
      { id: 'e1', body: '{"key":"order-7"}' },
    ]);

    const { accessKeyId, sessionToken } = await credentials();
    expect(accessKeyId).toMatch(/^ASIA/);
    expect(sessionToken).toBeTruthy();
    expect(identity.requests).toMatchObject({
      'managed-identity:token': 1,
      'sts:AssumeRoleWithWebIdentity': 2,
    });
    const { Messages = [] } = await client.send(
      new ReceiveMessageCommand({ QueueUrl }),
    );
    expect(Messages.map(m => m.Body)).toEqual(['{"key":"order-7"}']);
  });
});
