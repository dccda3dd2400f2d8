#include "report.hpp"

#include <base/i18n.hpp>
#include <base/strings.hpp>
#include <base/term.hpp>
#include <base/utf8.hpp>

#include <fmt/format.h>

namespace keiyaku::report {

std::string status_label(core::Status status) {
  switch (status) {
    case core::Status::satisfied: return tr("充足", "satisfied");
    case core::Status::weak: return tr("不十分", "weak");
    case core::Status::contradicted: return tr("矛盾", "contradicted");
    case core::Status::missing: return tr("欠落", "missing");
    case core::Status::not_applicable: return tr("対象外", "n/a");
  }
  return "";
}

std::string kind_label(std::string_view kind) {
  if (ui_lang() != Lang::ja) {
    return std::string(kind);
  }
  return kind == "outsourcing" ? "業務委託"
         : kind == "cloud"     ? "クラウド"
         : kind == "sns"       ? "SNS"
                               : std::string(kind);
}

std::string tier_label(std::string_view tier) {
  if (ui_lang() != Lang::ja) {
    return std::string(tier);
  }
  return tier == "mynumber"   ? "マイナンバー利用事務系"
         : tier == "lgwan"    ? "LGWAN接続系"
         : tier == "internet" ? "インターネット接続系"
                              : std::string(tier);
}

std::string risk_level_label(std::string_view level) {
  if (ui_lang() != Lang::ja) {
    return std::string(level);
  }
  return level == "info"       ? "情報"
         : level == "low"      ? "低"
         : level == "medium"   ? "中"
         : level == "high"     ? "高"
         : level == "critical" ? "重大"
                               : std::string(level);
}

std::string severity_name(std::string_view severity) {
  return severity == "must"     ? tr("必須", "must")
         : severity == "should" ? tr("推奨", "should")
                                : std::string(severity);
}

std::string waiver_note(const std::optional<core::Waived>& waived) {
  if (!waived) {
    return "";
  }
  return waived->reason + "（" + tr("承認者 ", "approver ") + waived->approver + "、" + tr("期限 ", "until ") +
         waived->until + "）" + (waived->text_changed ? tr("。", ". ") + waiver_text_changed() : "");
}

std::string waiver_text_changed() {
  return tr("例外承認の後に契約書の本文が変わっています（保存し直された版）。承認がこの本文にも当てはまるか確認してください",
            "the contract's text has changed since the waiver was granted (a version saved again): confirm that "
            "it still applies to this text");
}

std::string version_label(VersionLabel label) {
  switch (label) {
    case VersionLabel::since_previous:
      return tr("前の版からの変化", "Since the previous version");
    case VersionLabel::worse_sheet:
      return tr("前の版からの悪化", "Worse than before");
    case VersionLabel::worse_contracts:
      return tr("前の版から悪化した契約書", "new versions that got worse");
    case VersionLabel::previous_version:
      return tr("前の版", "previous version");
    case VersionLabel::previous_file:
      return tr("前の版のファイル", "previous version");
    case VersionLabel::reviewed:
      return tr("審査", "reviewed");
    case VersionLabel::nothing_worse:
      return tr("悪化した要件はありません", "no requirement got worse");
    case VersionLabel::verdict_before:
      return tr("前の判定", "verdict before");
    case VersionLabel::verdict_now:
      return tr("今の判定", "verdict now");
    case VersionLabel::clause_before:
      return tr("前の条項", "clause before");
    case VersionLabel::clause_now:
      return tr("今の条項", "clause now");
    case VersionLabel::text_before:
      return tr("前の本文", "text before");
    case VersionLabel::text_now:
      return tr("今の本文", "text now");
    case VersionLabel::no_clause:
      return tr("該当する条項なし", "no clause");
    case VersionLabel::worse_count:
      return tr("前の版から悪化した要件", "requirements worse than before");
    case VersionLabel::risk_added:
      return tr("RISK条項の追加", "risk clause added");
    case VersionLabel::risk_removed:
      return tr("RISK条項の削除", "risk clause removed");
    case VersionLabel::risks_added_count:
      return tr("追加されたRISK条項", "risk clauses added");
  }
  return "";
}

std::string version_text(const std::string& path, const PreviousVersion& p) {
  if (!p.changed()) {
    return "";
  }
  std::string out = fmt::format("  {}{}{}: {}{}\n", term::escape(path), tr("（", " ("),
                                version_label(VersionLabel::previous_version), term::escape(p.path),
                                tr("）", ")"));
  const auto clause = [](const core::VerdictSide& side) {
    return side.clause.empty() ? std::string("-") : term::escape(side.clause);
  };
  for (const VersionRegression& g : p.regressions) {
    out += fmt::format("    {:<8} {} [{}]  {} → {}  {} → {}\n", g.id, term::escape(g.title),
                       severity_name(g.severity), status_label(g.before.status),
                       status_label(g.after.status), clause(g.before), clause(g.after));
  }
  for (const core::RiskChange& r : p.risks) {
    out += fmt::format(
        "    {:<8} {} {}: {}  {}「{}」\n", r.id, r.added ? "+" : "-",
        version_label(r.added ? VersionLabel::risk_added : VersionLabel::risk_removed),
        term::escape(r.message), r.evidence.clause.empty() ? "-" : term::escape(r.evidence.clause),
        term::escape(r.evidence.text));
  }
  return out;
}

namespace {

// How a profile marks a family the body's policy does not have (profile::apply).
constexpr std::string_view k_not_required = "方針上の要求なし";

term::Color color_of(core::Status s) {
  switch (s) {
    case core::Status::satisfied: return term::Color::green;
    case core::Status::weak: return term::Color::yellow;
    case core::Status::contradicted: return term::Color::red;
    case core::Status::missing: return term::Color::magenta;
    case core::Status::not_applicable: return term::Color::gray;
  }
  return term::Color::none;
}

std::string family_title(const std::string& family) {
  if (family == "outsourcing") {
    return tr("業務委託 (OUT)", "Outsourcing (OUT)");
  }
  if (family == "cloud") {
    return tr("外部サービス (CLD)", "External/cloud services (CLD)");
  }
  if (family == "sns") {
    return tr("ソーシャルメディア (SNS)", "Social media (SNS)");
  }
  if (family == "tier") {
    return tr("三層の対策 (TIER)", "Three-tier model (TIER)");
  }
  return family;
}

// Pads a UTF-8 string to a display width (East Asian characters count two).
std::string pad(const std::string& s, size_t width) {
  size_t w = 0;
  for (size_t i = 0; i < s.size();) {
    const size_t len = utf8::sequence_length(static_cast<unsigned char>(s[i]));
    w += len >= 3 ? 2 : 1;
    i += len;
  }
  return w >= width ? s : s + std::string(width - w, ' ');
}

}  // namespace

std::string text(const review::ReviewResult& r, Color color) {
  const bool c = color == Color::on;
  std::string out;
  const Summary s = summarize(r);
  out += term::paint(term::escape(r.document.path), term::Color::bold, c) + "\n";
  std::string kinds;
  for (const auto& k : r.kinds) {
    kinds += (kinds.empty() ? "" : ", ") + kind_label(k);
  }
  out += fmt::format("{}: {}{}  {}: {} / {}\n", tr("種別", "kinds"), kinds,
                     r.tier.empty() ? "" : " + " + tier_label(r.tier), tr("当事者", "parties"),
                     r.parties.body_term.empty() ? "?" : r.parties.body_term,
                     r.parties.vendor_term.empty() ? "?" : r.parties.vendor_term);
  // Why the conditional requirements apply: 「個人情報 ← 第2条 [個人情報]」.
  std::string because;
  const auto add = [&](const std::string& name, const review::Basis& b) {
    const std::string where = b.title                ? tr("表題", "title")
                              : b.word.empty()       ? tr("既定", "default")
                              : b.clause.empty()     ? tr("本文", "text")
                                                     : b.clause;
    because += fmt::format("{}{} ← {}{}", because.empty() ? "" : " · ", name, where,
                           b.word.empty() ? "" : " [" + b.word + "]");
  };
  for (const auto& [kind, b] : r.kind_basis) {
    add(kind, b);
  }
  for (const auto& [name, b] : r.triggers.basis) {
    add(name, b);
  }
  if (!because.empty()) {
    out += fmt::format("{}: {}\n", tr("適用の根拠", "applies because"), because);
  }
  if (!r.profile.empty()) {
    out += fmt::format("{}: {}\n", tr("方針プロファイル", "policy profile"), r.profile);
  }
  out += fmt::format("{}: {} {} · {} {} · {} {} · {} {}  ({} {})\n", tr("結果", "summary"),
                     term::paint(status_label(core::Status::satisfied), term::Color::green, c), s.satisfied,
                     term::paint(status_label(core::Status::weak), term::Color::yellow, c), s.weak,
                     term::paint(status_label(core::Status::contradicted), term::Color::red, c), s.contradicted,
                     term::paint(status_label(core::Status::missing), term::Color::magenta, c), s.missing,
                     tr("必須", "must"), s.must);
  std::string family;
  for (size_t i = 0; i < r.findings.size(); ++i) {
    const core::Finding& f = r.findings[i];
    const core::RuleSpec& spec = *r.specs[i];
    if (spec.family != family) {
      family = spec.family;
      out += "\n" + term::paint(family_title(family), term::Color::bold, c) + "\n";
    }
    std::string where = f.evidence.empty() ? "" : f.evidence[0].clause;
    if (!r.profile.empty() && f.status == core::Status::not_applicable && str::starts_with(f.reason, k_not_required)) {
      where = std::string(k_not_required);
    }
    if (f.waived) {
      where += (where.empty() ? "" : "  ") +
               term::paint("[例外承認 " + tr("〜", "until ") + f.waived->until +
                               (f.waived->text_changed ? tr("、本文変更あり", ", text changed") : "") + "]",
                           term::Color::cyan, c);
    }
    out += fmt::format("  {} {} {} {}\n", pad(f.id, 8),
                       term::paint(pad(status_label(f.status), 8), color_of(f.status), c),
                       pad(spec.title, 40), where);
  }
  bool any_detail = false;
  for (size_t i = 0; i < r.findings.size(); ++i) {
    const core::Finding& f = r.findings[i];
    if (f.status == core::Status::satisfied || f.status == core::Status::not_applicable) {
      continue;
    }
    if (!any_detail) {
      out += "\n" + term::paint(tr("指摘事項", "Findings"), term::Color::bold, c) + "\n";
      any_detail = true;
    }
    const core::RuleSpec& spec = *r.specs[i];
    out += fmt::format("\n{} {} [{}]\n", term::paint(status_label(f.status), color_of(f.status), c),
                       spec.title, f.id);
    for (const core::Evidence& e : f.evidence) {
      out += fmt::format("  {} ({} {}): 「{}」\n", e.clause, tr("段落", "paragraph"), e.paragraph,
                         term::escape(e.text));
    }
    if (!f.reason.empty()) {
      out += fmt::format("  {}: {}\n", tr("理由", "reason"), f.reason);
    }
    if (f.waived) {
      out += fmt::format("  {}: {}（{}: {}、{}: {}）\n", tr("例外承認", "例外承認 (waived)"),
                         term::escape(f.waived->reason), tr("承認者", "approver"),
                         term::escape(f.waived->approver), tr("期限", "until"), f.waived->until);
      if (f.waived->text_changed) {
        out += "  " + term::paint(waiver_text_changed(), term::Color::yellow, c) + "\n";
      }
    }
    if (!spec.basis.empty() || !f.policy_basis.empty()) {
      std::string basis;
      for (const auto& b : spec.basis) {
        basis += (basis.empty() ? "" : "; ") + b;
      }
      for (const auto& b : f.policy_basis) {
        basis += (basis.empty() ? "" : "; ") + b;
      }
      out += fmt::format("  {}: {}\n", tr("根拠", "basis"), basis);
    }
    if (!f.suggestion.empty()) {
      out += fmt::format("  {}: {}\n", tr("追加・修正案", "suggested clause"), f.suggestion);
    }
  }
  if (!r.risks.empty()) {
    out += "\n" + term::paint(tr("注意すべき条項 (RISK)", "Risk clauses (RISK)"), term::Color::bold, c) + "\n";
    for (const core::RiskFinding& k : r.risks) {
      out += fmt::format("  {} {}: {}\n    「{}」\n", pad(k.id, 8), k.evidence.clause, k.message,
                         term::escape(k.evidence.text));
    }
  }
  if (!r.document.file_risks.empty()) {
    out += "\n" + term::paint(tr("ファイルのリスク", "File risks"), term::Color::bold, c) + "\n";
    for (const core::FileRisk& fr : r.document.file_risks) {
      out += fmt::format("  {} [{}] {}\n", pad(fr.id, 24),
                         risk_level_label(core::risk_severity_name(fr.severity)),
                         term::escape(fr.message));
    }
  }
  return out;
}

}  // namespace keiyaku::report
