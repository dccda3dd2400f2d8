#pragma once
// What the changes between two versions of a contract do to each requirement: the verdict before
// and after, the clause cited on each side, and the edit of the cited text that made the change.

#include "align.hpp"
#include "char_diff.hpp"

#include <core/verdict_change.hpp>
#include <review/review.hpp>

#include <string>
#include <vector>

namespace keiyaku::diff {

/// One side of a requirement's comparison (the verdict and the clause cited first).
using Side = core::VerdictSide;

/// How a requirement's verdict moved (core/verdict_change.hpp). diff::compare adds to the verdicts'
/// own movement: a verdict unchanged and not satisfied is a regression when an edited clause that
/// satisfied the requirement by itself no longer does, and an improvement the other way round.
using Movement = core::Movement;
using core::movement_name;

/// The edit of a clause that explains a change: the old clause and what it became.
struct Edit {
  std::string old_clause;  ///< "" when the clause was inserted
  std::string new_clause;  ///< "" when it was deleted
  std::string old_text;    ///< Clause::original on each side
  std::string new_text;
  std::vector<Piece> pieces;  ///< old_text → new_text
  int old_paragraph = -1;     ///< Block::paragraph of each side, -1 when absent
  int new_paragraph = -1;
  /// When the clause read alone decided it (the verdict of the whole held, or neither cited clause
  /// changed): the engine's verdict on the old and on the new clause by itself.
  bool alone = false;
  core::Status alone_before = core::Status::missing;
  core::Status alone_after = core::Status::missing;
  bool found() const { return !old_clause.empty() || !new_clause.empty(); }
};

/// One requirement in both versions.
struct RequirementChange {
  std::string id;
  std::string title;
  std::string severity;  ///< must | should (the profile's when one is applied)
  Side before;
  Side after;
  Movement movement = Movement::unchanged;
  /// The edit of the cited clause (either side's) whose text changed; none when neither changed
  /// (the verdict then moved for a change elsewhere: a reference, the kind of the contract).
  Edit cause;
};

/// A risk clause (RISK-*) only in one version (core/verdict_change.hpp).
using RiskChange = core::RiskChange;

/// Two versions compared.
struct Comparison {
  std::string old_path;
  std::string new_path;
  std::string old_sha256;
  std::string new_sha256;
  std::vector<std::string> old_kinds;
  std::vector<std::string> new_kinds;
  Alignment alignment;
  std::vector<core::Clause> old_clauses;
  std::vector<core::Clause> new_clauses;
  /// Regressions, improvements, applicability changes, then text changes (each must before
  /// should, then catalog order); unchanged ones last.
  std::vector<RequirementChange> requirements;
  std::vector<RiskChange> risks;  ///< added first, then removed
  /// True when a requirement got worse or a risk clause was added: `keiyaku diff` exits 1.
  bool worse() const;
  int count(Movement movement) const;
};

/// Compares two reviews of versions of one contract (both reviewed with the same options by
/// `engine`). Every edited clause is also judged alone (review::judge_clause) on both sides, so that
/// an edit that takes away what met a requirement is found even when another clause already kept
/// the verdict down.
Comparison compare(const review::Engine& engine, const review::ReviewResult& before,
                   const review::ReviewResult& after);

/// A tracked change of a DOCX that lowers verdicts: `scan --revisions` reviews the file as if every
/// revision were rejected and as if every one were accepted, and names the revisions of the clause
/// whose edit lowered each verdict.
struct RevisionEffect {
  std::string clause;                 ///< the clause as the accepted view cites it (or the rejected one when deleted)
  int source_paragraph = -1;          ///< its w:p (core::Block::source_paragraph), -1 when unknown
  std::vector<std::string> authors;   ///< of the revisions in that paragraph
  std::vector<std::string> dates;     ///< their dates (YYYY-MM-DD), in the same order, "" when not given
  std::string deleted;                ///< what the revisions took out of the clause
  std::string inserted;               ///< what they put in
  std::vector<const RequirementChange*> lowered;  ///< into Comparison::requirements
};

/// The revisions that lowered a verdict, from the comparison of the rejected view (`before`) with
/// the accepted view (`after`) of one DOCX; `after_document` carries Revisions::marks. One effect
/// per changed clause, in the order of the requirements they lowered.
std::vector<RevisionEffect> revision_effects(const Comparison& comparison, const core::Document& before_document,
                                             const core::Document& after_document);

}  // namespace keiyaku::diff
