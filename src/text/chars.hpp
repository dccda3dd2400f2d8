#pragma once

// Character classes and UTF-8 decoding used by the normalisation passes (internal to text/).

#include <base/utf8.hpp>

#include <cstddef>
#include <cstdint>
#include <string_view>

namespace keiyaku::text::detail {

/// Decodes the UTF-8 code point at s[i] and sets len to its byte length (utf8::decode; the passes
/// run on ICU output, which is always well-formed).
inline char32_t decode(std::string_view s, size_t i, size_t& len) {
  return utf8::decode(s, i, len);
}

/// Byte length of the UTF-8 sequence that starts with lead byte b (1 for continuation bytes).
inline size_t sequence_length(unsigned char b) {
  return utf8::sequence_length(b);
}

/// Offset of the first byte that is not part of well-formed UTF-8 (utf8::first_invalid), or
/// s.size(). Sets `circled` when the text before it may hold a circled number or katakana (①, ⓪,
/// ㉑, ㊱, ㋐), which NFKC must skip.
inline size_t first_ill_formed(std::string_view s, bool& circled) {
  const size_t bad = utf8::first_invalid(s);
  for (size_t i = 0; i + 1 < bad; ++i) {
    const auto b = static_cast<unsigned char>(s[i]);
    const auto n = static_cast<unsigned char>(s[i + 1]);
    // U+2460..U+24FF (E2 91..93) and U+3250..U+32FF (E3 89..8B)
    if ((b == 0xE2U && n >= 0x91U && n <= 0x93U) || (b == 0xE3U && n >= 0x89U && n <= 0x8BU)) {
      circled = true;
      break;
    }
  }
  return bad;
}

/// Start of the code point that ends just before s[i] (i > 0).
inline size_t previous_start(std::string_view s, size_t i) {
  do {
    --i;
  } while (i > 0 && utf8::is_continuation(s[i]));
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
