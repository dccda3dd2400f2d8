#pragma once
// Reading a written package back for tests: every entry's name, method, sizes, CRC and bytes.

#include <zip.h>

#include <map>
#include <string>
#include <string_view>

namespace keiyaku::test {

struct ZipEntry {
  std::string data;
  uint16_t method = 0;
  uint64_t compressed = 0;
  uint32_t crc = 0;
};

/// Every entry of a ZIP held in memory, by name; empty when it cannot be opened.
inline std::map<std::string, ZipEntry> read_zip(std::string_view bytes) {
  std::map<std::string, ZipEntry> out;
  zip_error_t ze;
  zip_error_init(&ze);
  zip_source_t* src = zip_source_buffer_create(bytes.data(), bytes.size(), 0, &ze);
  zip_t* za = src == nullptr ? nullptr : zip_open_from_source(src, ZIP_RDONLY | ZIP_CHECKCONS, &ze);
  zip_error_fini(&ze);
  if (za == nullptr) {
    if (src != nullptr) {
      zip_source_free(src);
    }
    return out;
  }
  const zip_int64_t n = zip_get_num_entries(za, 0);
  for (zip_int64_t i = 0; i < n; ++i) {
    zip_stat_t st;
    zip_stat_init(&st);
    if (zip_stat_index(za, static_cast<zip_uint64_t>(i), 0, &st) != 0) {
      continue;
    }
    ZipEntry e;
    e.method = st.comp_method;
    e.compressed = st.comp_size;
    e.crc = st.crc;
    zip_file_t* f = zip_fopen_index(za, static_cast<zip_uint64_t>(i), 0);
    if (f != nullptr) {
      char buf[65536];
      zip_int64_t r = 0;
      while ((r = zip_fread(f, buf, sizeof buf)) > 0) {
        e.data.append(buf, static_cast<size_t>(r));
      }
      zip_fclose(f);
    }
    out[st.name] = std::move(e);
  }
  zip_discard(za);
  return out;
}

}  // namespace keiyaku::test
