#!/usr/bin/env bash
# A throwaway PostgreSQL for the tests that run on it as well as on sqlite (the failover lock).
#   eval "$(bash scripts/lib/postgres.sh start)"   # exports the connection string TestDatabases reads
#   bash scripts/lib/postgres.sh stop "$MULTICLOUD_TEST_PGDATA"
# Uses Debian's postgresql binaries (scripts/lib/system-packages.sh installs them); initdb refuses
# to run as root, so as root the cluster belongs to the `postgres` user.
set -euo pipefail

bindir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)
if [ -z "$bindir" ]; then
  echo "postgres.sh: no PostgreSQL found; install the Debian package postgresql" >&2
  exit 1
fi
major=$(basename "$(dirname "$bindir")")

as_owner() {
  if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

case "${1:-}" in
start)
  dir=$(mktemp -d)
  [ "$(id -u)" = 0 ] && chown postgres "$dir"
  as_owner "$bindir/initdb" -D "$dir/data" -A trust -U postgres >/dev/null
  for _ in 1 2 3 4 5; do
    port=$((40000 + RANDOM % 20000))
    if as_owner "$bindir/pg_ctl" -D "$dir/data" -l "$dir/log" -w -t 30 \
      -o "-p $port -k $dir -c listen_addresses=127.0.0.1 -c fsync=off" start >/dev/null 2>&1; then
      echo "export BACKSTAGE_TEST_DATABASE_POSTGRES${major}_CONNECTION_STRING=postgresql://postgres@127.0.0.1:$port/postgres"
      echo "export MULTICLOUD_TEST_POSTGRES=POSTGRES_${major}"
      echo "export MULTICLOUD_TEST_PGDATA=$dir"
      exit 0
    fi
  done
  echo "postgres.sh: could not start PostgreSQL; log:" >&2
  cat "$dir/log" >&2 || true
  exit 1
  ;;
stop)
  dir=${2:?the folder printed by start}
  as_owner "$bindir/pg_ctl" -D "$dir/data" -m fast stop >/dev/null 2>&1 || true
  rm -rf "$dir"
  ;;
*)
  echo "usage: postgres.sh start | stop DIR" >&2
  exit 2
  ;;
esac
