// Packs this repository's runtime into the template's skeleton (vendor/), points the skeleton's
// dependency at it and writes its package-lock.json. Run after any change to runtime/, then
// `render-example`.
import { join } from 'node:path';
import { TEMPLATE_DIR } from '../src/__testUtils__/renderTemplate';
import { vendorRuntime } from '../src/__testUtils__/vendoredRuntime';

vendorRuntime(join(TEMPLATE_DIR, 'skeleton'))
  .then(tarball => {
    console.log(`vendored ${tarball} and locked the skeleton`);
    process.exit(0);
  })
  .catch(error => {
    console.error(error);
    process.exit(1);
  });
