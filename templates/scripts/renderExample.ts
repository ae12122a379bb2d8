// Renders the template with the example's values through the real scaffolder and writes the
// result to examples/orders-service (a test checks it is what the template renders today).
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import {
  PACKAGE_DIR,
  renderTemplate,
} from '../src/__testUtils__/renderTemplate';

const target = resolve(PACKAGE_DIR, '../examples/orders-service');

renderTemplate()
  .then(({ files }) => {
    rmSync(target, { recursive: true, force: true });
    for (const [path, content] of files) {
      mkdirSync(dirname(join(target, path)), { recursive: true });
      writeFileSync(join(target, path), content);
    }
    console.log(`wrote ${files.size} files to examples/orders-service`);
    // The test backend keeps timers of the scaffolder alive; the work is done.
    process.exit(0);
  })
  .catch(error => {
    console.error(error);
    process.exit(1);
  });
