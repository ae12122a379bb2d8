// Builds the function bundles into dist-bundles/ and prints their sizes.
import { resolve } from 'node:path';
import { buildBundles } from './buildBundles';

buildBundles(resolve(__dirname, '..', 'dist-bundles')).then(report => {
  const kb = (n: number) => `${(n / 1024).toFixed(0)} KiB`;
  for (const [name, f] of Object.entries(report.lambda))
    console.log(`lambda ${name}: ${f.dir}/${f.file} ${kb(f.bytes)}`);
  const app = report.functionApp;
  console.log(`function app: ${app.dir}/${app.file} ${kb(app.bytes)}`);
});
