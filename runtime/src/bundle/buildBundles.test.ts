import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildBundles } from '../../scripts/buildBundles';

const ONE_MB = 1024 * 1024;

describe('the function bundles', () => {
  const dir = mkdtempSync(join(tmpdir(), 'bundles-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('are each under 1 MB minified, SDK clients included, and load with their handlers', async () => {
    const sizes = await buildBundles(dir);
    expect(sizes.lambdaBytes).toBeLessThan(ONE_MB);
    expect(sizes.functionBytes).toBeLessThan(ONE_MB);
    expect(sizes.redriveFunctionBytes).toBeLessThan(ONE_MB);
    // Loaded outside jest's module system, as Node would load them in the cloud.
    const lambda = jest.requireActual(sizes.lambdaFile);
    expect(Object.keys(lambda).sort()).toEqual([
      'api',
      'apply',
      'reconcile',
      'redrive',
      'relay',
    ]);
    expect(() => jest.requireActual(sizes.functionFile)).not.toThrow();
    expect(() => jest.requireActual(sizes.redriveFunctionFile)).not.toThrow();
  }, 120_000);
});
