#include "number_format.hpp"

#include <base/strings.hpp>

#include <algorithm>
#include <array>
#include <cstdio>

namespace keiyaku::docx {

namespace {

std::string decimal(int n) {
  return std::to_string(n);
}

std::string full_width(int n) {
  std::string out;
  for (char c : std::to_string(n)) {
    if (c >= '0' && c <= '9') {
      str::append_utf8(out, U'\uFF10' + static_cast<char32_t>(c - '0'));
    } else {
      out += c;
    }
  }
  return out;
}

// Cycles through a table of code points, one per item, starting at 1.
std::string cycle(int n, std::u32string_view table) {
  if (n <= 0) {
    return decimal(n);
  }
  std::string out;
  str::append_utf8(out, table[static_cast<size_t>(n - 1) % table.size()]);
  return out;
}

constexpr std::u32string_view k_kanji_digits = U"〇一二三四五六七八九";

// 一 二 … 十 十一 … 二十 … 百 百一 … 千 … 一万: units 十/百/千 without a leading 一, 万 groups.
std::string kanji_group(int g, bool legal) {
  static constexpr std::u32string_view k_legal_digits = U"〇壱弐参四伍六七八九";
  const std::u32string_view digits = legal ? k_legal_digits : k_kanji_digits;
  const std::u32string_view units = legal ? U"拾百阡" : U"十百千";
  std::string out;
  const int parts[4] = {g / 1000, g / 100 % 10, g / 10 % 10, g % 10};
  for (int i = 0; i < 3; ++i) {
    if (parts[i] == 0) {
      continue;
    }
    if (parts[i] != 1 || legal) {
      str::append_utf8(out, digits[static_cast<size_t>(parts[i])]);
    }
    str::append_utf8(out, units[static_cast<size_t>(2 - i)]);
  }
  if (parts[3] != 0) {
    str::append_utf8(out, digits[static_cast<size_t>(parts[3])]);
  }
  return out;
}

std::string japanese_counting(int n, bool legal) {
  if (n <= 0) {
    return legal ? "零" : "〇";
  }
  static constexpr std::u32string_view k_big = U"万億";
  std::string out;
  const int groups[3] = {n / 100000000, n / 10000 % 10000, n % 10000};
  for (int i = 0; i < 3; ++i) {
    if (groups[i] == 0) {
      continue;
    }
    if (i < 2) {
      // 一万, 一億: the 一 is written before the large units.
      std::string g = kanji_group(groups[i], legal);
      if (groups[i] == 1 && !legal) {
        g = "一";
      } else if (groups[i] >= 1000 && groups[i] < 2000 && !legal) {
        g = "一" + g;
      }
      out += g;
      str::append_utf8(out, k_big[static_cast<size_t>(1 - i)]);
    } else {
      out += kanji_group(groups[i], legal);
    }
  }
  return out;
}

// Digit by digit: 一〇, 二〇二四; with_man inserts 万 after the ten-thousands.
std::string ideograph_digital(int n, bool with_man) {
  std::string out;
  const std::string d = std::to_string(n);
  for (size_t i = 0; i < d.size(); ++i) {
    if (d[i] < '0' || d[i] > '9') {
      continue;
    }
    str::append_utf8(out, k_kanji_digits[static_cast<size_t>(d[i] - '0')]);
    const size_t remaining = d.size() - i - 1;
    if (with_man && remaining == 4) {
      out += "万";
    }
  }
  return out;
}

std::string roman(int n, bool upper) {
  if (n <= 0 || n >= 4000) {
    return decimal(n);
  }
  static const std::array<std::pair<int, const char*>, 13> k_parts{{{1000, "M"},
                                                                    {900, "CM"},
                                                                    {500, "D"},
                                                                    {400, "CD"},
                                                                    {100, "C"},
                                                                    {90, "XC"},
                                                                    {50, "L"},
                                                                    {40, "XL"},
                                                                    {10, "X"},
                                                                    {9, "IX"},
                                                                    {5, "V"},
                                                                    {4, "IV"},
                                                                    {1, "I"}}};
  std::string out;
  for (const auto& [v, s] : k_parts) {
    while (n >= v) {
      out += s;
      n -= v;
    }
  }
  return upper ? out : str::to_lower_ascii(out);
}

// A, B, … Z, AA, BB, … (the letter repeats; not base 26).
std::string letter(int n, bool upper) {
  if (n <= 0) {
    return decimal(n);
  }
  const int idx = (n - 1) % 26;
  const int count = std::min((n - 1) / 26 + 1, 64);
  return std::string(static_cast<size_t>(count), static_cast<char>((upper ? 'A' : 'a') + idx));
}

std::string ordinal(int n) {
  const int m100 = n % 100;
  const int m10 = n % 10;
  const char* suffix = "th";
  if (m100 < 11 || m100 > 13) {
    suffix = m10 == 1 ? "st" : m10 == 2 ? "nd" : m10 == 3 ? "rd" : "th";
  }
  return decimal(n) + suffix;
}

// Enclosed numbers exist for 1..20; Word prints plain digits after that.
std::string enclosed(int n, char32_t first, int max) {
  if (n < 1 || n > max) {
    return decimal(n);
  }
  std::string out;
  str::append_utf8(out, first + static_cast<char32_t>(n - 1));
  return out;
}

// w14 custom formats: "001, 002, 003, ..." means zero-padded to three digits.
std::string custom_format(int n, std::string_view format, bool* known) {
  size_t width = 0;
  while (width < format.size() && format[width] >= '0' && format[width] <= '9') {
    ++width;
  }
  if (width == 0) {
    if (known != nullptr) {
      *known = false;
    }
    return decimal(n);
  }
  std::string d = decimal(n);
  if (d.size() < width) {
    d.insert(0, width - d.size(), '0');
  }
  return d;
}

}  // namespace

std::string format_number(int n, std::string_view fmt, std::string_view custom, bool* known) {
  if (known != nullptr) {
    *known = true;
  }
  if (fmt.empty() || fmt == "decimal" || fmt == "decimalHalfWidth" || fmt == "arabicAbjad") {
    return decimal(n);
  }
  if (fmt == "decimalFullWidth" || fmt == "decimalFullWidth2") {
    return full_width(n);
  }
  if (fmt == "decimalZero") {
    return n >= 0 && n < 10 ? "0" + decimal(n) : decimal(n);
  }
  if (fmt == "japaneseCounting" || fmt == "chineseCounting" || fmt == "chineseCountingThousand" ||
      fmt == "taiwaneseCounting" || fmt == "taiwaneseCountingThousand" || fmt == "koreanCounting") {
    return japanese_counting(n, false);
  }
  if (fmt == "japaneseLegal" || fmt == "chineseLegalSimplified") {
    return japanese_counting(n, true);
  }
  if (fmt == "ideographDigital" || fmt == "taiwaneseDigital" || fmt == "koreanDigital") {
    return ideograph_digital(n, false);
  }
  if (fmt == "japaneseDigitalTenThousand") {
    return ideograph_digital(n, true);
  }
  if (fmt == "aiueoFullWidth") {
    return cycle(n,
                 U"アイウエオカキクケコサシスセソタチツテトナニヌネノハヒフヘホマミムメモヤユヨラリ"
                 U"ルレロワヲン");
  }
  if (fmt == "aiueo") {
    return cycle(n, U"ｱｲｳｴｵｶｷｸｹｺｻｼｽｾｿﾀﾁﾂﾃﾄﾅﾆﾇﾈﾉﾊﾋﾌﾍﾎﾏﾐﾑﾒﾓﾔﾕﾖﾗﾘﾙﾚﾛﾜｦﾝ");
  }
  if (fmt == "irohaFullWidth") {
    return cycle(n,
                 U"イロハニホヘトチリヌルヲワカヨタレソツネナラムウヰノオクヤマケフコエテアサキユメ"
                 U"ミシヱヒモセス");
  }
  if (fmt == "iroha") {
    return cycle(n, U"ｲﾛﾊﾆﾎﾍﾄﾁﾘﾇﾙｦﾜｶﾖﾀﾚｿﾂﾈﾅﾗﾑｳヰﾉｵｸﾔﾏｹﾌｺｴﾃｱｻｷﾕﾒﾐｼヱﾋﾓｾｽ");
  }
  if (fmt == "decimalEnclosedCircle" || fmt == "decimalEnclosedCircleChinese") {
    return enclosed(n, U'\u2460', 20);
  }
  if (fmt == "decimalEnclosedParen") {
    return enclosed(n, U'\u2474', 20);
  }
  if (fmt == "decimalEnclosedFullstop") {
    return enclosed(n, U'\u2488', 20);
  }
  if (fmt == "ideographEnclosedCircle") {
    return enclosed(n, U'\u3280', 10);
  }
  if (fmt == "ideographTraditional") {
    return cycle(n, U"甲乙丙丁戊己庚辛壬癸");
  }
  if (fmt == "ideographZodiac") {
    return cycle(n, U"子丑寅卯辰巳午未申酉戌亥");
  }
  if (fmt == "ideographZodiacTraditional") {
    if (n <= 0) {
      return decimal(n);
    }
    return cycle((n - 1) % 10 + 1, U"甲乙丙丁戊己庚辛壬癸") +
           cycle((n - 1) % 12 + 1, U"子丑寅卯辰巳午未申酉戌亥");
  }
  if (fmt == "upperRoman") {
    return roman(n, true);
  }
  if (fmt == "lowerRoman") {
    return roman(n, false);
  }
  if (fmt == "upperLetter") {
    return letter(n, true);
  }
  if (fmt == "lowerLetter") {
    return letter(n, false);
  }
  if (fmt == "ordinal") {
    return ordinal(n);
  }
  if (fmt == "hex") {
    char buf[16];
    std::snprintf(buf, sizeof buf, "%X", static_cast<unsigned>(n));
    return buf;
  }
  if (fmt == "custom") {
    return custom_format(n, custom, known);
  }
  if (fmt == "none" || fmt == "bullet") {
    return {};
  }
  if (known != nullptr) {
    *known = false;
  }
  return decimal(n);
}

}  // namespace keiyaku::docx
