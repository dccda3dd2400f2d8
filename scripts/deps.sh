#!/usr/bin/env bash
# Installs the Debian 12 packages keiyaku builds and tests with (as root; skips what is there).
set -euo pipefail
pkgs=(
  build-essential cmake ninja-build pkg-config python3 zip unzip dpkg-dev zsh
  libzip-dev libxml2-dev libssl-dev libpoppler-cpp-dev libpoppler-private-dev libicu-dev libsqlite3-dev sqlite3
  mecab mecab-utils libmecab-dev mecab-ipadic mecab-ipadic-utf8
  libtomlplusplus-dev nlohmann-json3-dev libcli11-dev libfmt-dev libxlsxwriter-dev
  libgtest-dev libgmock-dev libbenchmark-dev
  clang-14 libclang-rt-14-dev clang-tidy
  libcpp-httplib-dev libsodium-dev libkainjow-mustache-dev
  chromium chromium-driver python3-selenium
)
missing=()
for p in "${pkgs[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
if ((${#missing[@]})); then
  if [[ $(id -u) -ne 0 ]]; then
    SUDO=sudo
  else
    SUDO=
  fi
  echo "keiyaku: installing ${missing[*]}" >&2
  $SUDO apt-get update -qq
  # ipadic-utf8 first, so that mecab's dictionary dependency is met by it and not by jumandic.
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends mecab-ipadic-utf8 >/dev/null
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
