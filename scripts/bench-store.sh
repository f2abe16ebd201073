#!/usr/bin/env bash
# The store at scale (issue 12): for N in 10k, 100k, 1M synthetic locations and each
# backend (SQLite, PostGIS), on a fresh database:
#   1. `pierobeza init`, then `pierobeza generate --locations N` (timed);
#   2. settle (PostGIS: VACUUM ANALYZE; load average under 1.5, at most 60 s), then
#      `pierobeza serve --port 0`: start-up (`startup_ms` from its log) and VmRSS;
#   3. wrk on items (bbox 0.2°, limit 100), nearest-5 and within 5 km of random points,
#      then VmRSS again; coverage of all units with reach over synthetic_points (curl);
#   4. PostGIS only: the same questions inside the database through pgbench (KNN `<->`,
#      ST_DWithin on geography, the unit × location join for coverage).
# Query points are uniform in lon 25.0–27.3, lat 56.3–57.3 (eastern Latvia, all on land
# inside the country) for both the HTTP and the in-database side.
#
# Needs: a release binary (built here unless BIN is given), wrk, curl, psql, pgbench,
# PostgreSQL + PostGIS (scripts/postgres.sh starts a throwaway cluster). Idempotent:
# every database is dropped and made again. Raw outputs: $OUT (default
# ${CARGO_TARGET_DIR:-target}/bench-store); one summary line per block in $OUT/results.tsv.
#
# Environment: SIZES ("10000 100000 1000000"), BACKENDS ("sqlite postgres"),
# DURATION (seconds per wrk / pgbench run, 8), THREADS (2), CONNECTIONS (16), SEED (1).
set -euo pipefail
cd "$(dirname "$0")/.."

SIZES=${SIZES:-"10000 100000 1000000"}
BACKENDS=${BACKENDS:-"sqlite postgres"}
DURATION=${DURATION:-8}
THREADS=${THREADS:-2}
CONNECTIONS=${CONNECTIONS:-16}
SEED=${SEED:-1}
TARGET=${CARGO_TARGET_DIR:-target}
OUT=${OUT:-$TARGET/bench-store}
PGBIN=${PGBIN:-$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)}
PGBENCH=${PGBENCH:-$PGBIN/pgbench}
mkdir -p "$OUT"

for tool in wrk curl psql "$PGBENCH"; do
  command -v "$tool" >/dev/null || { echo "bench-store: $tool not found" >&2; exit 2; }
done

if [[ -z "${BIN:-}" ]]; then
  cargo build --release --bin pierobeza
  BIN=$TARGET/release/pierobeza
fi

# Query box (see above) and the requests.
LON0=25.0 LON_SPAN=2.3 LAT0=56.3 LAT_SPAN=1.0
ACCEPT='Accept-Encoding: gzip, deflate, br'

cat >"$OUT/random.lua" <<EOF
-- wrk: one random point per request; args: items | nearest | within
local kind
local counter = 0
function setup(thread)
  counter = counter + 1
  thread:set("id", counter)
end
function init(args)
  kind = args[1]
  math.randomseed(4242 + (id or 0))
end
function request()
  local lon = $LON0 + math.random() * $LON_SPAN
  local lat = $LAT0 + math.random() * $LAT_SPAN
  local path
  if kind == "items" then
    path = string.format("/collections/synthetic_points/items?limit=100&bbox=%.5f,%.5f,%.5f,%.5f",
      lon, lat, lon + 0.2, lat + 0.2)
  elseif kind == "nearest" then
    path = string.format("/analysis/nearest?layer=synthetic_points&lon=%.5f&lat=%.5f&k=5", lon, lat)
  else
    path = string.format("/analysis/within?layer=synthetic_points&lon=%.5f&lat=%.5f&radius_m=5000", lon, lat)
  end
  return wrk.format("GET", path, {["Accept-Encoding"] = "gzip, deflate, br"})
end
function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format("RESULT rps=%.0f p50_ms=%.2f p99_ms=%.2f requests=%d non2xx=%d socket_errors=%d bytes=%d\n",
    summary.requests / (summary.duration / 1e6), latency:percentile(50) / 1000,
    latency:percentile(99) / 1000, summary.requests, e.status,
    e.connect + e.read + e.write + e.timeout, summary.bytes))
end
EOF

# pgbench scripts: the same random points inside the database.
cat >"$OUT/pg_nearest_geometry.sql" <<EOF
\set lon $LON0 + random(0, 2300000) / 1000000.0
\set lat $LAT0 + random(0, 1000000) / 1000000.0
SELECT id FROM revision WHERE kind = 'location' AND valid_to IS NULL AND parent = 'synthetic-points'
ORDER BY geom <-> ST_SetSRID(ST_MakePoint(:lon, :lat), 4326) LIMIT 5;
EOF
cat >"$OUT/pg_nearest_geography.sql" <<EOF
\set lon $LON0 + random(0, 2300000) / 1000000.0
\set lat $LAT0 + random(0, 1000000) / 1000000.0
SELECT id FROM revision WHERE kind = 'location' AND valid_to IS NULL AND parent = 'synthetic-points'
ORDER BY geom::geography <-> ST_SetSRID(ST_MakePoint(:lon, :lat), 4326)::geography LIMIT 5;
EOF
cat >"$OUT/pg_within.sql" <<EOF
\set lon $LON0 + random(0, 2300000) / 1000000.0
\set lat $LAT0 + random(0, 1000000) / 1000000.0
SELECT id FROM revision WHERE kind = 'location' AND valid_to IS NULL AND parent = 'synthetic-points'
AND ST_DWithin(geom::geography, ST_SetSRID(ST_MakePoint(:lon, :lat), 4326)::geography, 5000);
EOF
cat >"$OUT/pg_coverage.sql" <<'EOF'
SELECT u.id, count(l.*) FROM revision u JOIN revision l ON ST_Intersects(u.geom, l.geom)
WHERE u.kind = 'unit_2021' AND u.valid_to IS NULL AND l.kind = 'location' AND l.valid_to IS NULL
  AND l.parent = 'synthetic-points'
GROUP BY u.id;
EOF

PID=""
stop() {
  [[ -n "$PID" ]] || return 0
  if kill -0 "$PID" 2>/dev/null; then
    kill -INT "$PID" 2>/dev/null || true
    for _ in $(seq 50); do kill -0 "$PID" 2>/dev/null || break; sleep 0.1; done
    kill -0 "$PID" 2>/dev/null && kill -KILL "$PID" 2>/dev/null || true
  fi
  wait "$PID" 2>/dev/null || true
  PID=""
}
trap stop EXIT

rss_mb() { awk '/^VmRSS:/ {printf "%.0f", $2 / 1024}' "/proc/$PID/status"; }
hwm_mb() { awk '/^VmHWM:/ {printf "%.0f", $2 / 1024}' "/proc/$PID/status"; }
field() { sed -n "s/.*$1=\([0-9.]*\).*/\1/p" | head -1; }

# Starts the server on $DB; sets PID, ADDR, STARTUP_MS.
# Lets the machine settle after a block's bulk load before start-up is timed: on PostGIS a
# VACUUM ANALYZE of the new rows (what autovacuum would do next, on the same cores), then
# up to 60 s for the 1-minute load average to fall under 1.5.
settle() {
  if [[ $BACKEND == postgres ]]; then
    psql "$DB" -qX -c "VACUUM (ANALYZE) revision" -c "CHECKPOINT" >/dev/null
  fi
  for _ in $(seq 60); do
    awk '{exit !($1 < 1.5)}' /proc/loadavg && break
    sleep 1
  done
  SETTLED=$(loadavg)
}

serve() {
  local log="$OUT/$TAG.serve.stdout" err="$OUT/$TAG.serve.stderr"
  : >"$log"
  NO_COLOR=1 RUST_LOG=pierobeza=info,pierobeza::access=off,tower_http=warn \
    "$BIN" serve --bind 127.0.0.1 --port 0 --data-dir . --database "$DB" >"$log" 2>"$err" &
  PID=$!
  # Up to 15 minutes: start-up grows with N.
  for _ in $(seq 18000); do
    grep -q '^listening on ' "$log" && break
    kill -0 "$PID" 2>/dev/null || { echo "bench-store: serve exited:" >&2; cat "$err" >&2; exit 1; }
    sleep 0.05
  done
  ADDR=$(sed -n 's/^listening on \(http:\/\/[^ ]*\).*/\1/p' "$log" | head -1)
  [[ -n "$ADDR" ]] || { echo "bench-store: no 'listening on' line within 15 minutes" >&2; exit 1; }
  STARTUP_MS=$(sed 's/\x1b\[[0-9;]*m//g' "$err" | grep -o 'startup_ms[=:" ]*[0-9]*' | grep -o '[0-9]*$' | tail -1)
}

# wrk on one request kind; prints "rps p50 p99".
load() {
  curl -fsS -o /dev/null -H "$ACCEPT" \
    "$ADDR/analysis/nearest?layer=synthetic_points&lon=26&lat=56.8&k=5"
  wrk -t"$THREADS" -c"$CONNECTIONS" -d"${DURATION}s" --latency -s "$OUT/random.lua" "$ADDR" -- "$1" \
    >"$OUT/$TAG.wrk.$1.txt" 2>&1
  local r
  r=$(grep '^RESULT' "$OUT/$TAG.wrk.$1.txt")
  local bad
  bad=$(echo "$r" | field non2xx)
  [[ "$bad" == 0 ]] || { echo "bench-store: $bad non-2xx answers ($TAG $1)" >&2; cat "$OUT/$TAG.wrk.$1.txt" >&2; exit 1; }
  echo "$(echo "$r" | field rps) $(echo "$r" | field p50_ms) $(echo "$r" | field p99_ms)"
}

# Wall time (ms) of the first coverage request, the one that computes the answer (the
# service keeps it: a second request is a cache hit of a few ms and says nothing about the
# analysis); "HTTP <status> after <ms>" when it fails (the server's request timeout is 60 s).
coverage_ms() {
  local r code t
  r=$(curl -sS -o /dev/null --max-time 120 -w '%{http_code} %{time_total}' -H "$ACCEPT" \
    "$ADDR/analysis/coverage?layer=synthetic_points&radius_m=5000" || true)
  read -r code t <<<"$r"
  if [[ "$code" != 200 ]]; then
    printf 'HTTP_%s_after_%.0f_ms' "$code" "$(echo "${t:-0} * 1000" | bc)"
    return
  fi
  echo "$t" | awk '{printf "%.0f", $1 * 1000}'
}

# pgbench on one script; prints "tps p50 p99" (ms, from the per-transaction log).
pgb() {
  local name=$1 clients=$2
  shift 2
  rm -f "$OUT"/pgbench_log.*
  (cd "$OUT" && "$PGBENCH" -n -c "$clients" -j "$THREADS" "$@" -l --log-prefix=pgbench_log \
    -f "pg_$name.sql" "$PGURL") >"$OUT/$TAG.pgbench.$name.txt" 2>&1
  local tps
  tps=$(sed -n 's/^tps = \([0-9.]*\).*/\1/p' "$OUT/$TAG.pgbench.$name.txt" | head -1)
  cat "$OUT"/pgbench_log.* | awk '{print $3 / 1000}' | sort -n | awk -v tps="$tps" \
    '{a[NR]=$1} END {printf "%.0f %.2f %.2f", tps, a[int(NR*0.5)+1], a[int(NR*0.99)+1]}'
}

loadavg() { cut -d' ' -f1-3 /proc/loadavg; }

RESULTS=$OUT/results.tsv
printf 'backend\tN\tloadavg\tgenerate_s\tstartup_ms\trss_start_mb\trss_after_mb\thwm_mb\titems_rps\titems_p50\titems_p99\tnearest_rps\tnearest_p50\tnearest_p99\twithin_rps\twithin_p50\twithin_p99\tcoverage_ms\tpg_knn_tps\tpg_knn_p50\tpg_knn_p99\tpg_knn_geog_tps\tpg_knn_geog_p50\tpg_knn_geog_p99\tpg_within_tps\tpg_within_p50\tpg_within_p99\tpg_coverage_ms\tdb_mb\n' >"$RESULTS"
echo "bench-store: $(date -u +%FT%TZ) on $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GB", $2/1048576}' /proc/meminfo); binary $BIN" | tee "$OUT/run.txt"

for N in $SIZES; do
  for BACKEND in $BACKENDS; do
    TAG="$BACKEND-$N"
    LOAD=$(loadavg)
    echo "== $TAG (load average $LOAD)" | tee -a "$OUT/run.txt"
    case $BACKEND in
      sqlite)
        DB="$OUT/bench-$N.sqlite3"
        rm -f "$DB" "$DB-wal" "$DB-shm"
        ;;
      postgres)
        ADMIN=$(scripts/postgres.sh url)
        name="pbz_bench_$N"
        psql "$ADMIN" -qX -c "DROP DATABASE IF EXISTS $name" -c "CREATE DATABASE $name" >/dev/null
        PGURL="${ADMIN%/*}/$name"
        DB=$PGURL
        ;;
      *) echo "bench-store: unknown backend $BACKEND" >&2; exit 2 ;;
    esac
    "$BIN" init --data-dir . --database "$DB" >"$OUT/$TAG.init.txt" 2>&1
    "$BIN" generate --locations "$N" --seed "$SEED" --data-dir . --database "$DB" \
      >"$OUT/$TAG.generate.txt" 2>&1
    GEN_S=$(sed -n 's/.*total \([0-9.]*\) s.*/\1/p' "$OUT/$TAG.generate.txt")
    tail -1 "$OUT/$TAG.generate.txt" | tee -a "$OUT/run.txt"

    settle
    serve
    echo "   start-up ${STARTUP_MS} ms at load average $SETTLED" | tee -a "$OUT/run.txt"
    RSS0=$(rss_mb)
    read -r I_RPS I_P50 I_P99 <<<"$(load items)"
    read -r N_RPS N_P50 N_P99 <<<"$(load nearest)"
    read -r W_RPS W_P50 W_P99 <<<"$(load within)"
    COV_MS=$(coverage_ms)
    RSS1=$(rss_mb)
    HWM=$(hwm_mb)
    stop

    PG=("-" "-" "-" "-" "-" "-" "-" "-" "-" "-")
    case $BACKEND in
      sqlite) DB_MB=$(du -cm "$DB"* | tail -1 | cut -f1) ;;
      postgres)
        DB_MB=$(psql "$PGURL" -qAtX -c "SELECT pg_database_size(current_database()) / 1048576")
        # The geography forms need an index on the geography expression.
        psql "$PGURL" -qX -c "CREATE INDEX IF NOT EXISTS bench_geog ON revision USING gist ((geom::geography)) \
          WHERE valid_to IS NULL AND kind = 'location'" -c "ANALYZE revision" >/dev/null
        psql "$PGURL" -qX -c "EXPLAIN (ANALYZE, BUFFERS) $(sed -n '3,$p' "$OUT/pg_nearest_geometry.sql" | sed 's/:lon/26.0/; s/:lat/56.8/')" \
          >"$OUT/$TAG.explain.txt" 2>&1 || true
        read -r K_TPS K_P50 K_P99 <<<"$(pgb nearest_geometry "$CONNECTIONS" -T "$DURATION")"
        read -r G_TPS G_P50 G_P99 <<<"$(pgb nearest_geography "$CONNECTIONS" -T "$DURATION")"
        read -r D_TPS D_P50 D_P99 <<<"$(pgb within "$CONNECTIONS" -T "$DURATION")"
        read -r _ C_P50 _ <<<"$(pgb coverage 1 -t 3)"
        PG=("$K_TPS" "$K_P50" "$K_P99" "$G_TPS" "$G_P50" "$G_P99" "$D_TPS" "$D_P50" "$D_P99" "$C_P50")
        ;;
    esac
    printf '%s\t' "$BACKEND" "$N" "$LOAD" "$GEN_S" "$STARTUP_MS" "$RSS0" "$RSS1" "$HWM" \
      "$I_RPS" "$I_P50" "$I_P99" "$N_RPS" "$N_P50" "$N_P99" "$W_RPS" "$W_P50" "$W_P99" "$COV_MS" \
      "${PG[@]}" >>"$RESULTS"
    echo "$DB_MB" >>"$RESULTS"
    tail -1 "$RESULTS" | tee -a "$OUT/run.txt"
  done
done
echo "bench-store: done $(date -u +%FT%TZ); results in $RESULTS" | tee -a "$OUT/run.txt"
