#include "report_data.hpp"

#include "versions.hpp"

#include <base/i18n.hpp>
#include <registry/dates.hpp>
#include <registry/model.hpp>

#include <algorithm>
#include <set>

namespace keiyaku::batch {

report::ContractReport contract_report(const registry::ContractReview& c) {
  report::ContractReport r;
  const registry::ReviewRecord& rv = c.review;
  r.path = c.path;
  r.title = c.facts.title;
  r.sha256 = rv.sha256;
  r.reviewed_at = rv.reviewed_at;
  r.failed = rv.failed;
  r.error = rv.error;
  r.vendor = !c.vendor.empty() ? c.vendor : c.facts.vendor_name;
  if (c.vendor_status) {
    r.vendor_status = registry::label(c.vendor_status->status);
    r.vendor_status_reason = c.vendor_status->reason;
  } else {
    r.vendor_status = tr("台帳に未登録", "not in the registry");
  }
  r.kinds = rv.kinds;
  r.tier = rv.tier;
  r.body_term = c.facts.body_term;
  r.vendor_term = c.facts.vendor_term;
  r.clauses = rv.clauses;
  r.characters = rv.characters;
  r.revisions = rv.revisions;
  r.comments = rv.comments;
  r.summary.must = rv.counts.must;
  r.summary.satisfied = rv.counts.satisfied;
  r.summary.weak = rv.counts.weak;
  r.summary.contradicted = rv.counts.contradicted;
  r.summary.missing = rv.counts.missing;
  r.summary.not_applicable = rv.counts.not_applicable;
  for (const registry::StoredFinding& f : rv.findings) {
    report::Verdict v;
    v.requirement = {f.requirement_id, f.family, f.title, f.severity};
    if (!core::parse_status(f.status, v.status)) {
      v.status = core::Status::missing;
    }
    v.reason = f.reason;
    v.suggestion = f.suggestion;
    v.basis = f.basis;
    for (const registry::StoredEvidence& e : f.evidence) {
      v.evidence.push_back({e.clause, e.text, e.paragraph});
    }
    r.verdicts.push_back(std::move(v));
  }
  for (const registry::StoredRisk& k : rv.risks) {
    core::RiskFinding f;
    f.id = k.risk_id;
    f.evidence = {k.evidence.clause, k.evidence.text, k.evidence.paragraph};
    f.message = k.message;
    r.risks.push_back(std::move(f));
  }
  for (const registry::StoredFileRisk& k : rv.file_risks) {
    r.file_risks.push_back({k.risk_id, k.severity, k.message, k.detail});
  }
  return r;
}

core::Waived waived_by(const registry::Waiver& waiver, const std::string& sha256) {
  return core::Waived{waiver.reason, waiver.approver, registry::to_iso(waiver.until),
                      !waiver.sha256.empty() && waiver.sha256 != sha256};
}

void keep_waiver(std::optional<core::Waived>& shown, core::Waived candidate) {
  // One granted on this very text wins over one granted on an earlier version; then the later date.
  if (!shown || (shown->text_changed && !candidate.text_changed) ||
      (shown->text_changed == candidate.text_changed && shown->until < candidate.until)) {
    shown = std::move(candidate);
  }
}

void mark_waived(report::ContractReport& contract, const std::vector<registry::Waiver>& waivers) {
  for (const registry::Waiver& w : waivers) {
    for (report::Verdict& v : contract.verdicts) {
      if (v.requirement.id != w.requirement_id || v.status == core::Status::not_applicable) {
        continue;
      }
      keep_waiver(v.waived, waived_by(w, contract.sha256));
    }
  }
}

RegistrySource::RegistrySource(registry::Registry& registry, const std::vector<int64_t>* only)
    : m_registry(registry), m_generated_at(registry.clock().timestamp) {
  if (only != nullptr) {
    m_only.emplace(only->begin(), only->end());
  }
}

Status RegistrySource::for_each(const std::function<Status(const report::ContractReport&)>& visit) {
  registry::ReviewStore store(m_registry);
  return store.each_latest([&](registry::ContractReview& c) -> Status {
    if (m_only && m_only->count(c.contract_id) == 0) {
      return {};
    }
    report::ContractReport r = contract_report(c);
    if (!c.review.failed && c.review.supersedes) {
      // A new version: what it lost against the review of the version before.
      auto before = store.review(*c.review.supersedes);
      if (!before) {
        return before.error();
      }
      if (*before) {
        r.previous_version = compare_versions(**before, c.review);
      }
    }
    if (!c.review.failed && !c.review.sha256.empty()) {
      // Waivers (例外承認) are shown until their date, as of the registry's today.
      auto waivers = m_registry.active_waivers(
          registry::ContractRef{c.contract_id, c.review.sha256}, m_registry.clock().today);
      if (!waivers) {
        return waivers.error();
      }
      mark_waived(r, *waivers);
    }
    return visit(r);
  });
}

Expected<report::Book> report_header(registry::Registry& registry) {
  report::Book book;
  book.generated_at = registry.clock().timestamp;
  book.print.date = registry::to_iso(registry.clock().today);
  book.print.reviewer = registry.by();
  auto head = registry.head();
  if (!head) {
    return head.error();
  }
  book.anchor = registry::format_anchor(*head);
  return book;
}

Expected<report::Book> load_report(registry::Registry& registry, const std::vector<int64_t>* only) {
  RegistrySource source(registry, only);
  report::Book book;
  if (Status st = source.for_each([&](const report::ContractReport& c) {
        book.contracts.push_back(c);
        for (const report::Verdict& v : c.verdicts) {
          book.columns.push_back(v.requirement);
        }
        return Status{};
      });
      !st) {
    return st.error();
  }
  report::sort_columns(book.columns);
  // Read after the reviews: whatever the report shows is covered by the anchor it prints.
  auto header = report_header(registry);
  if (!header) {
    return header.error();
  }
  header->contracts = std::move(book.contracts);
  header->columns = std::move(book.columns);
  return std::move(*header);
}

}  // namespace keiyaku::batch
