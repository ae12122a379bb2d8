#!/usr/bin/env bash
# `npm run adopt-check` (and the last step of `npm test`): the adoption test of docs/adopt.md, in
# a clean room outside the workspace. Packs the five plugin packages (yarn pack), creates an app
# with the pinned @backstage/create-app 0.9.2 pinned to Backstage 1.55.0 exactly (the lowest
# supported release, and today the newest), applies the steps the READMEs give (the code blocks
# marked `<!-- adopt-check: ... -->`, scripts/lib/readme-steps.mjs), then: tsc passes, the
# frontend builds with the plugin in its bundle, the backend starts against the sandbox and
# serves it, the status route answers for the annotated entity, the owner-only policy is in
# force, and Debian's chromium sees the card. Runs under scripts/toolchain.sh (Node 22). The
# app's node_modules are cached between runs (see below): ~3 minutes warm, ~11 on a first run.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
repo=$PWD
room=$(mktemp -d "${TMPDIR:-/tmp}/multicloud-adopt.XXXXXX")
app=$room/portal
log() { printf '\033[36m[adopt-check %ss]\033[0m %s\n' "$(($(date +%s) - started))" "$*" >&2; }
started=$(date +%s)
# Free ports, so that the check runs beside a portal or another check on this machine.
free_port() { node -e 'const s = require("net").createServer().listen(0, "127.0.0.1", () => { console.log(s.address().port); s.close(); })'; }
backend_port=$(free_port)
read -r router_port control_port aws_port azure_port < <(echo "$(free_port) $(free_port) $(free_port) $(free_port)")
backend=http://127.0.0.1:$backend_port
groups=()
cleanup() {
  # The sandbox and the backend run in their own process groups (setsid): stop each whole group.
  for pgid in "${groups[@]}"; do kill -- "-$pgid" 2>/dev/null || true; done
  [ -n "${KEEP_ROOM:-}" ] || rm -rf "$room"
}
trap cleanup EXIT

log "packing the five plugin packages into $room/packs"
mkdir -p "$room/packs"
# Two at a time (the machine this was written on has two cores); each names its package in a
# JSON file beside its tarball, for the README steps that add packages by name.
pack() {
  (cd "plugins/$1" && yarn build >/dev/null && yarn pack --out "$room/packs/$1.tgz" >/dev/null &&
    node -p 'JSON.stringify({ name: require("./package.json").name })' >"$room/packs/$1.json")
}
pack multicloud-common & a=$!
pack multicloud-backend & b=$!
wait $a && wait $b
pack scaffolder-backend-module-multicloud & a=$!
pack multicloud & b=$!
wait $a && wait $b
# The backend plugin depends on the node library (its providers' extension point).
pack multicloud-node
# What ships must name nothing of this workspace.
if tar -xzOf "$room"/packs/*.tgz package/package.json 2>/dev/null | grep -q 'workspace:\|@multicloud/sandbox\|@multicloud/cloud-fakes'; then
  echo "adopt-check: a packed package.json names a workspace or private package" >&2
  exit 1
fi

log "creating an app with @backstage/create-app@0.9.2"
(cd "$room" && BACKSTAGE_APP_NAME=portal npx --yes --prefer-offline @backstage/create-app@0.9.2 --path portal --skip-install >/dev/null)
# The versions of Backstage 1.55.0 that create-app writes as caret ranges. Left floating, today's
# registry mixes in newer releases (a fresh 1.55 app then fails at startup: the newest
# plugin-signals-backend calls httpRouter.addWebSocketHandler, which backend-defaults 0.18 lacks),
# so the app is pinned to them, plus the 1.55 versions (published with it) of what the plugins
# depend on that create-app does not list, and of backend-app-api (its caret range would take the
# newest release's 1.9, which needs a newer backend-plugin-api).
(cd "$room" && npm pack --silent --prefer-offline @backstage/create-app@0.9.2 >/dev/null && tar -xzf backstage-create-app-0.9.2.tgz &&
  node -e '
    const { packageVersions } = require("./package/dist/lib/versions.cjs.js");
    const pins = Object.fromEntries(Object.entries(packageVersions).filter(([n]) => n.startsWith("@backstage/")));
    Object.assign(pins, {
      "@backstage/backend-plugin-api": "1.10.1",
      "@backstage/plugin-catalog-node": "2.2.5",
      "@backstage/plugin-scaffolder-node": "0.13.7",
      "@backstage/integration-aws-node": "0.2.2",
      "@backstage/backend-app-api": "1.7.4",
    });
    require("fs").writeFileSync("pins.json", JSON.stringify(pins, null, 2));
  ')

log "adding the tarballs and the README steps (the blocks marked adopt-check in the READMEs)"
: >"$app/multicloud-entities.yaml"
node --input-type=module - "$repo" "$app" "$room/packs" <<'EOF'
import fs from 'node:fs';
const [repo, app, packs] = process.argv.slice(2);
const { applyReadmeSteps } = await import(`${repo}/scripts/lib/readme-steps.mjs`);
// The Backstage 1.55.0 pins first (see above), then what the READMEs say.
const rootPackage = `${app}/package.json`;
const root = JSON.parse(fs.readFileSync(rootPackage, 'utf8'));
root.resolutions = { ...root.resolutions, ...JSON.parse(fs.readFileSync(`${app}/../pins.json`, 'utf8')) };
fs.writeFileSync(rootPackage, `${JSON.stringify(root, null, 2)}\n`);
const tarballs = Object.fromEntries(fs.readdirSync(packs).filter(f => f.endsWith('.tgz')).map(f => [
  JSON.parse(fs.readFileSync(`${packs}/${f.replace(/\.tgz$/, '.json')}`, 'utf8')).name, `${packs}/${f}`,
]));
const steps = applyReadmeSteps({ repo, app, packs, tarballs, entityFile: `${app}/multicloud-entities.yaml` });
console.error(steps.map(s => `  ${s.source}: ${s.action}${s.target ? ` ${s.target}` : ''}`).join('\n'));
EOF
# What the check itself adds: its ports, the entity file as a catalog location, and the app
# served by the backend (app.baseUrl on the backend's origin, as in production).
cat >"$app/app-config.adopt.yaml" <<EOF
app:
  baseUrl: $backend
backend:
  baseUrl: $backend
  listen:
    port: $backend_port
  cors:
    origin: $backend
multicloud:
  sandbox:
    baseUrl: http://127.0.0.1:$control_port
catalog:
  locations:
    - type: file
      target: ../../multicloud-entities.yaml
EOF
configs=(--config ../../app-config.yaml --config ../../app-config.local.yaml --config ../../app-config.adopt.yaml)

# The app's dependencies: a first run installs them (minutes); later runs start from the
# node_modules that install left in the cache (hard links, keyed by create-app, Node and the
# pins), so that yarn install only puts the freshly packed plugins in.
cache_root=${ADOPT_CACHE_DIR:-$repo/node_modules/.cache/multicloud-adopt}
# The seed lockfile: what create-app does with Backstage's seed-yarn.lock (which it fetches from
# GitHub, unreachable here), for every package. Without it a first run resolves ~3,000 packages
# against the registry as it is that minute, and fails on a release or an answer of that minute
# (a CI run once found no version of tar-stream that tar-fs 3.1.4 asked for). `ADOPT_FRESH=1`
# resolves afresh instead and rewrites the seed from the result: commit it once the check passes.
seed=$repo/scripts/lib/adopt-seed.yarn.lock
fresh=${ADOPT_FRESH:-}
# The key also holds the plugins' dependencies and the seed: with the same ones, the seeded
# install adds no package but the five tarballs, so it can skip the build scripts (native modules
# were built by the first install; rebuilding them is most of a seeded install's time, as the
# app's path differs).
cache=$cache_root/$( (echo 0.9.2; node --version; cat "$room/pins.json"; cat "$seed"
  for p in plugins/multicloud-common plugins/multicloud-node plugins/multicloud-backend plugins/scaffolder-backend-module-multicloud plugins/multicloud; do
    node -p "const p = require('./$p/package.json'); JSON.stringify([p.dependencies, p.peerDependencies])"
  done) | sha1sum | cut -c1-12)
app_modules=(node_modules packages/app/node_modules packages/backend/node_modules)
seeded=
if [ -z "$fresh" ] && [ -f "$cache/yarn.lock" ]; then
  log "seeding node_modules from the cache of an earlier run"
  for d in "${app_modules[@]}"; do
    if [ -d "$cache/$d" ]; then cp -al "$cache/$d" "$app/$d"; fi
  done
  # Files yarn rewrites in place are copies, never links into the cache.
  rm -f "$app/node_modules/.yarn-state.yml"
  cp "$cache/node_modules/.yarn-state.yml" "$app/node_modules/.yarn-state.yml"
  cp "$cache/yarn.lock" "$app/yarn.lock"
  if [ -f "$cache/install-state.gz" ]; then mkdir -p "$app/.yarn" && cp "$cache/install-state.gz" "$app/.yarn/"; fi
  seeded=1
elif [ -z "$fresh" ]; then
  log "starting from the seed lockfile (scripts/lib/adopt-seed.yarn.lock)"
  cp "$seed" "$app/yarn.lock"
fi
log "yarn install (the app's own Yarn)"
(cd "$app" && YARN_ENABLE_IMMUTABLE_INSTALLS=false yarn install ${seeded:+--mode=skip-build} >"$room/install.log" 2>&1) ||
  { tail -40 "$room/install.log" >&2; exit 1; }
if [ -n "$fresh" ]; then
  node scripts/lib/adopt-seed.mjs "$app/yarn.lock" "$seed"
  log "resolved afresh; the seed lockfile is rewritten from it (not cached)"
elif [ -z "$seeded" ]; then
  log "keeping the installed node_modules in the cache for the next run"
  rm -rf "$cache.tmp" && mkdir -p "$cache.tmp/packages/app" "$cache.tmp/packages/backend"
  for d in "${app_modules[@]}"; do
    if [ -d "$app/$d" ]; then cp -al "$app/$d" "$cache.tmp/$d"; fi
  done
  rm -f "$cache.tmp/node_modules/.yarn-state.yml" && cp "$app/node_modules/.yarn-state.yml" "$cache.tmp/node_modules/"
  cp "$app/yarn.lock" "$cache.tmp/yarn.lock"
  if [ -f "$app/.yarn/install-state.gz" ]; then cp "$app/.yarn/install-state.gz" "$cache.tmp/"; fi
  rm -rf "$cache" && mv "$cache.tmp" "$cache"
fi

log "tsc"
(cd "$app" && yarn tsc)

log "building the frontend"
(cd "$app" && yarn workspace app build >"$room/build.log" 2>&1) || { tail -40 "$room/build.log" >&2; exit 1; }
# The app discovers the plugin from packages/app/package.json (app.packages: all): its
# components must be in the bundle.
grep -lq 'Failover is not limited to the owners' "$app"/packages/app/dist/static/*.js ||
  { echo "adopt-check: the frontend bundle does not contain the multi-cloud plugin" >&2; exit 1; }

log "starting the sandbox (this repo) and the app's backend (which serves the built app)"
export APP_CONFIG_multicloud_sandbox_ports_router=$router_port APP_CONFIG_multicloud_sandbox_ports_control=$control_port \
  APP_CONFIG_multicloud_sandbox_ports_aws=$aws_port APP_CONFIG_multicloud_sandbox_ports_azure=$azure_port
SANDBOX_DATA_DIR="$room/sandbox-data" setsid tsx "$repo/packages/sandbox/src/cli.ts" >"$room/sandbox.log" 2>&1 &
groups+=($!)
(cd "$app/packages/backend" && exec setsid yarn backstage-cli package start "${configs[@]}") >"$room/backend.log" 2>&1 &
groups+=($!)
for _ in $(seq 1 180); do
  curl -sf "$backend/api/multicloud/health" >/dev/null && break
  sleep 2
done
curl -sf "$backend/api/multicloud/health" >/dev/null ||
  { echo "adopt-check: the backend did not start; the end of its log:" >&2; tail -40 "$room/backend.log" >&2; exit 1; }
token=$(curl -sf -X POST "$backend/api/auth/guest/refresh" | node -pe 'JSON.parse(require("fs").readFileSync(0)).backstageIdentity.token') ||
  { echo "adopt-check: no guest token" >&2; exit 1; }
auth=(-H "authorization: Bearer $token")
# The catalog reads the entity file in the background after startup.
for _ in $(seq 1 90); do
  status=$(curl -s "${auth[@]}" "$backend/api/multicloud/services/component/default/orders/status" || true)
  echo "$status" | grep -q '"clouds"' && break
  sleep 2
done
echo "$status" | node -e '
  const text = require("fs").readFileSync(0, "utf8");
  const ok = (() => { try { return JSON.parse(text).clouds.filter(c => c.ok).map(c => c.cloud); } catch { return []; } })();
  if (ok.length !== 2) { console.error(`adopt-check: the status of orders is not both clouds: ${text}`); process.exit(1); }
  console.error(`status of orders: ${ok.join(" and ")} read from the sandbox`);
'
access=$(curl -sf "${auth[@]}" "$backend/api/multicloud/failover/access" | node -pe 'JSON.parse(require("fs").readFileSync(0)).result')
[ "$access" = CONDITIONAL ] ||
  { echo "adopt-check: the owner-only policy is not in force: failover access $access" >&2; exit 1; }

log "the card in a browser (Debian's chromium)"
node scripts/lib/adopt-browser.mjs "$backend"
log "adoption check passed"
