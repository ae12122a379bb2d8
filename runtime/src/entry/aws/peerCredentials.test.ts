import {
  GetSecretValueCommand,
  SecretsManagerClient,
} from '@aws-sdk/client-secrets-manager';
import { GetWebIdentityTokenCommand, STSClient } from '@aws-sdk/client-sts';
import { mockClient } from 'aws-sdk-client-mock';
import {
  AwsFederatedCredential,
  readPeerAzureIdentity,
} from './peerCredentials';

const identity = {
  tenantId: '11111111-1111-4111-8111-111111111111',
  clientId: '22222222-2222-4222-8222-222222222222',
};

describe('the peer identity the AWS relay sends as', () => {
  const secrets = mockClient(SecretsManagerClient);
  afterEach(() => secrets.reset());

  it('reads the tenant and client id infra/global wrote', async () => {
    secrets
      .on(GetSecretValueCommand, { SecretId: 'arn:peer' })
      .resolves({ SecretString: JSON.stringify(identity) });
    await expect(
      readPeerAzureIdentity(new SecretsManagerClient({}), 'arn:peer'),
    ).resolves.toEqual(identity);
  });

  it.each([
    [undefined, 'secret arn:peer has no value yet: apply infra/global'],
    ['not json', 'secret arn:peer is not JSON {tenantId, clientId}'],
    [
      JSON.stringify({ tenantId: 'x' }),
      'secret arn:peer is not {tenantId, clientId}: tenantId: Invalid GUID; clientId: Invalid input: expected string, received undefined',
    ],
  ])('refuses the secret %p with a clear error', async (value, message) => {
    secrets.on(GetSecretValueCommand).resolves({ SecretString: value });
    await expect(
      readPeerAzureIdentity(new SecretsManagerClient({}), 'arn:peer'),
    ).rejects.toThrow(message);
  });
});

describe('AwsFederatedCredential', () => {
  const sts = mockClient(STSClient);
  afterEach(() => sts.reset());

  function entra(
    status = 200,
    body: unknown = { access_token: 'entra', expires_in: 3600 },
  ) {
    const calls: { url: string; form: URLSearchParams }[] = [];
    const fetchStub = (async (url: string, init: RequestInit) => {
      calls.push({ url, form: new URLSearchParams(String(init.body)) });
      return new Response(
        typeof body === 'string' ? body : JSON.stringify(body),
        { status },
      );
    }) as unknown as typeof fetch;
    return { calls, fetchStub };
  }

  it('trades an AWS web identity token for an Entra token once, and reuses it until near expiry', async () => {
    sts
      .on(GetWebIdentityTokenCommand, {
        Audience: ['api://AzureADTokenExchange'],
        SigningAlgorithm: 'RS256',
      })
      .resolves({ WebIdentityToken: 'aws-jwt' });
    const { calls, fetchStub } = entra();
    const credential = new AwsFederatedCredential({
      identity,
      sts: new STSClient({}),
      fetch: fetchStub,
    });
    const scope = 'https://servicebus.azure.net//.default';
    expect((await credential.getToken(scope)).token).toBe('entra');
    await credential.getToken(scope);
    expect(sts.commandCalls(GetWebIdentityTokenCommand)).toHaveLength(1);
    expect(calls).toHaveLength(1);
    expect(calls[0].url).toBe(
      `https://login.microsoftonline.com/${identity.tenantId}/oauth2/v2.0/token`,
    );
    expect(Object.fromEntries(calls[0].form)).toEqual({
      grant_type: 'client_credentials',
      client_id: identity.clientId,
      scope,
      client_assertion_type:
        'urn:ietf:params:oauth:client-assertion-type:jwt-bearer',
      client_assertion: 'aws-jwt',
    });
  });

  it('says why when Entra ID refuses the token', async () => {
    sts
      .on(GetWebIdentityTokenCommand)
      .resolves({ WebIdentityToken: 'aws-jwt' });
    const { fetchStub } = entra(
      400,
      'AADSTS70021: No matching federated identity record found',
    );
    const credential = new AwsFederatedCredential({
      identity,
      sts: new STSClient({}),
      fetch: fetchStub,
    });
    await expect(credential.getToken('scope')).rejects.toThrow(
      'Entra ID refused the AWS token (400): AADSTS70021: No matching federated identity record found',
    );
  });

  it('says why when AWS gives no token', async () => {
    sts.on(GetWebIdentityTokenCommand).resolves({});
    const credential = new AwsFederatedCredential({
      identity,
      sts: new STSClient({}),
      fetch: entra().fetchStub,
    });
    await expect(credential.getToken('scope')).rejects.toThrow(
      'AWS STS gave no web identity token',
    );
  });
});
