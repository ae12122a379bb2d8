import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildBundles } from '../../scripts/buildBundles';
import type { BundleReport } from './functionBundles';

const QUEUE_SDKS = ['@azure/service-bus', 'rhea', '@aws-sdk/client-sqs'];

/** The export names of an ES module, imported by Node itself as the cloud would, outside jest. */
function exportsOf(file: string): string[] {
  return JSON.parse(
    execFileSync(process.execPath, [
      '--input-type=module',
      '-e',
      `const m = await import(${JSON.stringify(
        file,
      )}); process.stdout.write(JSON.stringify(Object.keys(m)))`,
    ]).toString(),
  );
}

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
      expect(exportsOf(join(dir, 'aws', name, 'index.js'))).toEqual([name]);
      expect(
        JSON.parse(readFileSync(join(dir, 'aws', name, 'package.json'), 'utf8'))
          .type,
      ).toBe('module');
      // What a function reaches only on some paths loads when first used.
      expect(bundle.loadBytes).toBeLessThanOrEqual(bundle.bytes);
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

  it('loads at start only what the first request needs: rare paths and the sends to the other cloud come on first use', () => {
    const atStart = (name: string) =>
      Object.keys(report.lambda[name].loadBytesByPackage);
    // apply: dead letters and visibility (SQS), anti-entropy answers, its logger.
    expect(report.lambda.apply.packages).toContain('@aws-sdk/client-sqs');
    expect(atStart('apply')).not.toContain('@aws-sdk/client-sqs');
    expect(atStart('apply')).not.toContain('@aws-lambda-powertools/logger');
    expect(atStart('apply')).toContain('@aws-sdk/client-dynamodb');
    // relay: no table client at all, the stream reader and the sender on first use.
    expect(report.lambda.relay.packages).not.toContain(
      '@aws-sdk/client-dynamodb',
    );
    expect(atStart('relay')).not.toContain('@aws-sdk/client-dynamodb-streams');
    expect(atStart('relay')).not.toContain('@azure/service-bus');
    // The per-package figures account for what loads at start.
    for (const bundle of Object.values(report.lambda)) {
      const sum = Object.values(bundle.loadBytesByPackage).reduce(
        (a, b) => a + b,
        0,
      );
      expect(sum).toBeLessThanOrEqual(bundle.loadBytes);
      expect(sum).toBeGreaterThan(bundle.loadBytes * 0.95);
    }
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
    expect(manifest.type).toBe('module');
    expect(exportsOf(join(app, manifest.main))).toEqual([]);
  });

  it('loads no function SDK at the Function App start: each comes with its function', () => {
    const app = report.functionApp;
    // The main file registers the functions with @azure/functions and imports nothing else.
    expect(app.loadBytes).toBeLessThan(100_000);
    expect(app.bytes).toBeGreaterThan(app.loadBytes * 5);
    expect(Object.keys(app.firstRunBytes).sort()).toEqual([
      'api',
      'apply',
      'reconcile',
      'redrive',
      'relay',
      'resendParked',
    ]);
    // Serving HTTP loads neither queue SDK; only the redriver loads Service Bus.
    expect(app.firstRunBytes.api).toBeLessThan(app.firstRunBytes.redrive);
    for (const fn of Object.keys(app.firstRunBytes))
      expect(app.firstRunBytes[fn]).toBeLessThan(app.bytes);
  });

  it('keeps the Service Bus SDK of a Lambda function out of what loads at its start', () => {
    // apply sends to Azure only to answer an anti-entropy round: its peer sender is a chunk.
    expect(
      report.lambda.apply.bytes - report.lambda.apply.loadBytes,
    ).toBeGreaterThan(300_000);
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
