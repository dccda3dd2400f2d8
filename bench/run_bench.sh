#!/usr/bin/env bash
# The batch and latency benchmark (docs/performance.md). Builds nothing: run it after building.
#
#   bench/run_bench.sh [--keiyaku PATH] [--corpus DIR] [--runs N] [--jobs N]
#
#   --keiyaku PATH  the binary (default: build/keiyaku, or $KEIYAKU)
#   --corpus DIR    the 1000-file corpus; generated with bench/gen_corpus.py when absent
#                   (default: bench/corpus, or $KEIYAKU_BENCH_CORPUS)
#   --runs N        runs of the one-contract latency measurement (default 20)
#   --jobs N        batch worker threads (default: all cores)
#
# Prints: one typical contract end to end with `keiyaku scan` (process start and dictionary load
# included; hyperfine when installed, else a loop timed with date +%s%N), the whole corpus with
# `keiyaku batch` into a fresh registry (files/s, MB/s of document text, peak RSS, the share of
# each phase), the same batch again with nothing changed, and `pandoc -f docx -t plain` on the
# same files when pandoc is installed. Timings vary with the load of the machine: compare runs
# made close together, and see the median.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/.." && pwd)"
keiyaku="${KEIYAKU:-$root/build/keiyaku}"
corpus="${KEIYAKU_BENCH_CORPUS:-$here/corpus}"
runs=20
jobs=""
while [ $# -gt 0 ]; do
  case "$1" in
    --keiyaku) keiyaku="$2"; shift 2 ;;
    --corpus) corpus="$2"; shift 2 ;;
    --runs) runs="$2"; shift 2 ;;
    --jobs) jobs="--jobs $2"; shift 2 ;;
    -h|--help) sed -n '2,17p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "run_bench.sh: unknown option: $1 (see --help)" >&2; exit 2 ;;
  esac
done
if [ ! -x "$keiyaku" ]; then
  echo "run_bench.sh: no keiyaku binary at $keiyaku: build it first (or give --keiyaku PATH)" >&2
  exit 2
fi
py=python3
[ -x /usr/bin/python3 ] && py=/usr/bin/python3

if [ ! -f "$corpus/manifest.tsv" ]; then
  echo "== generating the corpus in $corpus"
  "$py" "$here/gen_corpus.py" --out "$corpus" --quiet
fi
nfiles=$(find "$corpus" -maxdepth 1 -name '*.docx' | wc -l)
typical=$(find "$corpus" -maxdepth 1 -name '*-typical.docx' | sort | head -1)
work="$(mktemp -d "${TMPDIR:-/tmp}/keiyaku-bench-XXXXXX")"
trap 'rm -rf "$work"' EXIT

has() { command -v "$1" >/dev/null 2>&1; }
timev=""
if [ -x /usr/bin/time ] && /usr/bin/time -v true >/dev/null 2>&1; then
  timev="/usr/bin/time -v -o $work/time.txt"
fi
peak_rss() {  # MB, from the last /usr/bin/time -v
  if [ -n "$timev" ]; then
    awk -F: '/Maximum resident set size/ {printf "%.0f MB", $2 / 1024}' "$work/time.txt"
  else
    echo "n/a (no /usr/bin/time)"
  fi
}
now_ns() { date +%s%N; }

echo "== machine: $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg); $("$keiyaku" --version)"
echo "== corpus: $nfiles files in $corpus ($(du -sm "$corpus" | cut -f1) MB)"

# --- 1. One typical contract, end to end ------------------------------------------------------
echo
echo "== one typical contract: keiyaku scan $(basename "$typical") ($(du -k "$typical" | cut -f1) KB)"
scan=("$keiyaku" scan --format json "$typical")
if has hyperfine; then
  hyperfine --warmup 2 --runs "$runs" -i --export-json "$work/scan.json" "${scan[*]} >/dev/null" >/dev/null
  "$py" - "$work/scan.json" <<'EOF'
import json, sys
r = json.load(open(sys.argv[1]))["results"][0]
print(f"  median {r['median']*1000:.1f} ms, mean {r['mean']*1000:.1f} ms, min {r['min']*1000:.1f} ms "
      f"({len(r['times'])} runs, hyperfine)")
EOF
else
  "${scan[@]}" >/dev/null || true
  times=()
  for _ in $(seq "$runs"); do
    t0=$(now_ns)
    "${scan[@]}" >/dev/null || true
    t1=$(now_ns)
    times+=($(( (t1 - t0) / 1000 )))
  done
  printf '%s\n' "${times[@]}" | sort -n | awk '{a[NR]=$1} END {
    m = (NR % 2) ? a[(NR+1)/2] : (a[NR/2] + a[NR/2+1]) / 2;
    printf "  median %.1f ms, min %.1f ms, max %.1f ms (%d runs, date +%%s%%N loop)\n", m/1000, a[1]/1000, a[NR]/1000, NR }'
fi
if [ -n "$timev" ]; then
  $timev "${scan[@]}" >/dev/null || true
  echo "  peak RSS $(peak_rss)"
fi

# --- 2. The whole corpus into a fresh registry, then again unchanged --------------------------
report() {  # $1 = label, $2 = batch JSON
  "$py" - "$1" "$2" <<'EOF'
import json, sys
label, j = sys.argv[1], json.load(open(sys.argv[2]))
s = j["seconds"]
n = j["reviewed"] + j["unchanged"] + j["failed"]
print(f"  {label}: {n} files in {s:.2f} s = {n / s:.1f} files/s, {j['text_bytes'] / 1e6 / s:.1f} MB/s of "
      f"document text ({j['text_bytes'] / 1e6:.1f} MB), {j['file_bytes'] / 1e6 / s:.1f} MB/s of docx, "
      f"{j['jobs']} jobs; reviewed {j['reviewed']}, unchanged {j['unchanged']}, failed {j['failed']}")
p = j.get("phases")
if p and j["reviewed"] > 0:
    names = [("read", "unzip+XML"), ("normalize", "normalisation"), ("tokenize", "MeCab"),
             ("match", "matching"), ("structure", "structure"), ("hash", "read+SHA-256"),
             ("write", "registry writes")]
    total = sum(p[k] for k, _ in names)
    print("  thread-seconds: " + ", ".join(f"{n} {p[k]:.2f} s ({100 * p[k] / total:.0f}%)" for k, n in names))
EOF
}
echo
echo "== batch: $nfiles files into a fresh registry"
db="$work/bench.db"
# shellcheck disable=SC2086
KEIYAKU_PHASES=1 $timev "$keiyaku" batch "$corpus" --db "$db" --format json --quiet $jobs >"$work/cold.json" 2>/dev/null || true
report "cold" "$work/cold.json"
echo "  peak RSS $(peak_rss)"
echo
echo "== batch again, nothing changed"
# shellcheck disable=SC2086
$timev "$keiyaku" batch "$corpus" --db "$db" --format json --quiet $jobs >"$work/warm.json" 2>/dev/null || true
report "unchanged" "$work/warm.json"
echo "  peak RSS $(peak_rss)"

# --- 3. pandoc on the same files, for scale --------------------------------------------------
echo
if has pandoc; then
  echo "== pandoc -f docx -t plain over the same files ($(nproc) processes)"
  t0=$(now_ns)
  find "$corpus" -maxdepth 1 -name '*.docx' -print0 |
    xargs -0 -P "$(nproc)" -n 1 sh -c 'pandoc -f docx -t plain "$0" >/dev/null 2>&1 || true'
  t1=$(now_ns)
  awk -v ns=$((t1 - t0)) -v n="$nfiles" 'BEGIN { s = ns / 1e9; printf "  %d files in %.1f s = %.1f files/s\n", n, s, n / s }'
else
  echo "== pandoc: not installed, skipped"
fi
