#pragma once

#include <base/expected.hpp>
#include <core/verdict_change.hpp>
#include <review/review.hpp>

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace keiyaku::report {

/// SPEC §3 JSON of one review (an object; scan prints an array for several files).
std::string json_object(const review::ReviewResult& result, int indent);
/// An array of objects.
std::string json_array(const std::vector<review::ReviewResult>& results, int indent);

enum class Color { off, on };

/// The terminal report: a summary line, one line per requirement grouped by family, then the
/// details of every finding with the quoted clause and the suggestion.
std::string text(const review::ReviewResult& result, Color color);

/// Counts of must-requirements by status, for summaries and --fail-on.
struct Summary {
  int must = 0;
  int satisfied = 0;
  int weak = 0;
  int contradicted = 0;
  int missing = 0;
  int not_applicable = 0;
};
Summary summarize(const review::ReviewResult& result);

/// Status name in the UI language (充足 / 不十分 / 矛盾 / 欠落 / 対象外).
std::string status_label(core::Status status);

/// A contract kind for people: 業務委託 / クラウド / SNS in Japanese, the name itself in English.
std::string kind_label(std::string_view kind);
/// A three-tier segment: マイナンバー利用事務系 / LGWAN接続系 / インターネット接続系, or the name.
std::string tier_label(std::string_view tier);
/// A file risk's level: 情報 / 低 / 中 / 高 / 重大 in Japanese, the name in English.
std::string risk_level_label(std::string_view level);
/// A requirement's severity: 必須 / 推奨 in Japanese, must / should in English.
std::string severity_name(std::string_view severity);

/// 「理由（承認者 X、期限 YYYY-MM-DD）」 for a waived finding; "" when there is no waiver.
std::string waiver_note(const std::optional<core::Waived>& waived);
/// What a report says of a waiver granted on an earlier text of the contract (Waived::text_changed).
std::string waiver_text_changed();

// --- Reports people read: HTML, CSV and XLSX (the same data for scan, batch and report) ---

/// One requirement: a column of the contracts × requirements matrix.
struct Column {
  std::string id;
  std::string family;    ///< outsourcing | cloud | sns | tier
  std::string title;
  std::string severity;  ///< must | should
};

/// One requirement's verdict on one contract.
struct Verdict {
  Column requirement;
  core::Status status = core::Status::missing;
  std::string reason;
  std::string suggestion;
  std::vector<std::string> basis;  ///< the catalog's, then the profile's articles
  std::vector<core::Evidence> evidence;
  std::optional<core::Waived> waived;  ///< an unexpired waiver (例外承認) covers it
};

/// A file-level risk (DOCX-*).
struct FileRiskLine {
  std::string id;
  std::string severity;
  std::string message;
  std::string detail;
};

/// A tracked change that lowers a verdict (`scan --revisions`), as one line people read.
struct RevisionLine {
  std::string clause;  ///< the clause the revision changed
  std::string id;      ///< the requirement it lowered
  std::string text;    ///< 「第6条第2項の変更（…、作成者 ○○、2026-03-10）により …」
};

/// A requirement that a new version of a contract lost against the review it superseded: the
/// verdict and the clause cited on each side (batch, report).
struct VersionRegression {
  std::string id;
  std::string title;
  std::string severity;  ///< must | should
  core::VerdictSide before;
  core::VerdictSide after;
};

/// The earlier version of a contract that its review superseded, and what changed for the worse
/// since: the requirements that got worse, and the risk clauses added (or removed).
struct PreviousVersion {
  int64_t review_id = 0;  ///< the superseded review in the registry
  std::string path;       ///< the file it read
  std::string sha256;
  std::string reviewed_at;
  std::vector<VersionRegression> regressions;  ///< must before should, then catalog order
  std::vector<core::RiskChange> risks;         ///< added first, then removed
  /// True when a requirement got worse or a risk clause was added (as `keiyaku diff` counts it).
  bool worse() const {
    return !regressions.empty() || std::any_of(risks.begin(), risks.end(),
                                               [](const core::RiskChange& r) { return r.added; });
  }
  /// True when there is anything to list: a regression or a risk clause added or removed.
  bool changed() const { return !regressions.empty() || !risks.empty(); }
};

/// The words every report uses for a new version and what changed since the version before it
/// (HTML, XLSX, CSV, the text of `batch` and `report`), in the UI language.
enum class VersionLabel {
  since_previous,     ///< 前の版からの変化: the HTML section
  worse_sheet,        ///< 前の版からの悪化: the XLSX sheet
  worse_contracts,    ///< 前の版から悪化した契約書: the heading of the text list
  previous_version,   ///< 前の版
  previous_file,      ///< 前の版のファイル
  reviewed,           ///< 審査 (the previous version's review date)
  nothing_worse,      ///< 悪化した要件はありません
  verdict_before,     ///< 前の判定
  verdict_now,        ///< 今の判定
  clause_before,      ///< 前の条項 (the HTML: 前の版の条項)
  clause_now,         ///< 今の条項
  text_before,        ///< 前の本文
  text_now,           ///< 今の本文
  no_clause,          ///< 該当する条項なし
  worse_count,        ///< 前の版から悪化した要件 (a count)
  risk_added,         ///< RISK条項の追加
  risk_removed,       ///< RISK条項の削除
  risks_added_count,  ///< 追加されたRISK条項 (a count)
};
std::string version_label(VersionLabel label);

/// One new version as lines of text (the summary of `batch`, `report`): its file and the previous
/// version's, then each requirement that got worse (verdict and clause cited before → after) and
/// each risk clause added (+) or removed (-) with its clause. "" when nothing changed.
std::string version_text(const std::string& path, const PreviousVersion& previous);

/// One contract of a report, from a review in memory (scan) or in the registry (batch, report).
struct ContractReport {
  std::string path;
  std::string title;
  std::string sha256;
  std::string reviewed_at;    ///< "" for scan
  bool failed = false;        ///< the file could not be read
  std::string error;          ///< one line, when failed
  std::string vendor;         ///< the registered vendor, else the name the contract gives
  std::string vendor_status;  ///< 未確認 / 確認済 / 要是正 / 期限切れ (UI language); "" when not linked
  std::string vendor_status_reason;
  std::vector<std::string> kinds;
  std::string tier;
  std::string body_term;
  std::string vendor_term;
  int clauses = 0;
  int characters = 0;
  int revisions = 0;
  int comments = 0;
  Summary summary;
  std::vector<Verdict> verdicts;  ///< catalog order, not-applicable ones included
  std::vector<core::RiskFinding> risks;
  std::vector<FileRiskLine> file_risks;
  std::vector<RevisionLine> revision_lines;  ///< scan --revisions: the revisions that lower a verdict
  /// A new version of a contract already in the registry: the review it superseded.
  std::optional<PreviousVersion> previous_version;
};

/// The contracts of one report and the requirement columns they share.
struct Book {
  std::vector<Column> columns;  ///< every requirement any contract was checked against, catalog order
  std::vector<ContractReport> contracts;
  std::string generated_at;     ///< shown in the header; "" to leave out
  /// What the printed workbook's cover sheet and page headers say (XLSX): the date of the
  /// report, the profile applied and who made it; "" where not known.
  struct Print {
    std::string date;
    std::optional<std::string> profile;  ///< "" = none applied; nullopt = not known
    std::string reviewer;
  } print;
  /// The registry's history head ("SEQ:HASH", docs/registry.md) the report was made from: shown
  /// in the header of HTML and on the summary sheet of XLSX; "" to leave out.
  std::string anchor;
};

/// A contract as a review in memory gives it.
ContractReport contract_report(const review::ReviewResult& result);
/// Several reviews (scan) as one report.
Book book_of(const std::vector<review::ReviewResult>& results);
/// Sorts columns into catalog order (family, then number) and drops duplicates.
void sort_columns(std::vector<Column>& columns);

/// The contracts of a report, handed over one at a time so that a report of any number of
/// contracts is written in bounded memory. for_each() may be called several times; each call gives
/// the same contracts in the same order. An error from `visit` stops the walk and is returned.
class ContractSource {
 public:
  virtual ~ContractSource() = default;
  virtual Status for_each(const std::function<Status(const ContractReport&)>& visit) = 0;
};

/// The contracts of a Book in memory.
class BookSource final : public ContractSource {
 public:
  explicit BookSource(const Book& book) : m_book(book) {}
  Status for_each(const std::function<Status(const ContractReport&)>& visit) override {
    for (const ContractReport& c : m_book.contracts) {
      if (Status st = visit(c); !st) {
        return st;
      }
    }
    return {};
  }

 private:
  const Book& m_book;
};

/// Contracts per page of a paged HTML report.
inline constexpr size_t k_contracts_per_page = 500;

/// One self-contained HTML page (no network, no external CSS or JS; printable on A4): for one
/// contract its verdict table, findings, risks and file risks; for several, first a matrix of
/// contracts × requirements (sortable and filterable with a little inline script) linking to each
/// contract's details. Every piece of document text is escaped.
std::string html(const Book& book);

/// The same report written as it is made (`header`: generated_at and anchor as html() shows them), in bounded memory whatever the number of contracts (the
/// contracts are read from `contracts` two or three times). To a regular file with more than
/// k_contracts_per_page contracts it is paged: `path` holds the matrix of every contract, and the
/// details of each run of k_contracts_per_page contracts go to a page beside it (report.html →
/// report-001.html, report-002.html …; html_page_path()) that the matrix links to; a page is
/// replaced only when it is one keiyaku wrote (ErrorCode::conflict otherwise, before anything is
/// written). To stdout ("" or "-"), a pipe or a device it is one stream.
Status write_html(ContractSource& contracts,
                  const Book& header,
                  const std::string& path);

/// The name of page `page` (from 1) of a paged HTML report written to `path`.
std::string html_page_path(const std::string& path, size_t page);

/// CSV (UTF-8 with a BOM, CRLF): one row per contract, one column per requirement.
std::string csv_matrix(const Book& book);
/// CSV: one row per verdict of every contract (the long form), risks included.
std::string csv_findings(const Book& book);

/// An XLSX workbook: a cover sheet (date, profile, reviewer, legend, counts), a summary sheet, a
/// sheet per requirement family (contracts × requirements, status cells coloured), the long sheet
/// of every finding, and risks; headers frozen, filters on. Every sheet prints on A4 landscape,
/// fitted to the page width, its header row repeated on each page, with the file, date and profile
/// in the page header and the page number in the footer. Every cell is written as a string or a
/// number, never as a formula.
Status xlsx(const Book& book, const std::string& path);

/// A plain table for a workbook of its own (the ledgers: `keiyaku ledger export`).
struct TableSheet {
  std::string name;  ///< sheet name (at most 31 characters)
  std::vector<std::string> header;
  std::vector<std::vector<std::string>> rows;
  std::vector<double> widths;  ///< column widths; missing ones are 14
};
/// Writes the tables as one workbook, each sheet with its header frozen and filters on, printed
/// as the review workbook is (A4 landscape, one page wide, the header row on every page), with
/// `title` and `date` in the page header. Text only, never a formula; written beside `path` and
/// renamed.
Status xlsx_tables(const std::vector<TableSheet>& sheets,
                   const std::string& title,
                   const std::string& date,
                   const std::string& path);

/// Writes `book` in `format` (html | csv | xlsx) to `path` (file::write_output: a regular file is
/// replaced atomically, a pipe or device written in place), or to stdout when `path` is "" or "-".
/// csv to a regular file also writes the long form beside it (report.csv → report-findings.csv),
/// and refuses (ErrorCode::conflict, before writing anything) when a file there is not a findings
/// CSV that keiyaku wrote (check_findings_csv). xlsx to anything but a regular file goes through a
/// temporary file.
Status write_book(const Book& book, const std::string& format, const std::string& path);

/// write_book() for contracts handed over one at a time (`header`: a Book whose generated_at,
/// print and anchor are shown; its contracts are not read): html (write_html()) and csv (the matrix,
/// then the long form beside it, each a stream) in bounded memory; xlsx gathers the contracts into
/// a Book first.
Status write_report(ContractSource& contracts,
                    const Book& header,
                    const std::string& format,
                    const std::string& path);

/// The name of the long-form CSV written beside `path` by write_book().
std::string findings_csv_path(const std::string& path);
/// The long-form CSV that write_book() would write beside a csv `path`: none for stdout or for
/// anything but a regular file (no "/dev/null-findings.csv").
std::optional<std::string> findings_csv_for(const std::string& path);
/// Refuses a csv output whose long form would overwrite a file keiyaku did not write.
Status check_findings_csv(const std::string& path);
/// True when `head` is the beginning of a csv_findings() file (either language).
bool is_findings_csv(std::string_view head);

}  // namespace keiyaku::report
