# Every dependency comes from a Debian package; scripts/deps.sh installs them.
find_package(PkgConfig REQUIRED)
pkg_check_modules(LIBZIP REQUIRED IMPORTED_TARGET libzip)
pkg_check_modules(LIBXML2 REQUIRED IMPORTED_TARGET libxml-2.0)
pkg_check_modules(ICU REQUIRED IMPORTED_TARGET icu-uc icu-i18n)
pkg_check_modules(POPPLER_CPP REQUIRED IMPORTED_TARGET poppler-cpp)
pkg_check_modules(POPPLER REQUIRED IMPORTED_TARGET poppler)
pkg_check_modules(SQLITE3 REQUIRED IMPORTED_TARGET sqlite3)
pkg_check_modules(XLSXWRITER REQUIRED IMPORTED_TARGET xlsxwriter)
pkg_check_modules(LIBCRYPTO REQUIRED IMPORTED_TARGET libcrypto)  # SHA-256 (libssl-dev)
find_package(fmt REQUIRED)
find_package(nlohmann_json 3.10 REQUIRED)
find_package(CLI11 REQUIRED)
find_package(tomlplusplus REQUIRED)

# MeCab ships mecab-config, not a pkg-config file.
find_path(MECAB_INCLUDE_DIR mecab.h REQUIRED)
find_library(MECAB_LIBRARY mecab REQUIRED)
add_library(ky_mecab INTERFACE)
target_include_directories(ky_mecab SYSTEM INTERFACE ${MECAB_INCLUDE_DIR})
target_link_libraries(ky_mecab INTERFACE ${MECAB_LIBRARY})
find_program(MECAB_DICT_INDEX mecab-dict-index
  PATHS /usr/lib/x86_64-linux-gnu/mecab /usr/lib/mecab /usr/libexec/mecab
  PATH_SUFFIXES mecab REQUIRED)
set(KY_MECAB_SYSDIC "/var/lib/mecab/dic/ipadic-utf8" CACHE PATH "MeCab system dictionary (ipadic-utf8)")

# keiyaku serve (src/serve): the HTTP server, password hashing and page templates.
pkg_check_modules(HTTPLIB REQUIRED IMPORTED_TARGET cpp-httplib)
pkg_check_modules(SODIUM REQUIRED IMPORTED_TARGET libsodium)
find_path(KAINJOW_MUSTACHE_INCLUDE_DIR kainjow/mustache.hpp REQUIRED)
find_package(Threads REQUIRED)
