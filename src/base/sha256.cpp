#include "sha256.hpp"

#include <cstring>

#if defined(__x86_64__)
#include <cpuid.h>
#include <immintrin.h>
#endif

namespace keiyaku {

namespace {
constexpr std::array<uint32_t, 64> k_round = {
    0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
    0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
    0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
    0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
    0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
    0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
    0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
    0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2};

constexpr uint32_t rotr(uint32_t x, unsigned n) { return (x >> n) | (x << (32U - n)); }

#if defined(__x86_64__)
// The SHA extensions of x86 (Intel since Goldmont/Ice Lake, AMD since Zen): a 64-byte block in
// a few dozen instructions, about ten times the portable code. Used when the CPU has them.
bool cpu_has_sha() {
  unsigned a = 0, b = 0, c = 0, d = 0;
  if (__get_cpuid(1, &a, &b, &c, &d) == 0) {
    return false;
  }
  const bool ssse3 = (c & (1U << 9U)) != 0;
  const bool sse41 = (c & (1U << 19U)) != 0;
  if (__get_cpuid_count(7, 0, &a, &b, &c, &d) == 0) {
    return false;
  }
  const bool sha = (b & (1U << 29U)) != 0;
  return ssse3 && sse41 && sha;
}

__attribute__((target("sha,ssse3,sse4.1"))) void blocks_sha_ni(uint32_t* state, const uint8_t* data,
                                                                 size_t count) {
  const __m128i mask = _mm_set_epi64x(0x0c0d0e0f08090a0bULL, 0x0405060700010203ULL);
  // The state as the instructions want it: ABEF and CDGH.
  __m128i tmp = _mm_shuffle_epi32(_mm_loadu_si128(reinterpret_cast<const __m128i*>(state)), 0xB1);
  __m128i state1 = _mm_shuffle_epi32(_mm_loadu_si128(reinterpret_cast<const __m128i*>(state + 4)), 0x1B);
  __m128i state0 = _mm_alignr_epi8(tmp, state1, 8);
  state1 = _mm_blend_epi16(state1, tmp, 0xF0);
  for (; count > 0; --count, data += 64) {
    const __m128i abef = state0;
    const __m128i cdgh = state1;
    __m128i w[4];
    for (unsigned g = 0; g < 16; ++g) {
      if (g < 4) {
        w[g] = _mm_shuffle_epi8(_mm_loadu_si128(reinterpret_cast<const __m128i*>(data + 16 * g)), mask);
      }
      __m128i msg = _mm_add_epi32(w[g & 3U], _mm_loadu_si128(reinterpret_cast<const __m128i*>(&k_round[4 * g])));
      state1 = _mm_sha256rnds2_epu32(state1, state0, msg);
      msg = _mm_shuffle_epi32(msg, 0x0E);
      state0 = _mm_sha256rnds2_epu32(state0, state1, msg);
      // The schedule: words g+1 from msg1(W[g-3], W[g-2]) (already in their slot), W[g-1], W[g];
      // then msg1 for words g+3, once W[g-1] is no longer needed as it is.
      if (g >= 3 && g <= 14) {
        const __m128i t = _mm_alignr_epi8(w[g & 3U], w[(g - 1) & 3U], 4);
        w[(g + 1) & 3U] = _mm_sha256msg2_epu32(_mm_add_epi32(w[(g + 1) & 3U], t), w[g & 3U]);
      }
      if (g >= 1 && g <= 12) {
        w[(g - 1) & 3U] = _mm_sha256msg1_epu32(w[(g - 1) & 3U], w[g & 3U]);
      }
    }
    state0 = _mm_add_epi32(state0, abef);
    state1 = _mm_add_epi32(state1, cdgh);
  }
  tmp = _mm_shuffle_epi32(state0, 0x1B);
  state1 = _mm_shuffle_epi32(state1, 0xB1);
  state0 = _mm_blend_epi16(tmp, state1, 0xF0);
  state1 = _mm_alignr_epi8(state1, tmp, 8);
  _mm_storeu_si128(reinterpret_cast<__m128i*>(state), state0);
  _mm_storeu_si128(reinterpret_cast<__m128i*>(state + 4), state1);
}
#endif

}  // namespace

bool Sha256::hardware() {
#if defined(__x86_64__)
  static const bool has = cpu_has_sha();
  return has;
#else
  return false;
#endif
}

void Sha256::blocks(const uint8_t* p, size_t count) {
#if defined(__x86_64__)
  if (m_hardware) {
    blocks_sha_ni(m_h.data(), p, count);
    return;
  }
#endif
  for (; count > 0; --count, p += 64) {
    block(p);
  }
}

Sha256::Sha256(Code code)
    : m_h{0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19},
      m_hardware(code == Code::fastest && hardware()) {}

void Sha256::block(const uint8_t* p) {
  std::array<uint32_t, 64> w{};
  for (size_t i = 0; i < 16; ++i) {
    w[i] = (uint32_t{p[4 * i]} << 24U) | (uint32_t{p[4 * i + 1]} << 16U) |
           (uint32_t{p[4 * i + 2]} << 8U) | uint32_t{p[4 * i + 3]};
  }
  for (size_t i = 16; i < 64; ++i) {
    const uint32_t s0 = rotr(w[i - 15], 7) ^ rotr(w[i - 15], 18) ^ (w[i - 15] >> 3U);
    const uint32_t s1 = rotr(w[i - 2], 17) ^ rotr(w[i - 2], 19) ^ (w[i - 2] >> 10U);
    w[i] = w[i - 16] + s0 + w[i - 7] + s1;
  }
  uint32_t a = m_h[0], b = m_h[1], c = m_h[2], d = m_h[3], e = m_h[4], f = m_h[5], g = m_h[6],
           h = m_h[7];
  for (size_t i = 0; i < 64; ++i) {
    const uint32_t s1 = rotr(e, 6) ^ rotr(e, 11) ^ rotr(e, 25);
    const uint32_t ch = (e & f) ^ (~e & g);
    const uint32_t t1 = h + s1 + ch + k_round[i] + w[i];
    const uint32_t s0 = rotr(a, 2) ^ rotr(a, 13) ^ rotr(a, 22);
    const uint32_t maj = (a & b) ^ (a & c) ^ (b & c);
    const uint32_t t2 = s0 + maj;
    h = g;
    g = f;
    f = e;
    e = d + t1;
    d = c;
    c = b;
    b = a;
    a = t1 + t2;
  }
  m_h[0] += a;
  m_h[1] += b;
  m_h[2] += c;
  m_h[3] += d;
  m_h[4] += e;
  m_h[5] += f;
  m_h[6] += g;
  m_h[7] += h;
}

void Sha256::update(std::string_view data) {
  const auto* p = reinterpret_cast<const uint8_t*>(data.data());
  size_t n = data.size();
  m_total += n;
  if (m_buf_len > 0) {
    const size_t take = std::min(n, 64 - m_buf_len);
    std::memcpy(m_buf.data() + m_buf_len, p, take);
    m_buf_len += take;
    p += take;
    n -= take;
    if (m_buf_len == 64) {
      blocks(m_buf.data(), 1);
      m_buf_len = 0;
    }
  }
  if (n >= 64) {
    blocks(p, n / 64);
    p += n / 64 * 64;
    n %= 64;
  }
  if (n > 0) {
    std::memcpy(m_buf.data(), p, n);
    m_buf_len = n;
  }
}

std::array<uint8_t, 32> Sha256::digest() {
  const uint64_t bits = m_total * 8;
  const uint8_t pad = 0x80;
  update(std::string_view(reinterpret_cast<const char*>(&pad), 1));
  const uint8_t zero = 0;
  while (m_buf_len != 56) {
    update(std::string_view(reinterpret_cast<const char*>(&zero), 1));
  }
  std::array<uint8_t, 8> len{};
  for (size_t i = 0; i < 8; ++i) {
    len[i] = static_cast<uint8_t>(bits >> (56U - 8U * i));
  }
  update(std::string_view(reinterpret_cast<const char*>(len.data()), 8));
  std::array<uint8_t, 32> out{};
  for (size_t i = 0; i < 8; ++i) {
    out[4 * i] = static_cast<uint8_t>(m_h[i] >> 24U);
    out[4 * i + 1] = static_cast<uint8_t>(m_h[i] >> 16U);
    out[4 * i + 2] = static_cast<uint8_t>(m_h[i] >> 8U);
    out[4 * i + 3] = static_cast<uint8_t>(m_h[i]);
  }
  return out;
}

std::string Sha256::hex_digest() {
  static const char* k_hex = "0123456789abcdef";
  std::string s;
  for (uint8_t b : digest()) {
    s += k_hex[b >> 4U];
    s += k_hex[b & 0xFU];
  }
  return s;
}

std::string sha256_hex(std::string_view data) {
  Sha256 h;
  h.update(data);
  return h.hex_digest();
}

}  // namespace keiyaku
