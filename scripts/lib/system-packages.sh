#!/usr/bin/env bash
# Debian packages the tests need: chromium (UI tests, Playwright drives Debian's build, never a
# downloaded one) and postgresql (the failover lock is tested on PostgreSQL as well as sqlite).
# Installs what is missing when it can (root with apt-get); otherwise says what to install.
set -euo pipefail
needed=()
command -v chromium >/dev/null 2>&1 || needed+=(chromium)
ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || needed+=(postgresql)
if ((${#needed[@]} == 0)); then
  echo "system packages: all present"
  exit 0
fi
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
  echo "system packages: installing ${needed[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${needed[@]}" >/dev/null
else
  echo "system packages: please install ${needed[*]} (e.g. sudo apt-get install ${needed[*]})" >&2
  exit 1
fi
