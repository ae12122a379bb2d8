module.exports = require('@backstage/cli/config/eslint-factory')(__dirname, {
  rules: {
    // These tests start the backend plugin and render the frontend plugin in one process, with
    // the test providers of plugin-tests: they import across plugin kinds on purpose.
    '@backstage/no-forbidden-package-imports': 'off',
    '@backstage/no-mixed-plugin-imports': 'off',
  },
});
