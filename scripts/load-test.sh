#!/usr/bin/env bash
# Load test of the running service (issues 4 and 15), on loopback only and bounded
# in time (about 3 minutes plus the release build):
#   1. builds the release binary;
#   2. starts `pierobeza serve` on a free loopback port (--port 0) several times
#      and times each start to its `listening on` line (the server also logs
#      `startup_ms`, from main() to the bound socket);
#   3. reads VmRSS of the idle server, then runs wrk (2 threads, 32 connections,
#      --latency) on two items pages and /api, each as the clients ask: as wrk does
#      (no Accept-Encoding), as a browser (gzip, deflate, br), as QGIS (gzip,
#      deflate), as a client revalidating its copy (If-None-Match), and over one
#      keep-alive connection identity and gzip; reads VmRSS again once idle;
#   4. stops the server (SIGINT, then SIGKILL after 5 s).
# Reports req/s, p50, p99 and bytes per answer of each. Needs wrk (Debian: apt-get
# install wrk) and curl. Raw outputs go to target/load-test/. Figures and method:
# docs/benchmarks.md.
#
# Environment: DURATION (wrk seconds per scenario, default 10), THREADS (2),
# CONNECTIONS (32), STARTS (start-up samples, 5), BIN (a built binary: skips the build),
# LOAD_ENDPOINTS (space-separated paths instead of the four below).
set -euo pipefail
cd "$(dirname "$0")/.."

DURATION=${DURATION:-10}
THREADS=${THREADS:-2}
CONNECTIONS=${CONNECTIONS:-32}
STARTS=${STARTS:-5}
ENDPOINTS=(
  "/collections/municipalities_2021/items?limit=100"
  "/collections/settlements/items?limit=100"
  "/api"
  "/collections/municipalities_2021/tiles/WebMercatorQuad/7/39/73"
)
# LOAD_ENDPOINTS="path path": other endpoints (e.g. a build from before the tiles).
if [[ -n "${LOAD_ENDPOINTS:-}" ]]; then read -r -a ENDPOINTS <<<"$LOAD_ENDPOINTS"; fi
OUT=target/load-test
# A fresh store: the first start loads the baseline, the later ones read it back.
rm -f "$OUT"/load-test.sqlite3*
mkdir -p "$OUT"

for tool in wrk curl; do
  if ! command -v "$tool" >/dev/null; then
    echo "load-test: $tool not found; install it with: sudo apt-get install -y $tool" >&2
    exit 2
  fi
done

if [[ -z "${BIN:-}" ]]; then
  cargo build --release --bin pierobeza
  BIN=target/release/pierobeza
fi

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

# Starts the server; sets PID, ADDR and START_MS (wall time to the ready line).
start() {
  local log="$OUT/server.stdout" err="$OUT/server.stderr"
  : >"$log"
  local t0 t1
  t0=$(date +%s%N)
  NO_COLOR=1 RUST_LOG=${RUST_LOG:-info} "$BIN" serve --bind 127.0.0.1 --port 0 \
    --database "$OUT/load-test.sqlite3" >"$log" 2>"$err" &
  PID=$!
  # Poll every millisecond, for at most 30 s.
  for _ in $(seq 30000); do
    if grep -q '^listening on ' "$log"; then break; fi
    if ! kill -0 "$PID" 2>/dev/null; then
      echo "load-test: the server exited during start-up:" >&2
      cat "$err" >&2
      exit 1
    fi
    sleep 0.001
  done
  t1=$(date +%s%N)
  ADDR=$(sed -n 's/^listening on \(http:\/\/[^ ]*\).*/\1/p' "$log" | head -1)
  [[ -n "$ADDR" ]] || { echo "load-test: no 'listening on' line within 30 s" >&2; exit 1; }
  START_MS=$(( (t1 - t0) / 1000000 ))
  LOGGED_MS=$(sed 's/\x1b\[[0-9;]*m//g' "$err" | grep -o 'startup_ms[=:" ]*[0-9]*' | grep -o '[0-9]*$' | tail -1 || true)
}

rss_kb() { awk '/^VmRSS:/ {print $2}' "/proc/$PID/status"; }
hwm_kb() { awk '/^VmHWM:/ {print $2}' "/proc/$PID/status"; }

echo "== machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'), load: $(cut -d' ' -f1-3 /proc/loadavg)"

starts=()
for i in $(seq "$STARTS"); do
  start
  starts+=("$START_MS")
  echo "start $i: ${START_MS} ms to 'listening on' (server's startup_ms: ${LOGGED_MS:-?})"
  [[ $i -lt $STARTS ]] && stop
done
median_start=$(printf '%s\n' "${starts[@]}" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}')

sleep 1
RSS_IDLE=$(rss_kb)
echo "RSS idle after start: $((RSS_IDLE / 1024)) MB"

# wrk reports through this script: requests/s, p50, p99 and bytes per answer.
cat >"$OUT/report.lua" <<'LUA'
function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format("RESULT rps=%.0f p50_ms=%.3f p99_ms=%.3f bytes=%.0f non2xx=%d errors=%d\n",
    summary.requests / (summary.duration / 1e6), latency:percentile(50) / 1000,
    latency:percentile(99) / 1000, summary.bytes / math.max(summary.requests, 1),
    e.status, e.connect + e.read + e.write + e.timeout))
end
LUA

# How clients ask. wrk sends no Accept-Encoding; browsers send gzip, deflate, br (and
# revalidate with If-None-Match what they hold); QGIS (Qt) and GDAL (curl) ask for gzip.
BROWSER_AE='Accept-Encoding: gzip, deflate, br'
QGIS_AE='Accept-Encoding: gzip, deflate'
declare -A RESULT
# run LABEL CONNECTIONS PATH [HEADER...]: wrk with those headers; keeps the RESULT line.
run() {
  local label=$1 conns=$2 path=$3
  shift 3
  local hdr=()
  for h in "$@"; do hdr+=(-H "$h"); done
  echo "== $label: wrk -t$THREADS -c$conns -d${DURATION}s $path $*"
  timeout $((DURATION + 30)) wrk -t"$(( conns < THREADS ? conns : THREADS ))" -c"$conns" \
    -d"${DURATION}s" --latency -s "$OUT/report.lua" "${hdr[@]}" "$ADDR$path" | tee "$OUT/wrk-$label.txt"
  RESULT[$label]=$(sed -n 's/^RESULT //p' "$OUT/wrk-$label.txt")
}

for ep in "${ENDPOINTS[@]}"; do
  code=$(curl -s -o /dev/null -w '%{http_code}' "$ADDR$ep")
  [[ "$code" == 200 ]] || { echo "load-test: GET $ep answered $code, not 200" >&2; exit 1; }
  name=$(echo "$ep" | cut -d/ -f3 | cut -d? -f1)
  [[ "$ep" == /api ]] && name=api
  [[ "$ep" == */tiles/* ]] && name="tile-$name"
  tag=$(curl -s -o /dev/null -D - -H "$BROWSER_AE" "$ADDR$ep" | tr -d '\r' | sed -n 's/^[Ee][Tt][Aa][Gg]: //p')
  run "$name-identity" "$CONNECTIONS" "$ep"
  run "$name-browser" "$CONNECTIONS" "$ep" "$BROWSER_AE"
  run "$name-qgis" "$CONNECTIONS" "$ep" "$QGIS_AE" "User-Agent: Mozilla/5.0 QGIS/32200"
  run "$name-revalidate" "$CONNECTIONS" "$ep" "$BROWSER_AE" "If-None-Match: $tag"
  # One keep-alive connection: what a compressed answer costs next to an identity one.
  run "$name-1conn-identity" 1 "$ep"
  run "$name-1conn-gzip" 1 "$ep" "Accept-Encoding: gzip"
done

# Vector tiles made cold: every tile of the municipalities at zooms 0-10 over Latvia (the
# tileset's limits), each requested once by one client as a browser asks for it.
cold_tiles() {
  local set="$ADDR/collections/municipalities_2021/tiles/WebMercatorQuad" n=0 t0 t1
  local limits
  limits=$(curl -s "$set" | python3 -c 'import json,sys
for l in json.load(sys.stdin)["tileMatrixSetLimits"][:11]:
    print(l["tileMatrix"], l["minTileRow"], l["maxTileRow"], l["minTileCol"], l["maxTileCol"])')
  local before
  before=$(wc -l <"$OUT/server.stderr")
  t0=$(date +%s%N)
  while read -r z r0 r1 c0 c1; do
    for ((r = r0; r <= r1; r++)); do
      for ((c = c0; c <= c1; c++)); do
        curl -s -o /dev/null -H "$BROWSER_AE" "$set/$z/$r/$c"
        n=$((n + 1))
      done
    done
  done <<<"$limits"
  t1=$(date +%s%N)
  # The server's own time per tile, from its access log (latency_ms of each tile request).
  local server_ms
  server_ms=$(tail -n +"$((before + 1))" "$OUT/server.stderr" \
    | grep -a 'tiles/WebMercatorQuad/[0-9]*/[0-9]*/[0-9]* ' \
    | sed -n 's/.*latency_ms=\([0-9.]*\).*/\1/p' | awk '{s += $1} END {printf "%.0f", s}')
  COLD_TILES="$n tiles: $(( (t1 - t0) / 1000000 )) ms wall (curl per tile), ${server_ms} ms in the server"
  echo "== cold tiles: $COLD_TILES"
}
if [[ "$(curl -s -o /dev/null -w '%{http_code}' "$ADDR/collections/municipalities_2021/tiles/WebMercatorQuad")" == 200 ]]; then
  cold_tiles
else
  COLD_TILES="no tiles in this build"
fi

sleep 2
RSS_AFTER=$(rss_kb)
HWM=$(hwm_kb)
stop

echo
echo "== summary (targets from issues 4 and 15)"
field() { echo "${RESULT[$1]}" | tr ' ' '\n' | sed -n "s/^$2=//p"; }
printf '%-44s %-14s %s\n' "measure" "value" "target"
printf '%-44s %-14s %s\n' "start-up to 'listening on' (median of $STARTS)" "${median_start} ms" "<= 500 ms"
for label in $(printf '%s\n' "${!RESULT[@]}" | sort); do
  printf '%-44s %s\n' "$label" "rps=$(field "$label" rps) p50=$(field "$label" p50_ms) ms p99=$(field "$label" p99_ms) ms bytes=$(field "$label" bytes) non2xx=$(field "$label" non2xx) errors=$(field "$label" errors)"
done
echo "targets: municipalities browser >= 5000 req/s, p99 <= 10 ms; settlements browser >= 30000 req/s;"
echo "         identity >= 9000 (municipalities) / 40000 (settlements); 1conn gzip p50 <= 3x identity p50;"
echo "         /api revalidation: 304s (bytes per answer in the hundreds)"
echo "vector tiles made cold, zooms 0-10 of municipalities_2021: $COLD_TILES"
printf '%-46s %-14s %s\n' "RSS idle after start" "$((RSS_IDLE / 1024)) MB" "<= 100 MB"
printf '%-46s %-14s %s\n' "RSS idle after the load" "$((RSS_AFTER / 1024)) MB" "<= 100 MB"
printf '%-46s %-14s %s\n' "RSS peak (VmHWM)" "$((HWM / 1024)) MB" "-"
