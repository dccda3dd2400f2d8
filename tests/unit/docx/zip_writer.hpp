#pragma once
// A small ZIP writer for tests: fixtures are kept as unzipped trees under tests/data/docx/<case>/
// and zipped at test time. Stored entries by default; add_raw() writes any bytes with any
// declared method, sizes and CRC, so hostile archives (size lies, bombs) can be built too.
// Header-only and dependency-free (used by test_docx, test_cli and the fuzzer).

#include <algorithm>
#include <array>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

namespace keiyaku::test {

inline uint32_t crc32(std::string_view data) {
  static const std::array<uint32_t, 256> table = [] {
    std::array<uint32_t, 256> t{};
    for (uint32_t i = 0; i < 256; ++i) {
      uint32_t c = i;
      for (int k = 0; k < 8; ++k) {
        c = (c & 1U) != 0 ? 0xEDB88320U ^ (c >> 1U) : c >> 1U;
      }
      t[i] = c;
    }
    return t;
  }();
  uint32_t c = 0xFFFFFFFFU;
  for (unsigned char b : data) {
    c = table[(c ^ b) & 0xFFU] ^ (c >> 8U);
  }
  return c ^ 0xFFFFFFFFU;
}

class ZipWriter {
 public:
  /// A stored entry with the right CRC and sizes.
  void add(std::string name, std::string_view content) {
    add_raw(std::move(name), 0, std::string(content), crc32(content),
            static_cast<uint32_t>(content.size()));
  }
  /// Any entry: data is written as is, with the given method, CRC and declared size.
  void add_raw(
      std::string name, uint16_t method, std::string data, uint32_t crc, uint32_t declared_size) {
    m_entries.push_back(Entry{std::move(name), std::move(data), method, crc, declared_size});
  }
  std::string finish() const {
    std::string out;
    std::string central;
    for (const Entry& e : m_entries) {
      const auto offset = static_cast<uint32_t>(out.size());
      u32(out, 0x04034b50U);
      u16(out, 20);
      u16(out, 0x0800);  // UTF-8 names
      u16(out, e.method);
      u16(out, 0);
      u16(out, 0x21);
      u32(out, e.crc);
      u32(out, static_cast<uint32_t>(e.data.size()));
      u32(out, e.declared_size);
      u16(out, static_cast<uint16_t>(e.name.size()));
      u16(out, 0);
      out += e.name;
      out += e.data;
      u32(central, 0x02014b50U);
      u16(central, 20);
      u16(central, 20);
      u16(central, 0x0800);
      u16(central, e.method);
      u16(central, 0);
      u16(central, 0x21);
      u32(central, e.crc);
      u32(central, static_cast<uint32_t>(e.data.size()));
      u32(central, e.declared_size);
      u16(central, static_cast<uint16_t>(e.name.size()));
      u16(central, 0);
      u16(central, 0);
      u16(central, 0);
      u16(central, 0);
      u32(central, 0);
      u32(central, offset);
      central += e.name;
    }
    const auto cd_offset = static_cast<uint32_t>(out.size());
    out += central;
    u32(out, 0x06054b50U);
    u16(out, 0);
    u16(out, 0);
    u16(out, static_cast<uint16_t>(m_entries.size()));
    u16(out, static_cast<uint16_t>(m_entries.size()));
    u32(out, static_cast<uint32_t>(central.size()));
    u32(out, cd_offset);
    u16(out, 0);
    return out;
  }

 private:
  struct Entry {
    std::string name;
    std::string data;
    uint16_t method;
    uint32_t crc;
    uint32_t declared_size;
  };
  static void u16(std::string& s, uint16_t v) {
    s += static_cast<char>(v & 0xFFU);
    s += static_cast<char>(v >> 8U);
  }
  static void u32(std::string& s, uint32_t v) {
    u16(s, static_cast<uint16_t>(v & 0xFFFFU));
    u16(s, static_cast<uint16_t>(v >> 16U));
  }
  std::vector<Entry> m_entries;
};

inline std::string slurp(const std::filesystem::path& p) {
  std::ifstream f(p, std::ios::binary);
  std::stringstream ss;
  ss << f.rdbuf();
  return ss.str();
}

/// Zips a fixture tree: [Content_Types].xml first, then every file in name order. A folder whose
/// name ends in ".docx" is zipped the same way and stored as one entry (an embedded package).
inline std::string zip_tree(const std::filesystem::path& dir) {
  namespace fs = std::filesystem;
  std::vector<std::string> names;
  std::vector<std::string> nested;
  for (auto it = fs::recursive_directory_iterator(dir); it != fs::recursive_directory_iterator();
       ++it) {
    const std::string rel = fs::relative(it->path(), dir).generic_string();
    if (it->is_directory() && it->path().extension() == ".docx") {
      nested.push_back(rel);
      it.disable_recursion_pending();
      continue;
    }
    if (it->is_regular_file()) {
      names.push_back(rel);
    }
  }
  std::sort(names.begin(), names.end(), [](const std::string& a, const std::string& b) {
    const bool ac = a == "[Content_Types].xml";
    const bool bc = b == "[Content_Types].xml";
    return ac != bc ? ac : a < b;
  });
  ZipWriter z;
  for (const std::string& n : names) {
    z.add(n, slurp(dir / n));
  }
  for (const std::string& n : nested) {
    z.add(n, zip_tree(dir / n));
  }
  return z.finish();
}

}  // namespace keiyaku::test
