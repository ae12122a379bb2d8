import { build } from 'esbuild';
import { statSync } from 'node:fs';
import { join, resolve } from 'node:path';

export interface BundleSizes {
  lambdaBytes: number;
  functionBytes: number;
  /** The Function App's second file: the dead-letter redriver, with the Service Bus SDK. */
  redriveFunctionBytes: number;
  lambdaFile: string;
  functionFile: string;
  redriveFunctionFile: string;
}

const entry = (...parts: string[]) =>
  resolve(__dirname, '..', 'src', 'entry', ...parts);

/**
 * Bundles the function code as it is deployed: one file for the Lambda functions (`index.api`,
 * `index.relay`, `index.apply`, and the scheduled `index.redrive`, `index.reconcile`) and two for
 * the Azure Function App (`main.js`, and `redrive.js` apart for its Service Bus SDK), minified,
 * with the SDK clients inside, for Node 22.
 */
export async function buildBundles(outDir: string): Promise<BundleSizes> {
  const common = {
    bundle: true,
    minify: true,
    // The SDKs' ES module builds tree-shake far better than their CommonJS ones.
    mainFields: ['module', 'main'],
    platform: 'node' as const,
    target: 'node22',
    format: 'cjs' as const,
    legalComments: 'none' as const,
    logLevel: 'error' as const,
    // Optional peers of the SDKs that are never loaded on these paths.
    external: ['@azure/functions-core'],
  };
  const lambdaFile = join(outDir, 'lambda', 'index.js');
  const functionFile = join(outDir, 'function', 'main.js');
  const redriveFunctionFile = join(outDir, 'function', 'redrive.js');
  await Promise.all([
    build({
      ...common,
      entryPoints: [entry('aws', 'index.ts')],
      outfile: lambdaFile,
    }),
    build({
      ...common,
      entryPoints: [entry('azure', 'main.ts')],
      outfile: functionFile,
    }),
    build({
      ...common,
      entryPoints: [entry('azure', 'redriveMain.ts')],
      outfile: redriveFunctionFile,
    }),
  ]);
  return {
    lambdaFile,
    functionFile,
    redriveFunctionFile,
    lambdaBytes: statSync(lambdaFile).size,
    functionBytes: statSync(functionFile).size,
    redriveFunctionBytes: statSync(redriveFunctionFile).size,
  };
}
