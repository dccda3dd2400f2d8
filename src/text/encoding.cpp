#include "encoding.hpp"

#include <base/i18n.hpp>
#include <base/strings.hpp>

#include <algorithm>
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

// How bytes read as UTF-16 in one byte order: code units whose high byte marks the characters
// Japanese text is mostly written in (ASCII and line ends: 0x00, kana and CJK punctuation: 0x30,
// full-width forms: 0xFF), and units that are no character of plausible().
struct Utf16Score {
  size_t units = 0;
  size_t marked = 0;
  size_t implausible = 0;
};

Utf16Score score_utf16(std::string_view s, bool little_endian) {
  Utf16Score score;
  const auto unit = [&](size_t i) {
    const auto a = static_cast<unsigned char>(s[2 * i]);
    const auto b = static_cast<unsigned char>(s[2 * i + 1]);
    return little_endian ? static_cast<char32_t>((b << 8U) | a) : static_cast<char32_t>((a << 8U) | b);
  };
  score.units = s.size() / 2;
  for (size_t i = 0; i < score.units; ++i) {
    const char32_t u = unit(i);
    const char32_t high = u >> 8U;
    const char32_t low = u & 0xFFU;
    if (u >= 0xD800 && u <= 0xDBFF && i + 1 < score.units && unit(i + 1) >= 0xDC00 && unit(i + 1) <= 0xDFFF) {
      ++i;  // a surrogate pair: a character outside the BMP (𠮷)
      continue;
    }
    const bool ascii = high == 0 && ((low >= 0x20 && low <= 0x7E) || low == '\t' || low == '\n' || low == '\r');
    score.marked += ascii || high == 0x30 || (high == 0xFF && low <= 0xEF) ? 1 : 0;
    score.implausible += plausible(u) ? 0 : 1;
  }
  return score;
}

// A byte order reads clearly as UTF-16 text: a fifth of its units or more are marked, four times
// as many as in the other order, and nearly all are plausible.
bool reads_as_utf16(const Utf16Score& order, const Utf16Score& other) {
  return order.units > 0 && order.marked * 5 >= order.units && order.marked > 4 * other.marked &&
         static_cast<double>(order.units - order.implausible) >= k_plausible_share * static_cast<double>(order.units);
}

// UTF-16 code units (no byte order mark) to UTF-8; half a unit at the end becomes U+FFFD.
void convert_utf16(std::string_view units, const char* codepage, DecodedText& d) {
  const bool half_unit = units.size() % 2 != 0;
  if (half_unit) {
    units.remove_suffix(1);
  }
  d.text = convert(units, codepage, d.replaced);
  if (half_unit) {
    ++d.replaced;
    str::append_utf8(d.text, 0xFFFD);
  }
}

DecodedText decode_guess(std::string_view bytes) {
  DecodedText d;
  for (const auto& [bom, encoding, codepage] :
       {std::tuple{k_utf16le_bom, Encoding::utf16le, "UTF-16LE"}, std::tuple{k_utf16be_bom, Encoding::utf16be, "UTF-16BE"}}) {
    if (starts(bytes, bom)) {
      d.encoding = encoding;
      convert_utf16(bytes.substr(bom.size()), codepage, d);
      return d;
    }
  }
  if (starts(bytes, k_utf8_bom)) {
    d.encoding = Encoding::utf8_bom;
    d.text = repair_utf8(bytes.substr(k_utf8_bom.size()), d.replaced);
    return d;
  }
  const Utf8Score utf8 = score_utf8(bytes);
  const bool nul_bytes = bytes.find('\0') != std::string_view::npos;
  // UTF-16 without a byte order mark: its ASCII has NUL bytes, and its kanji seldom form UTF-8.
  if (nul_bytes || utf8.errors > 0) {
    const Utf16Score le = score_utf16(bytes, true);
    const Utf16Score be = score_utf16(bytes, false);
    for (const auto& [order, other, encoding, codepage] :
         {std::tuple{le, be, Encoding::utf16le_no_bom, "UTF-16LE"}, std::tuple{be, le, Encoding::utf16be_no_bom, "UTF-16BE"}}) {
      if (reads_as_utf16(order, other)) {
        d.encoding = encoding;
        convert_utf16(bytes, codepage, d);
        return d;
      }
    }
    // NUL bytes and many units marked as text in either order, but no order clearly: text in
    // both byte orders (two files put together), or too little of it to tell.
    if (nul_bytes && std::max(le.marked, be.marked) * 5 >= le.units && le.units > 0) {
      d.utf16_order_unknown = true;
    }
  }
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
    case Encoding::utf16le:
      return "UTF-16LE (BOM)";
    case Encoding::utf16be:
      return "UTF-16BE (BOM)";
    case Encoding::utf16le_no_bom:
      return "UTF-16LE";
    case Encoding::utf16be_no_bom:
      return "UTF-16BE";
  }
  return "UTF-8";
}

DecodedText decode_text(std::string_view bytes) {
  DecodedText d = decode_guess(bytes);
  // UTF-16 has a NUL byte in every ASCII character: look for NUL in what it decoded to.
  const bool utf16 = d.encoding == Encoding::utf16le || d.encoding == Encoding::utf16be ||
                     d.encoding == Encoding::utf16le_no_bom || d.encoding == Encoding::utf16be_no_bom;
  const std::string_view chars = utf16 ? std::string_view(d.text) : bytes;
  d.readable = !d.utf16_order_unknown && chars.find('\0') == std::string_view::npos && d.replaced * 50 <= bytes.size();
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

std::string unreadable_message(const DecodedText& decoded) {
  if (decoded.utf16_order_unknown) {
    return tr("UTF-16 のテキストのようですが、バイト順（LE/BE）を判定できません: "
              "BOM 付きの UTF-16 か UTF-8 で保存し直してください",
              "looks like UTF-16 text but its byte order (LE/BE) cannot be told: save it again as "
              "UTF-16 with a BOM, or as UTF-8");
  }
  return tr("UTF-8 でも Shift_JIS でもないテキストです", "not UTF-8 or Shift_JIS text");
}

}  // namespace keiyaku::text
