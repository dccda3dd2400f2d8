#pragma once

// UTF-8 decoding: the one place the encoding's bytes are read. Everything else asks these functions
// (str::next_cp, str::valid_utf8, text/'s passes, the report and segment code that steps over
// characters).

#include <cstddef>
#include <string_view>

namespace keiyaku::utf8 {

/// True for a continuation byte (10xxxxxx): not the start of a character.
constexpr bool is_continuation(char c) {
  return (static_cast<unsigned char>(c) & 0xC0U) == 0x80U;
}

/// Length of the sequence that `lead` starts: 1 for ASCII (and for a stray continuation byte), 2,
/// 3 or 4 by the lead byte alone (no check of what follows).
constexpr size_t sequence_length(unsigned char lead) {
  return lead < 0xC0U ? 1 : lead < 0xE0U ? 2 : lead < 0xF0U ? 3 : 4;
}

/// Decodes the character at s[i] (i < s.size()) and sets `len` to its length in bytes. Ill-formed
/// input (a stray continuation byte, a truncated or overlong sequence, a surrogate, a value above
/// U+10FFFF, a byte that never starts one) gives U+FFFD with `len` 1.
inline char32_t decode(std::string_view s, size_t i, size_t& len) {
  const auto b0 = static_cast<unsigned char>(s[i]);
  len = 1;
  if (b0 < 0x80U) {
    return b0;
  }
  auto cont = [&](size_t k) -> int {
    if (i + k >= s.size()) {
      return -1;
    }
    const auto b = static_cast<unsigned char>(s[i + k]);
    return (b & 0xC0U) == 0x80U ? static_cast<int>(b & 0x3FU) : -1;
  };
  if (b0 >= 0xC2U && b0 <= 0xDFU) {
    const int c1 = cont(1);
    if (c1 >= 0) {
      len = 2;
      return (static_cast<char32_t>(b0 & 0x1FU) << 6U) | static_cast<char32_t>(c1);
    }
  } else if (b0 >= 0xE0U && b0 <= 0xEFU) {
    const int c1 = cont(1);
    const int c2 = c1 >= 0 ? cont(2) : -1;
    if (c2 >= 0) {
      const char32_t cp = (static_cast<char32_t>(b0 & 0x0FU) << 12U) |
                          (static_cast<char32_t>(c1) << 6U) | static_cast<char32_t>(c2);
      if (cp >= 0x800 && (cp < 0xD800 || cp > 0xDFFF)) {
        len = 3;
        return cp;
      }
    }
  } else if (b0 >= 0xF0U && b0 <= 0xF4U) {
    const int c1 = cont(1);
    const int c2 = c1 >= 0 ? cont(2) : -1;
    const int c3 = c2 >= 0 ? cont(3) : -1;
    if (c3 >= 0) {
      const char32_t cp = (static_cast<char32_t>(b0 & 0x07U) << 18U) |
                          (static_cast<char32_t>(c1) << 12U) | (static_cast<char32_t>(c2) << 6U) |
                          static_cast<char32_t>(c3);
      if (cp >= 0x10000 && cp <= 0x10FFFF) {
        len = 4;
        return cp;
      }
    }
  }
  return 0xFFFD;
}

/// Offset of the first byte that is not part of well-formed UTF-8, or s.size().
inline size_t first_invalid(std::string_view s) {
  size_t i = 0;
  while (i < s.size()) {
    if (static_cast<unsigned char>(s[i]) < 0x80U) {
      ++i;
      continue;
    }
    size_t len = 0;
    if (decode(s, i, len) == 0xFFFD && len == 1) {
      return i;
    }
    i += len;
  }
  return s.size();
}

}  // namespace keiyaku::utf8
