import { resolve } from 'node:path';
import {
  AwsSdkSource,
  buildFunctionBundles,
  BundleReport,
} from '../src/bundle/functionBundles';

const runtimeDir = resolve(__dirname, '..');

/**
 * Bundles the runtime's own entry points as a generated service deploys them (the same builder
 * its `npm run build` calls): one bundle per Lambda function and the Function App package. The
 * host.json is the template's, which every generated service starts from.
 */
export function buildBundles(
  outDir: string,
  awsSdk: AwsSdkSource = 'bundled',
): Promise<BundleReport> {
  return buildFunctionBundles({
    root: runtimeDir,
    // The module of the handlers alone: each of its exports is a Lambda function.
    awsEntry: 'src/entry/aws/handlers.ts',
    azureEntry: 'src/entry/azure/main.ts',
    hostJson: '../templates/multicloud-service/skeleton/host.json',
    outDir,
    awsSdk,
    name: 'multicloud-runtime-bench',
    version: '0.0.0',
  });
}
