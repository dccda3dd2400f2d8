#!/usr/bin/env bash
# Times `keiyaku scan` on a contract PDF (docs/pdf.md).  usage: bench/pdf_bench.sh [RUNS]
# The contract is the first typical one of bench/gen_corpus.py (its default seed), read with
# `keiyaku extract`, one paragraph a line (bench/docx_to_text.py), and set as an A4 PDF by
# build/ky_make_pdf (40 characters a line, 38 lines a page, a running header and page numbers):
# 31 pages, and the same cut to its first 20 pages. Prints the median wall time of `keiyaku scan
# --format json` over RUNS runs (default 21; process start and dictionary load included), the
# same for the DOCX, the median CPU time (user + sys, less sensitive to other load on the
# machine; /usr/bin/time, 10 ms resolution) and the peak RSS. Needs build/keiyaku and build/ky_make_pdf.
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-21}
keiyaku=build/keiyaku
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
python3 bench/gen_corpus.py --out "$work/corpus" --count 1 --jobs 1 --quiet
docx=$work/corpus/0001-typical.docx
"$keiyaku" extract --format json "$docx" >"$work/extract.json"
python3 bench/docx_to_text.py "$work/extract.json" "$work/contract.txt"
build/ky_make_pdf "$work/contract.txt" "$work/contract.pdf" --header "業務委託契約書"
build/ky_make_pdf "$work/contract.txt" "$work/contract-20.pdf" --header "業務委託契約書" --max-pages 20

median_ms() {  # median wall and CPU (user + sys) time of "$@" over $runs runs, after one warm-up
  "$@" >/dev/null || true
  local walls=() cpus=() t0 t1
  for ((i = 0; i < runs; i++)); do
    t0=$(date +%s%N)
    if /usr/bin/time -f '%U %S' -o "$work/cpu.txt" true 2>/dev/null; then
      /usr/bin/time -f '%U %S' -o "$work/cpu.txt" "$@" >/dev/null || true
      cpus+=($(awk '{printf "%d", ($1 + $2) * 1000}' "$work/cpu.txt"))
    else
      "$@" >/dev/null || true
    fi
    t1=$(date +%s%N)
    walls+=($(((t1 - t0) / 1000)))
  done
  printf '%s\n' "${walls[@]}" | sort -n | awk '{a[NR]=$1} END {
    m = (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2;
    printf "median %.1f ms, min %.1f ms, max %.1f ms (%d runs)", m/1000, a[1]/1000, a[NR]/1000, NR }'
  if ((${#cpus[@]})); then
    printf '%s\n' "${cpus[@]}" | sort -n | awk '{a[NR]=$1} END {
      m = (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2;
      printf ", CPU median %d ms", m }'
  fi
}
peak_rss() {
  if /usr/bin/time -v true >/dev/null 2>&1; then
    /usr/bin/time -v -o "$work/time.txt" "$@" >/dev/null || true
    awk -F: '/Maximum resident set size/ {printf ", %.0f MB peak RSS", $2 / 1024}' "$work/time.txt"
  fi
}
for f in "$work/contract-20.pdf" "$work/contract.pdf" "$docx"; do
  pages=""
  [[ $f == *.pdf ]] && pages="$(grep -ac '/Type /Page ' "$f") pages, "
  echo "$(basename "$f") (${pages}$(du -k "$f" | cut -f1) KB): keiyaku scan: $(median_ms "$keiyaku" scan --format json "$f")$(peak_rss "$keiyaku" scan --format json "$f")"
done
