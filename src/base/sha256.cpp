#include "sha256.hpp"

#include <openssl/evp.h>

#include <cstdio>
#include <cstdlib>

namespace keiyaku {

namespace {

// The digest is fetched once: an implicit fetch on every EVP_DigestInit_ex would look it up in
// the provider tables each time, which costs more than hashing a small file.
const EVP_MD* sha256_md() {
  static const EVP_MD* const k_md = [] {
    EVP_MD* md = EVP_MD_fetch(nullptr, "SHA256", nullptr);
    if (md == nullptr) {
      std::fputs("keiyaku: internal error: libcrypto has no SHA-256\n", stderr);
      std::abort();
    }
    return md;
  }();
  return k_md;
}

void check(int ok) {
  if (ok != 1) {
    std::fputs("keiyaku: internal error: libcrypto SHA-256 failed\n", stderr);
    std::abort();
  }
}

std::string to_hex(const std::array<uint8_t, 32>& d) {
  static const char* k_hex = "0123456789abcdef";
  std::string s;
  s.reserve(64);
  for (const uint8_t b : d) {
    s += k_hex[b >> 4U];
    s += k_hex[b & 0xFU];
  }
  return s;
}

}  // namespace

struct Sha256::State {
  EVP_MD_CTX* ctx = EVP_MD_CTX_new();
  State() {
    if (ctx == nullptr) {
      std::fputs("keiyaku: internal error: out of memory (EVP_MD_CTX_new)\n", stderr);
      std::abort();
    }
    check(EVP_DigestInit_ex(ctx, sha256_md(), nullptr));
  }
  ~State() { EVP_MD_CTX_free(ctx); }
  State(const State&) = delete;
  State& operator=(const State&) = delete;
};

Sha256::Sha256() : m_state(std::make_unique<State>()) {}
Sha256::~Sha256() = default;
Sha256::Sha256(Sha256&&) noexcept = default;
Sha256& Sha256::operator=(Sha256&&) noexcept = default;

void Sha256::update(std::string_view data) {
  check(EVP_DigestUpdate(m_state->ctx, data.data(), data.size()));
}

std::array<uint8_t, 32> Sha256::digest() {
  std::array<uint8_t, 32> out{};
  unsigned int len = 0;
  check(EVP_DigestFinal_ex(m_state->ctx, out.data(), &len));
  check(len == out.size() ? 1 : 0);
  check(EVP_DigestInit_ex(m_state->ctx, sha256_md(), nullptr));
  return out;
}

std::string Sha256::hex_digest() {
  return to_hex(digest());
}

std::string sha256_hex(std::string_view data) {
  std::array<uint8_t, 32> out{};
  unsigned int len = 0;
  check(EVP_Digest(data.data(), data.size(), out.data(), &len, sha256_md(), nullptr));
  check(len == out.size() ? 1 : 0);
  return to_hex(out);
}

}  // namespace keiyaku
