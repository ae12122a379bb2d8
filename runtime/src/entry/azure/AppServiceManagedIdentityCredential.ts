import type {
  AccessToken,
  GetTokenOptions,
  TokenCredential,
} from '@azure/core-auth';

/**
 * A token from the Function App's managed identity through the App Service identity endpoint
 * (`IDENTITY_ENDPOINT`, `IDENTITY_HEADER`). Written here instead of using @azure/identity's
 * DefaultAzureCredential because that library (with MSAL) adds about 270 KiB to the Function
 * bundle and only this one source of credentials is ever used in a Function App.
 */
export class AppServiceManagedIdentityCredential implements TokenCredential {
  private cached = new Map<string, AccessToken>();

  constructor(
    private readonly options: {
      endpoint?: string;
      header?: string;
      /** For a user-assigned identity. */
      clientId?: string;
      fetch?: typeof fetch;
    } = {},
  ) {}

  async getToken(
    scopes: string | string[],
    _options?: GetTokenOptions,
  ): Promise<AccessToken> {
    const scope = Array.isArray(scopes) ? scopes[0] : scopes;
    const resource = scope.replace(/\/\.default$/, '');
    const hit = this.cached.get(resource);
    if (hit && hit.expiresOnTimestamp - Date.now() > 5 * 60_000) return hit;
    const endpoint = this.options.endpoint ?? process.env.IDENTITY_ENDPOINT;
    const header = this.options.header ?? process.env.IDENTITY_HEADER;
    if (!endpoint || !header) {
      throw new Error(
        'no managed identity: IDENTITY_ENDPOINT and IDENTITY_HEADER are not set (enable the Function App’s identity)',
      );
    }
    const url = new URL(endpoint);
    url.searchParams.set('resource', resource);
    url.searchParams.set('api-version', '2019-08-01');
    const clientId = this.options.clientId ?? process.env.AZURE_CLIENT_ID;
    if (clientId) url.searchParams.set('client_id', clientId);
    const response = await (this.options.fetch ?? fetch)(url, {
      headers: { 'X-IDENTITY-HEADER': header },
    });
    if (!response.ok) {
      throw new Error(
        `managed identity endpoint answered ${response.status}: ${(
          await response.text()
        ).slice(0, 300)}`,
      );
    }
    const body = (await response.json()) as {
      access_token: string;
      expires_on: string | number;
    };
    const token = {
      token: body.access_token,
      expiresOnTimestamp: Number(body.expires_on) * 1000,
    };
    this.cached.set(resource, token);
    return token;
  }
}
