#pragma once

#include <core/token.hpp>

#include <string>
#include <vector>

namespace keiyaku::core {

/// Who a sentence binds or entitles, resolved from the contract's own party names.
enum class Actor { unknown, body, vendor, subcontractor, both };
const char* actor_name(Actor actor);

/// One block of the document placed in the contract's structure.
struct Clause {
  std::string ref;          ///< as users cite it: 第9条第2項, 特記事項第4条(2), 5.(2)
  std::string unit_ref;     ///< the article or 仕様書 item it belongs to: 第9条, 特記事項第4条, 5.(2)
  std::string heading;      ///< the unit's 見出し (normalised), e.g. 再委託の禁止
  std::string annex;        ///< "" in the main contract; else the annex title (情報セキュリティ特記事項)
  int unit = -1;            ///< index of the unit (article / item); clauses of one unit share it
  int paragraph = 0;        ///< Block::paragraph of the source block
  std::string text;         ///< normalised text of the block, without its number
  std::vector<uint32_t> to_original;  ///< byte map from text into original (size text.size()+1)
  std::string original;     ///< the block's text as the document shows it
  bool is_heading = false;  ///< a title/見出し line, not a provision
};

/// A sentence of a clause, with its tokens.
struct Sentence {
  int clause = 0;             ///< index into the clause vector
  uint32_t begin = 0;         ///< byte range in Clause::text
  uint32_t end = 0;
  std::string text;           ///< normalised sentence text
};

}  // namespace keiyaku::core
