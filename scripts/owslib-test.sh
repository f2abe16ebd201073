#!/usr/bin/env bash
# Queryables, CQL2 filters, CRS (Part 2, through GDAL's OAPIF driver) and the write path as
# real OGC clients drive them: OWSLib (PyPI, pinned in
# tests/owslib/requirements.txt) in a venv this script makes at .venv-owslib
# (reused while the pin is unchanged), against the server on a fresh SQLite
# database with an editor token made by `pierobeza token create`.
#   scripts/owslib-test.sh        # cargo build (debug), serve on a free port, test
# Env: PIEROBEZA_BIN=path skips the cargo build and tests that binary.
# Needs python3 with venv and ensurepip (Debian: apt-get install python3 python3-venv).
set -euo pipefail
cd "$(dirname "$0")/.."

venv=.venv-owslib
req=tests/owslib/requirements.txt

# --- the venv -----------------------------------------------------------------------
command -v python3 >/dev/null || { echo "owslib-test: python3 not found (apt-get install python3 python3-venv)" >&2; exit 1; }
if ! python3 -c 'import venv, ensurepip' 2>/dev/null; then
  echo "owslib-test: python3 cannot make a venv with pip (apt-get install python3-venv)" >&2
  exit 1
fi
if [[ -x "$venv/bin/python" ]] && cmp -s "$req" "$venv/requirements.txt" \
   && "$venv/bin/python" -c 'import owslib, pyogrio, pyproj, shapely' 2>/dev/null; then
  echo "== venv $venv is up to date"
else
  echo "== venv $venv: installing $req"
  rm -rf "$venv"
  python3 -m venv "$venv" || { echo "owslib-test: python3 -m venv failed (apt-get install python3-venv)" >&2; rm -rf "$venv"; exit 1; }
  "$venv/bin/python" -m pip install --quiet --disable-pip-version-check --no-input -r "$req"
  cp "$req" "$venv/requirements.txt"
fi
"$venv/bin/python" -c 'import owslib; print("== OWSLib", owslib.__version__)'

# --- the server ---------------------------------------------------------------------
who=owslib-test
# shellcheck source=scripts/lib/test-server.sh
source scripts/lib/test-server.sh
pick_bin debug
tmp="$(mktemp -d)"
db="$tmp/owslib.sqlite3"

name=owslib-editor
# The token goes to a file, never to the log.
"$bin" token create --name "$name" --role editor --data-dir "$PWD" --database "$db" >"$tmp/token"
start_server

# Read first: the write test leaves the data as it found it, but reads need no token.
run_client "$venv/bin/python" tests/owslib/test_queryables.py "http://$addr"
run_client "$venv/bin/python" tests/owslib/test_filter.py "http://$addr"
run_client "$venv/bin/python" tests/owslib/test_crs.py "http://$addr"
# GDAL asked for the CRS itself (not a client-side reprojection of CRS84).
grep -q 'bbox-crs=http://www.opengis.net/def/crs/EPSG/0/3059&crs=' "$tmp/server.log" \
  || { echo "owslib-test: GDAL sent no crs/bbox-crs" >&2; exit 1; }
run_client "$venv/bin/python" tests/owslib/test_write.py "http://$addr" "$(cat "$tmp/token")" "$name"
if grep -qF "$(cat "$tmp/token")" "$tmp/server.log" "$tmp/server.stdout"; then
  echo "owslib-test: the token appears in the server's log" >&2
  exit 1
fi
grep -q 'POST' "$tmp/server.log" || { echo "owslib-test: no access log lines to check for the token" >&2; exit 1; }
echo "owslib-test: the token is not in the server's log"
