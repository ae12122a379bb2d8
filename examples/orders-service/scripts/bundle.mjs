// Builds once, deploys twice: one bundle for the Lambda functions, one for the Function App.
import { build } from 'esbuild';

const common = {
  bundle: true,
  platform: 'node',
  target: 'node22',
  minify: true,
  sourcemap: true,
  mainFields: ['module', 'main'],
};
await build({ ...common, entryPoints: ['src/aws.ts'], outfile: 'dist/aws/index.js' });
await build({ ...common, entryPoints: ['src/azure.ts'], outfile: 'dist/azure/index.js' });
await build({ ...common, entryPoints: ['src/azure-redrive.ts'], outfile: 'dist/azure/redrive.js' });
console.log('bundles in dist/aws and dist/azure');
