#pragma once

#include <base/expected.hpp>
#include <registry/registry.hpp>
#include <registry/reviews.hpp>
#include <report/report.hpp>

#include <cstdint>
#include <functional>
#include <optional>
#include <set>
#include <string>
#include <vector>

namespace keiyaku::batch {

/// A stored review as the report writers take it, with the vendor's verification status.
report::ContractReport contract_report(const registry::ContractReview& review);

/// How a waiver shows on a contract whose text read now has the SHA-256 `sha256`.
core::Waived waived_by(const registry::Waiver& waiver, const std::string& sha256);

/// Puts `candidate` in `shown` when it is the waiver to show: one granted on the text read now
/// before one granted on an earlier version, then the one that lasts longer.
void keep_waiver(std::optional<core::Waived>& shown, core::Waived candidate);

/// Marks the verdicts that unexpired waivers (例外承認) cover, and whether each was granted on
/// another text than `contract.sha256`; the verdict itself stays.
void mark_waived(report::ContractReport& contract, const std::vector<registry::Waiver>& waivers);

/// The latest review of every contract in the registry (or only of `only`, when given) as one
/// report, in path order, stamped with the registry's clock, with the waivers active today.
Expected<report::Book> load_report(registry::Registry& registry, const std::vector<int64_t>* only);

/// What a report of the registry shows above its contracts: the registry's clock, who made it and
/// the history head (docs/registry.md), in a Book with no contracts (report::write_report()'s header).
Expected<report::Book> report_header(registry::Registry& registry);

/// The same contracts read from the registry one at a time, each time the report asks (a report
/// of any size in bounded memory), each new version with what it lost against the review it
/// superseded (ContractReport::previous_version). `registry` and `only` must outlive the source.
class RegistrySource final : public report::ContractSource {
 public:
  RegistrySource(registry::Registry& registry, const std::vector<int64_t>* only);
  Status for_each(const std::function<Status(const report::ContractReport&)>& visit) override;
  /// The registry's clock, as the report shows it.
  const std::string& generated_at() const { return m_generated_at; }

 private:
  registry::Registry& m_registry;
  std::optional<std::set<int64_t>> m_only;
  std::string m_generated_at;
};

}  // namespace keiyaku::batch
