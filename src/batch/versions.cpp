#include "versions.hpp"

#include <algorithm>
#include <cstdint>
#include <filesystem>

namespace keiyaku::batch {

std::vector<core::Finding> findings_of(const std::vector<registry::StoredFinding>& stored) {
  std::vector<core::Finding> out;
  out.reserve(stored.size());
  for (const registry::StoredFinding& s : stored) {
    core::Finding f;
    f.id = s.requirement_id;
    if (!core::parse_status(s.status, f.status)) {
      f.status = core::Status::missing;
    }
    for (const registry::StoredEvidence& e : s.evidence) {
      f.evidence.push_back({e.clause, e.text, e.paragraph});
    }
    out.push_back(std::move(f));
  }
  return out;
}

std::vector<core::RiskFinding> risks_of(const std::vector<registry::StoredRisk>& stored) {
  std::vector<core::RiskFinding> out;
  out.reserve(stored.size());
  for (const registry::StoredRisk& s : stored) {
    out.push_back(
        {s.risk_id, {s.evidence.clause, s.evidence.text, s.evidence.paragraph}, s.message});
  }
  return out;
}

report::PreviousVersion compare_versions(const registry::ReviewRecord& before,
                                         const registry::ReviewRecord& after) {
  report::PreviousVersion out;
  out.review_id = before.id;
  out.path = before.path;
  out.sha256 = before.sha256;
  out.reviewed_at = before.reviewed_at;
  for (core::VerdictChange& c :
       core::compare_verdicts(findings_of(before.findings), findings_of(after.findings))) {
    if (c.movement != core::Movement::regression) {
      continue;
    }
    // The requirement as the new review has it, or as the old one had it when it is gone.
    const registry::StoredFinding& f = c.pair.after >= 0
                                           ? after.findings[static_cast<size_t>(c.pair.after)]
                                           : before.findings[static_cast<size_t>(c.pair.before)];
    out.regressions.push_back(
        {c.pair.id, f.title, f.severity, std::move(c.before), std::move(c.after)});
  }
  std::stable_sort(out.regressions.begin(), out.regressions.end(),
                   [](const report::VersionRegression& a, const report::VersionRegression& b) {
                     return core::listed_before(core::Movement::regression, a.severity == "must",
                                                core::Movement::regression, b.severity == "must");
                   });
  // Without the documents (the old file may be gone), a risk stays where its clause is cited
  // under the same number; one renumbered is kept by its sentence.
  out.risks = core::compare_risks(risks_of(before.risks), risks_of(after.risks),
                                  [](const core::RiskFinding& o, const core::RiskFinding& n) {
                                    return !o.evidence.clause.empty() &&
                                           o.evidence.clause == n.evidence.clause;
                                  });
  return out;
}

bool similar_length(int characters, int other_characters) {
  const int64_t a = characters;
  const int64_t b = other_characters;
  return a > 0 && b > 0 && a <= 2 * b && b <= 2 * a;
}

bool same_folder(const std::string& path, const std::string& other) {
  return std::filesystem::path(path).parent_path() == std::filesystem::path(other).parent_path();
}

bool same_title_and_vendor(const registry::KnownContract& known,
                           const registry::ContractFacts& facts) {
  if (known.title.empty() || known.title != facts.title) {
    return false;
  }
  if (known.vendor_id && facts.vendor_id) {
    return *known.vendor_id == *facts.vendor_id;
  }
  return !known.vendor_name.empty() && known.vendor_name == facts.vendor_name;
}

}  // namespace keiyaku::batch
