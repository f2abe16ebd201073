#!/usr/bin/env bash
# A throwaway PostgreSQL 15 + PostGIS 3 cluster on loopback for the tests.
#
#   scripts/postgres.sh url    start the cluster if it is not running; print its URL
#   scripts/postgres.sh stop   stop it and delete its files
#
# The cluster lives in $PIEROBEZA_PG_DIR (default /tmp/pierobeza-pg), listens on
# 127.0.0.1:$PIEROBEZA_PG_PORT (default 54329) only, trusts local connections (it holds
# test data only) and runs with fsync off (the crash tests kill pierobeza, not
# PostgreSQL). As root the server runs as the `postgres` user: initdb refuses root.
set -euo pipefail

PGBIN=${PGBIN:-$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)}
DIR=${PIEROBEZA_PG_DIR:-/tmp/pierobeza-pg}
PORT=${PIEROBEZA_PG_PORT:-54329}
URL="postgres://postgres@127.0.0.1:$PORT/postgres"

if [ -z "$PGBIN" ] || [ ! -x "$PGBIN/initdb" ]; then
  echo "scripts/postgres.sh: PostgreSQL is not installed (apt-get install postgresql-15 postgresql-15-postgis-3)" >&2
  exit 1
fi

as_owner() {
  if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

running() { as_owner "$PGBIN/pg_ctl" -D "$DIR" status >/dev/null 2>&1; }

start() {
  if [ ! -f "$DIR/PG_VERSION" ]; then
    mkdir -p "$DIR"
    [ "$(id -u)" = 0 ] && chown postgres: "$DIR"
    as_owner "$PGBIN/initdb" -D "$DIR" -U postgres -A trust -E UTF8 --locale=C.UTF-8 --no-sync >"$DIR.initdb.log" 2>&1 \
      || { cat "$DIR.initdb.log" >&2; exit 1; }
  fi
  if ! running; then
    as_owner "$PGBIN/pg_ctl" -D "$DIR" -l "$DIR/server.log" -w -t 60 \
      -o "-k /tmp -p $PORT -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=300" start >/dev/null \
      || { cat "$DIR/server.log" >&2; exit 1; }
  fi
  # PostGIS must be installed for the store's migrations; say so here, not in a test.
  "$PGBIN/psql" "$URL" -qAtc "SELECT 1 FROM pg_available_extensions WHERE name = 'postgis'" | grep -q 1 \
    || { echo "scripts/postgres.sh: the postgis extension is not installed (postgresql-15-postgis-3)" >&2; exit 1; }
}

case "${1:-url}" in
  url) start >&2; echo "$URL" ;;
  stop)
    if running; then as_owner "$PGBIN/pg_ctl" -D "$DIR" -m immediate stop >/dev/null; fi
    rm -rf "$DIR" "$DIR.initdb.log"
    ;;
  *) echo "usage: $0 url|stop" >&2; exit 2 ;;
esac
