import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { AppServiceManagedIdentityCredential } from './AppServiceManagedIdentityCredential';

describe('AppServiceManagedIdentityCredential', () => {
  it('asks the identity endpoint for the scope’s resource once, with the header, and caches', async () => {
    const seen: { url: string; header?: string }[] = [];
    const server = createServer((req, res) => {
      seen.push({
        url: req.url!,
        header: req.headers['x-identity-header'] as string,
      });
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(
        JSON.stringify({
          access_token: 'tok',
          expires_on: String(Math.floor(Date.now() / 1000) + 3600),
        }),
      );
    });
    await new Promise<void>(r => server.listen(0, '127.0.0.1', r));
    const endpoint = `http://127.0.0.1:${
      (server.address() as AddressInfo).port
    }/msi/token`;
    const credential = new AppServiceManagedIdentityCredential({
      endpoint,
      header: 'secret',
    });
    expect(
      (await credential.getToken('https://cosmos.azure.com/.default')).token,
    ).toBe('tok');
    await credential.getToken(['https://cosmos.azure.com/.default']);
    server.close();
    expect(seen).toHaveLength(1);
    expect(seen[0].header).toBe('secret');
    expect(new URL(seen[0].url, 'http://x').searchParams.get('resource')).toBe(
      'https://cosmos.azure.com',
    );
  });

  it('says what is missing when the Function App has no identity', async () => {
    await expect(
      new AppServiceManagedIdentityCredential({
        endpoint: '',
        header: '',
      }).getToken('x/.default'),
    ).rejects.toThrow(/IDENTITY_ENDPOINT/);
  });
});
