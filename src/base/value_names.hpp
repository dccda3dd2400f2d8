#pragma once

#include "word_table.hpp"

#include <string>
#include <string_view>
#include <vector>

namespace keiyaku {

/// `text` as names compare: full-width ASCII made half-width, Latin letters lower-cased, spaces
/// (also full-width ones) dropped.
std::string fold_name(std::string_view text);

/// The value `text` stands for among `values`: a value itself in any case or in full-width
/// letters (LINE, Line, ｌｉｎｅ → line), or a name the table lists under `category` as
/// "category<TAB>name<TAB>value" (Pマーク → pmark); names compare the same way, spaces ignored.
/// `text` unchanged when it is neither. Pure function; thread-safe.
std::string canonical_value(const WordTable& names,
                            std::string_view category,
                            const std::vector<std::string>& values,
                            std::string_view text);

}  // namespace keiyaku
