#pragma once

#include <base/expected.hpp>
#include <registry/registry.hpp>
#include <registry/reviews.hpp>
#include <report/report.hpp>

#include <cstdint>
#include <vector>

namespace keiyaku::batch {

/// A stored review as the report writers take it, with the vendor's verification status.
report::ContractReport contract_report(const registry::ContractReview& review);

/// Marks the verdicts that unexpired waivers (例外承認) cover; the verdict itself stays.
void mark_waived(report::ContractReport& contract, const std::vector<registry::Waiver>& waivers);

/// The latest review of every contract in the registry (or only of `only`, when given) as one
/// report, in path order, stamped with the registry's clock, with the waivers active today.
Expected<report::Book> load_report(registry::Registry& registry, const std::vector<int64_t>* only);

}  // namespace keiyaku::batch
