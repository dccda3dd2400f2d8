#pragma once
// How a requirement's verdict moved between two reviews of versions of one contract: the order of
// verdicts, the movement of one requirement, the two reviews' findings paired by requirement, and
// the risk clauses found in one review only. `keiyaku diff` builds on it (adding the edit of a
// clause that caused each move) and so does `keiyaku batch` (comparing a new version with the
// stored review it supersedes, verdicts and risk clauses only).

#include <core/rule.hpp>

#include <functional>
#include <string>
#include <vector>

namespace keiyaku::core {

/// One side of a requirement's comparison: its verdict and the clause it cites first.
struct VerdictSide {
  Status status = Status::not_applicable;
  std::string clause;  ///< the clause cited first ("" when none)
  std::string text;    ///< its sentence as the document writes it
  int paragraph = -1;
};

/// The side a finding gives; not applicable and no clause when `finding` is null (the requirement
/// was not checked in that version).
VerdictSide verdict_side(const Finding* finding);

/// How a requirement's verdict moved. Lower status ranks are worse: contradicted < missing < weak
/// < satisfied; not applicable has no rank.
enum class Movement {
  /// worse, or newly applicable and not satisfied (`keiyaku diff` also: the verdict unchanged and
  /// not satisfied, and a clause that satisfied it by itself no longer does)
  regression,
  improvement,    ///< better (`keiyaku diff` also: an edited clause satisfies it by itself now)
  applicability,  ///< applies now (satisfied) or no longer
  text_changed,   ///< the same verdict, the cited text changed
  unchanged,
};
const char* movement_name(Movement movement);

/// 0 contradicted, 1 missing, 2 weak, 3 satisfied; -1 not applicable.
int verdict_rank(Status status);

/// The movement from `before` to `after`; `text_changed` tells an unchanged verdict whose cited
/// text changed from one whose text did not.
Movement movement_of(Status before, Status after, bool text_changed);

/// The order changes are listed in: regressions, improvements, applicability changes, text
/// changes, unchanged; must-requirements before should-requirements within each.
bool listed_before(Movement a, bool a_must, Movement b, bool b_must);

/// One requirement in two reviews: the index of its finding in each (-1 when it is in one only).
struct FindingPair {
  std::string id;
  int before = -1;
  int after = -1;
};

/// The findings of two reviews paired by requirement id, in catalog order: the new review's
/// findings, then the ones only the old review had.
std::vector<FindingPair> pair_findings(const std::vector<Finding>& before,
                                       const std::vector<Finding>& after);

/// One requirement compared by its verdicts.
struct VerdictChange {
  FindingPair pair;
  VerdictSide before;
  VerdictSide after;
  Movement movement = Movement::unchanged;
};

/// Two reviews compared by their verdicts alone (no documents): every requirement of either, in
/// pair_findings() order, the cited text counted as changed when the first evidence's sentence
/// differs. Callers that have both documents refine this (diff::compare).
std::vector<VerdictChange> compare_verdicts(const std::vector<Finding>& before,
                                            const std::vector<Finding>& after);

/// A risk clause (RISK-*) found in one of two reviews only.
struct RiskChange {
  std::string id;
  bool added = true;  ///< false: removed
  Evidence evidence;  ///< where the review that has it found it
  std::string message;
};

/// Tells whether a risk found in the old review and the same risk found in the new one are at
/// the same place of the contract.
using SamePlace = std::function<bool(const RiskFinding& before, const RiskFinding& after)>;

/// The text similarity (similarity.hpp) above which two findings of one risk are the same clause
/// wherever they stand.
inline constexpr double k_same_risk_text = 0.6;

/// The risk clauses of two reviews found in one only. A risk of the old review is kept when the
/// new review has the same risk, not kept already, at the same place (`same_place`) or with a
/// sentence much alike (k_same_risk_text). Added ones first in the new review's order, then
/// removed ones in the old review's.
std::vector<RiskChange> compare_risks(const std::vector<RiskFinding>& before,
                                      const std::vector<RiskFinding>& after,
                                      const SamePlace& same_place);

}  // namespace keiyaku::core
