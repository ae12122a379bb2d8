// Builds the function bundles into dist-bundles/ and prints their sizes.
import { resolve } from 'node:path';
import { buildBundles } from './buildBundles';

buildBundles(resolve(__dirname, '..', 'dist-bundles')).then(sizes => {
  const kb = (n: number) => `${(n / 1024).toFixed(0)} KiB`;
  console.log(`lambda:   ${sizes.lambdaFile} ${kb(sizes.lambdaBytes)}`);
  console.log(`function: ${sizes.functionFile} ${kb(sizes.functionBytes)}`);
  console.log(
    `function: ${sizes.redriveFunctionFile} ${kb(sizes.redriveFunctionBytes)}`,
  );
});
