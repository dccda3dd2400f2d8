// A minimal reader of the OLE2 / Compound File Binary directory ([MS-CFB]): only the names of the
// directory entries are needed to tell an encrypted OOXML package from a .doc.
#include "sniff.hpp"

#include <cstdint>
#include <string>
#include <vector>

namespace keiyaku::docx {

namespace {

constexpr uint32_t k_end_of_chain = 0xFFFFFFFEU;
constexpr uint32_t k_max_regular = 0xFFFFFFFAU;

uint32_t u32(std::string_view b, size_t off) {
  if (off + 4 > b.size()) {
    return 0xFFFFFFFFU;
  }
  return static_cast<uint32_t>(static_cast<unsigned char>(b[off])) |
         static_cast<uint32_t>(static_cast<unsigned char>(b[off + 1])) << 8U |
         static_cast<uint32_t>(static_cast<unsigned char>(b[off + 2])) << 16U |
         static_cast<uint32_t>(static_cast<unsigned char>(b[off + 3])) << 24U;
}

uint16_t u16(std::string_view b, size_t off) {
  if (off + 2 > b.size()) {
    return 0xFFFFU;
  }
  return static_cast<uint16_t>(static_cast<unsigned char>(b[off]) |
                               static_cast<unsigned char>(b[off + 1]) << 8U);
}

std::string utf16_ascii_name(std::string_view b, size_t off, size_t len_bytes) {
  std::string out;
  for (size_t i = 0; i + 1 < len_bytes && off + i + 1 < b.size(); i += 2) {
    const uint16_t c = u16(b, off + i);
    if (c == 0) {
      break;
    }
    out += c < 0x80 ? static_cast<char>(c) : '?';
  }
  return out;
}

// Fallback for a truncated or damaged directory: look for the UTF-16LE stream names.
bool contains_utf16(std::string_view b, std::string_view ascii) {
  std::string pattern;
  for (char c : ascii) {
    pattern += c;
    pattern += '\0';
  }
  return b.find(pattern) != std::string_view::npos;
}

CfbKind heuristic(std::string_view b) {
  if (contains_utf16(b, "EncryptedPackage")) {
    return CfbKind::encrypted_ooxml;
  }
  if (contains_utf16(b, "WordDocument")) {
    return CfbKind::legacy_doc;
  }
  return CfbKind::broken;
}

}  // namespace

CfbKind classify_cfb(std::string_view b) {
  if (b.size() < 512) {
    return heuristic(b);
  }
  const uint16_t major = u16(b, 0x1A);
  const uint16_t shift = u16(b, 0x1E);
  if (u16(b, 0x1C) != 0xFFFE || !((major == 3 && shift == 9) || (major == 4 && shift == 12))) {
    return heuristic(b);
  }
  const size_t sector = size_t{1} << shift;
  const size_t n_sectors = (b.size() - 512 + sector - 1) / sector;
  auto sector_off = [&](uint32_t s) { return 512 + static_cast<size_t>(s) * sector; };

  // FAT sector list: 109 entries in the header, then the DIFAT chain.
  std::vector<uint32_t> fat_sectors;
  const uint32_t n_fat = u32(b, 0x2C);
  if (n_fat > n_sectors + 1) {
    return heuristic(b);
  }
  for (size_t i = 0; i < 109 && fat_sectors.size() < n_fat; ++i) {
    fat_sectors.push_back(u32(b, 0x4C + i * 4));
  }
  uint32_t difat = u32(b, 0x44);
  size_t guard = 0;
  while (fat_sectors.size() < n_fat && difat <= k_max_regular && guard++ < n_sectors) {
    const size_t off = sector_off(difat);
    if (off + sector > b.size()) {
      return heuristic(b);
    }
    for (size_t i = 0; i + 1 < sector / 4 && fat_sectors.size() < n_fat; ++i) {
      fat_sectors.push_back(u32(b, off + i * 4));
    }
    difat = u32(b, off + sector - 4);
  }
  auto next = [&](uint32_t s) -> uint32_t {
    const size_t per = sector / 4;
    const size_t idx = s / per;
    if (idx >= fat_sectors.size() || fat_sectors[idx] > k_max_regular) {
      return k_end_of_chain;
    }
    return u32(b, sector_off(fat_sectors[idx]) + (s % per) * 4);
  };

  // Walk the directory chain; every entry is 128 bytes, its name UTF-16LE.
  bool encrypted_package = false;
  bool encryption_info = false;
  bool word_document = false;
  size_t seen = 0;
  for (uint32_t s = u32(b, 0x30); s <= k_max_regular && seen++ < n_sectors; s = next(s)) {
    const size_t off = sector_off(s);
    if (off + sector > b.size()) {
      return heuristic(b);
    }
    for (size_t e = 0; e < sector / 128; ++e) {
      const size_t entry = off + e * 128;
      const uint16_t name_len = u16(b, entry + 0x40);
      const auto type = static_cast<unsigned char>(b[entry + 0x42]);
      if (type == 0 || name_len > 64) {
        continue;
      }
      const std::string name = utf16_ascii_name(b, entry, name_len);
      encrypted_package |= name == "EncryptedPackage";
      encryption_info |= name == "EncryptionInfo";
      word_document |= name == "WordDocument";
    }
  }
  if (encrypted_package || encryption_info) {
    return CfbKind::encrypted_ooxml;
  }
  if (word_document) {
    return CfbKind::legacy_doc;
  }
  return seen == 0 ? heuristic(b) : CfbKind::other;
}

}  // namespace keiyaku::docx
