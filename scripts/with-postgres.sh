#!/usr/bin/env bash
# Run a command against a throw-away PostgreSQL server: a fresh cluster in a temporary
# folder, on a free local port, removed afterwards. DATABASE_URL points at it.
set -euo pipefail
bin=$(dirname "$(ls /usr/lib/postgresql/*/bin/initdb | sort -V | tail -n 1)")
dir=$(mktemp -d /tmp/resolutions-pg.XXXXXX)
port=${PGTEST_PORT:-$((20000 + RANDOM % 20000))}
as_owner() {  # initdb and postgres refuse to run as root
  if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}
[ "$(id -u)" = 0 ] && chown postgres "$dir"
cleanup() { as_owner "$bin/pg_ctl" -D "$dir/data" -m immediate stop >/dev/null 2>&1 || true; rm -rf "$dir"; }
trap cleanup EXIT
as_owner "$bin/initdb" -D "$dir/data" -U resolutions --auth=trust -E UTF8 --locale=C.UTF-8 >/dev/null
as_owner "$bin/pg_ctl" -D "$dir/data" -l "$dir/log" -w \
  -o "-p $port -k $dir -c listen_addresses=127.0.0.1 -c fsync=off -c full_page_writes=off" start >/dev/null
as_owner "$bin/createdb" -h 127.0.0.1 -p "$port" -U resolutions resolutions_test
export DATABASE_URL="postgresql://resolutions@127.0.0.1:$port/resolutions_test"
echo "PostgreSQL $("$bin/postgres" --version | awk '{print $3}') on port $port"
"$@"
