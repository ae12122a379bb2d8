#!/usr/bin/env bash
# Debian packages the tests need: chromium (UI tests, Playwright drives Debian's build, never a
# downloaded one), postgresql (the failover lock is tested on PostgreSQL as well as sqlite), and
# golang-go with golang-github-hashicorp-hcl-v2-dev (the Terraform checks format every .tf file
# with HashiCorp's own hclwrite, as `terraform fmt` does).
# Installs what is missing when it can (root with apt-get); otherwise says what to install.
set -euo pipefail
needed=()
command -v chromium >/dev/null 2>&1 || needed+=(chromium)
ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || needed+=(postgresql)
command -v go >/dev/null 2>&1 || needed+=(golang-go)
[ -d /usr/share/gocode/src/github.com/hashicorp/hcl/v2/hclwrite ] || needed+=(golang-github-hashicorp-hcl-v2-dev)
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
