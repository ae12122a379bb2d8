import { build } from 'esbuild';
import { statSync } from 'node:fs';
import { join, resolve } from 'node:path';

export interface BundleSizes {
  lambdaBytes: number;
  functionBytes: number;
  lambdaFile: string;
  functionFile: string;
}

const entry = (...parts: string[]) =>
  resolve(__dirname, '..', 'src', 'entry', ...parts);

/**
 * Bundles the function code as it is deployed: one file for the three Lambda functions
 * (`index.api`, `index.relay`, `index.apply`) and one for the Azure Function App, minified, with
 * the SDK clients inside, for Node 22.
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
  await Promise.all([
    build({
      ...common,
      entryPoints: [entry('aws', 'handlers.ts')],
      outfile: lambdaFile,
    }),
    build({
      ...common,
      entryPoints: [entry('azure', 'main.ts')],
      outfile: functionFile,
    }),
  ]);
  return {
    lambdaFile,
    functionFile,
    lambdaBytes: statSync(lambdaFile).size,
    functionBytes: statSync(functionFile).size,
  };
}
