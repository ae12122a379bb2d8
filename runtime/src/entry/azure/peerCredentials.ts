import {
  AssumeRoleWithWebIdentityCommand,
  STSClient,
} from '@aws-sdk/client-sts';
import type { AwsCredentialIdentityProvider } from '@aws-sdk/types';
import type { TokenCredential } from '@azure/core-auth';

/**
 * The audience Entra ID issues federation tokens for. The managed identity's token for it has the
 * tenant's v2.0 endpoint as issuer and the identity's object id as subject ("Configure an
 * application to trust a managed identity",
 * https://learn.microsoft.com/entra/workload-id/workload-identity-federation-config-app-trust-managed-identity);
 * infra/global makes AWS trust exactly that issuer, audience and subject.
 */
export const ENTRA_TOKEN_EXCHANGE = 'api://AzureADTokenExchange';

/**
 * AWS credentials for the relay's sends into SQS, with no key: the Function App's managed identity
 * token is traded for the send-only role's temporary credentials with AssumeRoleWithWebIdentity
 * ("AssumeRoleWithWebIdentity", https://docs.aws.amazon.com/STS/latest/APIReference/API_AssumeRoleWithWebIdentity.html),
 * a call that needs no AWS credentials of its own. The SDK client calls this provider again when
 * the credentials near their expiration.
 */
export function awsCredentialsFromAzure(options: {
  roleArn: string;
  identity: TokenCredential;
  region: string;
  sessionName?: string;
  sts?: STSClient;
}): AwsCredentialIdentityProvider {
  const sts = options.sts ?? new STSClient({ region: options.region });
  return async () => {
    const token = await options.identity.getToken(
      `${ENTRA_TOKEN_EXCHANGE}/.default`,
    );
    if (!token)
      throw new Error('the managed identity returned no token for AWS');
    const { Credentials } = await sts.send(
      new AssumeRoleWithWebIdentityCommand({
        RoleArn: options.roleArn,
        RoleSessionName: options.sessionName ?? 'azure-relay',
        WebIdentityToken: token.token,
      }),
    );
    if (!Credentials?.AccessKeyId || !Credentials.SecretAccessKey)
      throw new Error(`AWS STS gave no credentials for ${options.roleArn}`);
    return {
      accessKeyId: Credentials.AccessKeyId,
      secretAccessKey: Credentials.SecretAccessKey,
      sessionToken: Credentials.SessionToken,
      expiration: Credentials.Expiration,
    };
  };
}
