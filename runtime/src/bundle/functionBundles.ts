import { build, type BuildOptions, type Metafile, type Plugin } from 'esbuild';
import {
  copyFileSync,
  mkdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { basename, join, relative, resolve } from 'node:path';

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
  /**
   * Every JavaScript file of the package: the entry file, all its chunks and, for a Lambda
   * function, the credential providers built apart (`credentials/`).
   */
  bytes: number;
  /**
   * What loading the entry file loads: itself and the chunks it imports statically. The chunks
   * behind a dynamic import (code a function reaches only on some paths) load when first used.
   */
  loadBytes: number;
  /** The npm packages inside the bundle, from esbuild's metafile. */
  packages: string[];
  /**
   * Of `loadBytes`, the bytes of each npm package (by name) and of the service's own code
   * (`(own code)`), largest first: where a cold start's bytes come from.
   */
  loadBytesByPackage: Record<string, number>;
}

export interface BundleReport {
  awsSdk: AwsSdkSource;
  /** One entry per Lambda function, by its export name; the handler string is `index.<name>`. */
  lambda: Record<string, BundleFigures & { handler: string }>;
  functionApp: BundleFigures & {
    /**
     * Per function, by the module its registration imports (`api`, `relay`, …): what has been
     * loaded once it has run for the first time, the main file included.
     */
    firstRunBytes: Record<string, number>;
  };
}

/** The Function App package's main file, named by its package.json `main`. */
export const FUNCTION_APP_MAIN = 'main.js';

/**
 * ES modules with code splitting: what a function reaches only through a dynamic `import()` (the
 * Function App's functions, a Lambda function's peer sender, the AWS SDK's rarely used
 * credential providers) becomes a chunk of its own that loads when first used, where CommonJS
 * output would inline it into the file loaded at start. Both clouds load `.js` files as ES
 * modules under a package.json with `"type": "module"`, which each package gets ("Designating a
 * function handler as an ES module", Building Lambda functions with Node.js:
 * https://docs.aws.amazon.com/lambda/latest/dg/lambda-nodejs.html#designate-es-module; the
 * Functions Node.js worker imports an ES module main file with `import()`). The banner gives the
 * CommonJS packages inside the bundle a `require` for Node's built-in modules and for
 * `@azure/functions-core`, which the Functions worker provides to `require` only.
 */
const ESM_REQUIRE_BANNER =
  "import{createRequire as __createRequire}from'node:module';const require=__createRequire(import.meta.url);";

/**
 * Each AWS SDK client reads its version from its package.json (`packageInfo.version`, for the
 * user agent, in `dist-es/runtimeConfig.js`), with a default import, which makes esbuild bundle
 * the whole file: about 2.4 KB of scripts and dependency lists per client. This keeps the name
 * and version only, which is all the client reads.
 */
const sdkPackageVersionOnly: Plugin = {
  name: 'aws-sdk-package-version-only',
  setup(esbuild) {
    esbuild.onLoad(
      {
        filter:
          /[\\/]node_modules[\\/]@aws-sdk[\\/]client-[^\\/]+[\\/]package\.json$/,
      },
      args => {
        const { name, version } = JSON.parse(readFileSync(args.path, 'utf8'));
        return { contents: JSON.stringify({ name, version }), loader: 'json' };
      },
    );
  },
};

/**
 * Packages whose `main` is not the build a Node.js function should bundle, resolved to the one
 * it should:
 * - `@azure/functions`: its `main` is the webpack development build (`npm run build` is
 *   `webpack --mode development`); the package also ships the production build of the same
 *   sources (`dist/azure-functions.min.js`, `webpack --mode production`), 7.5 KB smaller once
 *   bundled, with the same exports.
 * - `debug` (under the Azure SDKs' proxy agents): its `main` chooses at run time between its
 *   browser and Node.js builds, so both are bundled; Node.js always takes `src/node.js`.
 */
const nodeBuilds: Plugin = {
  name: 'node-builds',
  setup(esbuild) {
    const builds: Record<string, string> = {
      '@azure/functions': '@azure/functions/dist/azure-functions.min.js',
      debug: 'debug/src/node.js',
    };
    esbuild.onResolve({ filter: /^(@azure\/functions|debug)$/ }, args =>
      args.pluginData === 'node-builds'
        ? undefined
        : esbuild.resolve(builds[args.path], {
            kind: args.kind,
            importer: args.importer,
            resolveDir: args.resolveDir,
            pluginData: 'node-builds',
          }),
    );
  },
};

const common: BuildOptions = {
  bundle: true,
  minify: true,
  platform: 'node',
  // The Lambda runtime `nodejs22.x` and the Function App's `runtime_version = "22"`.
  target: 'node22',
  format: 'esm',
  splitting: true,
  chunkNames: 'chunks/[name]-[hash]',
  banner: { js: ESM_REQUIRE_BANNER },
  // The SDKs' ES module builds tree-shake far better than their CommonJS ones.
  mainFields: ['module', 'main'],
  legalComments: 'none',
  logLevel: 'error',
  metafile: true,
  // Provided by the Azure Functions Node.js worker at run time, never installed: @azure/functions
  // v4 loads it to register functions with the host.
  external: ['@azure/functions-core'],
  plugins: [sdkPackageVersionOnly, nodeBuilds],
};

/**
 * npm package names of what the bundle holds (`node_modules/<name>/…`, scoped names whole):
 * inputs that left bytes in the output, since esbuild lists every file it parsed, shaken or not.
 */
const OWN_CODE = '(own code)';

/** The npm package a bundled file belongs to (`node_modules/<name>/…`, scoped names whole). */
function packageOf(input: string): string | undefined {
  return /(?:^|\/)node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(
    input.replace(/\\/g, '/'),
  )?.[1];
}

/**
 * Bytes per npm package of what the outputs hold (the service's own code as `(own code)`):
 * inputs that left bytes in the output, since esbuild lists every file it parsed, shaken or not.
 */
function bytesByPackage(
  outputs: Metafile['outputs'][string][],
): Record<string, number> {
  const bytes: Record<string, number> = {};
  for (const output of outputs)
    for (const [path, input] of Object.entries(output.inputs))
      if (input.bytesInOutput > 0) {
        const name = packageOf(path) ?? OWN_CODE;
        bytes[name] = (bytes[name] ?? 0) + input.bytesInOutput;
      }
  return Object.fromEntries(
    Object.entries(bytes).sort(([, a], [, b]) => b - a),
  );
}

function figures(
  root: string,
  dir: string,
  file: string,
  metafile: Metafile,
  /** A build of its own the package imports from when first used (every file of it ships). */
  apart?: Metafile,
): BundleFigures & { firstRunBytes: Record<string, number> } {
  const outputs = new Map(
    Object.entries(metafile.outputs).map(([path, output]) => [
      resolve(root, path),
      output,
    ]),
  );
  // Chunks reachable from the entry file, at start (static imports) or later (dynamic ones).
  const reach = (from: string, kinds: string[], seen = new Set<string>()) => {
    if (seen.has(from)) return seen;
    seen.add(from);
    for (const imported of outputs.get(from)?.imports ?? [])
      if (kinds.includes(imported.kind) && !imported.external)
        reach(resolve(root, imported.path), kinds, seen);
    return seen;
  };
  const entry = join(dir, file);
  const loaded = reach(entry, ['import-statement']);
  const shipped = reach(entry, ['import-statement', 'dynamic-import']);
  // esbuild makes a chunk for every dynamic import it parses, also one in code it then shook
  // out (another function's module re-exported beside this one): nothing loads those.
  for (const path of outputs.keys()) if (!shipped.has(path)) rmSync(path);
  const size = (paths: Iterable<string>) =>
    [...paths].reduce((sum, path) => sum + readFileSync(path).length, 0);
  const firstRunBytes: Record<string, number> = {};
  for (const imported of outputs.get(entry)?.imports ?? [])
    if (imported.kind === 'dynamic-import' && !imported.external) {
      const chunk = resolve(root, imported.path);
      const module = outputs.get(chunk)?.entryPoint;
      if (module)
        firstRunBytes[basename(module).replace(/\.[^.]+$/, '')] = size(
          reach(chunk, ['import-statement'], new Set(loaded)),
        );
    }
  const apartOutputs = Object.entries(apart?.outputs ?? {});
  return {
    firstRunBytes,
    dir: relative(root, dir).replace(/\\/g, '/'),
    file,
    bytes:
      size(shipped) + size(apartOutputs.map(([path]) => resolve(root, path))),
    loadBytes: size(loaded),
    packages: Object.keys(
      bytesByPackage([
        ...[...shipped].map(path => outputs.get(path)!),
        ...apartOutputs.map(([, output]) => output),
      ]),
    )
      .filter(name => name !== OWN_CODE)
      .sort(),
    loadBytesByPackage: bytesByPackage(
      [...loaded].map(path => outputs.get(path)!),
    ),
  };
}

/** Marks a package's `.js` files as ES modules. */
function writeModulePackage(dir: string, fields: Record<string, unknown> = {}) {
  mkdirSync(dir, { recursive: true });
  writeFileSync(
    join(dir, 'package.json'),
    `${JSON.stringify({ ...fields, type: 'module' }, null, 2)}\n`,
  );
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
 * The source files a build keeps code of, from a first pass without code splitting (dynamic
 * imports inlined): what this function reaches, by any path.
 */
async function liveModules(options: BuildOptions): Promise<Set<string>> {
  const { metafile } = await build({
    ...options,
    splitting: false,
    write: false,
    metafile: true,
  });
  const cwd = options.absWorkingDir ?? process.cwd();
  return new Set(
    Object.values(metafile!.outputs).flatMap(output =>
      Object.entries(output.inputs)
        .filter(([, input]) => input.bytesInOutput > 0)
        .map(([path]) => resolve(cwd, path)),
    ),
  );
}

/**
 * With code splitting, esbuild makes every dynamic `import()` it parses an entry point of its
 * own, also one in a module this function never reaches (another function's module, parsed
 * because the handlers' module re-exports it): its chunk is never loaded, but what it uses of a
 * shared library (zod's schema types, the SDK's protocol code) is kept in the chunks this
 * function loads at start. Left external, such an import makes no chunk and keeps nothing.
 */
function skipDeadDynamicImports(live: Set<string>): Plugin {
  return {
    name: 'skip-dead-dynamic-imports',
    setup(b) {
      b.onResolve({ filter: /.*/ }, args =>
        args.kind === 'dynamic-import' &&
        args.importer &&
        !live.has(resolve(args.importer))
          ? { path: args.path, external: true }
          : undefined,
      );
    },
  };
}

/**
 * The AWS SDK's credential providers that its default chain (`@aws-sdk/credential-provider-node`)
 * imports only when the environment holds no credentials: SSO, shared config files, a credential
 * process, a web identity token file, the container and instance metadata endpoints. A Lambda
 * function never gets that far: the runtime sets `AWS_ACCESS_KEY_ID`, `AWS_SECRET_ACCESS_KEY` and
 * `AWS_SESSION_TOKEN` ("Defined runtime environment variables",
 * https://docs.aws.amazon.com/lambda/latest/dg/configuration-envvars.html#configuration-envvars-runtime),
 * which the chain's first provider, `fromEnv`, reads.
 */
const RARE_CREDENTIAL_PROVIDERS =
  /^@aws-sdk\/credential-provider-(sso|ini|process|web-identity|http)$|^@smithy\/credential-provider-imds$/;

/** The package.json `imports` prefix under which a Lambda bundle finds them. */
const CREDENTIALS_IMPORT = '#aws-credentials/';
const CREDENTIALS_DIR = 'credentials';

/**
 * Leaves the rare credential providers out of a Lambda function's build, imported instead from a
 * build of their own (`credentials/`, through the package's `imports`). In one build, esbuild
 * places code in chunks a whole source file at a time, by the entry points that can reach the
 * file: the providers and the STS, SSO and sign-in clients they use share the SDK's barrel modules
 * (`@aws-sdk/core/protocols`, `@smithy/core/serde`, …) with the function's own clients, so their
 * query and XML protocols, REST-JSON protocol and shared-file loaders were in the chunks every
 * cold start loads (about 34 KB) although nothing calls them there. Built apart, they carry their
 * own copy of the SDK core, loaded only if the chain ever reaches them.
 */
function rareCredentialProviders(found: Map<string, string>): Plugin {
  return {
    name: 'rare-credential-providers',
    setup(b) {
      b.onResolve({ filter: RARE_CREDENTIAL_PROVIDERS }, async args => {
        if (args.kind !== 'dynamic-import' || args.pluginData === 'rare')
          return undefined;
        const resolved = await b.resolve(args.path, {
          kind: args.kind,
          importer: args.importer,
          resolveDir: args.resolveDir,
          pluginData: 'rare',
        });
        if (resolved.errors.length) return { errors: resolved.errors };
        // One entry per file: two installed versions of a provider each keep their own.
        const base = args.path.replace(/^@[^/]+\//, '');
        let name = base;
        for (
          let n = 2;
          found.has(name) && found.get(name) !== resolved.path;
          n++
        )
          name = `${base}-${n}`;
        found.set(name, resolved.path);
        return { path: `${CREDENTIALS_IMPORT}${name}`, external: true };
      });
    },
  };
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
    const functionBuild: BuildOptions = {
      ...common,
      absWorkingDir: root,
      // Only this export: esbuild leaves out every module the other functions alone import.
      stdin: {
        contents: `export { ${name} } from ${JSON.stringify(awsEntry)};`,
        resolveDir: root,
        loader: 'ts',
        sourcefile: `${name}.ts`,
      },
      outdir: dir,
      entryNames: 'index',
      external: [
        ...(common.external ?? []),
        ...(awsSdk === 'provided' ? ['@aws-sdk/*', '@smithy/*'] : []),
      ],
    };
    const live = await liveModules(functionBuild);
    const credentials = new Map<string, string>();
    const result = await build({
      ...functionBuild,
      plugins: [
        ...(functionBuild.plugins ?? []),
        skipDeadDynamicImports(live),
        ...(awsSdk === 'bundled' ? [rareCredentialProviders(credentials)] : []),
      ],
    });
    const extra = credentials.size
      ? await build({
          ...common,
          absWorkingDir: root,
          entryPoints: Object.fromEntries(credentials),
          outdir: join(dir, CREDENTIALS_DIR),
        })
      : undefined;
    writeModulePackage(
      dir,
      credentials.size
        ? {
            imports: {
              [`${CREDENTIALS_IMPORT}*`]: `./${CREDENTIALS_DIR}/*.js`,
            },
          }
        : {},
    );
    // A Lambda function's dynamic imports are parts of one function, not functions.
    const { firstRunBytes: _parts, ...bundle } = figures(
      root,
      dir,
      'index.js',
      result.metafile!,
      extra?.metafile,
    );
    return [name, { ...bundle, handler: `index.${name}` }] as const;
  });

  const appDir = join(outDir, 'azure');
  const appBuild = build({
    ...common,
    absWorkingDir: root,
    entryPoints: [resolve(root, options.azureEntry)],
    outdir: appDir,
    entryNames: FUNCTION_APP_MAIN.replace(/\.js$/, ''),
  });
  const [lambda, app] = await Promise.all([
    Promise.all(lambdaBuilds),
    appBuild,
  ]);
  copyFileSync(resolve(root, options.hostJson), join(appDir, 'host.json'));
  // The Node.js v4 programming model finds the functions through package.json `main`
  // ("Folder structure", Azure Functions Node.js developer guide:
  // https://learn.microsoft.com/azure/azure-functions/functions-reference-node#folder-structure).
  writeModulePackage(appDir, {
    name: options.name,
    version: options.version,
    private: true,
    main: FUNCTION_APP_MAIN,
  });
  return {
    awsSdk,
    lambda: Object.fromEntries(lambda),
    functionApp: figures(root, appDir, FUNCTION_APP_MAIN, app.metafile!),
  };
}
