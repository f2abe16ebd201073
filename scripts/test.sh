#!/usr/bin/env bash
# Every test of the project: formatting and lints, the Rust tests on both store
# backends (SQLite, and PostgreSQL/PostGIS on a throwaway loopback cluster), the
# GDAL build, the map in headless Chromium and schemathesis against the real server.
set -euo pipefail
cd "$(dirname "$0")/.."

# Each step's start, in seconds since the script began: CI has a time budget.
step() { printf '\n==> [%4d s] %s\n' "$SECONDS" "$*"; }

step "cargo fmt --check"
cargo fmt --all -- --check

# Default features and all features: every cfg branch is linted by one of the two (the
# GDAL-only build is compiled and tested below; a third clippy pass cost CI ~3 min).
step "cargo clippy (default features, all features)"
cargo clippy --all-targets -- -D warnings
cargo clippy --all-targets --all-features -- -D warnings

step "cargo doc (warnings are errors)"
RUSTDOCFLAGS="-D warnings" cargo doc --no-deps --all-features --quiet

# The binary and the geodata builder in one release build: built apart, the example's
# dev-dependencies change the features of shared crates and cargo compiled every
# dependency twice (~4 min of CI).
step "release binary and geodata builder (the process tests run the binary as deployed)"
cargo build --release --bin pierobeza --example build_geodata
export PIEROBEZA_BIN="$PWD/target/release/pierobeza"   # absolute: the browser tests run from tests/web

step "data check on the shipped data"
"$PIEROBEZA_BIN" check

step "geodata/ rebuilds byte-identical from its sources"
scripts/check-geodata-build.sh

step "PostgreSQL + PostGIS on loopback (scripts/postgres.sh)"
PIEROBEZA_TEST_POSTGRES=$(scripts/postgres.sh url)
export PIEROBEZA_TEST_POSTGRES
trap 'scripts/postgres.sh stop' EXIT

step "cargo test (default build, API suites on SQLite; store tests on both backends)"
cargo test --no-fail-fast

step "the API suites and the crash test again on PostGIS"
PIEROBEZA_TEST_DATABASE=postgres cargo test --no-fail-fast --test api --test security --test coverage --test write --test report --test crash --test http_cache --test crs --test tiles --test filter

# In CI (.ci/run sets PIEROBEZA_CI_LEAN_DISK) the default build's test executables go once
# both backends have run them: the GDAL build links its own, and both sets at once were the
# run's disk peak. The compiled dependencies stay for the GDAL build to reuse.
if [ -n "${PIEROBEZA_CI_LEAN_DISK:-}" ]; then
  find target/debug/deps -maxdepth 1 -type f -perm -u+x ! -name '*.so' -delete
fi

step "cargo test --no-default-features --features gdal (one SQLite: the system's, shared with GDAL)"
cargo test --no-default-features --features gdal --no-fail-fast
if nm --defined-only target/debug/pierobeza | grep -qE ' T sqlite3_open_v2$'; then
  echo "the GDAL build defines its own sqlite3_open_v2: a bundled SQLite next to GDAL's" >&2
  exit 1
fi

step "browser tests (headless Chromium)"
scripts/web-test.sh

step "a unit's implementation report printed to PDF by headless Chromium (scripts/report-pdf.sh)"
scripts/report-pdf.sh

step "queryables, a CQL2 filter and the write path as OWSLib drives them (scripts/owslib-test.sh)"
scripts/owslib-test.sh

step "QGIS 3.22 reads every collection, EPSG:3059 and the vector tiles (scripts/qgis-test.sh)"
scripts/qgis-test.sh

step "API fuzzing from the served OpenAPI document (schemathesis)"
scripts/schemathesis.sh

step "all tests passed"
