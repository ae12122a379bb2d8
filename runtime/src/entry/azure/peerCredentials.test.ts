import {
  AssumeRoleWithWebIdentityCommand,
  STSClient,
} from '@aws-sdk/client-sts';
import type { TokenCredential } from '@azure/core-auth';
import { mockClient } from 'aws-sdk-client-mock';
import { awsCredentialsFromAzure } from './peerCredentials';

describe('awsCredentialsFromAzure', () => {
  const sts = mockClient(STSClient);
  afterEach(() => sts.reset());

  const scopes: unknown[] = [];
  const identity: TokenCredential = {
    getToken: async scope => {
      scopes.push(scope);
      return { token: 'entra-jwt', expiresOnTimestamp: Date.now() + 3600_000 };
    },
  };
  const roleArn = 'arn:aws:iam::123456789012:role/orders-azure-sender';

  it('assumes the send-only role with the managed identity’s token for api://AzureADTokenExchange', async () => {
    const expiration = new Date(Date.now() + 3600_000);
    sts
      .on(AssumeRoleWithWebIdentityCommand, {
        RoleArn: roleArn,
        WebIdentityToken: 'entra-jwt',
        RoleSessionName: 'azure-relay',
      })
      .resolves({
        Credentials: {
          AccessKeyId: 'ASIA',
          SecretAccessKey: 'secret',
          SessionToken: 'session',
          Expiration: expiration,
        },
      });
    const provider = awsCredentialsFromAzure({
      roleArn,
      identity,
      region: 'eu-west-1',
      sts: new STSClient({}),
    });
    await expect(provider()).resolves.toEqual({
      accessKeyId: 'ASIA',
      secretAccessKey: 'secret',
      sessionToken: 'session',
      expiration,
    });
    expect(scopes).toEqual(['api://AzureADTokenExchange/.default']);
  });

  it('says which role gave no credentials', async () => {
    sts.on(AssumeRoleWithWebIdentityCommand).resolves({});
    const provider = awsCredentialsFromAzure({
      roleArn,
      identity,
      region: 'eu-west-1',
      sts: new STSClient({}),
    });
    await expect(provider()).rejects.toThrow(
      `AWS STS gave no credentials for ${roleArn}`,
    );
  });
});
