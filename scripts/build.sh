#!/usr/bin/env bash
# Configures and builds one preset into build/ (or build-<preset>/).  usage: build.sh [dev|asan|fuzz]
set -euo pipefail
cd "$(dirname "$0")/.."
preset=${1:-dev}
jobs=$(nproc)
case $preset in
  dev)  dir=build;      flags=(-DCMAKE_BUILD_TYPE=RelWithDebInfo -DKY_WARNINGS_AS_ERRORS=ON) ;;
  # The sanitizer build is clang's, with the libFuzzer targets in it: one build serves the suite under
  # ASan+UBSan and the fuzz smoke run (scripts/fuzz.sh 30 build-asan).
  asan) dir=build-asan; flags=(-DCMAKE_BUILD_TYPE=Debug -DKY_ENABLE_ASAN=ON -DKY_ENABLE_UBSAN=ON -DKY_BUILD_BENCH=OFF
                               -DKY_FUZZ=ON -DCMAKE_C_COMPILER=clang-14 -DCMAKE_CXX_COMPILER=clang++-14) ;;
  fuzz) dir=build-fuzz; flags=(-DCMAKE_BUILD_TYPE=RelWithDebInfo -DKY_FUZZ=ON -DKY_ENABLE_ASAN=ON
                               -DCMAKE_C_COMPILER=clang-14 -DCMAKE_CXX_COMPILER=clang++-14) ;;
  *) echo "usage: $0 [dev|asan|fuzz]" >&2; exit 2 ;;
esac
cmake -S . -B "$dir" -G Ninja "${flags[@]}" >/dev/null
if [[ $preset == fuzz ]]; then
  # only the fuzz targets (and what they link): the suite itself is built by the other presets
  cmake --build "$dir" -j "$jobs" --target docx_reader_fuzzer normalize_fuzzer analysis_fuzzer pdf_reader_fuzzer
else
  cmake --build "$dir" -j "$jobs"
fi
