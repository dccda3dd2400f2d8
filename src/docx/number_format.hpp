#pragma once
// Word's list number formats (ST_NumberFormat), including the Japanese ones. Internal to docx/.

#include <string>
#include <string_view>

namespace keiyaku::docx {

/// Formats n (>= 0) as Word does for w:numFmt=fmt. custom is w:format of a w14 custom format
/// ("001, 002, 003, ..."). Unknown formats fall back to decimal and set *known to false.
std::string format_number(int n,
                          std::string_view fmt,
                          std::string_view custom = {},
                          bool* known = nullptr);

}  // namespace keiyaku::docx
