# Sourced by the client test scripts (owslib-test.sh, qgis-test.sh, schemathesis.sh).
# The caller sets `who` (its name, for messages) and calls:
#   pick_bin debug|release   sets `bin`: $PIEROBEZA_BIN, else that profile, built here;
#   start_server [ARGS...]   serves `$bin` on a free loopback port with the store `$db`
#                            and the shipped data (ARGS go to `serve`), writing its
#                            stdout and log into `$tmp`; sets `addr` (host:port) and
#                            `server_pid`; the server is stopped on exit, and `$tmp`
#                            removed unless `keep_tmp` is set;
#   run_client CMD...        runs a client test; on failure prints the server's log tail.
# RUST_LOG defaults to `log_level` (info: the access log, so a test can check the
# requests a client made).

pick_bin() {
  if [[ -z "${PIEROBEZA_BIN:-}" ]]; then
    echo "== cargo build ($1)"
    if [[ "$1" == release ]]; then cargo build --release --bin pierobeza; else cargo build --bin pierobeza; fi
  fi
  bin="${PIEROBEZA_BIN:-${CARGO_TARGET_DIR:-target}/$1/pierobeza}"
  [[ -x "$bin" ]] || { echo "$who: $bin is not an executable" >&2; exit 1; }
}

server_pid=""
stop_server() {
  if [[ -n "$server_pid" ]] && kill -0 "$server_pid" 2>/dev/null; then
    kill -INT "$server_pid" 2>/dev/null || true
    for _ in $(seq 50); do kill -0 "$server_pid" 2>/dev/null || break; sleep 0.1; done
    kill -KILL "$server_pid" 2>/dev/null || true
    wait "$server_pid" 2>/dev/null || true
  fi
  [[ -n "${keep_tmp:-}" || -z "${tmp:-}" ]] || rm -rf "$tmp"
}
trap stop_server EXIT

start_server() {
  echo "== starting $bin serve on $db"
  NO_COLOR=1 RUST_LOG="${RUST_LOG:-${log_level:-info}}" "$bin" serve --bind 127.0.0.1 --port 0 \
    --data-dir "$PWD" --database "$db" "$@" >"$tmp/server.stdout" 2>"$tmp/server.log" &
  server_pid=$!
  addr=""
  for _ in $(seq 600); do # 60 s
    addr="$(sed -n 's#^listening on http://##p' "$tmp/server.stdout" | head -n1)"
    [[ -n "$addr" ]] && break
    if ! kill -0 "$server_pid" 2>/dev/null; then
      echo "$who: the server exited before listening; its log:" >&2
      cat "$tmp/server.log" >&2
      exit 1
    fi
    sleep 0.1
  done
  [[ -n "$addr" ]] || { echo "$who: no 'listening on' line within 60 s" >&2; exit 1; }
  echo "== server on http://$addr"
}

run_client() {
  if ! "$@"; then
    echo "$who: the server's log:" >&2
    tail -n 50 "$tmp/server.log" >&2
    exit 1
  fi
}
