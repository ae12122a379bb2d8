import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildBundles } from '../../scripts/buildBundles';
import type { BundleReport } from './functionBundles';

const QUEUE_SDKS = ['@azure/service-bus', 'rhea', '@aws-sdk/client-sqs'];

describe('the function bundles', () => {
  const dir = mkdtempSync(join(tmpdir(), 'bundles-'));
  let report: BundleReport;
  beforeAll(async () => {
    report = await buildBundles(dir);
  }, 120_000);
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('makes one Lambda bundle per exported function, each loading only its own handler', () => {
    expect(Object.keys(report.lambda).sort()).toEqual([
      'api',
      'apply',
      'reconcile',
      'redrive',
      'relay',
    ]);
    for (const [name, bundle] of Object.entries(report.lambda)) {
      expect(bundle.handler).toBe(`index.${name}`);
      // Loaded outside jest's module system, as Node would load it in the cloud.
      const loaded = jest.requireActual(join(dir, 'aws', name, 'index.js'));
      expect(Object.keys(loaded)).toEqual([name]);
    }
  });

  it('leaves the queue SDKs out of the API, and hono out of the replication functions', () => {
    expect(report.lambda.api.packages).toContain('hono');
    for (const sdk of QUEUE_SDKS)
      expect(report.lambda.api.packages).not.toContain(sdk);
    expect(report.lambda.relay.packages).toContain('@azure/service-bus');
    expect(report.lambda.apply.packages).toContain('@aws-sdk/client-sqs');
    expect(report.lambda.apply.packages).not.toContain('hono');
    expect(report.lambda.relay.packages).not.toContain('hono');
    // The scheduled functions: the redriver talks to SQS only, the reconciler to Service Bus only.
    expect(report.lambda.redrive.packages).toContain('@aws-sdk/client-sqs');
    expect(report.lambda.redrive.packages).not.toContain('@azure/service-bus');
    expect(report.lambda.reconcile.packages).toContain('@azure/service-bus');
    expect(report.lambda.reconcile.packages).not.toContain(
      '@aws-sdk/client-sqs',
    );
    for (const scheduled of ['redrive', 'reconcile'])
      expect(report.lambda[scheduled].packages).not.toContain('hono');
  });

  it('packages the Function App with host.json and a package.json naming its main file', () => {
    const app = join(dir, 'azure');
    const manifest = JSON.parse(
      readFileSync(join(app, 'package.json'), 'utf8'),
    );
    expect(manifest.main).toBe('main.js');
    expect(
      JSON.parse(readFileSync(join(app, 'host.json'), 'utf8')).extensions.http,
    ).toEqual({ routePrefix: '' });
    expect(() => jest.requireActual(join(app, manifest.main))).not.toThrow();
  });

  it('leaves the AWS SDK out of every Lambda bundle when the runtime provides it', async () => {
    const provided = await buildBundles(join(dir, 'provided'), 'provided');
    for (const [name, bundle] of Object.entries(provided.lambda)) {
      expect(bundle.packages.filter(p => p.startsWith('@aws-sdk/'))).toEqual(
        [],
      );
      expect(bundle.bytes).toBeLessThan(report.lambda[name].bytes);
    }
  }, 120_000);
});
