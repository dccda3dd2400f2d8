#!/usr/bin/env bash
# Start-up cost of the data compiled into keiyaku (src/cli/data_dir.hpp), against a data folder
# found beside the binary.  usage: bench/builtin_data_bench.sh [BUILD_DIR] [RUNS]
# Copies BUILD_DIR/keiyaku (default build/) alone into a temporary folder and prints the median
# wall time, over RUNS runs (default 21), of `keiyaku --version` and `keiyaku requirements list`:
#   beside    — build/keiyaku, reading build/requirements and build/dictionaries;
#   first     — the copy with an empty XDG_CACHE_HOME each run (extracts the built-in data);
#   later     — the copy with the folder already extracted (reused as it is).
set -euo pipefail
build=${1:-build}
runs=${2:-21}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
mkdir -p "$tmp/bin"
cp "$build/keiyaku" "$tmp/bin/keiyaku"
unset KEIYAKU_DATA KEIYAKU_REQUIREMENTS KEIYAKU_USER_DIC

# median_ms CMD...: the median wall time in milliseconds of RUNS runs; "$fresh" is replaced by a
# new empty folder each run.
median_ms() {
  local times=() i start end
  for ((i = 0; i < runs; i++)); do
    local fresh="$tmp/cache-$RANDOM-$i"
    local cmd=("${@//@fresh@/$fresh}")
    start=$(date +%s%N)
    "${cmd[@]}" >/dev/null
    end=$(date +%s%N)
    times+=($(((end - start) / 1000)))
    rm -rf "$fresh"
  done
  printf '%s\n' "${times[@]}" | sort -n | awk -v n="$runs" \
    'NR == int((n + 1) / 2) { printf "%.1f", $1 / 1000 }'
}

XDG_CACHE_HOME="$tmp/warm" "$tmp/bin/keiyaku" --version >/dev/null
for args in "--version" "requirements list"; do
  # shellcheck disable=SC2086
  beside=$(median_ms "$build/keiyaku" $args)
  # shellcheck disable=SC2086
  first=$(median_ms env XDG_CACHE_HOME=@fresh@ "$tmp/bin/keiyaku" $args)
  # shellcheck disable=SC2086
  later=$(median_ms env XDG_CACHE_HOME="$tmp/warm" "$tmp/bin/keiyaku" $args)
  printf 'keiyaku %-18s beside %6s ms   first (extracting) %6s ms   later %6s ms\n' \
    "$args" "$beside" "$first" "$later"
done
echo "extracted: $(du -sk "$tmp/warm/keiyaku" | cut -f1) KB in $(find "$tmp/warm/keiyaku" -type f | wc -l) files"
