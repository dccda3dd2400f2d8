#pragma once

#include <base/expected.hpp>

#include <string>
#include <string_view>

namespace keiyaku::registry {

/// The check digit (the first of the 13 digits) for the 12 base digits of a 法人番号, by the
/// 国税庁 rule: 9 − (Σ Pn×Qn mod 9), Pn the n-th base digit counted from the lowest, Qn = 1 for
/// odd n and 2 for even n. `base12` must be 12 ASCII digits.
int corporate_number_check_digit(std::string_view base12);

/// Validates a 法人番号 and returns its 13 ASCII digits. Full-width digits, spaces and hyphens
/// are accepted and removed. A wrong length or check digit is ErrorCode::invalid_input with a
/// message that quotes the input (and, for a wrong check digit, says what it should be).
Expected<std::string> parse_corporate_number(std::string_view text);

}  // namespace keiyaku::registry
