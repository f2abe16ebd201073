# Sourced by the client test scripts (owslib-test.sh, qgis-test.sh): starts the binary
# `$bin` serving on a free loopback port with the store `$db` and the shipped data, sets
# `addr` (host:port) and `server_pid`, and stops it on exit. The caller sets `bin`, `db`,
# `tmp` (a scratch directory, removed on exit) and `who` (its name, for messages).

server_pid=""
stop_server() {
  if [[ -n "$server_pid" ]] && kill -0 "$server_pid" 2>/dev/null; then
    kill -INT "$server_pid" 2>/dev/null || true
    for _ in $(seq 50); do kill -0 "$server_pid" 2>/dev/null || break; sleep 0.1; done
    kill -KILL "$server_pid" 2>/dev/null || true
    wait "$server_pid" 2>/dev/null || true
  fi
  rm -rf "$tmp"
}
trap stop_server EXIT

start_server() {
  echo "== starting $bin serve on $db"
  # info: the access log is written, so a test can check the requests a client made.
  NO_COLOR=1 RUST_LOG="${RUST_LOG:-info}" "$bin" serve --bind 127.0.0.1 --port 0 \
    --data-dir "$PWD" --database "$db" >"$tmp/server.stdout" 2>"$tmp/server.log" &
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

# Runs a client test; on failure prints the server's log tail and exits.
run_client() {
  if ! "$@"; then
    echo "$who: the server's log:" >&2
    tail -n 50 "$tmp/server.log" >&2
    exit 1
  fi
}
