import { config } from 'zod/v4-mini';
// The English locale alone: the `locales` namespace of zod/v4-mini would bundle all of them.
import { en } from 'zod/v4/locales';

/**
 * zod for the runtime's schemas: the "mini" API of zod 4 (shipped inside the zod 3.25 package),
 * whose functions tree-shake, so a function bundle carries only the checks it uses (about 25 KB
 * minified instead of zod 3's 60 KB, a fifth of the API's bundle before). Its messages come from
 * the English locale, set once here. Import it as `import * as z from '…/zod'`.
 */
// A side effect, listed in package.json `sideEffects` so that bundlers keep it.
config(en());

// Re-exported name by name (not as one namespace object), so bundles keep only what they use.
export * from 'zod/v4-mini';
