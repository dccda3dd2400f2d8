#include "input_limit.hpp"

#include <CLI/CLI.hpp>
#include <base/i18n.hpp>
#include <core/document.hpp>

#include <string>

namespace keiyaku::cli {

void add_input_limit(CLI::App& app, size_t& limit) {
  const std::string mib = std::to_string(core::k_default_input_limit >> 20U);
  app.add_option(
         "--input-limit", limit,
         tr("1ファイルから読む量の上限: DOCX は展開した XML "
            "部品の合計（画像などは展開しないので数えない）、"
            "PDF とテキストはファイル全体（既定 " +
                mib + "M。例: 200M, 1G）",
            "the most read of one file: a DOCX's XML parts as inflated, all together (images and "
            "other media are never inflated and do not count), a PDF or text file whole "
            "(default " +
                mib + "M; e.g. 200M, 1G)"))
      ->transform(CLI::AsSizeValue(false))
      ->check(CLI::Range(size_t{1} << 10U, size_t{1} << 40U))
      ->option_text("SIZE");
}

}  // namespace keiyaku::cli
