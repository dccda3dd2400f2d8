#include "report.hpp"

#include <base/i18n.hpp>
#include <base/strings.hpp>

#include <xlsxwriter.h>

#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <map>
#include <memory>

namespace keiyaku::report {

namespace {

// Excel refuses strings longer than this many characters.
constexpr size_t k_max_cell_chars = 32000;
// The paper-size code of A4 in SpreadsheetML (ECMA-376 §18.3.1.63).
constexpr uint8_t k_paper_a4 = 9;
// Excel's limit on a page header or footer, in characters.
constexpr size_t k_max_header_chars = 255;

// Text for a page header or footer: '&' starts a field code, so a literal one is doubled; cut to
// Excel's limit without splitting a character.
std::string header_text(std::string_view s, size_t budget) {
  std::string out;
  size_t i = 0;
  size_t n = 0;
  while (i < s.size() && n < budget) {
    const size_t start = i;
    str::next_cp(s, i);
    const std::string_view cp = s.substr(start, i - start);
    out += cp == "&" ? std::string("&&") : std::string(cp);
    n += cp == "&" ? 2 : 1;
  }
  return out;
}

std::string cell_text(std::string_view s) {
  if (s.size() <= k_max_cell_chars || str::cp_count(s) <= k_max_cell_chars) {
    return std::string(s);
  }
  size_t i = 0;
  for (size_t n = 0; n < k_max_cell_chars && i < s.size(); ++n) {
    str::next_cp(s, i);
  }
  return std::string(s.substr(0, i)) + "…";
}

std::string family_sheet_name(const std::string& family) {
  if (family == "outsourcing") {
    return tr("業務委託 (OUT)", "Outsourcing (OUT)");
  }
  if (family == "cloud") {
    return tr("外部サービス (CLD)", "Cloud (CLD)");
  }
  if (family == "sns") {
    return tr("ソーシャルメディア (SNS)", "Social media (SNS)");
  }
  if (family == "tier") {
    return tr("三層の対策 (TIER)", "Three-tier (TIER)");
  }
  return family.substr(0, 31);
}

class Writer {
 public:
  explicit Writer(const std::string& path) {
    lxw_workbook_options opts{};
    opts.constant_memory = 0;
    m_wb = workbook_new_opt(path.c_str(), &opts);
    if (m_wb == nullptr) {
      return;
    }
    m_header = workbook_add_format(m_wb);
    format_set_bold(m_header);
    format_set_bg_color(m_header, 0xE8E8E8);
    format_set_border(m_header, LXW_BORDER_THIN);
    format_set_text_wrap(m_header);
    format_set_align(m_header, LXW_ALIGN_VERTICAL_TOP);
    m_wrap = workbook_add_format(m_wb);
    format_set_text_wrap(m_wrap);
    format_set_align(m_wrap, LXW_ALIGN_VERTICAL_TOP);
    m_failed = workbook_add_format(m_wb);
    format_set_bg_color(m_failed, 0xFBE3D3);
    const std::pair<core::Status, std::pair<lxw_color_t, lxw_color_t>> colours[] = {
        {core::Status::satisfied, {0xD7F0D7, 0x145214}},
        {core::Status::weak, {0xFFF0B8, 0x6B4F00}},
        {core::Status::contradicted, {0xF7CACA, 0x8A1010}},
        {core::Status::missing, {0xF2D3EC, 0x6E1A5E}},
        {core::Status::not_applicable, {0xECECEC, 0x6B6B6B}}};
    for (const auto& [status, c] : colours) {
      lxw_format* f = workbook_add_format(m_wb);
      format_set_bg_color(f, c.first);
      format_set_font_color(f, c.second);
      format_set_align(f, LXW_ALIGN_CENTER);
      m_status[status] = f;
    }
  }
  ~Writer() {
    if (m_wb != nullptr && !m_closed) {
      workbook_close(m_wb);  // frees it; the caller reports the failure that got us here
    }
  }
  Writer(const Writer&) = delete;
  Writer& operator=(const Writer&) = delete;

  bool ok() const { return m_wb != nullptr && m_error == LXW_NO_ERROR; }
  lxw_workbook* book() { return m_wb; }

  lxw_worksheet* sheet(const std::string& name) {
    lxw_worksheet* ws = workbook_add_worksheet(m_wb, name.c_str());
    if (ws == nullptr) {
      m_error = LXW_ERROR_SHEETNAME_ALREADY_USED;
    }
    return ws;
  }

  // Every string goes in as a string (never a formula), so a cell beginning with = + - @ is text.
  void text(lxw_worksheet* ws, lxw_row_t r, lxw_col_t c, std::string_view s, lxw_format* f = nullptr) {
    if (s.empty() || ws == nullptr) {
      return;
    }
    note(worksheet_write_string(ws, r, c, cell_text(s).c_str(), f));
  }
  void number(lxw_worksheet* ws, lxw_row_t r, lxw_col_t c, double v) {
    if (ws != nullptr) {
      note(worksheet_write_number(ws, r, c, v, nullptr));
    }
  }
  void status(lxw_worksheet* ws, lxw_row_t r, lxw_col_t c, core::Status s) {
    text(ws, r, c, status_label(s), m_status[s]);
  }
  // A header row, frozen, with filters over `rows` data rows.
  void header(lxw_worksheet* ws, const std::vector<std::string>& names, lxw_row_t rows) {
    if (ws == nullptr) {
      return;
    }
    for (size_t i = 0; i < names.size(); ++i) {
      text(ws, 0, static_cast<lxw_col_t>(i), names[i], m_header);
    }
    worksheet_freeze_panes(ws, 1, 0);
    if (!names.empty()) {
      note(worksheet_autofilter(ws, 0, 0, rows, static_cast<lxw_col_t>(names.size() - 1)));
    }
  }
  void width(lxw_worksheet* ws, lxw_col_t first, lxw_col_t last, double w, bool wrap = false) {
    if (ws != nullptr) {
      note(worksheet_set_column(ws, first, last, w, wrap ? m_wrap : nullptr));
    }
  }
  lxw_format* failed_format() { return m_failed; }
  lxw_format* status_format(core::Status s) { return m_status[s]; }
  lxw_format* header_format() { return m_header; }

  // A4 landscape, one page wide (as many pages down as it takes), the first `repeat` rows on
  // every page, and the page header and footer.
  void print(lxw_worksheet* ws,
             const std::string& page_header,
             const std::string& page_footer,
             int repeat) {
    if (ws == nullptr) {
      return;
    }
    worksheet_set_landscape(ws);
    worksheet_set_paper(ws, k_paper_a4);
    worksheet_fit_to_pages(ws, 1, 0);
    worksheet_set_margins(ws, 0.4, 0.4, 0.6, 0.6);
    if (repeat > 0) {
      note(worksheet_repeat_rows(ws, 0, static_cast<lxw_row_t>(repeat - 1)));
    }
    note(worksheet_set_header(ws, page_header.c_str()));
    note(worksheet_set_footer(ws, page_footer.c_str()));
  }

  Status close(const std::string& path) {
    m_closed = true;
    const lxw_error close_error = workbook_close(m_wb);
    m_wb = nullptr;
    const lxw_error e = m_error != LXW_NO_ERROR ? m_error : close_error;
    if (e != LXW_NO_ERROR) {
      return Error(ErrorCode::io, path + ": " + tr("xlsx を書き出せません: ", "cannot write the workbook: ") +
                                      lxw_strerror(e));
    }
    return {};
  }

 private:
  void note(lxw_error e) {
    if (e != LXW_NO_ERROR && m_error == LXW_NO_ERROR) {
      m_error = e;
    }
  }

  lxw_workbook* m_wb = nullptr;
  bool m_closed = false;
  lxw_error m_error = LXW_NO_ERROR;
  lxw_format* m_header = nullptr;
  lxw_format* m_wrap = nullptr;
  lxw_format* m_failed = nullptr;
  std::map<core::Status, lxw_format*> m_status;
};

std::string contract_title(const ContractReport& c) { return c.title.empty() ? c.path : c.title; }

Status write_workbook(const Book& book, const std::string& path);

Status write_tables(const std::vector<TableSheet>& sheets,
                    const std::string& title,
                    const std::string& date,
                    const std::string& path);

// Written beside the target and renamed, so that a reader never sees half a workbook.
template <typename Write>
Status write_beside(const std::string& final_path, Write write) {
  const std::string path = final_path + ".tmp-" + std::to_string(::getpid());
  Status st = write(path);
  if (st && std::rename(path.c_str(), final_path.c_str()) != 0) {
    st = Error(ErrorCode::io, final_path + ": " + tr("書き込めません: ", "cannot write: ") + std::strerror(errno));
  }
  if (!st) {
    std::remove(path.c_str());
    if (st.error().message.rfind(path, 0) == 0) {
      return Error(st.error().code, final_path + st.error().message.substr(path.size()));
    }
  }
  return st;
}

}  // namespace

Status xlsx(const Book& book, const std::string& final_path) {
  return write_beside(final_path,
                      [&](const std::string& path) { return write_workbook(book, path); });
}

Status xlsx_tables(const std::vector<TableSheet>& sheets,
                   const std::string& title,
                   const std::string& date,
                   const std::string& final_path) {
  return write_beside(
      final_path, [&](const std::string& path) { return write_tables(sheets, title, date, path); });
}

namespace {

Status write_tables(const std::vector<TableSheet>& sheets,
                    const std::string& title,
                    const std::string& date,
                    const std::string& path) {
  Writer w(path);
  if (w.book() == nullptr) {
    return Error(ErrorCode::io,
                 path + ": " + tr("xlsx を作成できません", "cannot create the workbook"));
  }
  const std::string page_header = "&L" + header_text(title, 120) + "&R" + header_text(date, 40);
  const std::string page_footer = "&L&F&C&P / &N";
  for (const TableSheet& t : sheets) {
    lxw_worksheet* ws = w.sheet(t.name);
    for (size_t c = 0; c < t.header.size(); ++c) {
      w.width(ws, static_cast<lxw_col_t>(c), static_cast<lxw_col_t>(c),
              c < t.widths.size() ? t.widths[c] : 14, true);
    }
    for (size_t r = 0; r < t.rows.size(); ++r) {
      for (size_t c = 0; c < t.rows[r].size(); ++c) {
        w.text(ws, static_cast<lxw_row_t>(r + 1), static_cast<lxw_col_t>(c), t.rows[r][c]);
      }
    }
    w.header(ws, t.header, static_cast<lxw_row_t>(t.rows.size()));
    w.print(ws, page_header, page_footer, 1);
  }
  return w.close(path);
}

}  // namespace

namespace {

// What each verdict means and what to do with it: the legend of the cover sheet.
std::string status_meaning(core::Status s) {
  switch (s) {
    case core::Status::satisfied:
      return tr("要件を満たす条項がある。対応は不要",
                "a clause meets the requirement; nothing to do");
    case core::Status::weak:
      return tr(
          "条項はあるが努力義務・条件付き等で不十分。条項を確認し、修正案を検討",
          "a clause exists but is not binding or only partly; read it and consider the suggestion");
    case core::Status::contradicted:
      return tr("要件と逆のことを定めている。修正を求める",
                "the contract says the opposite; ask for a change");
    case core::Status::missing:
      return tr("該当する条項がない。追加案を示して協議",
                "nothing addresses it; propose the suggested clause");
    case core::Status::not_applicable:
      return tr("この契約・プロファイルには適用しない",
                "does not apply to this contract or profile");
  }
  return {};
}

std::string profile_name(const Book& book) {
  if (!book.print.profile) {
    return "-";
  }
  return book.print.profile->empty() ? tr("なし", "none") : *book.print.profile;
}

void write_cover(Writer& w, lxw_worksheet* ws, const Book& book) {
  if (ws == nullptr) {
    return;
  }
  w.width(ws, 0, 0, 22);
  w.width(ws, 1, 1, 16);
  w.width(ws, 2, 2, 80, true);
  lxw_row_t r = 0;
  w.text(ws, r, 0, tr("契約書のセキュリティ条項 審査結果", "Security terms of contracts: review"),
         w.header_format());
  r += 2;
  const auto line = [&](const std::string& label, const std::string& value) {
    w.text(ws, r, 0, label, w.header_format());
    w.text(ws, r, 1, value.empty() ? std::string("-") : value);
    ++r;
  };
  line(tr("作成日", "date"), book.print.date);
  line(tr("プロファイル", "profile"), profile_name(book));
  line(tr("審査者", "reviewer"), book.print.reviewer);
  int failed = 0;
  Summary total;
  for (const ContractReport& c : book.contracts) {
    if (c.failed) {
      ++failed;
      continue;
    }
    total.must += c.summary.must;
    total.satisfied += c.summary.satisfied;
    total.weak += c.summary.weak;
    total.contradicted += c.summary.contradicted;
    total.missing += c.summary.missing;
  }
  line(tr("契約書の数", "contracts"), std::to_string(book.contracts.size()));
  line(tr("読み込めなかった契約書", "contracts not read"), std::to_string(failed));
  ++r;
  w.text(ws, r, 0, tr("必須要件の判定（全契約の合計）", "must-requirements, all contracts"),
         w.header_format());
  w.text(ws, r, 1, tr("件数", "count"), w.header_format());
  w.text(ws, r, 2, tr("意味と対応", "meaning and what to do"), w.header_format());
  ++r;
  const std::pair<core::Status, int> counts[] = {{core::Status::contradicted, total.contradicted},
                                                 {core::Status::missing, total.missing},
                                                 {core::Status::weak, total.weak},
                                                 {core::Status::satisfied, total.satisfied},
                                                 {core::Status::not_applicable, -1}};
  for (const auto& [status, n] : counts) {
    w.status(ws, r, 0, status);
    if (n >= 0) {
      w.number(ws, r, 1, n);
    }
    w.text(ws, r, 2, status_meaning(status));
    ++r;
  }
  w.text(ws, r, 0, tr("必須要件の数", "must-requirements"));
  w.number(ws, r, 1, total.must);
}

// The sheet of new versions that got worse (batch): one row per requirement a contract lost
// against the review its new version superseded, with the verdict and the clause on each side,
// then one per risk clause added or removed (in the columns of the side that has it). None when
// no contract of the book has one.
lxw_worksheet* write_regressions(Writer& w, const Book& book) {
  lxw_row_t r = 0;
  lxw_worksheet* ws = nullptr;
  for (const ContractReport& c : book.contracts) {
    if (!c.previous_version || !c.previous_version->changed()) {
      continue;
    }
    if (ws == nullptr) {
      ws = w.sheet(version_label(VersionLabel::worse_sheet));
    }
    const auto row = [&](const std::string& id, const std::string& title,
                         const std::string& severity) {
      ++r;
      w.text(ws, r, 0, c.path);
      w.text(ws, r, 1, contract_title(c));
      w.text(ws, r, 2, c.previous_version->path);
      w.text(ws, r, 3, id);
      w.text(ws, r, 4, title);
      w.text(ws, r, 5, severity);
    };
    for (const VersionRegression& g : c.previous_version->regressions) {
      row(g.id, g.title, severity_name(g.severity));
      w.status(ws, r, 6, g.before.status);
      w.status(ws, r, 7, g.after.status);
      w.text(ws, r, 8, g.before.clause);
      w.text(ws, r, 9, g.after.clause);
      w.text(ws, r, 10, g.before.text);
      w.text(ws, r, 11, g.after.text);
    }
    for (const core::RiskChange& k : c.previous_version->risks) {
      row(k.id, k.message, "");
      const auto at = [&](int column) {
        return static_cast<lxw_col_t>(column + (k.added ? 1 : 0));
      };
      w.text(ws, r, at(6),
             version_label(k.added ? VersionLabel::risk_added : VersionLabel::risk_removed));
      w.text(ws, r, at(8), k.evidence.clause);
      w.text(ws, r, at(10), k.evidence.text);
    }
  }
  if (ws == nullptr) {
    return nullptr;
  }
  w.header(ws,
           {tr("ファイル", "file"), tr("件名", "title"), version_label(VersionLabel::previous_file),
            "ID", tr("要件", "requirement"), tr("重要度", "severity"),
            version_label(VersionLabel::verdict_before), version_label(VersionLabel::verdict_now),
            version_label(VersionLabel::clause_before), version_label(VersionLabel::clause_now),
            version_label(VersionLabel::text_before), version_label(VersionLabel::text_now)},
           r);
  w.width(ws, 0, 2, 30, true);
  w.width(ws, 3, 3, 9);
  w.width(ws, 4, 4, 24, true);
  w.width(ws, 5, 9, 11);
  w.width(ws, 10, 11, 44, true);
  return ws;
}

Status write_workbook(const Book& book, const std::string& path) {
  Writer w(path);
  if (w.book() == nullptr) {
    return Error(ErrorCode::io, path + ": " + tr("xlsx を作成できません", "cannot create the workbook"));
  }
  const auto rows = static_cast<lxw_row_t>(book.contracts.size());

  lxw_worksheet* cover = w.sheet(tr("表紙", "Cover"));
  write_cover(w, cover, book);

  // Summary: one row per contract.
  lxw_worksheet* sum = w.sheet(tr("概要", "Summary"));
  const std::vector<std::string> sum_header = {
      tr("ファイル", "file"), tr("件名", "title"), tr("受託者", "vendor"), tr("事業者の確認状況", "vendor status"),
      tr("種別", "kinds"), tr("審査日時", "reviewed at"), tr("読込", "read"),
      status_label(core::Status::contradicted), status_label(core::Status::missing),
      status_label(core::Status::weak), status_label(core::Status::satisfied), tr("必須要件", "must"),
      tr("RISK条項", "risk clauses"), tr("ファイルのリスク", "file risks")};
  w.header(sum, sum_header, rows);
  w.width(sum, 0, 0, 40, true);
  w.width(sum, 1, 1, 36, true);
  w.width(sum, 2, 2, 24, true);
  w.width(sum, 3, 6, 14);
  w.width(sum, 7, 13, 9);
  for (size_t i = 0; i < book.contracts.size(); ++i) {
    const ContractReport& c = book.contracts[i];
    const auto r = static_cast<lxw_row_t>(i + 1);
    w.text(sum, r, 0, c.path);
    w.text(sum, r, 1, contract_title(c));
    w.text(sum, r, 2, c.vendor);
    w.text(sum, r, 3, c.vendor_status);
    std::string kinds;
    for (const std::string& k : c.kinds) {
      kinds += (kinds.empty() ? "" : " ") + kind_label(k);
    }
    w.text(sum, r, 4, kinds);
    w.text(sum, r, 5, c.reviewed_at);
    if (c.failed) {
      w.text(sum, r, 6, tr("失敗: ", "failed: ") + c.error, w.failed_format());
      continue;
    }
    w.text(sum, r, 6, tr("成功", "ok"));
    lxw_col_t col = 7;
    for (int n : {c.summary.contradicted, c.summary.missing, c.summary.weak, c.summary.satisfied, c.summary.must,
                  static_cast<int>(c.risks.size()), static_cast<int>(c.file_risks.size())}) {
      w.number(sum, r, col++, n);
    }
  }

  if (!book.anchor.empty()) {
    w.text(sum, rows + 2, 0, tr("台帳の履歴の先頭", "registry history head"));
    w.text(sum, rows + 2, 1, book.anchor);
  }

  // One sheet per family: contracts × that family's requirements.
  std::vector<lxw_worksheet*> family_sheets;
  std::vector<std::string> families;
  for (const Column& col : book.columns) {
    if (std::find(families.begin(), families.end(), col.family) == families.end()) {
      families.push_back(col.family);
    }
  }
  for (const std::string& family : families) {
    std::vector<const Column*> cols;
    for (const Column& col : book.columns) {
      if (col.family == family) {
        cols.push_back(&col);
      }
    }
    lxw_worksheet* ws = w.sheet(family_sheet_name(family));
    family_sheets.push_back(ws);
    std::vector<std::string> header = {tr("ファイル", "file"), tr("件名", "title")};
    for (const Column* col : cols) {
      header.push_back(col->id + "\n" + col->title);
    }
    w.header(ws, header, rows);
    w.width(ws, 0, 0, 36, true);
    w.width(ws, 1, 1, 30, true);
    w.width(ws, 2, static_cast<lxw_col_t>(1 + cols.size()), 11);
    if (ws != nullptr) {
      worksheet_set_row(ws, 0, 60, nullptr);
    }
    for (size_t i = 0; i < book.contracts.size(); ++i) {
      const ContractReport& c = book.contracts[i];
      const auto r = static_cast<lxw_row_t>(i + 1);
      w.text(ws, r, 0, c.path);
      w.text(ws, r, 1, contract_title(c));
      if (c.failed) {
        w.text(ws, r, 2, tr("読込失敗", "could not be read"), w.failed_format());
        continue;
      }
      std::map<std::string, core::Status> by_id;
      for (const Verdict& v : c.verdicts) {
        by_id[v.requirement.id] = v.status;
      }
      for (size_t k = 0; k < cols.size(); ++k) {
        const auto it = by_id.find(cols[k]->id);
        if (it != by_id.end()) {
          w.status(ws, r, static_cast<lxw_col_t>(2 + k), it->second);
        }
      }
    }
  }

  // The long sheet: every verdict, RISK clause and file risk.
  lxw_worksheet* all = w.sheet(tr("指摘一覧", "Findings"));
  const std::vector<std::string> all_header = {
      tr("ファイル", "file"), tr("件名", "title"), "ID", tr("要件", "requirement"), tr("区分", "family"),
      tr("重要度", "severity"), tr("判定", "verdict"), tr("条項", "clause"), tr("段落", "paragraph"),
      tr("本文", "text"), tr("理由", "reason"), tr("追加・修正案", "suggested clause"), tr("例外承認", "waived")};
  lxw_row_t r = 0;
  for (const ContractReport& c : book.contracts) {
    const std::string title = contract_title(c);
    if (c.failed) {
      ++r;
      w.text(all, r, 0, c.path);
      w.text(all, r, 1, title);
      w.text(all, r, 6, tr("読込失敗", "could not be read"), w.failed_format());
      w.text(all, r, 9, c.error);
      continue;
    }
    for (const Verdict& v : c.verdicts) {
      ++r;
      w.text(all, r, 0, c.path);
      w.text(all, r, 1, title);
      w.text(all, r, 2, v.requirement.id);
      w.text(all, r, 3, v.requirement.title);
      w.text(all, r, 4, v.requirement.family);
      w.text(all, r, 5, severity_name(v.requirement.severity));
      w.status(all, r, 6, v.status);
      if (!v.evidence.empty()) {
        std::string clauses;
        std::string text;
        for (const core::Evidence& e : v.evidence) {
          clauses += (clauses.empty() ? "" : " / ") + e.clause;
          text += (text.empty() ? "" : "\n") + e.text;
        }
        w.text(all, r, 7, clauses);
        w.number(all, r, 8, v.evidence.front().paragraph);
        w.text(all, r, 9, text);
      }
      w.text(all, r, 10, v.reason);
      w.text(all, r, 11, v.suggestion);
      if (v.waived) {
        w.text(all, r, 12, waiver_note(v.waived));
      }
    }
    for (const core::RiskFinding& k : c.risks) {
      ++r;
      w.text(all, r, 0, c.path);
      w.text(all, r, 1, title);
      w.text(all, r, 2, k.id);
      w.text(all, r, 3, k.message);
      w.text(all, r, 4, "risk");
      w.text(all, r, 6, tr("注意", "risk"), nullptr);
      w.text(all, r, 7, k.evidence.clause);
      w.number(all, r, 8, k.evidence.paragraph);
      w.text(all, r, 9, k.evidence.text);
    }
    for (const RevisionLine& k : c.revision_lines) {
      ++r;
      w.text(all, r, 0, c.path);
      w.text(all, r, 1, title);
      w.text(all, r, 2, k.id);
      w.text(all, r, 3, tr("変更履歴による判定の低下", "a tracked change lowers the verdict"));
      w.text(all, r, 4, "revision");
      w.text(all, r, 7, k.clause);
      w.text(all, r, 9, k.text);
    }
    for (const FileRiskLine& k : c.file_risks) {
      ++r;
      w.text(all, r, 0, c.path);
      w.text(all, r, 1, title);
      w.text(all, r, 2, k.id);
      w.text(all, r, 3, k.message);
      w.text(all, r, 4, "file");
      w.text(all, r, 5, risk_level_label(k.severity));
      w.text(all, r, 6, tr("注意", "risk"));
      w.text(all, r, 9, k.detail);
    }
  }
  w.header(all, all_header, r);
  w.width(all, 0, 1, 30, true);
  w.width(all, 2, 2, 9);
  w.width(all, 3, 3, 26, true);
  w.width(all, 4, 8, 11);
  w.width(all, 9, 11, 48, true);

  lxw_worksheet* regressions = write_regressions(w, book);

  // Printing: the workbook's file name, the date and the profile at the top of every page, the
  // page number at the bottom; data sheets repeat their header row.
  const std::string page_header =
      "&L&F&C" + header_text(tr("プロファイル: ", "profile: ") + profile_name(book), 100) + "&R" +
      header_text(book.print.date, 40);
  const std::string page_footer =
      "&L" + header_text(tr("keiyaku 審査結果", "keiyaku review"), 40) + "&C&P / &N";
  static_assert(k_max_header_chars > 100 + 40 + 16);
  w.print(cover, page_header, page_footer, 0);
  w.print(sum, page_header, page_footer, 1);
  for (lxw_worksheet* ws : family_sheets) {
    w.print(ws, page_header, page_footer, 1);
  }
  w.print(all, page_header, page_footer, 1);
  w.print(regressions, page_header, page_footer, 1);
  return w.close(path);
}

}  // namespace

}  // namespace keiyaku::report
