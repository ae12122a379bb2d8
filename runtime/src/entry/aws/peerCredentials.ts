import {
  GetSecretValueCommand,
  type SecretsManagerClient,
} from '@aws-sdk/client-secrets-manager';
import {
  GetWebIdentityTokenCommand,
  type STSClient,
} from '@aws-sdk/client-sts';
import type {
  AccessToken,
  GetTokenOptions,
  TokenCredential,
} from '@azure/core-auth';
import * as z from '../../domain/zod';

/** The audience Entra ID requires in a token it trusts through a federated credential. */
export const ENTRA_TOKEN_EXCHANGE = 'api://AzureADTokenExchange';

/** Which Entra identity the relay sends as: ids only, no secret (infra/global writes them). */
export const peerAzureIdentitySchema = z.object({
  tenantId: z.guid(),
  clientId: z.guid(),
});
export type PeerAzureIdentity = z.infer<typeof peerAzureIdentitySchema>;

export async function readPeerAzureIdentity(
  secrets: SecretsManagerClient,
  secretArn: string,
): Promise<PeerAzureIdentity> {
  const { SecretString } = await secrets.send(
    new GetSecretValueCommand({ SecretId: secretArn }),
  );
  if (!SecretString)
    throw new Error(`secret ${secretArn} has no value yet: apply infra/global`);
  let json: unknown;
  try {
    json = JSON.parse(SecretString);
  } catch {
    throw new Error(`secret ${secretArn} is not JSON {tenantId, clientId}`);
  }
  const parsed = peerAzureIdentitySchema.safeParse(json);
  if (!parsed.success)
    throw new Error(
      `secret ${secretArn} is not {tenantId, clientId}: ${parsed.error.issues
        .map(i => `${i.path.join('.')}: ${i.message}`)
        .join('; ')}`,
    );
  return parsed.data;
}

/**
 * An Entra token for Service Bus with no secret: the relay's Lambda role asks AWS STS for a JSON
 * Web Token (GetWebIdentityToken, IAM outbound identity federation:
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_providers_outbound_getting_started.html;
 * its `iss` is the account's issuer URL and its `sub` the role's ARN, "Understanding token claims":
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_providers_outbound_token_claims.html;
 * the API is served by regional STS endpoints only, which the SDK client uses)
 * and presents it to Entra ID as a client assertion in the client credentials flow ("Third case:
 * Access token request with a federated credential",
 * https://learn.microsoft.com/entra/identity-platform/v2-oauth2-client-creds-grant-flow#third-case-access-token-request-with-a-federated-credential).
 * The identity's federated credential (terraform-modules/azure-service) trusts that issuer and
 * subject. Written here instead of @azure/identity to keep MSAL out of the Lambda bundle.
 */
export class AwsFederatedCredential implements TokenCredential {
  private cached = new Map<string, AccessToken>();

  constructor(
    private readonly options: {
      identity: PeerAzureIdentity;
      sts: STSClient;
      authority?: string;
      fetch?: typeof fetch;
    },
  ) {}

  async getToken(
    scopes: string | string[],
    _options?: GetTokenOptions,
  ): Promise<AccessToken> {
    const scope = Array.isArray(scopes) ? scopes.join(' ') : scopes;
    const hit = this.cached.get(scope);
    // Renewed five minutes before it expires, as the Azure SDKs do.
    if (hit && hit.expiresOnTimestamp - Date.now() > 5 * 60_000) return hit;
    const { WebIdentityToken } = await this.options.sts.send(
      new GetWebIdentityTokenCommand({
        Audience: [ENTRA_TOKEN_EXCHANGE],
        SigningAlgorithm: 'RS256',
      }),
    );
    if (!WebIdentityToken)
      throw new Error(
        'AWS STS gave no web identity token (is outbound identity federation enabled for the account?)',
      );
    const { tenantId, clientId } = this.options.identity;
    const authority =
      this.options.authority ?? 'https://login.microsoftonline.com';
    const response = await (this.options.fetch ?? fetch)(
      `${authority}/${tenantId}/oauth2/v2.0/token`,
      {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({
          grant_type: 'client_credentials',
          client_id: clientId,
          scope,
          client_assertion_type:
            'urn:ietf:params:oauth:client-assertion-type:jwt-bearer',
          client_assertion: WebIdentityToken,
        }).toString(),
      },
    );
    if (!response.ok)
      throw new Error(
        `Entra ID refused the AWS token (${response.status}): ${(
          await response.text()
        ).slice(0, 300)}`,
      );
    const body = (await response.json()) as {
      access_token: string;
      expires_in: number;
    };
    const token = {
      token: body.access_token,
      expiresOnTimestamp: Date.now() + body.expires_in * 1000,
    };
    this.cached.set(scope, token);
    return token;
  }
}
