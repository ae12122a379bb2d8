/**
 * A local stand-in for the identity services the relays and reconcilers cross the clouds with,
 * so that a test or a benchmark can run a deployed function's first send end to end: no emulator
 * answers them. One HTTP server plays four documented endpoints, each answering in its
 * documented format, checking what the real one would refuse:
 *
 * - AWS STS (query protocol, `AWS_ENDPOINT_URL_STS`): `GetWebIdentityToken`, the signed call a
 *   Lambda role makes for a JWT to present to Entra ID ("GetWebIdentityToken", AWS STS API
 *   Reference, https://docs.aws.amazon.com/STS/latest/APIReference/API_GetWebIdentityToken.html),
 *   and `AssumeRoleWithWebIdentity`, the unsigned call that trades an Azure managed identity's
 *   token for a role's temporary credentials ("AssumeRoleWithWebIdentity", same reference,
 *   https://docs.aws.amazon.com/STS/latest/APIReference/API_AssumeRoleWithWebIdentity.html: the
 *   `AssumeRoleWithWebIdentityResponse` of its sample response). Errors are the query
 *   protocol's `ErrorResponse` ("Common Errors", same reference).
 * - Microsoft Entra ID's token endpoint (`{authority}/{tenant}/oauth2/v2.0/token`, the
 *   authority host as `AZURE_AUTHORITY_HOST`): the client credentials grant with a federated
 *   credential's client assertion ("Third case: Access token request with a federated
 *   credential" and "Successful response" / "Error response", Microsoft identity platform and the
 *   OAuth 2.0 client credentials flow,
 *   https://learn.microsoft.com/entra/identity-platform/v2-oauth2-client-creds-grant-flow).
 * - The App Service managed identity endpoint (`IDENTITY_ENDPOINT`, `IDENTITY_HEADER`): `GET` with
 *   `resource`, `api-version=2019-08-01` and the `X-IDENTITY-HEADER` header ("REST endpoint
 *   reference", Managed identities for App Service and Azure Functions,
 *   https://learn.microsoft.com/azure/app-service/overview-managed-identity#rest-endpoint-reference).
 * - AWS Secrets Manager (JSON 1.1 protocol, `AWS_ENDPOINT_URL_SECRETS_MANAGER`):
 *   `GetSecretValue` of the secrets it is given ("GetSecretValue", AWS Secrets Manager API
 *   Reference, https://docs.aws.amazon.com/secretsmanager/latest/apireference/API_GetSecretValue.html).
 *
 * Tokens are JWT-shaped (header, claims, a signature nobody checks) with the claims the real
 * issuers put in them (`iss`, `sub`, `aud`, `iat`, `exp`), so each hop can check the audience the
 * next one requires. Signatures are not verified: this is not a security boundary.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** The audience Entra ID requires of a federated credential's assertion, and issues tokens for. */
export const ENTRA_TOKEN_EXCHANGE_AUDIENCE = 'api://AzureADTokenExchange';

export interface IdentityFakeOptions {
  /** Secrets Manager secrets, by ARN: their `SecretString`. */
  secrets?: Record<string, string>;
  /** How long tokens and credentials last; one hour by default, as STS and Entra ID issue them. */
  lifetimeSeconds?: number;
  /** The role ARN in the JWTs `GetWebIdentityToken` issues (their `sub`). */
  callerRoleArn?: string;
}

export interface RunningIdentityFake {
  /**
   * Base URL of STS and Secrets Manager (`AWS_ENDPOINT_URL_STS`,
   * `AWS_ENDPOINT_URL_SECRETS_MANAGER`) and Entra ID's authority host (`AZURE_AUTHORITY_HOST`).
   */
  endpoint: string;
  /** `IDENTITY_ENDPOINT` of an App Service or Function App. */
  identityEndpoint: string;
  /** `IDENTITY_HEADER`: the value the managed identity endpoint requires in `X-IDENTITY-HEADER`. */
  identityHeader: string;
  /** Requests answered, by operation (`sts:GetWebIdentityToken`, `entra:token`, …). */
  readonly requests: Record<string, number>;
  stop(): Promise<void>;
}

class Refusal extends Error {
  constructor(readonly status: number, readonly code: string, message: string) {
    super(message);
  }
}

const base64url = (value: unknown) =>
  Buffer.from(JSON.stringify(value)).toString('base64url');

function jwt(claims: Record<string, unknown>): string {
  return `${base64url({ alg: 'RS256', typ: 'JWT', kid: 'local' })}.${base64url(
    claims,
  )}.${randomBytes(32).toString('base64url')}`;
}

/** The claims of a JWT-shaped token, or a refusal naming what is wrong with it. */
function claimsOf(token: string | null | undefined, code: string) {
  const parts = token?.split('.') ?? [];
  let claims: Record<string, unknown> | undefined;
  try {
    claims = JSON.parse(Buffer.from(parts[1] ?? '', 'base64url').toString());
  } catch {
    claims = undefined;
  }
  if (parts.length !== 3 || !claims)
    throw new Refusal(400, code, 'the token is not a JSON Web Token');
  if (typeof claims.exp === 'number' && claims.exp * 1000 < Date.now())
    throw new Refusal(400, code, 'the token has expired');
  return claims;
}

const audiences = (claims: Record<string, unknown>) =>
  ([] as unknown[]).concat(claims.aud ?? []);

const escapeXml = (value: string) =>
  value.replace(/[<>&'"]/g, c => `&#${c.charCodeAt(0)};`);

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', chunk => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks).toString()));
    req.on('error', reject);
  });
}

export async function startIdentityFake(
  options: IdentityFakeOptions = {},
): Promise<RunningIdentityFake> {
  const lifetime = options.lifetimeSeconds ?? 3600;
  const identityHeader = randomUUID();
  const requests: Record<string, number> = {};
  let endpoint = '';
  const count = (operation: string) => {
    requests[operation] = (requests[operation] ?? 0) + 1;
  };
  const times = () => {
    const iat = Math.floor(Date.now() / 1000);
    return { iat, exp: iat + lifetime };
  };

  /** AWS STS, query protocol: form-encoded `Action` and parameters, XML answers. */
  const sts = (form: URLSearchParams, req: IncomingMessage) => {
    const action = form.get('Action');
    const need = (name: string) => {
      const value = form.get(name);
      if (!value)
        throw new Refusal(
          400,
          'ValidationError',
          `1 validation error detected: Value null at '${name}' failed to satisfy constraint: Member must not be null`,
        );
      return value;
    };
    const { iat, exp } = times();
    const expiration = new Date(exp * 1000).toISOString();
    if (action === 'GetWebIdentityToken') {
      // A signed call: the token names the caller, whose credentials signed it.
      if (!/^AWS4-HMAC-SHA256 /.test(req.headers.authorization ?? ''))
        throw new Refusal(
          403,
          'MissingAuthenticationToken',
          'Request is missing Authentication Token',
        );
      const audience = need('Audience.member.1');
      const algorithm = need('SigningAlgorithm');
      if (!['RS256', 'ES384'].includes(algorithm))
        throw new Refusal(
          400,
          'ValidationError',
          `SigningAlgorithm must be RS256 or ES384, not ${algorithm}`,
        );
      count('sts:GetWebIdentityToken');
      const token = jwt({
        iss: `${endpoint}/`,
        sub: options.callerRoleArn ?? 'arn:aws:iam::000000000000:role/local',
        aud: audience,
        iat,
        exp,
      });
      return `<GetWebIdentityTokenResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><GetWebIdentityTokenResult><WebIdentityToken>${token}</WebIdentityToken><Expiration>${expiration}</Expiration></GetWebIdentityTokenResult><ResponseMetadata><RequestId>${randomUUID()}</RequestId></ResponseMetadata></GetWebIdentityTokenResponse>`;
    }
    if (action === 'AssumeRoleWithWebIdentity') {
      const roleArn = need('RoleArn');
      const sessionName = need('RoleSessionName');
      const claims = claimsOf(need('WebIdentityToken'), 'InvalidIdentityToken');
      // The role trusts the Entra issuer for this audience only (infra/global's OIDC provider).
      if (!audiences(claims).includes(ENTRA_TOKEN_EXCHANGE_AUDIENCE))
        throw new Refusal(
          400,
          'InvalidIdentityToken',
          'Incorrect token audience',
        );
      const match = /^arn:aws[a-z-]*:iam::(\d{12}):role\/(.+)$/.exec(roleArn);
      if (!match)
        throw new Refusal(
          400,
          'ValidationError',
          `${roleArn} is not a role ARN`,
        );
      count('sts:AssumeRoleWithWebIdentity');
      const subject = String(claims.sub ?? '');
      return `<AssumeRoleWithWebIdentityResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><AssumeRoleWithWebIdentityResult><SubjectFromWebIdentityToken>${escapeXml(
        subject,
      )}</SubjectFromWebIdentityToken><Audience>${escapeXml(
        String(audiences(claims)[0] ?? ''),
      )}</Audience><AssumedRoleUser><Arn>arn:aws:sts::${
        match[1]
      }:assumed-role/${escapeXml(match[2])}/${escapeXml(
        sessionName,
      )}</Arn><AssumedRoleId>AROA${randomBytes(8)
        .toString('hex')
        .toUpperCase()}:${escapeXml(
        sessionName,
      )}</AssumedRoleId></AssumedRoleUser><Credentials><SessionToken>${randomBytes(
        48,
      ).toString('base64')}</SessionToken><SecretAccessKey>${randomBytes(30)
        .toString('base64')
        .slice(
          0,
          40,
        )}</SecretAccessKey><Expiration>${expiration}</Expiration><AccessKeyId>ASIA${randomBytes(
        8,
      )
        .toString('hex')
        .toUpperCase()}</AccessKeyId></Credentials><Provider>${escapeXml(
        String(claims.iss ?? ''),
      )}</Provider></AssumeRoleWithWebIdentityResult><ResponseMetadata><RequestId>${randomUUID()}</RequestId></ResponseMetadata></AssumeRoleWithWebIdentityResponse>`;
    }
    throw new Refusal(
      400,
      'InvalidAction',
      `Could not find operation ${action} for version 2011-06-15`,
    );
  };

  /** Entra ID's v2.0 token endpoint: the client credentials grant with a client assertion. */
  const entra = (tenant: string, form: URLSearchParams) => {
    const refuse = (error: string, description: string) => {
      throw new Refusal(400, error, description);
    };
    if (form.get('grant_type') !== 'client_credentials')
      refuse(
        'unsupported_grant_type',
        'AADSTS70003: only client_credentials is served here',
      );
    const clientId = form.get('client_id');
    if (!clientId)
      refuse(
        'invalid_request',
        "AADSTS900144: The request body must contain the following parameter: 'client_id'.",
      );
    const scope = form.get('scope') ?? '';
    // The client credentials grant asks for a resource's static permissions: `{resource}/.default`.
    if (!/\/\.default$/.test(scope))
      refuse(
        'invalid_scope',
        `AADSTS1002012: The provided value for scope ${scope} is not valid. Client credential flows must have a scope value with /.default suffixed to the resource identifier.`,
      );
    if (
      form.get('client_assertion_type') !==
      'urn:ietf:params:oauth:client-assertion-type:jwt-bearer'
    )
      refuse(
        'invalid_client',
        'AADSTS7000218: The request body must contain the following parameter: client_assertion or client_secret.',
      );
    const assertion = claimsOf(form.get('client_assertion'), 'invalid_client');
    if (!audiences(assertion).includes(ENTRA_TOKEN_EXCHANGE_AUDIENCE))
      refuse(
        'invalid_client',
        `AADSTS700212: No matching federated identity record found for presented assertion audience '${audiences(
          assertion,
        ).join(',')}'.`,
      );
    count('entra:token');
    const { iat, exp } = times();
    return {
      token_type: 'Bearer',
      expires_in: lifetime,
      ext_expires_in: lifetime,
      access_token: jwt({
        iss: `${endpoint}/${tenant}/v2.0`,
        sub: clientId,
        aud: scope.replace(/\/\.default$/, ''),
        tid: tenant,
        iat,
        exp,
      }),
    };
  };

  /** The App Service managed identity endpoint (api-version 2019-08-01). */
  const managedIdentity = (url: URL, req: IncomingMessage) => {
    if (req.headers['x-identity-header'] !== identityHeader)
      throw new Refusal(
        400,
        'invalid_request',
        'the X-IDENTITY-HEADER header is missing or wrong',
      );
    const resource = url.searchParams.get('resource');
    if (!resource || url.searchParams.get('api-version') !== '2019-08-01')
      throw new Refusal(
        400,
        'invalid_request',
        'resource and api-version=2019-08-01 are required',
      );
    count('managed-identity:token');
    const { iat, exp } = times();
    const clientId = url.searchParams.get('client_id') ?? randomUUID();
    return {
      access_token: jwt({
        iss: `${endpoint}/local/v2.0`,
        sub: clientId,
        aud: resource,
        iat,
        exp,
      }),
      // Seconds since the epoch, as a string, in this api-version.
      expires_on: String(exp),
      resource,
      token_type: 'Bearer',
      client_id: clientId,
    };
  };

  /** AWS Secrets Manager, JSON 1.1 protocol: `GetSecretValue` only. */
  const secretsManager = (target: string, body: string) => {
    if (target !== 'secretsmanager.GetSecretValue')
      throw new Refusal(
        400,
        'UnknownOperationException',
        `${target} is not served here`,
      );
    const { SecretId } = JSON.parse(body || '{}') as { SecretId?: string };
    const value =
      SecretId === undefined ? undefined : options.secrets?.[SecretId];
    if (value === undefined)
      throw new Refusal(
        400,
        'ResourceNotFoundException',
        "Secrets Manager can't find the specified secret.",
      );
    count('secretsmanager:GetSecretValue');
    return {
      ARN: SecretId,
      Name: SecretId!.split(':').pop(),
      VersionId: randomUUID(),
      SecretString: value,
      VersionStages: ['AWSCURRENT'],
      CreatedDate: Math.floor(Date.now() / 1000),
    };
  };

  const server: Server = createServer(async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://local');
    const target = req.headers['x-amz-target'];
    const entraPath = /^\/([^/]+)\/oauth2\/v2\.0\/token$/.exec(url.pathname);
    let kind: 'managed-identity' | 'secretsmanager' | 'entra' | 'sts' = 'sts';
    if (req.method === 'GET' && url.pathname === '/msi/token')
      kind = 'managed-identity';
    else if (typeof target === 'string') kind = 'secretsmanager';
    else if (entraPath) kind = 'entra';
    try {
      const body = await readBody(req);
      // Answered in full before the status is written, so a refusal can still set its own.
      const answers = {
        'managed-identity': () =>
          [
            'application/json',
            JSON.stringify(managedIdentity(url, req)),
          ] as const,
        secretsmanager: () =>
          [
            'application/x-amz-json-1.1',
            JSON.stringify(secretsManager(String(target), body)),
          ] as const,
        entra: () =>
          [
            'application/json',
            JSON.stringify(entra(entraPath![1], new URLSearchParams(body))),
          ] as const,
        sts: () => ['text/xml', sts(new URLSearchParams(body), req)] as const,
      };
      const [contentType, answer] = answers[kind]();
      res.writeHead(200, { 'content-type': contentType }).end(answer);
    } catch (error) {
      const refusal =
        error instanceof Refusal
          ? error
          : new Refusal(500, 'InternalFailure', (error as Error).message);
      if (kind === 'sts')
        res
          .writeHead(refusal.status, { 'content-type': 'text/xml' })
          .end(
            `<ErrorResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><Error><Type>Sender</Type><Code>${
              refusal.code
            }</Code><Message>${escapeXml(
              refusal.message,
            )}</Message></Error><RequestId>${randomUUID()}</RequestId></ErrorResponse>`,
          );
      else if (kind === 'secretsmanager')
        res
          .writeHead(refusal.status, {
            'content-type': 'application/x-amz-json-1.1',
          })
          .end(
            JSON.stringify({ __type: refusal.code, message: refusal.message }),
          );
      else
        res
          .writeHead(refusal.status, { 'content-type': 'application/json' })
          .end(
            JSON.stringify({
              error: refusal.code,
              error_description: refusal.message,
            }),
          );
    }
  });
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
  endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    endpoint,
    identityEndpoint: `${endpoint}/msi/token`,
    identityHeader,
    requests,
    stop: () =>
      new Promise<void>(resolve => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
