// keiyaku inspect FILE...: file-level risks (DOCX-*, PDF-*) found while reading the file.
#include "command.hpp"
#include "input_limit.hpp"

#include <CLI/CLI.hpp>
#include <base/i18n.hpp>
#include <base/strings.hpp>
#include <base/term.hpp>
#include <docx/reader.hpp>
#include <review/review.hpp>

#include <nlohmann/json.hpp>

#include <cstdio>
#include <optional>
#include <string>
#include <vector>

namespace keiyaku::cli {

namespace {

using nlohmann::ordered_json;

std::optional<core::RiskSeverity> severity_from(const std::string& s) {
  static const core::RiskSeverity k_all[] = {core::RiskSeverity::info, core::RiskSeverity::low,
                                             core::RiskSeverity::medium, core::RiskSeverity::high,
                                             core::RiskSeverity::critical};
  for (core::RiskSeverity v : k_all) {
    if (s == core::risk_severity_name(v)) {
      return v;
    }
  }
  return std::nullopt;
}

std::string flat(std::string_view s) {
  std::string out(s);
  for (char& c : out) {
    if (c == '\n' || c == '\r' || c == '\t') {
      c = ' ';
    }
  }
  return term::escape(out);
}

}  // namespace

int cmd_inspect(const Args& args) {
  CLI::App app(
      tr("ファイル自体のリスクを表示する: マクロ、外部テンプレート、外部リンク、OLE/ActiveX、DDE、"
         "隠し文字、未承認の変更履歴、コメント、作成者情報",
         "file-level risks: macros, external template, external links, OLE/ActiveX, DDE, hidden "
         "text, "
         "unaccepted revisions, comments, author metadata"),
      args[0]);
  std::vector<std::string> files;
  std::string format = "text";
  std::string fail_on = "never";
  app.add_option("FILE", files, tr("調べる .docx / .pdf（複数可）", ".docx or .pdf files to inspect"))->required();
  app.add_option("--format", format, "text|json")->check(CLI::IsMember({"text", "json"}));
  app.add_option("--fail-on", fail_on,
                 tr("この重大度以上のリスクがあれば終了コード 1: "
                    "info|low|medium|high|critical|never（既定 never）",
                    "exit 1 when a risk at or above this severity is found: "
                    "info|low|medium|high|critical|never "
                    "(default never)"))
      ->check(CLI::IsMember({"info", "low", "medium", "high", "critical", "never"}));
  docx::ReadOptions read_options;
  add_input_limit(app, read_options.limits.max_read_bytes);
  app.footer(
      tr("リスクID: DOCX-MACRO, DOCX-EXTERNAL-TEMPLATE, DOCX-EXTERNAL-LINK, DOCX-OLE, DOCX-DDE, "
         "DOCX-HIDDEN-TEXT, DOCX-REVISIONS, DOCX-COMMENTS, DOCX-METADATA, DOCX-ALTCHUNK, "
         "DOCX-BIDI-CONTROL, PDF-JAVASCRIPT, PDF-EXTERNAL-ACTION, PDF-EMBEDDED-FILE, PDF-METADATA。\n"
         "文書の中で名指しされたものは取得も実行もしません。\n"
         "終了コード: 0 読めた（--fail-on を指定しない限りリスクがあっても 0）/ 1 --fail-on "
         "以上のリスクあり / "
         "2 読めないファイルがあった",
         "Risk IDs: DOCX-MACRO, DOCX-EXTERNAL-TEMPLATE, DOCX-EXTERNAL-LINK, DOCX-OLE, DOCX-DDE, "
         "DOCX-HIDDEN-TEXT, DOCX-REVISIONS, DOCX-COMMENTS, DOCX-METADATA, DOCX-ALTCHUNK, "
         "DOCX-BIDI-CONTROL, PDF-JAVASCRIPT, PDF-EXTERNAL-ACTION, PDF-EMBEDDED-FILE, PDF-METADATA.\n"
         "Nothing named in a document is ever fetched or run.\n"
         "Exit status: 0 read (even with risks, unless --fail-on is given) / 1 a risk at or above "
         "--fail-on / 2 some file could not be read"));
  if (const int rc = parse(app, args); rc >= 0) {
    return rc;
  }
  const std::optional<core::RiskSeverity> threshold = severity_from(fail_on);
  bool failed = false;
  bool over = false;
  ordered_json all = ordered_json::array();
  for (const std::string& f : files) {
    review::Options read_with;
    read_with.input_limit = read_options.limits.max_read_bytes;
    auto doc = review::read_document(f, read_with);
    if (!doc) {
      fail(doc.error());
      failed = true;
      continue;
    }
    for (const core::FileRisk& r : doc->file_risks) {
      if (threshold && r.severity >= *threshold) {
        over = true;
      }
    }
    if (format == "json") {
      ordered_json j;
      j["format_version"] = 1;
      j["file"] = doc->path;
      j["sha256"] = doc->sha256;
      ordered_json risks = ordered_json::array();
      for (const core::FileRisk& r : doc->file_risks) {
        risks.push_back(ordered_json{{"id", r.id},
                                     {"severity", core::risk_severity_name(r.severity)},
                                     {"message", r.message},
                                     {"detail", r.detail}});
      }
      j["file_risks"] = std::move(risks);
      all.push_back(std::move(j));
      continue;
    }
    if (doc->file_risks.empty()) {
      std::printf(
          "%s: %s\n", flat(doc->path).c_str(),
          tr("ファイル自体のリスクは見つかりませんでした", "no file-level risks found").c_str());
    }
    for (const core::FileRisk& r : doc->file_risks) {
      std::printf("%s: %s [%s] %s%s\n", flat(doc->path).c_str(), r.id.c_str(),
                  core::risk_severity_name(r.severity), flat(r.message).c_str(),
                  r.detail.empty() ? "" : (" — " + flat(r.detail)).c_str());
    }
  }
  if (format == "json" && !all.empty()) {
    std::printf("%s\n", (files.size() == 1 ? all.front() : all).dump(2).c_str());
  }
  if (failed) {
    return static_cast<int>(ExitCode::failure);
  }
  return over ? static_cast<int>(ExitCode::findings) : static_cast<int>(ExitCode::ok);
}

}  // namespace keiyaku::cli
