#include "csv_rows.hpp"
#include "report.hpp"

#include <base/file.hpp>
#include <base/i18n.hpp>
#include <base/strings.hpp>

#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <optional>
#include <set>

namespace keiyaku::report {

namespace {

int family_rank(const std::string& f) {
  return f == "outsourcing" ? 0 : f == "cloud" ? 1 : f == "sns" ? 2 : f == "tier" ? 3 : 4;
}

int id_number(const std::string& id) {
  const size_t dash = id.find('-');
  return dash == std::string::npos ? 0 : std::atoi(id.c_str() + dash + 1);
}

std::string first_text_block(const core::Document& doc) {
  for (const core::Block& b : doc.blocks) {
    const std::string_view t = str::trim(b.text);
    if (!t.empty()) {
      return std::string(t.substr(0, t.find('\n')));
    }
  }
  return doc.title;
}

}  // namespace

void sort_columns(std::vector<Column>& columns) {
  std::stable_sort(columns.begin(), columns.end(), [](const Column& a, const Column& b) {
    if (family_rank(a.family) != family_rank(b.family)) {
      return family_rank(a.family) < family_rank(b.family);
    }
    if (id_number(a.id) != id_number(b.id)) {
      return id_number(a.id) < id_number(b.id);
    }
    return a.id < b.id;
  });
  columns.erase(std::unique(columns.begin(), columns.end(),
                            [](const Column& a, const Column& b) { return a.id == b.id; }),
                columns.end());
}

ContractReport contract_report(const review::ReviewResult& r) {
  ContractReport c;
  c.path = r.document.path;
  c.title = first_text_block(r.document);
  c.sha256 = r.document.sha256;
  c.vendor = r.parties.vendor_name;
  c.kinds = r.kinds;
  c.tier = r.tier;
  c.body_term = r.parties.body_term;
  c.vendor_term = r.parties.vendor_term;
  c.clauses = r.clauses;
  c.characters = r.characters;
  c.revisions = r.document.revisions.total();
  c.comments = static_cast<int>(r.document.comments.size());
  c.summary = summarize(r);
  for (size_t i = 0; i < r.findings.size(); ++i) {
    const core::Finding& f = r.findings[i];
    const core::RuleSpec& s = *r.specs[i];
    Verdict v;
    v.requirement = {s.id, s.family, s.title, core::severity_of(f, s)};
    v.status = f.status;
    v.reason = f.reason;
    v.suggestion = f.status == core::Status::not_applicable ? std::string() : f.suggestion;
    v.basis = s.basis;
    v.basis.insert(v.basis.end(), f.policy_basis.begin(), f.policy_basis.end());
    v.evidence = f.evidence;
    v.waived = f.waived;
    c.verdicts.push_back(std::move(v));
  }
  c.risks = r.risks;
  for (const core::FileRisk& k : r.document.file_risks) {
    c.file_risks.push_back({k.id, core::risk_severity_name(k.severity), k.message, k.detail});
  }
  return c;
}

Book book_of(const std::vector<review::ReviewResult>& results) {
  Book b;
  for (const review::ReviewResult& r : results) {
    b.contracts.push_back(contract_report(r));
    for (const Verdict& v : b.contracts.back().verdicts) {
      b.columns.push_back(v.requirement);
    }
  }
  sort_columns(b.columns);
  return b;
}

std::string findings_csv_path(const std::string& path) {
  const std::string lower = str::to_lower_ascii(path);
  const std::string stem = str::ends_with(lower, ".csv") ? path.substr(0, path.size() - 4) : path;
  return stem + "-findings.csv";
}

bool is_findings_csv(std::string_view head) {
  // What csv_findings() begins with, in either language.
  return str::starts_with(
             head, "\xEF\xBB\xBF\xE3\x83\x95\xE3\x82\xA1\xE3\x82\xA4\xE3\x83\xAB,") ||  // ファイル,
         str::starts_with(head,
                          "\xEF\xBB\xBF"
                          "file,title,ID,");
}

std::optional<std::string> findings_csv_for(const std::string& path) {
  if (path.empty() || path == "-" || !file::replaced_atomically(path)) {
    return std::nullopt;
  }
  return findings_csv_path(path);
}

Status check_findings_csv(const std::string& path) {
  const auto sidecar = findings_csv_for(path);
  if (!sidecar || !file::exists(*sidecar)) {
    return {};
  }
  if (file::replaced_atomically(*sidecar)) {  // a regular file: read before it is replaced
    auto head = file::read_head(*sidecar, 64);
    if (head && is_findings_csv(*head)) {
      return {};
    }
  }
  return Error(ErrorCode::conflict, *sidecar + ": " +
                                        tr("明細CSVの書き出し先に keiyaku "
                                           "の明細ではないファイルがあるため上書きしません（移動す"
                                           "るか、別の -o を指定してください）",
                                           "is not a findings CSV written by keiyaku and is not "
                                           "overwritten (move it or choose another -o)"));
}

Status write_book(const Book& book, const std::string& format, const std::string& path) {
  const std::string target = path.empty() ? std::string("-") : path;
  if (format == "html") {
    BookSource source(book);
    return write_html(source, book, target);
  }
  if (format == "csv") {
    // Checked before anything is written: the long form never lands on a file it did not write.
    if (auto st = check_findings_csv(target); !st) {
      return st;
    }
    if (auto st = file::write_output(target, csv_matrix(book)); !st) {
      return st;
    }
    const auto sidecar = findings_csv_for(target);
    return sidecar ? file::write_atomic(*sidecar, csv_findings(book)) : Status{};
  }
  if (format == "xlsx") {
    if (target != "-" && file::replaced_atomically(target)) {
      return xlsx(book, target);
    }
    // libxlsxwriter writes regular files only: through a temporary file to stdout, a pipe or a
    // device.
    const char* tmp = std::getenv("TMPDIR");
    std::string name = std::string(tmp != nullptr && *tmp != '\0' ? tmp : "/tmp") + "/keiyaku-XXXXXX";
    const int fd = ::mkstemp(name.data());
    if (fd < 0) {
      return Error(ErrorCode::io, name + ": " + tr("一時ファイルを作れません", "cannot create a temporary file"));
    }
    ::close(fd);
    Status st = xlsx(book, name);
    if (st) {
      auto data = file::read(name);
      st = data ? file::write_output(target, *data) : Status(data.error());
    }
    std::remove(name.c_str());
    return st;
  }
  return Error(ErrorCode::usage, tr("不明な出力形式です: ", "unknown output format: ") + format);
}

Status write_report(ContractSource& contracts,
                    const Book& header,
                    const std::string& format,
                    const std::string& path) {
  const std::string target = path.empty() ? std::string("-") : path;
  if (format == "html") {
    return write_html(contracts, header, target);
  }
  if (format == "csv") {
    // Checked before anything is written: the long form never lands on a file it did not write.
    if (auto st = check_findings_csv(target); !st) {
      return st;
    }
    std::vector<Column> columns;
    std::set<std::string> seen;
    if (Status st = contracts.for_each([&](const ContractReport& c) {
          for (const Verdict& v : c.verdicts) {
            if (seen.insert(v.requirement.id).second) {
              columns.push_back(v.requirement);
            }
          }
          return Status{};
        });
        !st) {
      return st;
    }
    sort_columns(columns);
    // Each file as a stream, one contract at a time; each replaced only once it is whole.
    auto out = file::OutputStream::open(target);
    if (!out) {
      return out.error();
    }
    Status st = out->write(csv_matrix_head(columns));
    if (st) {
      st = contracts.for_each(
          [&](const ContractReport& c) { return out->write(csv_matrix_row(c, columns)); });
    }
    if (!st) {
      return st;
    }
    const auto sidecar = findings_csv_for(target);
    if (!sidecar) {
      return out->commit();
    }
    auto long_form = file::OutputStream::open(*sidecar);
    if (!long_form) {
      return long_form.error();
    }
    st = long_form->write(csv_findings_head());
    if (st) {
      st = contracts.for_each(
          [&](const ContractReport& c) { return long_form->write(csv_findings_rows(c)); });
    }
    if (!st) {
      return st;
    }
    if (auto done = out->commit(); !done) {
      return done;
    }
    return long_form->commit();
  }
  Book book;
  book.generated_at = header.generated_at;
  book.print = header.print;
  book.anchor = header.anchor;
  if (Status st = contracts.for_each([&](const ContractReport& c) {
        book.contracts.push_back(c);
        for (const Verdict& v : c.verdicts) {
          book.columns.push_back(v.requirement);
        }
        return Status{};
      });
      !st) {
    return st;
  }
  sort_columns(book.columns);
  return write_book(book, format, path);
}

}  // namespace keiyaku::report
