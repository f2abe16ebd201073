#!/usr/bin/env bash
# Starts the service on the data shipped in this repository, building the map
# page first when npm is there. Extra arguments go to `pierobeza serve`
# (e.g. --port 9000; default 127.0.0.1:8080).
set -euo pipefail
cd "$(dirname "$0")/.."

if command -v npm >/dev/null; then
  if [[ ! -f web/dist/index.html || -n "$(find web/src web/package.json -newer web/dist/index.html 2>/dev/null | head -1)" ]]; then
    (cd web && npm ci --no-audit --no-fund --loglevel=error && npm run --silent build)
  fi
else
  echo "serve: npm not found; the API works, /map needs the built assets (apt-get install npm)" >&2
fi

exec cargo run --release --bin pierobeza -- serve "$@"
