#include "report.hpp"

#include <core/rule.hpp>

#include <nlohmann/json.hpp>

namespace keiyaku::report {

namespace {

using ordered = nlohmann::ordered_json;

ordered basis_json(const review::Basis& b) {
  return {{"clause", b.clause},
          {"title", b.title},
          {"word", b.word},
          {"text", b.text},
          {"paragraph", b.paragraph}};
}

ordered to_json(const review::ReviewResult& r) {
  ordered j;
  j["format_version"] = 1;
  j["file"] = r.document.path;
  j["sha256"] = r.document.sha256;
  j["kinds"] = r.kinds;
  j["tier"] = r.tier.empty() ? ordered(nullptr) : ordered(r.tier);
  j["profile"] = r.profile.empty() ? ordered(nullptr) : ordered(r.profile);
  j["parties"] = {{"body", r.parties.body_term.empty() ? ordered(nullptr) : ordered(r.parties.body_term)},
                  {"vendor", r.parties.vendor_term.empty() ? ordered(nullptr) : ordered(r.parties.vendor_term)},
                  {"body_name", r.parties.body_name},
                  {"vendor_name", r.parties.vendor_name}};
  // Why each kind and each condition of the conditional requirements applies (null: it does not).
  ordered kinds_basis = ordered::object();
  for (const auto& [kind, b] : r.kind_basis) {
    kinds_basis[kind] = basis_json(b);
  }
  j["kind_basis"] = kinds_basis;
  ordered conditions = ordered::object();
  for (const core::Applies a : {core::Applies::personal_data, core::Applies::system_work,
                                core::Applies::remote_access, core::Applies::terms_of_service}) {
    const auto it = r.triggers.basis.find(core::applies_name(a));
    conditions[core::applies_name(a)] = it == r.triggers.basis.end() ? ordered(nullptr) : basis_json(it->second);
  }
  j["applicability"] = conditions;
  j["document"] = {{"clauses", r.clauses},
                   {"characters", r.characters},
                   {"revisions", r.document.revisions.total()},
                   {"comments", r.document.comments.size()}};
  ordered risks_file = ordered::array();
  for (const core::FileRisk& f : r.document.file_risks) {
    risks_file.push_back({{"id", f.id},
                          {"severity", core::risk_severity_name(f.severity)},
                          {"message", f.message},
                          {"detail", f.detail}});
  }
  j["file_risks"] = risks_file;
  ordered reqs = ordered::array();
  for (size_t i = 0; i < r.findings.size(); ++i) {
    const core::Finding& f = r.findings[i];
    const core::RuleSpec& s = *r.specs[i];
    ordered e = ordered::array();
    for (const core::Evidence& ev : f.evidence) {
      e.push_back({{"clause", ev.clause}, {"text", ev.text}, {"paragraph", ev.paragraph}});
    }
    ordered q;
    q["id"] = f.id;
    q["title"] = s.title;
    q["severity"] = core::severity_of(f, s);
    q["status"] = core::status_name(f.status);
    q["evidence"] = e;
    std::vector<std::string> basis = s.basis;
    basis.insert(basis.end(), f.policy_basis.begin(), f.policy_basis.end());
    q["basis"] = basis;
    if (!f.reason.empty()) {
      q["reason"] = f.reason;
    }
    if (!f.suggestion.empty() && f.status != core::Status::not_applicable) {
      q["suggestion"] = f.suggestion;
    }
    if (f.waived) {
      q["waived"] = {{"reason", f.waived->reason}, {"approver", f.waived->approver}, {"until", f.waived->until}};
      if (f.waived->text_changed) {
        q["waived"]["text_changed"] = true;
      }
    }
    reqs.push_back(std::move(q));
  }
  j["requirements"] = reqs;
  ordered risks = ordered::array();
  for (const core::RiskFinding& k : r.risks) {
    risks.push_back({{"id", k.id},
                     {"clause", k.evidence.clause},
                     {"text", k.evidence.text},
                     {"paragraph", k.evidence.paragraph},
                     {"message", k.message}});
  }
  j["risks"] = risks;
  const Summary s = summarize(r);
  j["summary"] = {{"must", s.must},
                  {"satisfied", s.satisfied},
                  {"weak", s.weak},
                  {"contradicted", s.contradicted},
                  {"missing", s.missing},
                  {"not_applicable", s.not_applicable}};
  return j;
}

}  // namespace

Summary summarize(const review::ReviewResult& r) {
  Summary s;
  for (size_t i = 0; i < r.findings.size(); ++i) {
    const core::Status st = r.findings[i].status;
    if (st == core::Status::not_applicable) {
      ++s.not_applicable;
      continue;
    }
    if (core::severity_of(r.findings[i], *r.specs[i]) == "must") {
      ++s.must;
    }
    switch (st) {
      case core::Status::satisfied: ++s.satisfied; break;
      case core::Status::weak: ++s.weak; break;
      case core::Status::contradicted: ++s.contradicted; break;
      case core::Status::missing: ++s.missing; break;
      case core::Status::not_applicable: break;
    }
  }
  return s;
}

std::string json_object(const review::ReviewResult& result, int indent) {
  return to_json(result).dump(indent, ' ', false, nlohmann::json::error_handler_t::replace);
}

std::string json_array(const std::vector<review::ReviewResult>& results, int indent) {
  ordered a = ordered::array();
  for (const auto& r : results) {
    a.push_back(to_json(r));
  }
  return a.dump(indent, ' ', false, nlohmann::json::error_handler_t::replace);
}

}  // namespace keiyaku::report
