import {
  ENTRA_TOKEN_EXCHANGE_AUDIENCE,
  RunningIdentityFake,
  startIdentityFake,
} from './IdentityFake';

let fake: RunningIdentityFake;
beforeAll(async () => {
  fake = await startIdentityFake({ secrets: { peer: '{"tenantId":"t"}' } });
});
afterAll(() => fake.stop());

const claims = (token: string) =>
  JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString());

const managedIdentityToken = async (resource: string) =>
  (
    await (
      await fetch(
        `${fake.identityEndpoint}?resource=${encodeURIComponent(
          resource,
        )}&api-version=2019-08-01`,
        { headers: { 'X-IDENTITY-HEADER': fake.identityHeader } },
      )
    ).json()
  ).access_token as string;

const entraToken = (
  assertion: string,
  scope = 'https://servicebus.azure.net//.default',
) =>
  fetch(`${fake.endpoint}/tenant-1/oauth2/v2.0/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      grant_type: 'client_credentials',
      client_id: 'client-1',
      scope,
      client_assertion_type:
        'urn:ietf:params:oauth:client-assertion-type:jwt-bearer',
      client_assertion: assertion,
    }),
  });

describe('the identity fake', () => {
  it('gives a managed identity token for the resource asked, only with the identity header', async () => {
    expect(
      claims(await managedIdentityToken('api://AzureADTokenExchange')),
    ).toMatchObject({
      aud: 'api://AzureADTokenExchange',
    });
    const refused = await fetch(
      `${fake.identityEndpoint}?resource=x&api-version=2019-08-01`,
    );
    expect(refused.status).toBe(400);
  });

  it('issues an Entra token for a federated assertion with the token-exchange audience, and refuses any other audience or scope', async () => {
    const good = await entraToken(
      await managedIdentityToken(ENTRA_TOKEN_EXCHANGE_AUDIENCE),
    );
    const body = await good.json();
    expect(body).toMatchObject({ token_type: 'Bearer', expires_in: 3600 });
    expect(claims(body.access_token)).toMatchObject({
      aud: 'https://servicebus.azure.net/',
      tid: 'tenant-1',
    });

    const wrongAudience = await entraToken(
      await managedIdentityToken('https://vault.azure.net'),
    );
    expect(wrongAudience.status).toBe(400);
    expect((await wrongAudience.json()).error_description).toMatch(
      /AADSTS700212/,
    );
    const noDefault = await entraToken(
      await managedIdentityToken(ENTRA_TOKEN_EXCHANGE_AUDIENCE),
      'https://servicebus.azure.net/Send',
    );
    expect((await noDefault.json()).error).toBe('invalid_scope');
  });

  it('refuses an unsigned GetWebIdentityToken and an AssumeRoleWithWebIdentity with a token for another audience, as STS errors', async () => {
    const sts = (form: Record<string, string>) =>
      fetch(fake.endpoint, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ Version: '2011-06-15', ...form }),
      });
    const unsigned = await sts({
      Action: 'GetWebIdentityToken',
      'Audience.member.1': ENTRA_TOKEN_EXCHANGE_AUDIENCE,
      SigningAlgorithm: 'RS256',
    });
    expect(unsigned.status).toBe(403);
    expect(await unsigned.text()).toMatch(
      /<Code>MissingAuthenticationToken<\/Code>/,
    );
    const otherAudience = await sts({
      Action: 'AssumeRoleWithWebIdentity',
      RoleArn: 'arn:aws:iam::000000000000:role/relay',
      RoleSessionName: 's',
      WebIdentityToken: await managedIdentityToken('https://vault.azure.net'),
    });
    expect(otherAudience.status).toBe(400);
    expect(await otherAudience.text()).toMatch(
      /<Code>InvalidIdentityToken<\/Code>/,
    );
    expect(fake.requests['sts:AssumeRoleWithWebIdentity']).toBeUndefined();
  });

  it('answers GetSecretValue for a known secret and ResourceNotFoundException otherwise', async () => {
    const get = (SecretId: string) =>
      fetch(fake.endpoint, {
        method: 'POST',
        headers: {
          'content-type': 'application/x-amz-json-1.1',
          'x-amz-target': 'secretsmanager.GetSecretValue',
        },
        body: JSON.stringify({ SecretId }),
      });
    expect(await (await get('peer')).json()).toMatchObject({
      SecretString: '{"tenantId":"t"}',
      VersionStages: ['AWSCURRENT'],
    });
    const missing = await get('other');
    expect(missing.status).toBe(400);
    expect((await missing.json()).__type).toBe('ResourceNotFoundException');
  });
});
