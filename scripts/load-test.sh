#!/usr/bin/env bash
# Load test of the running service (issue 4, "Speed"), on loopback only and
# bounded in time (about 45 s plus the release build):
#   1. builds the release binary;
#   2. starts `pierobeza serve` on a free loopback port (--port 0) several times
#      and times each start to its `listening on` line (the server also logs
#      `startup_ms`, from main() to the bound socket);
#   3. reads VmRSS of the idle server, runs wrk (2 threads, 32 connections,
#      --latency) against two items endpoints, reads VmRSS again once idle;
#   4. stops the server (SIGINT, then SIGKILL after 5 s).
# Needs wrk (Debian: apt-get install wrk) and curl. Raw outputs go to
# target/load-test/. Figures and method: docs/benchmarks.md.
#
# Environment: DURATION (wrk seconds per endpoint, default 15), THREADS (2),
# CONNECTIONS (32), STARTS (start-up samples, 5).
set -euo pipefail
cd "$(dirname "$0")/.."

DURATION=${DURATION:-15}
THREADS=${THREADS:-2}
CONNECTIONS=${CONNECTIONS:-32}
STARTS=${STARTS:-5}
ENDPOINTS=(
  "/collections/municipalities_2021/items?limit=100"
  "/collections/settlements/items?limit=100"
)
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

cargo build --release --bin pierobeza
BIN=target/release/pierobeza

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

declare -A RPS P99 ERRS
for ep in "${ENDPOINTS[@]}"; do
  code=$(curl -s -o /dev/null -w '%{http_code}' "$ADDR$ep")
  if [[ "$code" != 200 ]]; then
    echo "load-test: GET $ep answered $code, not 200" >&2
    exit 1
  fi
  name=$(echo "$ep" | cut -d/ -f3)
  echo "== wrk -t$THREADS -c$CONNECTIONS -d${DURATION}s --latency $ep"
  timeout $((DURATION + 30)) wrk -t"$THREADS" -c"$CONNECTIONS" -d"${DURATION}s" --latency \
    "$ADDR$ep" | tee "$OUT/wrk-$name.txt"
  RPS[$name]=$(awk '/^Requests\/sec:/ {print $2}' "$OUT/wrk-$name.txt")
  P99[$name]=$(awk '$1 == "99%" {print $2}' "$OUT/wrk-$name.txt")
  ERRS[$name]=$(awk '/Non-2xx|Socket errors/ {print}' "$OUT/wrk-$name.txt" | tr '\n' ' ')
done

sleep 2
RSS_AFTER=$(rss_kb)
HWM=$(hwm_kb)
stop

echo
echo "== summary (targets from issue 4)"
printf '%-46s %-14s %s\n' "measure" "value" "target"
printf '%-46s %-14s %s\n' "start-up to 'listening on' (median of $STARTS)" "${median_start} ms" "<= 500 ms"
for ep in "${ENDPOINTS[@]}"; do
  name=$(echo "$ep" | cut -d/ -f3)
  printf '%-46s %-14s %s\n' "$name items limit=100: req/s" "${RPS[$name]}" ">= 10000"
  printf '%-46s %-14s %s\n' "$name items limit=100: p99" "${P99[$name]}" "<= 10 ms"
  [[ -n "${ERRS[$name]}" ]] && echo "  (${ERRS[$name]})"
done
printf '%-46s %-14s %s\n' "RSS idle after start" "$((RSS_IDLE / 1024)) MB" "<= 100 MB"
printf '%-46s %-14s %s\n' "RSS idle after the load" "$((RSS_AFTER / 1024)) MB" "<= 100 MB"
printf '%-46s %-14s %s\n' "RSS peak (VmHWM)" "$((HWM / 1024)) MB" "-"
