#!/usr/bin/env bash
# README command 2 (and .ci/run): install, build with warnings as errors, run the whole suite,
# clang-tidy (scripts/tidy.sh), then the same suite under ASan+UBSan, then a short fuzz run.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/deps.sh
jobs=$(nproc)

echo "== build (warnings as errors) and test"
scripts/build.sh dev
ctest --test-dir build --output-on-failure -j "$jobs"

echo "== clang-tidy (.clang-tidy): a short check set on every file, the whole set on changed files"
scripts/tidy.sh build

if [[ -f ../shared/eval/score.py ]]; then
  echo "== accuracy on the development set (../shared/eval)"
  python3 ../shared/eval/score.py --keiyaku build/keiyaku --jobs "$jobs" --min-accuracy 0.97 --max-false-reassurance 0 | tail -n 3
fi

echo "== build and test under AddressSanitizer + UndefinedBehaviorSanitizer"
scripts/build.sh asan
ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
  ctest --test-dir build-asan --output-on-failure -j "$jobs"

if [[ -f tests/fuzz/CMakeLists.txt ]]; then
  echo "== fuzz smoke run"
  scripts/build.sh fuzz
  scripts/fuzz.sh 30
fi
echo "== all tests passed"
