#pragma once

#include <array>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

namespace keiyaku {

/// Incremental SHA-256 (FIPS 180-4), computed by OpenSSL's libcrypto (which uses the CPU's SHA
/// instructions when it has them). Not copyable; one object per thread.
class Sha256 {
 public:
  Sha256();
  ~Sha256();
  Sha256(Sha256&&) noexcept;
  Sha256& operator=(Sha256&&) noexcept;
  Sha256(const Sha256&) = delete;
  Sha256& operator=(const Sha256&) = delete;

  void update(std::string_view data);
  /// The digest of everything fed so far; the object starts over afterwards.
  std::array<uint8_t, 32> digest();
  std::string hex_digest();

 private:
  struct State;
  std::unique_ptr<State> m_state;
};

/// Hex SHA-256 of a byte string.
std::string sha256_hex(std::string_view data);

}  // namespace keiyaku
