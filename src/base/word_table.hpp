#pragma once

#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace keiyaku {

/// Named lists of words read from a data file of "category<TAB>word" rows, or
/// "category<TAB>word<TAB>value" where a word carries a value (blank lines and lines starting with
/// '#' are ignored), as the tables embedded from dictionaries/ are written. Built once per process
/// from embedded text; read-only and thread-safe afterwards.
class WordTable {
 public:
  /// Parses `tsv`; a malformed row or a list asked for but absent is a bug in the data shipped with
  /// the binary and throws std::logic_error naming `name` and the line.
  WordTable(std::string_view name, std::string_view tsv);

  /// The words of one category, in file order.
  const std::vector<std::string>& list(std::string_view category) const;
  /// The values of the category's words (the third column; "" where a row has none), in file order.
  const std::vector<std::string>& values(std::string_view category) const;
  /// Whether `word` is one of the category's words.
  bool is(std::string_view category, std::string_view word) const;
  /// The first word of the category that occurs in `text`, or "" when none does.
  std::string_view find_in(std::string_view category, std::string_view text) const;

 private:
  std::string m_name;
  std::map<std::string, std::vector<std::string>, std::less<>> m_lists;
  std::map<std::string, std::vector<std::string>, std::less<>> m_values;
};

}  // namespace keiyaku
