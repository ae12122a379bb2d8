// Renders the template with the example's values through the real scaffolder and writes the
// result to examples/orders-service (a test checks it is what the template renders today).
import { rmSync } from 'node:fs';
import { resolve } from 'node:path';
import {
  PACKAGE_DIR,
  renderTemplate,
  writeRendered,
} from '../src/__testUtils__/renderTemplate';

const target = resolve(PACKAGE_DIR, '../examples/orders-service');

renderTemplate()
  .then(rendered => {
    rmSync(target, { recursive: true, force: true });
    writeRendered(rendered, target);
    console.log(
      `wrote ${rendered.bytes.size} files to examples/orders-service`,
    );
    // The test backend keeps timers of the scaffolder alive; the work is done.
    process.exit(0);
  })
  .catch(error => {
    console.error(error);
    process.exit(1);
  });
