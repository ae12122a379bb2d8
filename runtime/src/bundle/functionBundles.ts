import { build, type BuildOptions, type Metafile } from 'esbuild';
import {
  copyFileSync,
  mkdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { join, relative, resolve } from 'node:path';

/**
 * Where the Lambda functions get the AWS SDK for JavaScript v3 from:
 * - `bundled`: inside each function's bundle, at the version in the service's lockfile;
 * - `provided`: the copy the Lambda Node.js runtime ships (`@aws-sdk/*` and `@smithy/*` left
 *   out of the bundle), whose version AWS chooses and updates.
 * docs/benchmarks.md has the figures both ways and why `bundled` is the default.
 */
export type AwsSdkSource = 'bundled' | 'provided';

export interface FunctionBundleOptions {
  /** The service's folder; the other paths are relative to it. */
  root: string;
  /**
   * The module whose named exports are the Lambda handlers (`export { api, relay } from …`).
   * Each export becomes its own bundle, `<outDir>/aws/<name>/index.js`, handler `index.<name>`:
   * adding a function is adding an export.
   */
  awsEntry: string;
  /** The module that registers the Function App's functions with `@azure/functions`' `app`. */
  azureEntry: string;
  /** The Function App's host.json, copied into its package as it is. */
  hostJson: string;
  outDir: string;
  awsSdk?: AwsSdkSource;
  /** The Function App package's name and version (its package.json). */
  name: string;
  version: string;
}

export interface BundleFigures {
  /** Folder of the package, relative to `root`. */
  dir: string;
  /** The file Node loads, relative to `dir`. */
  file: string;
  bytes: number;
  /** The npm packages inside the bundle, from esbuild's metafile. */
  packages: string[];
}

export interface BundleReport {
  awsSdk: AwsSdkSource;
  /** One entry per Lambda function, by its export name; the handler string is `index.<name>`. */
  lambda: Record<string, BundleFigures & { handler: string }>;
  functionApp: BundleFigures;
}

/** The Function App package's main file, named by its package.json `main`. */
export const FUNCTION_APP_MAIN = 'main.js';

const common: BuildOptions = {
  bundle: true,
  minify: true,
  platform: 'node',
  // The Lambda runtime `nodejs22.x` and the Function App's `runtime_version = "22"`.
  target: 'node22',
  format: 'cjs',
  // The SDKs' ES module builds tree-shake far better than their CommonJS ones.
  mainFields: ['module', 'main'],
  legalComments: 'none',
  logLevel: 'error',
  metafile: true,
  // Provided by the Azure Functions Node.js worker at run time, never installed: @azure/functions
  // v4 loads it to register functions with the host.
  external: ['@azure/functions-core'],
};

/**
 * npm package names of what the bundle holds (`node_modules/<name>/…`, scoped names whole):
 * inputs that left bytes in the output, since esbuild lists every file it parsed, shaken or not.
 */
function packagesOf(metafile: Metafile): string[] {
  const names = new Set<string>();
  const inputs = Object.values(metafile.outputs).flatMap(output =>
    Object.entries(output.inputs)
      .filter(([, input]) => input.bytesInOutput > 0)
      .map(([path]) => path),
  );
  for (const input of inputs) {
    const match = /(?:^|\/)node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(
      input.replace(/\\/g, '/'),
    );
    if (match) names.add(match[1]);
  }
  return [...names].sort();
}

function figures(
  root: string,
  dir: string,
  file: string,
  metafile: Metafile,
): BundleFigures {
  const path = join(dir, file);
  return {
    dir: relative(root, dir).replace(/\\/g, '/'),
    file,
    bytes: readFileSync(path).length,
    packages: packagesOf(metafile),
  };
}

/** The named exports of the AWS entry module: the Lambda functions to bundle. */
export async function lambdaFunctionNames(
  root: string,
  awsEntry: string,
): Promise<string[]> {
  const result = await build({
    entryPoints: [resolve(root, awsEntry)],
    bundle: true,
    packages: 'external',
    format: 'esm',
    platform: 'node',
    write: false,
    metafile: true,
    logLevel: 'error',
  });
  const [output] = Object.values(result.metafile.outputs);
  const names = output.exports.filter(name => name !== 'default').sort();
  if (!names.length)
    throw new Error(
      `${awsEntry} exports no function; name each Lambda handler (export { api } from …)`,
    );
  return names;
}

/**
 * Builds what `terraform apply` deploys: one minified bundle per Lambda function, each holding
 * only what its function imports, and the Function App package (main file, host.json and a
 * package.json whose `main` names the file that registers the functions).
 */
export async function buildFunctionBundles(
  options: FunctionBundleOptions,
): Promise<BundleReport> {
  const root = resolve(options.root);
  const outDir = resolve(root, options.outDir);
  const awsSdk = options.awsSdk ?? 'bundled';
  const awsEntry = resolve(root, options.awsEntry);
  rmSync(join(outDir, 'aws'), { recursive: true, force: true });
  rmSync(join(outDir, 'azure'), { recursive: true, force: true });

  const names = await lambdaFunctionNames(root, options.awsEntry);
  const lambdaBuilds = names.map(async name => {
    const dir = join(outDir, 'aws', name);
    const result = await build({
      ...common,
      // Only this export: esbuild leaves out every module the other functions alone import.
      stdin: {
        contents: `export { ${name} } from ${JSON.stringify(awsEntry)};`,
        resolveDir: root,
        loader: 'ts',
        sourcefile: `${name}.ts`,
      },
      outfile: join(dir, 'index.js'),
      external: [
        ...(common.external ?? []),
        ...(awsSdk === 'provided' ? ['@aws-sdk/*', '@smithy/*'] : []),
      ],
    });
    return [
      name,
      {
        ...figures(root, dir, 'index.js', result.metafile!),
        handler: `index.${name}`,
      },
    ] as const;
  });

  const appDir = join(outDir, 'azure');
  const appBuild = build({
    ...common,
    entryPoints: [resolve(root, options.azureEntry)],
    outfile: join(appDir, FUNCTION_APP_MAIN),
  });
  const [lambda, app] = await Promise.all([
    Promise.all(lambdaBuilds),
    appBuild,
  ]);
  mkdirSync(appDir, { recursive: true });
  copyFileSync(resolve(root, options.hostJson), join(appDir, 'host.json'));
  // The Node.js v4 programming model finds the functions through package.json `main`
  // ("Folder structure", Azure Functions Node.js developer guide:
  // https://learn.microsoft.com/azure/azure-functions/functions-reference-node#folder-structure).
  writeFileSync(
    join(appDir, 'package.json'),
    `${JSON.stringify(
      {
        name: options.name,
        version: options.version,
        private: true,
        main: FUNCTION_APP_MAIN,
      },
      null,
      2,
    )}\n`,
  );
  return {
    awsSdk,
    lambda: Object.fromEntries(lambda),
    functionApp: figures(root, appDir, FUNCTION_APP_MAIN, app.metafile!),
  };
}
