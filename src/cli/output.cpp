#include "output.hpp"

#include "command.hpp"

#include <base/i18n.hpp>
#include <base/strings.hpp>
#include <base/term.hpp>
#include <report/report.hpp>

#include <algorithm>
#include <cstdio>
#include <utility>

namespace keiyaku::cli {

std::string format_of_extension(const std::string& output) {
  static const std::pair<std::string_view, std::string_view> k_extensions[] = {
      {".json", "json"}, {".html", "html"}, {".htm", "html"},
      {".csv", "csv"},   {".xlsx", "xlsx"}, {".txt", "text"}};
  const std::string lower = str::to_lower_ascii(output);
  for (const auto& [ext, format] : k_extensions) {
    if (str::ends_with(lower, ext)) {
      return std::string(format);
    }
  }
  return {};
}

Expected<std::string> output_format(const std::string& flag,
                                    const std::string& output,
                                    const std::vector<std::string>& allowed,
                                    const std::string& fallback) {
  const std::string implied = format_of_extension(output);
  if (!flag.empty() && !implied.empty() && flag != implied) {
    return Error(ErrorCode::usage, output + ": " + tr("拡張子は ", "the extension says ") +
                                       implied + tr(" ですが --format は ", " but --format says ") +
                                       flag +
                                       tr("です。どちらかを合わせてください", "; make them agree"));
  }
  if (!flag.empty()) {
    return flag;
  }
  if (implied.empty()) {
    return fallback;
  }
  if (std::find(allowed.begin(), allowed.end(), implied) == allowed.end()) {
    return Error(ErrorCode::usage,
                 output + ": " + tr("このコマンドは ", "this command cannot write ") + implied +
                     tr(" を書き出せません（--format: ", " (--format: ") + str::join(allowed, "|") +
                     tr("）", ")"));
  }
  return implied;
}

std::vector<std::string> registry_files(const std::string& db_path) {
  return {db_path, db_path + "-wal", db_path + "-shm"};
}

std::vector<std::string> report_outputs(const std::string& format, const std::string& output) {
  std::vector<std::string> out = {output};
  if (format == "csv") {
    if (auto sidecar = report::findings_csv_for(output)) {
      out.push_back(*sidecar);
    }
  }
  return out;
}

void note_findings_csv(const std::string& format, const std::string& output) {
  if (format != "csv" || globals().quiet) {
    return;
  }
  if (auto sidecar = report::findings_csv_for(output)) {
    const std::string line = term::escape(
        tr("判定ごとの明細を書き出しました: ", "one row per verdict written to ") + *sidecar);
    std::fprintf(stderr, "keiyaku: %s\n", line.c_str());
  }
}

}  // namespace keiyaku::cli
