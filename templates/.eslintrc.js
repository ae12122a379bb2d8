module.exports = require('@backstage/cli/config/eslint-factory')(__dirname, {
  // The skeleton is the generated service's code, with its own dependencies; a test renders
  // it and type-checks and tests it as its own project.
  ignorePatterns: ['multicloud-service/skeleton/**', '.render/**'],
});
