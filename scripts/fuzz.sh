#!/usr/bin/env bash
# Runs every libFuzzer target built in BUILD_DIR (default build-fuzz/) for SECONDS each (default 30).
# Builds nothing: run scripts/build.sh fuzz (or asan, which builds the targets too) first.
#   usage: scripts/fuzz.sh [SECONDS] [BUILD_DIR]
# Seeds: BUILD_DIR/tests/fuzz/corpus/<name>/ (made from tests/data/docx at build time).
# The growing corpus is kept in BUILD_DIR/fuzz-corpus/<name>/, crashes in BUILD_DIR/fuzz-artifacts/.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-30}
out=${2:-build-fuzz}
dir=$out/tests/fuzz
shopt -s nullglob
fuzzers=("$dir"/*_fuzzer)
if ((${#fuzzers[@]} == 0)); then
  echo "fuzz.sh: no fuzzers in $dir (run scripts/build.sh fuzz first)" >&2
  exit 2
fi
mkdir -p "$out"/fuzz-artifacts
status=0
for f in "${fuzzers[@]}"; do
  name=$(basename "$f" _fuzzer)
  corpus=$out/fuzz-corpus/$name
  mkdir -p "$corpus"
  args=(-max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -print_final_stats=1
        -artifact_prefix="$out"/fuzz-artifacts/"$name"-)
  [[ -f $dir/$name.dict ]] && args+=(-dict="$dir/$name.dict")
  seeds=()
  [[ -d $dir/corpus/$name ]] && seeds+=("$dir/corpus/$name")
  echo "== fuzz $name for ${seconds}s"
  if ! ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=1} "$f" "${args[@]}" "$corpus" "${seeds[@]}" \
      >"$out"/fuzz-"$name".log 2>&1; then
    echo "fuzz.sh: $name failed; see $out/fuzz-$name.log and $out/fuzz-artifacts/" >&2
    tail -n 40 "$out"/fuzz-"$name".log >&2
    status=1
  else
    grep -E '^(#[0-9]+ +DONE|stat::number_of_executed_units|stat::peak_rss_mb)' "$out"/fuzz-"$name".log || true
  fi
done
exit $status
