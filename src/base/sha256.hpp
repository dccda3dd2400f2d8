#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace keiyaku {

/// Incremental SHA-256 (FIPS 180-4).
class Sha256 {
 public:
  enum class Code { fastest, portable };
  explicit Sha256(Code code = Code::fastest);
  void update(std::string_view data);
  std::array<uint8_t, 32> digest();
  std::string hex_digest();
  /// Whether the CPU has SHA instructions (x86 SHA extensions), which Code::fastest then uses.
  static bool hardware();

 private:
  void block(const uint8_t* p);                        // portable, one block
  void blocks(const uint8_t* p, size_t count);         // the fastest available, `count` blocks
  std::array<uint32_t, 8> m_h{};
  std::array<uint8_t, 64> m_buf{};
  size_t m_buf_len = 0;
  uint64_t m_total = 0;
  bool m_hardware = false;
};

/// Hex SHA-256 of a byte string.
std::string sha256_hex(std::string_view data);

}  // namespace keiyaku
