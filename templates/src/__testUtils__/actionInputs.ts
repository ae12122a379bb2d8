/**
 * The inputs each action the rendered workflows use declares in its `action.yml`, at the major
 * version tag the workflows pin, read from the actions' repositories (the commit each tag pointed
 * to when read is beside it, with the release it matched). A step's `with:` may name only these;
 * an unknown input is ignored by the runner with a warning, so a misspelt one silently falls back
 * to the default.
 *
 * Each major is the newest whose action.yml runs on Node 24 (its `runs.using:` line is quoted
 * beside it): the runners moved JavaScript actions off Node 20, which is end of life.
 */
export const ACTION_INPUTS: Record<string, string[]> = {
  // actions/checkout v7 (3d3c42e5aac5ba805825da76410c181273ba90b1, v7.0.1)
  // action.yml `runs:` `using: node24`.
  // v6 moved the persisted token out of .git/config into a file under $RUNNER_TEMP (still
  // removed at post-job cleanup); v7 refuses fork PR code under pull_request_target and
  // workflow_run, triggers these workflows do not use (README "Checkout v6", "Checkout v7").
  'actions/checkout@v7': [
    'allow-unsafe-pr-checkout',
    'clean',
    'fetch-depth',
    'fetch-tags',
    'filter',
    'github-server-url',
    'lfs',
    'path',
    'persist-credentials',
    'ref',
    'repository',
    'set-safe-directory',
    'show-progress',
    'sparse-checkout',
    'sparse-checkout-cone-mode',
    'ssh-key',
    'ssh-known-hosts',
    'ssh-strict',
    'ssh-user',
    'submodules',
    'token',
  ],
  // actions/setup-node v7 (820762786026740c76f36085b0efc47a31fe5020, v7.0.0)
  // action.yml `runs:` `using: 'node24'`.
  // v5/v6 cache npm by default when package.json names npm as packageManager and removed
  // always-auth; the workflows pass `cache: npm` explicitly and no always-auth (README "Breaking
  // changes in V5/V6/V7").
  'actions/setup-node@v7': [
    'architecture',
    'cache',
    'cache-dependency-path',
    'check-latest',
    'mirror',
    'mirror-token',
    'node-version',
    'node-version-file',
    'package-manager-cache',
    'registry-url',
    'scope',
    'token',
  ],
  // actions/upload-artifact v7 (bbbca2ddaa5d8feaa63e36b76fdaad77386f024f, v7.0.0)
  // action.yml `runs:` `using: 'node24'`.
  // include-hidden-files still defaults to false (so the lock file needs it) and the new
  // `archive` input defaults to true: the artifact is still one zip (action.yml).
  'actions/upload-artifact@v7': [
    'archive',
    'compression-level',
    'if-no-files-found',
    'include-hidden-files',
    'name',
    'overwrite',
    'path',
    'retention-days',
  ],
  // actions/download-artifact v8 (3e5f45b2cfb9172054b4087a40e8e0b5a5461e7c, v8.0.1)
  // action.yml `runs:` `using: 'node24'`.
  // by-name downloads still extract straight into `path` (README "v5 - What's new"); v8
  // skips decompressing only non-zip downloads and fails on a digest mismatch by default.
  'actions/download-artifact@v8': [
    'artifact-ids',
    'digest-mismatch',
    'github-token',
    'merge-multiple',
    'name',
    'path',
    'pattern',
    'repository',
    'run-id',
    'skip-decompress',
  ],
  // aws-actions/configure-aws-credentials v6 (e6de054238d6b7531b4efff3b6587d9aade6a06c, v6.2.3)
  // action.yml `runs:` `using: node24`.
  // v5 changed how invalid boolean inputs are read and v6 moved to node24 (CHANGELOG
  // "BREAKING CHANGES"); the workflows pass only role-to-assume and aws-region.
  'aws-actions/configure-aws-credentials@v6': [
    'action-timeout-s',
    'allowed-account-ids',
    'audience',
    'aws-access-key-id',
    'aws-profile',
    'aws-region',
    'aws-secret-access-key',
    'aws-session-token',
    'custom-tags',
    'disable-retry',
    'force-skip-oidc',
    'http-proxy',
    'inline-session-policy',
    'managed-session-policies',
    'mask-aws-account-id',
    'no-proxy',
    'output-credentials',
    'output-env-credentials',
    'overwrite-aws-profile',
    'retry-max-attempts',
    'role-chaining',
    'role-duration-seconds',
    'role-external-id',
    'role-session-name',
    'role-skip-session-tagging',
    'role-to-assume',
    'special-characters-workaround',
    'sts-endpoint',
    'transitive-tag-keys',
    'unset-current-credentials',
    'use-existing-credentials',
    'web-identity-token-file',
  ],
  // azure/login v3 (f5d393ae46f8fde4be8b75f32e3fc50e654ad0ca, v3.0.1)
  // action.yml `runs:` `using: 'node24'`.
  // Between v2.3.1 and v3.0.1 only the move to node24, dependency updates and a PowerShell
  // quoting fix (commit log); the inputs are unchanged.
  'azure/login@v3': [
    'allow-no-subscriptions',
    'audience',
    'auth-type',
    'client-id',
    'creds',
    'enable-AzPSSession',
    'environment',
    'subscription-id',
    'tenant-id',
  ],
  // hashicorp/setup-terraform v4 (dfe3c3f87815947d99a8997f908cb6525fc44e9e, v4.0.1)
  // action.yml `runs:` `using: 'node24'`.
  // v4.0.0's only breaking change is the move to node24 (CHANGELOG).
  'hashicorp/setup-terraform@v4': [
    'cli_config_credentials_hostname',
    'cli_config_credentials_token',
    'terraform_version',
    'terraform_wrapper',
  ],
  // azure/functions-action v1 (c5060b3b8bb1ebbcb531abd00c822ecbaa8ea656, v1.5.7)
  // action.yml `runs:` `using: 'node24'`.
  // No v2 exists: v1.5.4 moved v1 itself to node24 (v1.5.3 was node20), so the major stays v1.
  'azure/functions-action@v1': [
    'app-name',
    'enable-oryx-build',
    'package',
    'publish-profile',
    'remote-build',
    'respect-funcignore',
    'respect-pom-xml',
    'scm-do-build-during-deployment',
    'sku',
    'slot-name',
  ],
};
