#pragma once

// New versions of contracts the registry holds: which contract a file is a new version of, and
// what the new version lost against the review it supersedes (verdicts compared by
// core::compare_verdicts and risk clauses by core::compare_risks, the comparison `keiyaku diff`
// builds on).

#include <registry/reviews.hpp>
#include <report/report.hpp>

#include <string>
#include <vector>

namespace keiyaku::batch {

/// The stored verdicts as findings (id, status, evidence), for core::compare_verdicts.
std::vector<core::Finding> findings_of(const std::vector<registry::StoredFinding>& stored);

/// The stored risk clauses as findings (id, evidence, message), for core::compare_risks.
std::vector<core::RiskFinding> risks_of(const std::vector<registry::StoredRisk>& stored);

/// The requirements whose verdict got worse from `before` to `after` (two stored reviews of
/// versions of one contract), must before should, then catalog order, and the risk clauses found
/// in one review only (the same risk in the same clause, or with much the same sentence, is
/// kept), with the superseded review's file: what the batch and its reports show.
report::PreviousVersion compare_versions(const registry::ReviewRecord& before,
                                         const registry::ReviewRecord& after);

/// True when two documents are near enough in length to be versions of one contract: the longer at
/// most twice the shorter (an edited draft, not another contract under the same title).
bool similar_length(int characters, int other_characters);

/// True when `path` and `other` name files in the same folder.
bool same_folder(const std::string& path, const std::string& other);

/// True when a contract the registry holds and a file just reviewed are versions of one contract
/// by what they say of themselves: the same title (not empty) and the same vendor (the same
/// registered vendor when both are linked to one, else the same name as written, not empty).
bool same_title_and_vendor(const registry::KnownContract& known,
                           const registry::ContractFacts& facts);

}  // namespace keiyaku::batch
