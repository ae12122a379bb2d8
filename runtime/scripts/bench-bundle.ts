// `npm run bench -- bundle`: sizes of the minified function bundles, one JSON line.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildBundles } from './buildBundles';

const dir = mkdtempSync(join(tmpdir(), 'bundles-'));
buildBundles(dir)
  .then(s =>
    console.log(
      JSON.stringify({
        bench: 'bundle',
        lambda_bytes: s.lambdaBytes,
        function_bytes: s.functionBytes,
        redrive_function_bytes: s.redriveFunctionBytes,
      }),
    ),
  )
  .finally(() => rmSync(dir, { recursive: true, force: true }));
