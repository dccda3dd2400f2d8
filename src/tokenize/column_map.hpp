#pragma once

// The feature-column map of a MeCab dictionary (dictionaries/ipadic.map), internal to tokenize/.

#include <base/expected.hpp>
#include <core/token.hpp>

#include <array>
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace keiyaku::tokenize::detail {

/// Which CSV column of a MeCab feature string holds what.
struct ColumnMap {
  std::string name;          ///< "ipadic"
  size_t columns = 0;        ///< columns of a known word
  size_t pos_first = 0;      ///< POS columns [pos_first, pos_last]
  size_t pos_last = 0;
  int conjugation = -1;      ///< -1: the dictionary has none
  int lemma = -1;
  int reading = -1;
  /// Coarse POS by leading POS columns; the first rule whose columns all match wins.
  struct CoarseRule {
    std::vector<std::string> columns;
    core::Pos pos = core::Pos::other;
  };
  std::vector<CoarseRule> coarse;

  /// The coarse POS of a token whose POS columns are pos[0..count).
  core::Pos coarse_pos(const std::string_view* pos, size_t count) const;
};

/// Parses a map file ("key = value" lines, '#' comments). Errors carry file:line.
Expected<ColumnMap> parse_column_map(std::string_view text, std::string_view name);

/// The IPAdic map compiled into the binary from dictionaries/ipadic.map.
const ColumnMap& ipadic_column_map();

/// Splits a MeCab feature string into at most `max` columns. Handles double-quoted columns
/// (a column that holds a comma is written "…"), as MeCab's own CSV reader does.
size_t split_feature(std::string_view feature, std::string_view* out, size_t max);

/// The same for a NUL-terminated feature, reading no further than the columns it returns (one
/// pass, no strlen first).
size_t split_feature(const char* feature, std::string_view* out, size_t max);

/// The columns a token needs: every column the map names, and no more.
inline size_t needed_columns(const ColumnMap& map) {
  int last = static_cast<int>(map.pos_last);
  for (const int c : {map.lemma, map.reading, map.conjugation}) {
    last = c > last ? c : last;
  }
  return static_cast<size_t>(last) + 1;
}

}  // namespace keiyaku::tokenize::detail
