#pragma once

// Character classes and UTF-8 decoding used by the normalisation passes (internal to text/).

#include <cstddef>
#include <cstdint>
#include <string_view>

namespace keiyaku::text::detail {

/// Decodes the well-formed UTF-8 code point at s[i] (the passes run on ICU output, which is always
/// well-formed) and sets len to its byte length.
inline char32_t decode(std::string_view s, size_t i, size_t& len) {
  const auto b0 = static_cast<unsigned char>(s[i]);
  auto cont = [&](size_t k) { return static_cast<char32_t>(static_cast<unsigned char>(s[i + k]) & 0x3FU); };
  if (b0 < 0x80U) {
    len = 1;
    return b0;
  }
  if (b0 < 0xE0U) {
    len = 2;
    return (static_cast<char32_t>(b0 & 0x1FU) << 6U) | cont(1);
  }
  if (b0 < 0xF0U) {
    len = 3;
    return (static_cast<char32_t>(b0 & 0x0FU) << 12U) | (cont(1) << 6U) | cont(2);
  }
  len = 4;
  return (static_cast<char32_t>(b0 & 0x07U) << 18U) | (cont(1) << 12U) | (cont(2) << 6U) | cont(3);
}

/// Byte length of the UTF-8 sequence that starts with lead byte b (1 for continuation bytes).
inline size_t sequence_length(unsigned char b) {
  if (b < 0xC0U) {
    return 1;
  }
  if (b < 0xE0U) {
    return 2;
  }
  return b < 0xF0U ? 3 : 4;
}

/// Offset of the first byte that is not part of well-formed UTF-8, or s.size(). Sets `circled`
/// when the text may hold a circled number or katakana (①, ⓪, ㉑, ㊱, ㋐), which NFKC must skip.
inline size_t first_ill_formed(std::string_view s, bool& circled) {
  const auto* p = reinterpret_cast<const unsigned char*>(s.data());  // NOLINT
  const size_t n = s.size();
  size_t i = 0;
  while (i < n) {
    const unsigned char b = p[i];
    if (b < 0x80U) {
      ++i;
      continue;
    }
    auto cont = [&](size_t k) { return i + k < n && (p[i + k] & 0xC0U) == 0x80U; };
    if (b >= 0xC2U && b <= 0xDFU) {
      if (!cont(1)) {
        return i;
      }
      i += 2;
    } else if (b >= 0xE0U && b <= 0xEFU) {
      if (!cont(1) || !cont(2) || (b == 0xE0U && p[i + 1] < 0xA0U) ||
          (b == 0xEDU && p[i + 1] > 0x9FU)) {
        return i;  // truncated, overlong or a surrogate
      }
      // U+2460..U+24FF (E2 91..93) and U+3250..U+32FF (E3 89..8B)
      circled = circled || (b == 0xE2U && p[i + 1] >= 0x91U && p[i + 1] <= 0x93U) ||
                (b == 0xE3U && p[i + 1] >= 0x89U && p[i + 1] <= 0x8BU);
      i += 3;
    } else if (b >= 0xF0U && b <= 0xF4U) {
      if (!cont(1) || !cont(2) || !cont(3) || (b == 0xF0U && p[i + 1] < 0x90U) ||
          (b == 0xF4U && p[i + 1] > 0x8FU)) {
        return i;
      }
      i += 4;
    } else {
      return i;
    }
  }
  return n;
}

/// Start of the code point that ends just before s[i] (i > 0).
inline size_t previous_start(std::string_view s, size_t i) {
  do {
    --i;
  } while (i > 0 && (static_cast<unsigned char>(s[i]) & 0xC0U) == 0x80U);
  return i;
}

inline bool is_han(char32_t c) {
  return (c >= 0x4E00 && c <= 0x9FFF) || (c >= 0x3400 && c <= 0x4DBF) ||
         (c >= 0xF900 && c <= 0xFAFF) || (c >= 0x20000 && c <= 0x3134F) || c == 0x3005 ||
         c == 0x3006 || c == 0x3007;  // 々 〆 〇
}

/// Kanji, hiragana, katakana and the prolonged sound mark: the characters Japanese words are made
/// of. Excludes punctuation (、。「」・) so that a line ending in 。 never joins the next one.
inline bool is_cjk_letter(char32_t c) {
  if (c >= 0x3041 && c <= 0x309F) {  // hiragana, ゛゜ゝゞ
    return true;
  }
  if (c >= 0x30A1 && c <= 0x30FF) {  // katakana, ー, ヽヾ; not ・ (U+30FB)
    return c != 0x30FB;
  }
  if (c >= 0x31F0 && c <= 0x31FF) {  // small katakana extension
    return true;
  }
  return is_han(c);
}

inline bool is_ascii_letter(char32_t c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
inline bool is_ascii_digit(char32_t c) { return c >= '0' && c <= '9'; }
inline bool is_ascii_alnum(char32_t c) { return is_ascii_letter(c) || is_ascii_digit(c); }

/// Invisible characters that split words in extracted text and carry no meaning for matching.
inline bool is_dropped(char32_t c) {
  switch (c) {
    case 0x00AD:  // soft hyphen
    case 0x200B:  // zero-width space
    case 0x200E:  // left-to-right mark
    case 0x200F:  // right-to-left mark
    case 0x2060:  // word joiner
    case 0xFEFF:  // zero-width no-break space / BOM
      return true;
    default:
      break;
  }
  return (c >= 0x202A && c <= 0x202E) ||   // bidi embeddings and overrides
         (c >= 0x2066 && c <= 0x2069) ||   // bidi isolates
         (c >= 0xFE00 && c <= 0xFE0F) ||   // variation selectors
         (c >= 0xE0100 && c <= 0xE01EF);   // ideographic variation selectors
}

/// Hyphen look-alikes that NFKC leaves alone but that stand for '-' in identifiers (ISMAP‐LIU).
inline bool is_hyphen_like(char32_t c) {
  return c == 0x2010 || c == 0x2012 || c == 0x2013 || c == 0x2212;
}

}  // namespace keiyaku::text::detail
