module.exports = require('@backstage/cli/config/eslint-factory')(__dirname, {
  rules: {
    // These tests exercise the plugins themselves, internals included (the Azure adapters, the
    // scaffolder actions), against the sandbox and the cloud fakes, which the shipped plugin
    // packages must not depend on: so this package imports the plugins and their source files,
    // which the packages do not export.
    '@backstage/no-forbidden-package-imports': 'off',
    '@backstage/no-mixed-plugin-imports': 'off',
  },
});
