#!/usr/bin/env bash
# Builds the Debian package: build-package/keiyaku_VERSION_amd64.deb (CPack; Depends computed
# from the binary's shared libraries by dpkg-shlibdeps, plus the MeCab dictionary), then lists its
# control fields and contents. Needs the packages of scripts/deps.sh (dpkg-dev among them).
#   scripts/package.sh [BUILD_DIR]     (default build-package, beside build/ and not in it, so that
#                                      build/ holds one keiyaku: a Release build without tests; a
#                                      BUILD_DIR that is configured already is used as it is)
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/deps.sh
dir=${1:-build-package}
if [[ ! -f $dir/CMakeCache.txt ]]; then
  launcher=()
  if command -v ccache >/dev/null 2>&1; then
    launcher=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache -DCMAKE_C_COMPILER_LAUNCHER=ccache)
  fi
  cmake -S . -B "$dir" -G Ninja -DCMAKE_BUILD_TYPE=Release -DKY_BUILD_TESTS=OFF "${launcher[@]}" >/dev/null
fi
nice -n 10 cmake --build "$dir" -j"$(nproc)" --target keiyaku keiyaku_manpages keiyaku_user_dic
(cd "$dir" && cpack -G DEB >/dev/null)
deb=$(ls -t "$dir"/keiyaku_*_amd64.deb | head -n 1)
dpkg-deb -f "$deb" Package Version Architecture Depends Installed-Size
dpkg-deb -c "$deb" | awk '{print $6}'
echo "$deb"
