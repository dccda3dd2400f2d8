#!/usr/bin/env bash
# README command 2 (and .ci/run): install, build with warnings as errors, run the whole suite,
# then the same suite under ASan+UBSan, then a short fuzz run (clang-tidy with KY_TIDY=1).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/deps.sh
jobs=$(nproc)

echo "== build (warnings as errors) and test"
scripts/build.sh dev
ctest --test-dir build --output-on-failure -j "$jobs"

# clang-tidy is not part of the default run: one pass over the tree takes far longer than the
# few minutes the suite can spare on 2 cores (CONTRIBUTING.md gives the figures).
if [[ ${KY_TIDY:-0} == 1 ]]; then
  echo "== clang-tidy (.clang-tidy): a short check set on every file, the whole set on changed files"
  scripts/tidy.sh build
fi

if [[ -f ../shared/eval/score.py ]]; then
  echo "== accuracy on the development set (../shared/eval)"
  python3 ../shared/eval/score.py --keiyaku build/keiyaku --jobs "$jobs" --min-accuracy 0.97 --max-false-reassurance 0 | tail -n 3
fi

echo "== the workspace in a real browser (chromium, chromium-driver, python3-selenium)"
rc=0
/usr/bin/python3 tests/browser/serve_browser_test.py build || rc=$?
if ((rc == 77)); then
  echo "keiyaku: the browser test was skipped (see the line above)"
elif ((rc != 0)); then
  exit "$rc"
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
