#!/usr/bin/env bash
# clang-tidy with the project's .clang-tidy, as CI runs it (scripts/test.sh). Needs build/ (or the
# build directory given) configured, for its compile_commands.json.
#
#   scripts/tidy.sh [--all | --short | --changed-only] [--base REF] [BUILD_DIR]
#
# Two passes, both failing on any warning in src/:
#   1. every C++ file of src/ with a short check set (the checks .clang-tidy makes errors, naming,
#      use after move, braces): a few minutes on 2 cores;
#   2. the files of src/ changed since REF (default: the merge base with main, else HEAD~1) with the
#      whole .clang-tidy configuration (clang-analyzer-*, bugprone-*, performance-* ...), within
#      $KY_TIDY_MINUTES minutes (default 8; files not reached are named, not failed). The whole
#      configuration over the whole tree does not fit CI's time on 2 cores; --all runs it anyway,
#      --changed-only runs this pass alone, --short the first pass alone (what CI runs).
set -euo pipefail
cd "$(dirname "$0")/.."
all=0
changed_only=0
short_only=0
base=""
build=build
while [ $# -gt 0 ]; do
  case "$1" in
    --all) all=1; shift ;;
    --changed-only) changed_only=1; shift ;;
    --short) short_only=1; shift ;;
    --base) base="$2"; shift 2 ;;
    -h|--help) sed -n '2,14p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) build="$1"; shift ;;
  esac
done
tidy=$(command -v clang-tidy-14 || command -v clang-tidy || true)
if [ -z "$tidy" ]; then
  echo "tidy.sh: clang-tidy is not installed (scripts/deps.sh installs clang-tidy)" >&2
  exit 2
fi
if [ ! -f "$build/compile_commands.json" ]; then
  echo "tidy.sh: no $build/compile_commands.json: configure the build first (scripts/build.sh dev)" >&2
  exit 2
fi
jobs=$(nproc)
# Generated sources (embedded tables) are not ours to lint.
mapfile -t files < <(git ls-files 'src/*.cpp')
short='-*,bugprone-use-after-move,readability-braces-around-statements,readability-identifier-naming,performance-unnecessary-value-param,bugprone-infinite-loop,bugprone-undelegated-constructor'

run() {  # $1 = label, $2 = checks ("" = .clang-tidy's), $3 = minutes (0 = no limit), then files
  local label="$1" checks="$2" minutes="$3"
  shift 3
  [ $# -eq 0 ] && { echo "== clang-tidy ($label): no files"; return 0; }
  echo "== clang-tidy ($label): $# files"
  local out
  out=$(mktemp)
  local limit=()
  [ "$minutes" != 0 ] && limit=(timeout "${minutes}m")
  if ! printf '%s\n' "$@" | "${limit[@]}" xargs -P "$jobs" -n 1 sh -c \
      'echo "== $3" >&2; "$0" -p "$1" --quiet ${2:+--checks="$2"} --warnings-as-errors="*" "$3"' \
      "$tidy" "$build" "$checks" >"$out" 2>"$out.done"; then
    if [ "$minutes" != 0 ] && ! grep -q -E '^/.*/src/.*: (warning|error):' "$out"; then
      echo "tidy.sh: the ${minutes}-minute budget ran out; not reached:"
      printf '%s\n' "$@" | grep -v -x -F -f <(sed -n 's/^== //p' "$out.done") | sed 's/^/  /'
    fi
  fi
  rm -f "$out.done"
  if grep -q -E '^/.*/src/.*: (warning|error):' "$out"; then
    grep -A3 -E '^/.*/src/.*: (warning|error):' "$out" | head -200
    rm -f "$out"
    echo "tidy.sh: clang-tidy found problems ($label)" >&2
    return 1
  fi
  rm -f "$out"
}

if [ $all -eq 1 ]; then
  run "whole configuration, every file" "" 0 "${files[@]}"
  exit
fi
if [ $changed_only -eq 0 ]; then
  run "short check set, every file" "$short" 0 "${files[@]}"
fi
if [ $short_only -eq 1 ]; then
  exit
fi
if [ -z "$base" ]; then
  base=$(git merge-base HEAD main 2>/dev/null || true)
  if [ -z "$base" ] || [ "$base" = "$(git rev-parse HEAD)" ]; then
    base=$(git rev-parse --verify -q HEAD~1 || true)
  fi
fi
changed=()
if [ -n "$base" ]; then
  mapfile -t changed < <(git diff --name-only --diff-filter=ACMR "$base" -- 'src/*.cpp')
fi
run "whole configuration, changed since ${base:0:12}" "" "${KY_TIDY_MINUTES:-8}" "${changed[@]}"
