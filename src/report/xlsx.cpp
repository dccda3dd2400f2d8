#include "report.hpp"

#include <base/i18n.hpp>
#include <base/strings.hpp>

#include <xlsxwriter.h>

#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <map>
#include <memory>

namespace keiyaku::report {

namespace {

// Excel refuses strings longer than this many characters.
constexpr size_t k_max_cell_chars = 32000;

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

}  // namespace

Status xlsx(const Book& book, const std::string& final_path) {
  // Written beside the target and renamed, so that a reader never sees half a workbook.
  const std::string path = final_path + ".tmp-" + std::to_string(::getpid());
  Status st = write_workbook(book, path);
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

namespace {

Status write_workbook(const Book& book, const std::string& path) {
  Writer w(path);
  if (w.book() == nullptr) {
    return Error(ErrorCode::io, path + ": " + tr("xlsx を作成できません", "cannot create the workbook"));
  }
  const auto rows = static_cast<lxw_row_t>(book.contracts.size());

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
    w.text(sum, r, 4, str::join(c.kinds, " "));
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

  // One sheet per family: contracts × that family's requirements.
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
      w.text(all, r, 5, v.requirement.severity);
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
      w.text(all, r, 5, k.severity);
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
  return w.close(path);
}

}  // namespace

}  // namespace keiyaku::report
