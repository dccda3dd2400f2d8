#!/usr/bin/env bash
# The report benchmark: memory and time of `keiyaku report` over a large registry (issue: a report
# is written as a stream, in bounded memory whatever the number of contracts). Builds nothing.
#
#   bench/report_bench.sh [--keiyaku PATH] [--corpus DIR] [--contracts N] [--format html|csv|xlsx]
#
#   --keiyaku PATH   the binary (default: build/keiyaku, or $KEIYAKU)
#   --corpus DIR     the corpus of bench/gen_corpus.py (default: bench/corpus, or
#                    $KEIYAKU_BENCH_CORPUS; generated when absent)
#   --contracts N    contracts in the registry (default 10000)
#   --format F       report format (default html)
#
# Reviews the first 100 files of the corpus into a fresh registry with `keiyaku batch`, copies
# their contracts and reviews (findings, evidence, risks) in SQL under other paths until the
# registry holds N contracts (bench/grow_registry.py), then writes the report to a file and to a
# pipe and prints the peak RSS (/usr/bin/time -v), the wall time and the size of what was written.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/.." && pwd)"
keiyaku="${KEIYAKU:-$root/build/keiyaku}"
corpus="${KEIYAKU_BENCH_CORPUS:-$here/corpus}"
contracts=10000
format=html
while [ $# -gt 0 ]; do
  case "$1" in
    --keiyaku) keiyaku="$2"; shift 2 ;;
    --corpus) corpus="$2"; shift 2 ;;
    --contracts) contracts="$2"; shift 2 ;;
    --format) format="$2"; shift 2 ;;
    -h|--help) sed -n '2,16p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "report_bench.sh: unknown option: $1 (see --help)" >&2; exit 2 ;;
  esac
done
if [ ! -x "$keiyaku" ]; then
  echo "report_bench.sh: no keiyaku binary at $keiyaku: build it first (or give --keiyaku PATH)" >&2
  exit 2
fi
if [ ! -x /usr/bin/time ]; then
  echo "report_bench.sh: needs /usr/bin/time (Debian package 'time') for the peak RSS" >&2
  exit 2
fi
py=python3
[ -x /usr/bin/python3 ] && py=/usr/bin/python3
if [ ! -f "$corpus/manifest.tsv" ]; then
  echo "== generating the corpus in $corpus"
  "$py" "$here/gen_corpus.py" --out "$corpus" --quiet
fi
work="$(mktemp -d "${TMPDIR:-/tmp}/keiyaku-report-bench-XXXXXX")"
trap 'rm -rf "$work"' EXIT

mkdir "$work/seed"
find "$corpus" -maxdepth 1 -name '*.docx' | sort | head -100 | while read -r f; do ln -s "$f" "$work/seed/"; done
echo "== registry: 100 reviewed contracts, grown to $contracts"
"$keiyaku" batch "$work/seed" --db "$work/r.db" --quiet >/dev/null 2>&1 || true
"$py" "$here/grow_registry.py" "$work/r.db" "$contracts"

measure() {  # $1 = label, then the command
  local label="$1"
  shift
  local t0 t1
  t0=$(date +%s%N)
  /usr/bin/time -v -o "$work/time.txt" "$@" || { echo "$label: failed" >&2; return 1; }
  t1=$(date +%s%N)
  awk -F: -v label="$label" -v ms="$(( (t1 - t0) / 1000000 ))" \
    '/Maximum resident set size/ {printf "%-34s peak RSS %5.0f MB   %6.1f s\n", label, $2 / 1024, ms / 1000}' \
    "$work/time.txt"
}

mkdir "$work/out"
measure "report --format $format -o FILE" "$keiyaku" report --db "$work/r.db" --format "$format" -o "$work/out/report.$format"
bytes=$(du -cb "$work"/out/report* | tail -1 | cut -f1)
files=$(find "$work/out" -name 'report*' | wc -l)
largest=$(find "$work/out" -name 'report*' -printf '%s\n' | sort -n | tail -1)
awk -v f="$files" -v b="$bytes" -v l="$largest" \
  'BEGIN {printf "%-34s %d file(s), %.1f MB in all; largest %.1f MB\n", "  written", f, b / 1048576, l / 1048576}'

if [ "$format" = html ]; then
  measure "report --format html > pipe" sh -c "'$keiyaku' report --db '$work/r.db' --format html | wc -c > '$work/piped'"
  awk -v b="$(cat "$work/piped")" 'BEGIN {printf "%-34s %.1f MB\n", "  written", b / 1048576}'
fi
