#pragma once

// The orthographic variant table (dictionaries/variants.tsv), internal to text/.

#include "chars.hpp"

#include <base/expected.hpp>

#include <bitset>
#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace keiyaku::text::detail {

/// One row of variants.tsv.
struct Variant {
  std::string variant;
  std::string canonical;
  int line = 0;  ///< 1-based line in the TSV
  /// The canonical form, with the text around it, may start another variant of the table
  /// (ただし + 書き, セキュリティ + ・ポリシー): another pass is needed after replacing this one.
  bool may_chain = false;
};

/// Parses the TSV: "variant<TAB>canonical" rows, '#' comments and blank lines. Errors name the
/// line ("variants.tsv:12: expected two columns separated by one tab").
Expected<std::vector<Variant>> parse_variants(std::string_view tsv, std::string_view name);

/// Leftmost-longest lookup over a set of variants.
class VariantTable {
 public:
  /// Builds the table; the strings must already be in the form the text has when it is matched.
  explicit VariantTable(std::vector<Variant> rows);
  VariantTable(const VariantTable&) = delete;
  VariantTable& operator=(const VariantTable&) = delete;

  /// The longest variant that starts at text[pos], or nullptr. `first` is the code point there,
  /// `first_len` its length in bytes.
  const Variant* match(std::string_view text, size_t pos, char32_t first, size_t first_len) const {
    if (first < k_bmp && !m_first[first]) {
      return nullptr;
    }
    if (first < k_bmp && !m_single[first]) {
      // Cheap rejection on the first two code points: most text starts no variant.
      const size_t next = pos + first_len;
      if (next >= text.size()) {
        return nullptr;
      }
      size_t len = 0;
      if (!m_pair[pair_hash(first, decode(text, next, len))]) {
        return nullptr;
      }
    }
    return match_slow(text, pos, first);
  }

  const std::vector<Variant>& rows() const { return m_rows; }

 private:
  static constexpr char32_t k_bmp = 0x10000;
  static size_t pair_hash(char32_t a, char32_t b) { return (a * 31U + b) & 0xFFFFU; }
  const Variant* match_slow(std::string_view text, size_t pos, char32_t first) const;

  std::vector<Variant> m_rows;
  std::bitset<k_bmp> m_first;   ///< first code points of variants
  std::bitset<k_bmp> m_single;  ///< first code points of one-character variants
  std::bitset<k_bmp> m_pair;    ///< hashes of the first two code points
  /// Rows by first code point, longest variant first.
  std::unordered_map<char32_t, std::vector<const Variant*>> m_by_first;
};

/// The table compiled into the binary from dictionaries/variants.tsv, normalised through NFKC and
/// the cleaning passes. Built once, thread-safe.
const VariantTable& builtin_variants();

}  // namespace keiyaku::text::detail
