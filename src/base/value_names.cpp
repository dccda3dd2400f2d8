#include "value_names.hpp"

#include "strings.hpp"

namespace keiyaku {

std::string fold_name(std::string_view text) {
  std::string out;
  size_t i = 0;
  while (i < text.size()) {
    char32_t cp = str::next_cp(text, i);
    if (cp >= U'\uFF01' && cp <= U'\uFF5E') {
      cp = cp - U'\uFF01' + U'!';
    }
    if (cp == U' ' || cp == U'\u3000') {
      continue;
    }
    if (cp >= U'A' && cp <= U'Z') {
      cp = cp - U'A' + U'a';
    }
    str::append_utf8(out, cp);
  }
  return out;
}

std::string canonical_value(const WordTable& names,
                            std::string_view category,
                            const std::vector<std::string>& values,
                            std::string_view text) {
  const std::string key = fold_name(text);
  for (const std::string& v : values) {
    if (fold_name(v) == key) {
      return v;
    }
  }
  const auto& from = names.list(category);
  const auto& to = names.values(category);
  for (size_t i = 0; i < from.size(); ++i) {
    if (fold_name(from[i]) == key) {
      return to[i];
    }
  }
  return std::string(text);
}

}  // namespace keiyaku
