#pragma once
// Which clause of one version of a contract is which clause of the other: articles (units) matched
// by their text and number, so that a renumbered or moved article is still the same article, and
// within matched articles their paragraphs and items.

#include <core/clause.hpp>
#include <core/similarity.hpp>

#include <string>
#include <vector>

namespace keiyaku::diff {

/// One article or 仕様書 item (the clauses of one Clause::unit but its 見出し lines), or the text
/// before the first one.
struct Unit {
  std::string ref;        ///< Clause::unit_ref of its clauses ("" before the first article)
  std::string heading;    ///< its 見出し
  std::string text;       ///< its clauses' normalised text, joined
  std::vector<int> clauses;  ///< indices into the clause vector, in order
};

/// How an article of the old version became one of the new version.
enum class UnitChange {
  same,        ///< the same number and text
  modified,    ///< the same article, its text changed
  inserted,    ///< only in the new version
  deleted,     ///< only in the old version
  split,       ///< the old article's text is now in two or more articles
  merged,      ///< two or more old articles are now one
};
const char* unit_change_name(UnitChange change);

/// One line of the alignment.
struct UnitPair {
  int old_unit = -1;  ///< index into Alignment::old_units, -1 when inserted
  int new_unit = -1;  ///< index into Alignment::new_units, -1 when deleted
  UnitChange change = UnitChange::same;
  bool renumbered = false;  ///< cited under another number (第6条 → 第7条)
  bool moved = false;       ///< out of its place in the order of the others
  double similarity = 1;    ///< of the texts, 0 to 1
  /// split: the other new articles the old one's text went to; merged: the other old articles.
  std::vector<int> others;
};

/// The alignment of two versions.
struct Alignment {
  std::vector<Unit> old_units;
  std::vector<Unit> new_units;
  std::vector<UnitPair> pairs;  ///< in the new version's order, deleted ones after their predecessor
  std::vector<int> old_to_new_clause;  ///< by old clause index: the new clause it became, or -1
  std::vector<int> new_to_old_clause;  ///< by new clause index: the old clause it was, or -1
};

/// Aligns the clauses of two versions (as review::clauses_of gives them). Thread-safe.
Alignment align(const std::vector<core::Clause>& old_clauses, const std::vector<core::Clause>& new_clauses);

/// How alike two texts are: the Dice coefficient of their character bigrams (spaces ignored), 0 to
/// 1 (core/similarity.hpp).
using core::similarity;

}  // namespace keiyaku::diff
