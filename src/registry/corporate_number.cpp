#include "corporate_number.hpp"

#include <base/i18n.hpp>
#include <base/strings.hpp>

namespace keiyaku::registry {

int corporate_number_check_digit(std::string_view base12) {
  int sum = 0;
  for (size_t n = 1; n <= 12; ++n) {
    const int p = base12[12 - n] - '0';
    sum += p * (n % 2 == 1 ? 1 : 2);
  }
  return 9 - sum % 9;
}

Expected<std::string> parse_corporate_number(std::string_view text) {
  std::string digits;
  size_t i = 0;
  bool other = false;
  while (i < text.size()) {
    const char32_t cp = str::next_cp(text, i);
    if (cp >= U'0' && cp <= U'9') {
      digits += static_cast<char>(cp);
    } else if (cp >= U'\uFF10' && cp <= U'\uFF19') {
      digits += static_cast<char>('0' + (cp - U'\uFF10'));
    } else if (cp == U' ' || cp == U'-' || cp == U'\u3000' || cp == U'\uFF0D' || cp == U'\u2212') {
      continue;
    } else {
      other = true;
    }
  }
  if (other || digits.size() != 13) {
    return Error(ErrorCode::invalid_input, tr("法人番号は13桁の数字です: '",
                                              "a corporate number (法人番号) has 13 digits: '") +
                                               std::string(text) + "'");
  }
  const int expected = corporate_number_check_digit(std::string_view(digits).substr(1));
  if (digits[0] - '0' != expected) {
    return Error(ErrorCode::invalid_input,
                 tr("法人番号のチェックデジットが違います: '", "wrong check digit in 法人番号 '") +
                     std::string(text) + tr("'（先頭の桁は ", "' (the first digit should be ") +
                     std::to_string(expected) + tr(" のはずです）", ")"));
  }
  return digits;
}

}  // namespace keiyaku::registry
