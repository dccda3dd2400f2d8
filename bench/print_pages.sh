#!/bin/sh
# How many A4 pages the batch HTML report prints on: N contracts of bench/gen_corpus.py (24 by
# default) reviewed into a fresh registry, `keiyaku report --format html`, printed to PDF by
# headless Chromium (the browser tests/browser uses), pages counted in the PDF. Prints the pages of
# the matrix alone (the list of contracts, one per row) and of the whole report (with every
# contract's details). Figures depend on the fonts installed (fonts-ipafont-gothic or
# fonts-noto-cjk for Japanese); they are not asserted anywhere.
#
#   bench/print_pages.sh [--count N] [--keep DIR] [--keiyaku PATH]
set -eu
here=$(cd "$(dirname "$0")" && pwd)
count=24
keep=""
keiyaku="$here/../build/keiyaku"
while [ $# -gt 0 ]; do
  case "$1" in
    --count) count=$2; shift 2 ;;
    --keep) keep=$2; shift 2 ;;
    --keiyaku) keiyaku=$2; shift 2 ;;
    *) echo "usage: $0 [--count N] [--keep DIR] [--keiyaku PATH]" >&2; exit 2 ;;
  esac
done
command -v chromium >/dev/null || { echo "chromium is not installed (scripts/deps.sh installs it)" >&2; exit 2; }
work=${keep:-$(mktemp -d)}
mkdir -p "$work"
[ -n "$keep" ] || trap 'rm -rf "$work"' EXIT
python3 "$here/gen_corpus.py" --out "$work/docs" --count "$count" --quiet
export KEIYAKU_NOW=2026-04-01
"$keiyaku" --lang ja batch "$work/docs" --db "$work/k.db" --quiet >/dev/null 2>&1 || true
"$keiyaku" --lang ja report --db "$work/k.db" --format html -o "$work/report.html"
# The matrix alone: the report up to the first contract's details.
python3 - "$work/report.html" "$work/matrix.html" <<'PY'
import sys
page = open(sys.argv[1], encoding="utf-8").read()
cut = page.find('<section class="contract')
open(sys.argv[2], "w", encoding="utf-8").write((page[:cut] if cut >= 0 else page) + "</body></html>\n")
PY
pages() {
  HOME="$work" timeout 300 chromium --headless --no-sandbox --disable-gpu --no-pdf-header-footer \
    --print-to-pdf="$2" "file://$1" >/dev/null 2>&1
  python3 -c 'import re,sys; print(len(re.findall(rb"/Type\s*/Page[^s]", open(sys.argv[1], "rb").read())))' "$2"
}
echo "contracts: $count"
echo "matrix: $(pages "$work/matrix.html" "$work/matrix.pdf") pages"
echo "whole report: $(pages "$work/report.html" "$work/report.pdf") pages"
