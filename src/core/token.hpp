#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace keiyaku::core {

/// Coarse part of speech, independent of the dictionary's tag set.
enum class Pos : uint8_t { noun, verb, adjective, adverb, particle, auxiliary, prefix, suffix, symbol, other };

/// One morpheme. Offsets are bytes into the text that was tokenised. The dictionary's own columns
/// (pos_detail, reading, conjugation) point into the dictionary: they are valid while the
/// tokenizer that made the token lives.
struct Token {
  uint32_t begin = 0;
  uint32_t end = 0;
  std::string surface;
  std::string lemma;        ///< base form (surface when the dictionary has none)
  std::string_view pos_detail;  ///< the dictionary's own POS columns joined by ','
  Pos pos = Pos::other;
  bool unknown = false;     ///< not in the dictionary (MeCab guessed it from the character class)
  std::string_view reading;      ///< katakana reading; empty when the dictionary has none (unknown words)
  std::string_view conjugation;  ///< conjugated form (活用形: 未然形, 連用形, 基本形 …); empty if none
};

/// The seam between the pipeline and MeCab: segment/match take tokens, never a tokenizer.
class Tokenizer {
 public:
  virtual ~Tokenizer() = default;
  /// Tokenises one sentence or paragraph of normalised UTF-8. Thread-safe.
  virtual std::vector<Token> tokenize(std::string_view text) const = 0;
  /// "ipadic-utf8 (/var/lib/mecab/dic/ipadic-utf8)" or similar.
  virtual std::string describe() const = 0;
};

}  // namespace keiyaku::core
