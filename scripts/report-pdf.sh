#!/usr/bin/env bash
# Prints a municipality's implementation report to PDF with headless Chromium (the browser's
# own print path, A4, no header or footer) from the real server, and checks the PDF:
#   - pdfinfo: at least one page, A4;
#   - pdftotext: the unit's name, its population figure and its allocated money as the page
#     prints them, the indicators table's heading, and the map — its scale bar ("N km") and
#     north arrow are text inside the SVG, so they are in the PDF only if the map printed;
#   - pdftoppm: page 1 rendered at 60 dpi to artifacts/ for a person to look at.
#   scripts/report-pdf.sh [CODE] [DATE]      # default LV-077 2026-06-01
# Env: PIEROBEZA_BIN (default target/release/pierobeza, else target/debug/pierobeza),
#      CHROMIUM_BIN (default /usr/bin/chromium). Needs poppler-utils, curl and python3.
# Artefacts: artifacts/report-CODE.pdf, artifacts/report-CODE.txt, artifacts/report-CODE-1.png,
#            artifacts/report-server.log.
set -euo pipefail
cd "$(dirname "$0")/.."

code="${1:-LV-077}"
date="${2:-2026-06-01}"
chromium_bin="${CHROMIUM_BIN:-/usr/bin/chromium}"
bin="${PIEROBEZA_BIN:-}"
if [[ -z "$bin" ]]; then
  if [[ -x target/release/pierobeza ]]; then bin=target/release/pierobeza; else bin=target/debug/pierobeza; fi
fi
for tool in "$chromium_bin" "$bin"; do
  [[ -x "$tool" ]] || { echo "report-pdf: $tool not found" >&2; exit 1; }
done
for tool in pdfinfo pdftotext pdftoppm curl python3; do
  command -v "$tool" >/dev/null || { echo "report-pdf: $tool not found (apt-get install poppler-utils curl python3)" >&2; exit 1; }
done

mkdir -p artifacts
work=$(mktemp -d)
db="$work/report.sqlite3"
log=artifacts/report-server.log
server=""
cleanup() {
  if [[ -n "$server" ]]; then kill "$server" 2>/dev/null || true; wait "$server" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT

# The real server on a free loopback port, over a fresh store loaded from this checkout.
: >"$work/stdout"
"$bin" serve --bind 127.0.0.1 --port 0 --database "$db" --web-dir "$work/no-web" >"$work/stdout" 2>"$log" &
server=$!
base=""
for _ in $(seq 1 600); do
  base=$(sed -n 's/^listening on \(http:[^ ]*\)$/\1/p' "$work/stdout" | head -n1)
  [[ -n "$base" ]] && break
  kill -0 "$server" 2>/dev/null || { echo "report-pdf: the server exited; see $log" >&2; exit 1; }
  sleep 0.2
done
[[ -n "$base" ]] || { echo "report-pdf: the server did not start; see $log" >&2; exit 1; }

url="$base/reports/$code?date=$date"
# What the page must print: the name, and the figures as the page writes them.
IFS=$'\t' read -r name population money < <(curl -fsS "$url&f=json" | python3 -c '
import json, sys
r = json.load(sys.stdin)
f = r["figures"]
money = "{:,.0f} EUR".format(f["allocated_eur"]) if f["allocated_eur"] is not None else "not recorded"
print(r["scope"]["name_lv"], "{:,}".format(f["population"]), money, sep="\t")
')

pdf="artifacts/report-$code.pdf"
rm -f "$pdf"
"$chromium_bin" --headless --no-sandbox --disable-gpu --no-pdf-header-footer \
  --user-data-dir="$work/chromium" --print-to-pdf="$pdf" "$url" >"$work/chromium.log" 2>&1 || {
  cat "$work/chromium.log" >&2; echo "report-pdf: chromium failed" >&2; exit 1; }
[[ -s "$pdf" ]] || { echo "report-pdf: no PDF written" >&2; exit 1; }

fail() { echo "report-pdf: $*" >&2; exit 1; }
pages=$(pdfinfo "$pdf" | sed -n 's/^Pages: *//p')
size=$(pdfinfo "$pdf" | sed -n 's/^Page size: *//p')
[[ "$pages" -ge 1 ]] || fail "$pdf has no pages"
[[ "$size" == *"(A4)"* ]] || fail "$pdf is not A4: $size"

text="artifacts/report-$code.txt"
pdftotext -layout "$pdf" "$text"
page1=$(pdftotext -f 1 -l 1 -layout "$pdf" -)
grep -qF "$name" <<<"$page1" || fail "page 1 lacks the unit's name ($name)"
grep -qF "$population" <<<"$page1" || fail "page 1 lacks the population ($population)"
grep -qF "$money" <<<"$page1" || fail "page 1 lacks the allocated money ($money)"
grep -qF "Map" <<<"$page1" || fail "page 1 lacks the map's heading"
# The scale bar's label and the north arrow's N are text inside the map's SVG.
grep -qE '(^|[^0-9.,])[0-9]+ km( |$)' <<<"$page1" || fail "page 1 lacks the map's scale bar (the map did not print)"
grep -qE '(^| )N( |$)' <<<"$page1" || fail "page 1 lacks the map's north arrow"
grep -qF "Indicators (" "$text" || fail "the PDF lacks the indicators table"
grep -qF "Sources (" "$text" || fail "the PDF lacks the sources"

png="artifacts/report-$code"
pdftoppm -png -r 60 -f 1 -l 1 "$pdf" "$png"
# pdftoppm names the page with as many digits as the page count needs.
first=$(ls "$png"-*1.png | head -n1)
[[ -s "$first" ]] || fail "page 1 did not render"
[[ "$first" == "$png-1.png" ]] || mv -f "$first" "$png-1.png"
echo "report-pdf: $code on $date: $pages A4 page(s) with the name, population ($population), money ($money), map and indicators; page 1: $png-1.png"
