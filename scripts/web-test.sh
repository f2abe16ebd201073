#!/usr/bin/env bash
# Builds the map page and runs its end-to-end tests in headless Chromium against the real server.
#   scripts/web-test.sh            # npm ci, build web/dist, cargo build --release, node --test
# Env: PIEROBEZA_BIN=path skips the cargo build and tests that binary; CHROMIUM_BIN overrides
# /usr/bin/chromium (Debian's package `chromium`; playwright never downloads a browser here).
# Artefacts: artifacts/map.png, artifacts/map-en.png, artifacts/map-progress.png, artifacts/server.log
# (server-edit.log, server-progress.log: the editing and progress tests, each with a store of its own).
set -euo pipefail
cd "$(dirname "$0")/.."

chromium_bin="${CHROMIUM_BIN:-/usr/bin/chromium}"
if [[ ! -x "$chromium_bin" ]]; then
  echo "web-test: $chromium_bin not found (apt-get install chromium)" >&2
  exit 1
fi
command -v npm >/dev/null || { echo "web-test: npm not found (apt-get install nodejs npm)" >&2; exit 1; }

# playwright-core ships no browser and must not fetch one.
export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1

echo "== web: npm ci && build"
(cd web && npm ci --no-audit --no-fund --loglevel=error && npm run --silent build)

echo "== tests/web: npm ci"
(cd tests/web && npm ci --no-audit --no-fund --loglevel=error)

if [[ -z "${PIEROBEZA_BIN:-}" ]]; then
  echo "== cargo build --release"
  cargo build --release --bin pierobeza
fi

mkdir -p artifacts
echo "== browser tests"
cd tests/web
node --test --test-concurrency=1 --test-reporter=spec map.test.mjs edit.test.mjs progress.test.mjs
