#!/usr/bin/env bash
# README command 2 (and .ci/run): install, build with warnings as errors, run the whole suite,
# clang-tidy's short check set on every file of src/, then the same suite under ASan+UBSan (clang)
# and a short fuzz run of the fuzz targets that build makes. KY_TIDY=full adds the whole .clang-tidy
# configuration on the files changed since main (scripts/tidy.sh).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/deps.sh
jobs=$(nproc)

echo "== build (warnings as errors) and test"
scripts/build.sh dev
ctest --test-dir build --output-on-failure -j "$jobs"

# The short check set (the checks .clang-tidy makes errors) on every file; the whole configuration
# over the whole tree takes longer than CI's time on 2 cores (CONTRIBUTING.md gives the figures).
if [[ ${KY_TIDY:-short} == full ]]; then
  echo "== clang-tidy (.clang-tidy): the short check set on every file, the whole set on changed files"
  scripts/tidy.sh build
else
  echo "== clang-tidy (.clang-tidy): the short check set on every file of src/"
  scripts/tidy.sh --short build
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

echo "== build and test under AddressSanitizer + UndefinedBehaviorSanitizer (clang, with the fuzz targets)"
scripts/build.sh asan
# (The Debian package of a sanitizer build is no package anyone installs: the first run checked it.)
ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
  ctest --test-dir build-asan --output-on-failure -j "$jobs" -E '^Install\.DebianPackage'

echo "== fuzz smoke run"
scripts/fuzz.sh 30 build-asan
echo "== all tests passed"
