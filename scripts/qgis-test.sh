#!/usr/bin/env bash
# QGIS 3.22 as a client (tests/qgis/test_qgis.py): every collection through its OAPIF
# provider, EPSG:3059 against QGIS's own PROJ transform, the vector tiles drawn by a QGIS
# vector tile layer; against the server on a fresh SQLite store of the shipped data.
#   scripts/qgis-test.sh          # cargo build (debug), serve on a free port, test
# Env: PIEROBEZA_BIN=path skips the cargo build and tests that binary.
# Needs Debian's QGIS Python bindings: apt-get install python3-qgis qgis-providers. They
# belong to the system Python (/usr/bin/python3), not to a venv or pyenv.
set -euo pipefail
cd "$(dirname "$0")/.."

py=/usr/bin/python3
if ! "$py" -c 'import qgis.core' 2>/dev/null; then
  echo "qgis-test: $py cannot import qgis.core (apt-get install python3-qgis qgis-providers)" >&2
  exit 1
fi

who=qgis-test
# shellcheck source=scripts/lib/test-server.sh
source scripts/lib/test-server.sh
pick_bin debug
tmp="$(mktemp -d)"
db="$tmp/qgis.sqlite3"
start_server

# QGIS writes its profile under HOME and XDG_RUNTIME_DIR: keep both in the scratch directory.
export HOME="$tmp" XDG_RUNTIME_DIR="$tmp"
run_client "$py" tests/qgis/test_qgis.py "http://$addr"
# QGIS 3.22 read the tiles it drew.
grep -q "GET path=/collections/municipalities_2021/tiles/WebMercatorQuad/" "$tmp/server.log" \
  || { echo "qgis-test: QGIS asked for no tile" >&2; exit 1; }
