#include "csv_rows.hpp"
#include "report.hpp"

#include <base/i18n.hpp>
#include <base/strings.hpp>

#include <algorithm>
#include <map>

namespace keiyaku::report {

namespace {

constexpr std::string_view k_bom = "\xEF\xBB\xBF";

// One CSV line, CRLF-terminated, every cell through str::csv_cell (which quotes and neutralises
// cells that begin with = + - @).
std::string row(const std::vector<std::string>& cells) {
  std::string line;
  for (size_t i = 0; i < cells.size(); ++i) {
    if (i > 0) {
      line += ',';
    }
    line += str::csv_cell(cells[i]);
  }
  line += "\r\n";
  return line;
}

std::string contract_title(const ContractReport& c) { return c.title.empty() ? c.path : c.title; }

// A new version's lines of the long form (family "version"): each requirement that got worse, its
// verdict before → now and the clause cited now, the previous version's clause in the reason
// column; then each risk clause added or removed, with the clause of the version that has it.
std::string version_rows(const ContractReport& c,
                         const std::string& title,
                         const PreviousVersion& p) {
  std::string out;
  const std::string previous = version_label(VersionLabel::previous_version) + ": " + p.path;
  const auto paragraph = [](const std::string& clause, int at) {
    return clause.empty() ? std::string() : std::to_string(at);
  };
  for (const VersionRegression& g : p.regressions) {
    const std::string before = g.before.clause.empty() ? version_label(VersionLabel::no_clause)
                               : g.before.text.empty()
                                   ? g.before.clause
                                   : g.before.clause + "「" + g.before.text + "」";
    out += row({c.path, title, g.id, g.title, "version", g.severity,
                status_label(g.before.status) + " → " + status_label(g.after.status),
                g.after.clause, paragraph(g.after.clause, g.after.paragraph), g.after.text,
                previous + tr("（", " (") + version_label(VersionLabel::clause_before) + ": " +
                    before + tr("）", ")"),
                "", ""});
  }
  for (const core::RiskChange& k : p.risks) {
    out += row({c.path, title, k.id, k.message, "version", "",
                version_label(k.added ? VersionLabel::risk_added : VersionLabel::risk_removed),
                k.evidence.clause, paragraph(k.evidence.clause, k.evidence.paragraph),
                k.evidence.text, previous, "", ""});
  }
  return out;
}

}  // namespace

std::string csv_matrix_head(const std::vector<Column>& columns) {
  std::string out(k_bom);
  std::vector<std::string> header = {tr("ファイル", "file"),
                                     tr("件名", "title"),
                                     tr("受託者", "vendor"),
                                     tr("事業者の確認状況", "vendor status"),
                                     tr("種別", "kinds"),
                                     tr("審査日時", "reviewed at"),
                                     tr("読込", "read"),
                                     status_label(core::Status::contradicted),
                                     status_label(core::Status::missing),
                                     status_label(core::Status::weak),
                                     status_label(core::Status::satisfied),
                                     tr("必須要件", "must"),
                                     tr("RISK条項", "risk clauses"),
                                     tr("ファイルのリスク", "file risks"),
                                     version_label(VersionLabel::previous_file),
                                     version_label(VersionLabel::worse_count),
                                     version_label(VersionLabel::risks_added_count)};
  for (const Column& col : columns) {
    header.push_back(col.id + " " + col.title);
  }
  out += row(header);
  return out;
}

std::string csv_matrix_row(const ContractReport& c, const std::vector<Column>& columns) {
  std::string out;
  {
    std::vector<std::string> cells = {c.path, contract_title(c), c.vendor, c.vendor_status,
                                      str::join(c.kinds, " "), c.reviewed_at};
    if (c.failed) {
      cells.push_back(tr("失敗: ", "failed: ") + c.error);
      out += row(cells);
      return out;
    }
    cells.push_back(tr("成功", "ok"));
    for (int n : {c.summary.contradicted, c.summary.missing, c.summary.weak, c.summary.satisfied, c.summary.must,
                  static_cast<int>(c.risks.size()), static_cast<int>(c.file_risks.size())}) {
      cells.push_back(std::to_string(n));
    }
    // A new version: the file it superseded and how much got worse since ("" for none).
    if (const auto& p = c.previous_version) {
      cells.push_back(p->path);
      cells.push_back(std::to_string(p->regressions.size()));
      cells.push_back(std::to_string(std::count_if(
          p->risks.begin(), p->risks.end(), [](const core::RiskChange& k) { return k.added; })));
    } else {
      cells.insert(cells.end(), {"", "", ""});
    }
    std::map<std::string, core::Status> by_id;
    for (const Verdict& v : c.verdicts) {
      by_id[v.requirement.id] = v.status;
    }
    for (const Column& col : columns) {
      const auto it = by_id.find(col.id);
      cells.push_back(it == by_id.end() ? std::string() : status_label(it->second));
    }
    out += row(cells);
  }
  return out;
}

std::string csv_matrix(const Book& book) {
  std::string out = csv_matrix_head(book.columns);
  for (const ContractReport& c : book.contracts) {
    out += csv_matrix_row(c, book.columns);
  }
  return out;
}

std::string csv_findings_head() {
  std::string out(k_bom);
  out += row({tr("ファイル", "file"), tr("件名", "title"), "ID", tr("要件", "requirement"), tr("区分", "family"),
              tr("重要度", "severity"), tr("判定", "verdict"), tr("条項", "clause"), tr("段落", "paragraph"),
              tr("本文", "text"), tr("理由", "reason"), tr("追加・修正案", "suggested clause"),
              tr("例外承認", "waived")});
  return out;
}

std::string csv_findings_rows(const ContractReport& c) {
  std::string out;
  {
    const std::string title = contract_title(c);
    if (c.failed) {
      out += row({c.path, title, "", "", "", "", tr("読込失敗", "could not be read"), "", "", c.error, "", "", ""});
      return out;
    }
    for (const Verdict& v : c.verdicts) {
      std::vector<std::string> cells = {c.path, title, v.requirement.id, v.requirement.title, v.requirement.family,
                                        v.requirement.severity, status_label(v.status)};
      if (v.evidence.empty()) {
        cells.insert(cells.end(), {"", "", ""});
      } else {
        std::string clauses;
        std::string text;
        for (const core::Evidence& e : v.evidence) {
          clauses += (clauses.empty() ? "" : " / ") + e.clause;
          text += (text.empty() ? "" : " / ") + e.text;
        }
        cells.push_back(clauses);
        cells.push_back(std::to_string(v.evidence.front().paragraph));
        cells.push_back(text);
      }
      cells.push_back(v.reason);
      cells.push_back(v.suggestion);
      cells.push_back(waiver_note(v.waived));
      out += row(cells);
    }
    for (const core::RiskFinding& k : c.risks) {
      out += row({c.path, title, k.id, k.message, "risk", "", tr("注意", "risk"), k.evidence.clause,
                  std::to_string(k.evidence.paragraph), k.evidence.text, "", "", ""});
    }
    for (const FileRiskLine& k : c.file_risks) {
      out += row({c.path, title, k.id, k.message, "file", k.severity, tr("注意", "risk"), "", "", k.detail, "", "", ""});
    }
    if (c.previous_version) {
      out += version_rows(c, title, *c.previous_version);
    }
  }
  return out;
}

std::string csv_findings(const Book& book) {
  std::string out = csv_findings_head();
  for (const ContractReport& c : book.contracts) {
    out += csv_findings_rows(c);
  }
  return out;
}

}  // namespace keiyaku::report
