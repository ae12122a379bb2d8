module.exports = require('@backstage/cli/config/eslint-factory')(__dirname, {
  rules: {
    // These tests exercise the plugins' internals (the Azure adapters, the scaffolder actions)
    // against the sandbox and the cloud fakes, which the shipped plugin packages must not depend
    // on; so they import the plugins' source files, which the packages do not export.
    '@backstage/no-forbidden-package-imports': 'off',
  },
});
