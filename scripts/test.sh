#!/usr/bin/env bash
# `npm test`: every check and every test of the repo, in the order that fails fastest.
# Runs under scripts/toolchain.sh, so Node 22, Yarn and the dependencies are already in place.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

results=$(mktemp -d)
trap 'rm -rf "$results"' EXIT
started=$(date +%s)
step() {
  local name=$1
  shift
  local t0=$(date +%s)
  printf '\n\033[1m== %s\033[0m\n' "$name"
  "$@"
  printf '\033[1m== %s: done in %ss\033[0m\n' "$name" "$(($(date +%s) - t0))"
}

step "system packages" bash scripts/lib/system-packages.sh
# dist-types is written afresh: declarations left over from moved or deleted files change how
# API Extractor orders some unions in the reports checked next.
step "type check (tsc)" bash -c 'rm -rf dist-types && yarn tsc'
# The plugin packages' public API (report.api.md beside each package.json), as API Extractor reads it
# from the declarations tsc has just written to dist-types: fails when a report is stale or an
# export has no release tag. After an intended change: `yarn build:api-reports`, commit the reports.
step "API reports of the plugin packages are current" yarn build:api-reports:only --ci
step "lint" yarn backstage-cli repo lint
step "format (prettier)" yarn prettier --check --loglevel warn .
step "architecture diagram matches its source" node scripts/render-diagram.mjs --check
# The failover lock is tested on PostgreSQL as well as sqlite: a throwaway server for the run.
eval "$(bash scripts/lib/postgres.sh start)"
export MULTICLOUD_REQUIRE_POSTGRES=1
trap 'bash scripts/lib/postgres.sh stop "$MULTICLOUD_TEST_PGDATA"; rm -rf "$results"' EXIT
# CI=true keeps jest out of watch mode when this runs in a terminal.
step "unit and integration tests (jest)" env CI=true yarn backstage-cli repo test --maxWorkers=2 \
  --json --outputFile="$results/jest.json"

node -e '
  const r = require(process.argv[1]);
  console.log(`\njest: ${r.numPassedTests} passed, ${r.numFailedTests} failed`);
' "$results/jest.json"

# The portal in a real browser (Debian's chromium): Playwright starts the sandbox and the portal
# on their own ports (scripts/e2e-portal.mjs) and stops them afterwards.
step "browser tests of the portal (playwright)" env PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 \
  yarn workspace @multicloud/e2e playwright test
node -e '
  const r = require(process.argv[1]);
  const s = r.stats;
  console.log(`playwright: ${s.expected} passed, ${s.unexpected} failed, ${s.skipped} skipped in ${Math.round(s.duration / 1000)} s`);
' "$PWD/examples/e2e/test-results/results.json"
# The adoption test (docs/adopt.md): the four packed plugin packages in a new Backstage 1.55.0
# app, wired by the steps the READMEs give, type-checked, started against the sandbox, built and
# looked at in chromium. About 3 minutes once the app's dependencies are cached
# (node_modules/.cache/multicloud-adopt), about 11 on a first run, which installs them.
step "adoption into a new Backstage app (scripts/adopt-check.sh)" bash scripts/adopt-check.sh
printf 'All checks passed in %ss\n' "$(($(date +%s) - started))"
