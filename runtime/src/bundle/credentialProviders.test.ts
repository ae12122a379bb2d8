import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { buildFunctionBundles, type BundleReport } from './functionBundles';

/** Runs the bundled handler in a fresh Node process, as the Lambda runtime imports it. */
function whoAmI(dir: string, env: Record<string, string>): string {
  const {
    AWS_ACCESS_KEY_ID,
    AWS_SECRET_ACCESS_KEY,
    AWS_SESSION_TOKEN,
    AWS_PROFILE,
    ...rest
  } = process.env;
  return execFileSync(
    process.execPath,
    [
      '--input-type=module',
      '-e',
      `const { whoAmI } = await import(${JSON.stringify(
        pathToFileURL(join(dir, 'index.js')).href,
      )}); process.stdout.write(await whoAmI())`,
    ],
    { env: { ...rest, AWS_EC2_METADATA_DISABLED: 'true', ...env } },
  ).toString();
}

describe('the credential providers a Lambda function never reaches', () => {
  const out = mkdtempSync(join(tmpdir(), 'credentials-'));
  const fn = join(out, 'aws', 'whoAmI');
  let report: BundleReport;
  beforeAll(async () => {
    report = await buildFunctionBundles({
      root: resolve(__dirname, '../..'),
      awsEntry: 'src/bundle/__testUtils__/credentialsHandler.ts',
      azureEntry: 'src/entry/azure/main.ts',
      hostJson: '../templates/multicloud-service/skeleton/host.json',
      outDir: out,
      name: 'credentials-test',
      version: '0.0.0',
    });
  }, 120_000);
  afterAll(() => rmSync(out, { recursive: true, force: true }));

  it('are a build of their own, outside what the function loads at start', () => {
    expect(readdirSync(join(fn, 'credentials')).sort()).toEqual(
      expect.arrayContaining([
        'credential-provider-ini.js',
        'credential-provider-sso.js',
        'credential-provider-web-identity.js',
      ]),
    );
    const atStart = Object.keys(report.lambda.whoAmI.loadBytesByPackage);
    expect(atStart).toContain('@aws-sdk/credential-provider-env');
    expect(atStart).not.toContain('@aws-sdk/credential-provider-ini');
    expect(atStart).not.toContain('@aws-sdk/nested-clients');
    expect(report.lambda.whoAmI.packages).toContain(
      '@aws-sdk/credential-provider-ini',
    );
  });

  it('take the environment credentials the Lambda runtime sets', () => {
    expect(
      whoAmI(fn, {
        AWS_ACCESS_KEY_ID: 'AKIAFROMENVIRONMENT',
        AWS_SECRET_ACCESS_KEY: 'secret',
      }),
    ).toBe('AKIAFROMENVIRONMENT');
  });

  it('still load on first use when the chain gets that far (a profile of a shared credentials file)', () => {
    const file = join(out, 'credentials');
    writeFileSync(
      file,
      '[local]\naws_access_key_id = AKIAFROMPROFILE\naws_secret_access_key = secret\n',
    );
    expect(
      whoAmI(fn, {
        AWS_PROFILE: 'local',
        AWS_SHARED_CREDENTIALS_FILE: file,
        AWS_CONFIG_FILE: join(out, 'no-config'),
      }),
    ).toBe('AKIAFROMPROFILE');
  });
});
