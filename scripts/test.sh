#!/usr/bin/env bash
# Every test of the project: formatting and lints, the Rust tests in the default
# build and with GDAL, and the map in headless Chromium against the real server.
set -euo pipefail
cd "$(dirname "$0")/.."

step() { printf '\n==> %s\n' "$*"; }

step "cargo fmt --check"
cargo fmt --all -- --check

step "cargo clippy (default features, then all features)"
cargo clippy --all-targets -- -D warnings
cargo clippy --all-targets --all-features -- -D warnings

step "cargo doc (warnings are errors)"
RUSTDOCFLAGS="-D warnings" cargo doc --no-deps --all-features --quiet

step "data check on the shipped data"
cargo run --quiet -- check

step "geodata/ rebuilds byte-identical from its sources"
scripts/check-geodata-build.sh

step "cargo test (default build: no system library)"
cargo test --no-fail-fast

step "cargo test --features gdal"
cargo test --features gdal --no-fail-fast

step "browser tests (headless Chromium)"
scripts/web-test.sh

step "API fuzzing from the served OpenAPI document (schemathesis)"
PIEROBEZA_BIN="${PIEROBEZA_BIN:-target/release/pierobeza}" scripts/schemathesis.sh
