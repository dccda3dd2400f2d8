#include "command.hpp"
#include "output.hpp"
#include "registry_common.hpp"

#include <base/file.hpp>
#include <base/i18n.hpp>
#include <base/term.hpp>
#include <batch/report_data.hpp>
#include <report/report.hpp>

#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include <unistd.h>

namespace keiyaku::cli {

namespace {

std::string table_text(const report::Book& book) {
  const std::string anchor =
      tr("台帳の履歴の先頭: ", "registry history head: ") + book.anchor + "\n";
  if (book.contracts.empty()) {
    return tr("台帳に審査結果がありません（keiyaku batch で審査してください）",
              "no reviews in the registry (run keiyaku batch first)") +
           "\n" + anchor;
  }
  Table t({tr("契約書", "contract"), tr("受託者", "vendor"), tr("確認状況", "vendor status"),
           report::status_label(core::Status::contradicted), report::status_label(core::Status::missing),
           report::status_label(core::Status::weak), tr("審査日時", "reviewed at"), tr("ファイル", "file")});
  for (const report::ContractReport& c : book.contracts) {
    const std::string title = c.title.empty() ? c.path : c.title;
    if (c.failed) {
      t.add({title, c.vendor, c.vendor_status, "-", "-", "-", c.reviewed_at,
             c.path + "  (" + tr("読込失敗: ", "failed: ") + c.error + ")"});
      continue;
    }
    t.add({title, c.vendor.empty() ? "-" : c.vendor, c.vendor_status.empty() ? "-" : c.vendor_status,
           std::to_string(c.summary.contradicted), std::to_string(c.summary.missing),
           std::to_string(c.summary.weak), c.reviewed_at, c.path});
  }
  // The contracts whose latest review is a new version that got worse than the one before.
  std::string versions;
  for (const report::ContractReport& c : book.contracts) {
    if (c.previous_version && c.previous_version->worse()) {
      versions += report::version_text(c.path, *c.previous_version);
    }
  }
  if (!versions.empty()) {
    versions = report::version_label(report::VersionLabel::worse_contracts) + ":\n" + versions;
  }
  return t.render() + versions + anchor;
}

}  // namespace

int cmd_report(const Args& args) {
  CLI::App app(tr("台帳にある全契約書の最新の審査結果を、受託者の確認状況とともに報告書にする",
                  "Report the latest review of every contract in the registry, with each vendor's status"),
               "keiyaku report");
  RegistryOptions reg;
  std::string format;  // empty: from -o's extension, else text
  std::string output;
  add_registry_options(app, reg);
  app.add_option("--format", format,
                 tr("出力形式: text（一覧）|html|csv|xlsx（既定: -o の拡張子、なければ text）",
                    "output format: text|html|csv|xlsx (default: from -o's extension, else text)"))
      ->check(CLI::IsMember({"text", "html", "csv", "xlsx"}));
  app.add_option("-o,--output", output, tr("出力先ファイル（既定は標準出力）", "write the report to a file"));
  app.footer(tr("終了コード: 0 完了 / 2 台帳がない・使い方の誤り / 3 内部エラー",
                "exit codes: 0 done, 2 no registry or a usage error, 3 internal error"));
  if (const int rc = parse(app, args); rc >= 0) {
    return rc;
  }
  if (auto f = output_format(format, output, {"text", "html", "csv", "xlsx"}, "text"); !f) {
    return fail(f.error());
  } else {
    format = *f;
  }
  if (auto st = file::refuse_overlap(report_outputs(format, output),
                                     registry_files(resolve_db_path(reg.db)));
      !st) {
    return fail(st.error());
  }
  if (format == "csv") {
    if (auto st = report::check_findings_csv(output); !st) {
      return fail(st.error());
    }
  }
  if (format == "xlsx" && (output.empty() || output == "-") && ::isatty(STDOUT_FILENO) != 0) {
    term::error(tr("xlsx は -o で出力先を指定してください", "xlsx output needs -o PATH"));
    return static_cast<int>(ExitCode::failure);
  }
  auto registry = open_registry(reg, registry::OpenMode::read_only);
  if (!registry) {
    return fail(registry.error());
  }
  Status written;
  if (format == "text") {
    auto book = batch::load_report(*registry, nullptr);
    if (!book) {
      return fail(book.error());
    }
    written = write_output(output, table_text(*book));
  } else {
    // One contract at a time from the registry: html in bounded memory whatever the count.
    batch::RegistrySource contracts(*registry, nullptr);
    auto header = batch::report_header(*registry);
    if (!header) {
      return fail(header.error());
    }
    written = report::write_report(contracts, *header, format, output);
  }
  if (!written) {
    return fail(written.error());
  }
  note_findings_csv(format, output);
  if (format == "csv") {
    // The matrix has no place for it: the anchor goes to stderr beside the file's name.
    if (auto st = note_anchor(*registry); !st) {
      return fail(st.error());
    }
  }
  return static_cast<int>(ExitCode::ok);
}

}  // namespace keiyaku::cli
