#include "kanji.hpp"

#include "strings.hpp"

#include <algorithm>
#include <vector>

namespace keiyaku::str {

int kanji_numeral(char32_t c) {
  switch (c) {
    case U'〇':
    case U'零':
      return 0;
    case U'一':
    case U'壱':
      return 1;
    case U'二':
    case U'弐':
      return 2;
    case U'三':
    case U'参':
      return 3;
    case U'四':
      return 4;
    case U'五':
      return 5;
    case U'六':
      return 6;
    case U'七':
      return 7;
    case U'八':
      return 8;
    case U'九':
      return 9;
    case U'十':
    case U'拾':
      return 10;
    case U'百':
      return 100;
    case U'千':
      return 1000;
    case U'万':
      return 10000;
    default:
      return -1;
  }
}

int64_t parse_kanji_number(std::string_view s) {
  constexpr int64_t k_max = 99'999'999;
  constexpr int k_man = 10'000;
  std::vector<int> values;
  for (size_t i = 0; i < s.size();) {
    const int v = kanji_numeral(next_cp(s, i));
    if (v < 0 || values.size() >= 16) {
      return -1;
    }
    values.push_back(v);
  }
  if (values.empty()) {
    return -1;
  }
  if (std::all_of(values.begin(), values.end(), [](int v) { return v < 10; })) {
    if (values.size() > 8) {
      return -1;
    }
    int64_t value = 0;
    for (const int v : values) {
      value = value * 10 + v;  // positional: 二〇二六
    }
    return value;
  }
  int64_t total = 0;
  int64_t section = 0;
  int digit = -1;
  int last_multiplier = k_man;
  bool seen_man = false;
  for (const int v : values) {
    if (v == k_man) {
      section += digit < 0 ? 0 : digit;
      if (seen_man || section == 0) {
        return -1;
      }
      total = section * k_man;
      section = 0;
      digit = -1;
      last_multiplier = k_man;
      seen_man = true;
      continue;
    }
    if (v < 10) {
      if (digit >= 0) {
        return -1;  // two digits in a row: 二三十
      }
      digit = v;
      continue;
    }
    if (v >= last_multiplier || digit == 0) {
      return -1;  // 十百, 〇十
    }
    section += static_cast<int64_t>(digit < 0 ? 1 : digit) * v;
    digit = -1;
    last_multiplier = v;
  }
  section += digit < 0 ? 0 : digit;
  total += section;
  return total > k_max ? -1 : total;
}

}  // namespace keiyaku::str
