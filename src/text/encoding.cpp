#include "encoding.hpp"

#include <base/strings.hpp>

#include <climits>
#include <unicode/unistr.h>

namespace keiyaku::text {

namespace {

bool starts(std::string_view s, std::string_view prefix) {
  return s.substr(0, prefix.size()) == prefix;
}

constexpr std::string_view k_utf8_bom = "\xEF\xBB\xBF";

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

}  // namespace

const char* encoding_name(Encoding encoding) {
  switch (encoding) {
    case Encoding::utf8:
      return "UTF-8";
    case Encoding::utf8_bom:
      return "UTF-8 (BOM)";
    case Encoding::cp932:
      return "Shift_JIS (CP932)";
  }
  return "UTF-8";
}

DecodedText decode_text(std::string_view bytes) {
  DecodedText d = decode_guess(bytes);
  d.readable = bytes.find('\0') == std::string_view::npos && d.replaced * 50 <= bytes.size();
  return d;
}

}  // namespace keiyaku::text
