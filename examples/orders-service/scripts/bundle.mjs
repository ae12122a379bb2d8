// `npm run build`: what the deploy workflow ships. One bundle per Lambda function
// (dist/aws/<name>/index.js, handler `index.<name>`; each export of src/aws.ts is a function)
// and the Function App package (dist/azure: main.js, host.json, package.json).
// AWS_SDK_SOURCE=provided leaves the AWS SDK to the Lambda runtime's copy (see README).
import { buildFunctionBundles } from '@multicloud/runtime/bundle';
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const { name, version } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const report = await buildFunctionBundles({
  root,
  awsEntry: 'src/aws.ts',
  azureEntry: 'src/azure.ts',
  hostJson: 'host.json',
  outDir: 'dist',
  awsSdk: process.env.AWS_SDK_SOURCE ?? 'bundled',
  name,
  version,
});
writeFileSync(join(root, 'dist', 'bundles.json'), `${JSON.stringify(report, null, 2)}\n`);
const kib = bytes => `${(bytes / 1024).toFixed(0)} KiB`;
for (const [fn, bundle] of Object.entries(report.lambda))
  console.log(`lambda ${fn}: ${bundle.dir}/${bundle.file} ${kib(bundle.bytes)} (handler ${bundle.handler})`);
const app = report.functionApp;
console.log(`function app: ${app.dir}/${app.file} ${kib(app.bytes)}`);
