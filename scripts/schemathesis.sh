#!/usr/bin/env bash
# Fuzzes the HTTP API from the OpenAPI document the server itself serves at /api,
# with schemathesis (PyPI, pinned in tests/schemathesis/requirements.txt) in a venv
# this script makes at .venv-schemathesis (reused while the pin is unchanged).
#   scripts/schemathesis.sh        # cargo build --release, serve on a free port, fuzz
# Passes only with 0 server errors and 0 violations of the document (status codes,
# content types, headers, response schemas, rejection of invalid input ...).
# Bounded in time: SCHEMATHESIS_TIMEOUT seconds for the fuzz run (default 420), plus
# the venv's first install (about 30 s) and the build.
# Env: PIEROBEZA_BIN=path skips the cargo build and tests that binary;
#      SCHEMATHESIS_MAX_EXAMPLES (per operation and phase, for every operation; default:
#      tests/schemathesis/schemathesis.toml's), SCHEMATHESIS_SEED (default 20250120),
#      SCHEMATHESIS_WORKERS (default 1: CPython 3.11 (Debian 12's) fails with "AST
#      constructor recursion depth mismatch" when two threads compile at once, and the
#      GIL leaves a second worker little to gain), SCHEMATHESIS_TIMEOUT,
#      SCHEMATHESIS_REQUEST_TIMEOUT (seconds per request, default 10; slower is a failure).
# Needs python3 with venv and ensurepip (Debian: apt-get install python3 python3-venv).
# Artefacts in artifacts/schemathesis/: junit.xml, events.ndjson, output.txt, server.log
# (and .schemathesis/, for `cd artifacts/schemathesis && ../../.venv-schemathesis/bin/st replay ID`).
set -euo pipefail
cd "$(dirname "$0")/.."

max_examples="${SCHEMATHESIS_MAX_EXAMPLES:-}"
seed="${SCHEMATHESIS_SEED:-20250120}"
workers="${SCHEMATHESIS_WORKERS:-1}"
run_timeout="${SCHEMATHESIS_TIMEOUT:-420}"
request_timeout="${SCHEMATHESIS_REQUEST_TIMEOUT:-10}"
venv=.venv-schemathesis
req=tests/schemathesis/requirements.txt
out=artifacts/schemathesis

# --- the venv -----------------------------------------------------------------------
command -v python3 >/dev/null || { echo "schemathesis: python3 not found (apt-get install python3 python3-venv)" >&2; exit 1; }
# Debian splits venv's pip bootstrap (ensurepip) into python3-venv; without it
# `python3 -m venv` leaves a venv without pip.
if ! python3 -c 'import venv, ensurepip' 2>/dev/null; then
  echo "schemathesis: python3 cannot make a venv with pip (apt-get install python3-venv)" >&2
  exit 1
fi
# The copy of the requirements inside the venv records what it holds.
if [[ -x "$venv/bin/schemathesis" ]] && cmp -s "$req" "$venv/requirements.txt" \
   && "$venv/bin/schemathesis" --version >/dev/null 2>&1; then
  echo "== venv $venv is up to date ($("$venv/bin/schemathesis" --version))"
else
  echo "== venv $venv: installing $req"
  rm -rf "$venv"
  python3 -m venv "$venv" || { echo "schemathesis: python3 -m venv failed (apt-get install python3-venv)" >&2; rm -rf "$venv"; exit 1; }
  "$venv/bin/python" -m pip install --quiet --disable-pip-version-check --no-input -r "$req"
  cp "$req" "$venv/requirements.txt"
  "$venv/bin/schemathesis" --version
fi

# --- the server ---------------------------------------------------------------------
who=schemathesis
# shellcheck source=scripts/lib/test-server.sh
source scripts/lib/test-server.sh
pick_bin release

rm -rf "$out"
mkdir -p "$out"
# /map is in the API document, so the built map is served (scripts/web-test.sh builds it).
web_dir="$PWD/web/dist"
if [[ ! -f "$web_dir/index.html" ]]; then
  (cd web && npm ci --no-audit --no-fund --loglevel=error && npm run --silent build)
fi

# A fresh store each run, loaded from the files of this checkout, with an editor
# token for the writes (kept in a file and the fuzzer's environment, never in argv).
# The run's files stay in $out for the CI log.
tmp="$out" keep_tmp=1 log_level=warn
db="$out/schemathesis.sqlite3"
"$bin" token create --name schemathesis --role editor --data-dir "$PWD" \
  --database "$db" >"$out/token"
start_server --web-dir "$web_dir"

# --- the fuzz run -------------------------------------------------------------------
# Every check, among them the auth and resource-lifecycle ones: ignored_auth (each
# write refuses a request without the token), use_after_free and
# ensure_resource_availability (a deleted feature is gone, a created one is there).
# positive_data_acceptance is left out: it expects every schema-valid request to succeed,
# but some rules cannot be written in OpenAPI 3.0 and the server rightly answers them with
# a 400 naming the parameter (a bbox whose min exceeds its max or whose 4 positions leave
# CRS84's ranges, a municipality code that is not a unit of the chosen vintage).
# Its counterpart negative_data_rejection (schema-invalid input must be refused) stays.
# --generation-database none: a run depends on the seed alone, not on earlier runs.
echo "== schemathesis run (seed $seed, examples per operation: ${max_examples:-as configured}, ${run_timeout} s)"
examples_opt=()
[[ -n "$max_examples" ]] && examples_opt=(--max-examples "$max_examples")
set +e
# From inside $out, so that hypothesis' .hypothesis/ and schemathesis' .schemathesis/
# (its cache of failing cases, for `st replay`) stay out of the tree.
root="$PWD"
(cd "$out" && PIEROBEZA_EDITOR_TOKEN="$(cat token)" timeout --kill-after=10 "$run_timeout" \
  "$root/$venv/bin/schemathesis" --config-file "$root/tests/schemathesis/schemathesis.toml" \
    run "http://$addr/api" \
    --checks all \
    --exclude-checks positive_data_acceptance \
    "${examples_opt[@]}" \
    --seed "$seed" \
    --workers "$workers" \
    --generation-database none \
    --request-timeout "$request_timeout" \
    --no-color \
    --report junit,ndjson \
    --report-dir . \
    --report-junit-path junit.xml \
    --report-ndjson-path events.ndjson) \
  2>&1 | tee "$out/output.txt"
rc=${PIPESTATUS[0]}
set -e

# One closing line from the JUnit report: a test case per operation.
summary="$("$venv/bin/python" - "$out/junit.xml" <<'PY' 2>/dev/null || true
import sys, xml.etree.ElementTree as ET
cases = ET.parse(sys.argv[1]).getroot().iter("testcase")
passed = failed = skipped = 0
for c in cases:
    if c.find("failure") is not None or c.find("error") is not None:
        failed += 1
    elif c.find("skipped") is not None:
        skipped += 1
    else:
        passed += 1
print(f"{passed} passed, {failed} failed, {skipped} skipped")
PY
)"
if [[ $rc -eq 124 || $rc -eq 137 ]]; then
  echo "schemathesis: the run did not finish within ${run_timeout} s" >&2
  rc=1
fi
if [[ $rc -ne 0 && ( -z "$summary" || "$summary" == *" 0 failed"* ) ]]; then
  summary="0 passed, 1 failed" # the run itself failed (timeout, schema error, crash)
fi
[[ -n "$summary" ]] || summary="1 passed, 0 failed" # exit 0 but no readable report
echo "schemathesis: $summary"
exit "$rc"
