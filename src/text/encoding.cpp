#include "encoding.hpp"

#include <base/strings.hpp>

#include <climits>
#include <tuple>
#include <unicode/unistr.h>

namespace keiyaku::text {

namespace {

bool starts(std::string_view s, std::string_view prefix) {
  return s.substr(0, prefix.size()) == prefix;
}

constexpr std::string_view k_utf8_bom = "\xEF\xBB\xBF";
constexpr std::string_view k_utf16le_bom = "\xFF\xFE";
constexpr std::string_view k_utf16be_bom = "\xFE\xFF";

// How well the bytes read as Shift_JIS (CP932): pairs of a lead and a trail byte, and bytes that
// fit nowhere.
struct SjisScore {
  size_t pairs = 0;
  size_t errors = 0;
};

SjisScore score_sjis(std::string_view s) {
  SjisScore score;
  for (size_t i = 0; i < s.size(); ++i) {
    const auto b = static_cast<unsigned char>(s[i]);
    if (b < 0x80U || (b >= 0xA1U && b <= 0xDFU)) {
      continue;  // ASCII, half-width katakana
    }
    const bool lead = (b >= 0x81U && b <= 0x9FU) || (b >= 0xE0U && b <= 0xFCU);
    if (lead && i + 1 < s.size()) {
      const auto t = static_cast<unsigned char>(s[i + 1]);
      if ((t >= 0x40U && t <= 0x7EU) || (t >= 0x80U && t <= 0xFCU)) {
        ++score.pairs;
        ++i;
        continue;
      }
    }
    ++score.errors;
  }
  return score;
}

// How well the bytes read as UTF-8: well-formed multi-byte sequences, and ill-formed ones (each
// becomes one U+FFFD).
struct Utf8Score {
  size_t multibyte = 0;
  size_t errors = 0;
};

Utf8Score score_utf8(std::string_view s) {
  Utf8Score score;
  for (size_t i = 0; i < s.size();) {
    const size_t at = i;
    const char32_t c = str::next_cp(s, i);
    if (c == 0xFFFD && !(i - at == 3 && s.substr(at, 3) == "\xEF\xBF\xBD")) {
      ++score.errors;
    } else if (i - at > 1) {
      ++score.multibyte;
    }
  }
  return score;
}

// Copies UTF-8, ill-formed sequences replaced by U+FFFD.
std::string repair_utf8(std::string_view s, size_t& replaced) {
  std::string out;
  out.reserve(s.size());
  for (size_t i = 0; i < s.size();) {
    const size_t at = i;
    const char32_t c = str::next_cp(s, i);
    if (c == 0xFFFD && !(i - at == 3 && s.substr(at, 3) == "\xEF\xBF\xBD")) {
      ++replaced;
    }
    str::append_utf8(out, c);
  }
  return out;
}

// Converts with an ICU converter; what the converter cannot map becomes U+FFFD (ICU's substitute
// for a multi-byte codepage may be U+001A: that is replaced too).
std::string convert(std::string_view bytes, const char* codepage, size_t& replaced) {
  if (bytes.size() > static_cast<size_t>(INT_MAX)) {
    bytes = bytes.substr(0, static_cast<size_t>(INT_MAX));
  }
  const icu::UnicodeString u(bytes.data(), static_cast<int32_t>(bytes.size()), codepage);
  std::string out;
  u.toUTF8String(out);
  std::string clean;
  clean.reserve(out.size());
  for (size_t i = 0; i < out.size();) {
    const char32_t c = str::next_cp(out, i);
    if (c == 0x1A || c == 0xFFFD) {
      ++replaced;
      str::append_utf8(clean, 0xFFFD);
    } else {
      str::append_utf8(clean, c);
    }
  }
  return clean;
}

DecodedText decode_guess(std::string_view bytes) {
  DecodedText d;
  for (const auto& [bom, encoding, codepage] :
       {std::tuple{k_utf16le_bom, Encoding::utf16le, "UTF-16LE"}, std::tuple{k_utf16be_bom, Encoding::utf16be, "UTF-16BE"}}) {
    if (starts(bytes, bom)) {
      d.encoding = encoding;
      std::string_view units = bytes.substr(bom.size());
      const bool half_unit = units.size() % 2 != 0;  // a byte left over at the end
      if (half_unit) {
        units.remove_suffix(1);
      }
      d.text = convert(units, codepage, d.replaced);
      if (half_unit) {
        ++d.replaced;
        str::append_utf8(d.text, 0xFFFD);
      }
      return d;
    }
  }
  if (starts(bytes, k_utf8_bom)) {
    d.encoding = Encoding::utf8_bom;
    d.text = repair_utf8(bytes.substr(k_utf8_bom.size()), d.replaced);
    return d;
  }
  const Utf8Score utf8 = score_utf8(bytes);
  if (utf8.errors == 0) {
    d.text = std::string(bytes);
    return d;
  }
  // Most bytes of UTF-8 Japanese also pair up as Shift_JIS, so a damaged UTF-8 file would score
  // well as Shift_JIS too; Shift_JIS text seldom forms UTF-8 sequences by chance.
  const SjisScore sjis = score_sjis(bytes);
  if (utf8.multibyte < 4 * utf8.errors && sjis.pairs > 0 && sjis.errors < utf8.errors) {
    d.encoding = Encoding::cp932;
    d.text = convert(bytes, "windows-31j", d.replaced);
    return d;
  }
  d.text = repair_utf8(bytes, d.replaced);
  return d;
}

// A character Japanese text is written in: ASCII and Latin-1 text, punctuation, symbols, kana, kanji,
// full-width forms. Bytes that are not UTF-16 but start with its byte order mark read mostly as
// other characters.
bool plausible(char32_t c) {
  return c == U'\t' || c == U'\n' || c == U'\r' || (c >= 0x20 && c <= 0x7E) || (c >= 0xA0 && c <= 0x24F) ||
         (c >= 0x2000 && c <= 0x206F) || (c >= 0x2100 && c <= 0x27BF) || (c >= 0x3000 && c <= 0x30FF) ||
         (c >= 0x3200 && c <= 0x9FFF) ||
         (c >= 0xF900 && c <= 0xFAFF) || (c >= 0xFF00 && c <= 0xFFEF) || (c >= 0x20000 && c <= 0x2FFFF);
}

// At least this share of a UTF-16 file's characters must be plausible().
constexpr double k_plausible_share = 0.9;

}  // namespace

const char* encoding_name(Encoding encoding) {
  switch (encoding) {
    case Encoding::utf8:
      return "UTF-8";
    case Encoding::utf8_bom:
      return "UTF-8 (BOM)";
    case Encoding::cp932:
      return "Shift_JIS (CP932)";
    case Encoding::utf16le:
      return "UTF-16LE (BOM)";
    case Encoding::utf16be:
      return "UTF-16BE (BOM)";
  }
  return "UTF-8";
}

DecodedText decode_text(std::string_view bytes) {
  DecodedText d = decode_guess(bytes);
  // UTF-16 has a NUL byte in every ASCII character: look for NUL in what it decoded to.
  const bool utf16 = d.encoding == Encoding::utf16le || d.encoding == Encoding::utf16be;
  const std::string_view chars = utf16 ? std::string_view(d.text) : bytes;
  d.readable = chars.find('\0') == std::string_view::npos && d.replaced * 50 <= bytes.size();
  if (utf16 && d.readable) {
    size_t total = 0;
    size_t good = 0;
    for (size_t i = 0; i < d.text.size(); ++total) {
      good += plausible(str::next_cp(d.text, i)) ? 1 : 0;
    }
    d.readable = static_cast<double>(good) >= k_plausible_share * static_cast<double>(total);
  }
  return d;
}

}  // namespace keiyaku::text
