// keiyaku diff OLD NEW: what the changes between two drafts of a contract do to each requirement.
#include "command.hpp"
#include "output.hpp"
#include "registry_common.hpp"

#include <base/file.hpp>
#include <base/i18n.hpp>
#include <base/term.hpp>
#include <catalog/catalog.hpp>
#include <diff/compare.hpp>
#include <diff/output.hpp>
#include <profile/profile.hpp>
#include <review/review.hpp>

#include <CLI/CLI.hpp>

#include <optional>

namespace keiyaku::cli {

int cmd_diff(const Args& args) {
  CLI::App app(tr("契約書の2つの版（発注者の案と事業者の修正版など）を比べ、要件ごとに判定の変化と、その原因となった条項の変更を出す",
                  "Compare two drafts of a contract: each requirement's verdict before and after, and the edit that changed it"),
               "keiyaku diff");
  std::string old_file;
  std::string new_file;
  std::vector<std::string> kinds;
  std::string tier;
  std::string format;
  std::string output;
  std::string requirements_dir;
  std::string profile_name;
  app.add_option("OLD", old_file, tr("変更前の版（.docx・.pdf・.txt）", "the earlier draft (.docx, .pdf, .txt)"))->required();
  app.add_option("NEW", new_file, tr("変更後の版（.docx・.pdf・.txt）", "the later draft (.docx, .pdf, .txt)"))->required();
  app.add_option("--kind", kinds, tr("契約の種別（複数可）: auto|outsourcing|cloud|sns（既定 auto）",
                                     "contract kind, repeatable: auto|outsourcing|cloud|sns (default auto)"))
      ->check(CLI::IsMember({"auto", "outsourcing", "cloud", "sns"}));
  app.add_option("--tier", tier, tr("三層の対策の区分: mynumber|lgwan|internet", "three-tier segment"))
      ->check(CLI::IsMember({"mynumber", "lgwan", "internet"}));
  app.add_option("--format", format,
                 tr("出力形式: text|json|html（既定: -o の拡張子、なければ text）",
                    "output format: text|json|html (default: from -o's extension, else text)"))
      ->check(CLI::IsMember({"text", "json", "html"}));
  app.add_option("-o,--output", output, tr("出力先ファイル（既定は標準出力）", "write the report to a file"));
  app.add_option("--requirements", requirements_dir, tr("要件フォルダ", "requirements directory"));
  app.add_option("--profile", profile_name,
                 tr("団体の方針プロファイル（名前またはファイル）", "the body's policy profile (name or file)"));
  app.footer(tr("両方の版を同じ条件で審査し、条項を番号と文言の類似で対応づけます（番号の変更・挿入・削除・移動・分割）。\n"
                "終了コード: 0 悪化なし / 1 悪化した要件か追加されたリスク条項あり / 2 読めない入力・使い方の誤り / 3 内部エラー",
                "Both drafts are reviewed alike; clauses are matched by number and by text (renumbered, inserted, "
                "deleted, moved, split).\n"
                "exit codes: 0 nothing got worse, 1 a requirement got worse or a risk clause was added, 2 unreadable "
                "input or usage error, 3 internal error"));
  if (const int rc = parse(app, args); rc >= 0) {
    return rc;
  }
  review::Options options;
  for (const std::string& k : kinds) {
    if (k != "auto") {
      options.kinds.push_back(k);
    }
  }
  options.tier = tier == "internet" ? "" : tier;
  std::optional<profile::Profile> policy;
  if (!profile_name.empty()) {
    auto p = profile::find((requirements_dir.empty() ? catalog::default_dir() : requirements_dir) + "/profiles",
                           profile_name);
    if (!p) {
      return fail(p.error());
    }
    policy = std::move(*p);
    options.profile = &*policy;
  }
  if (auto f = output_format(format, output, {"text", "json", "html"}, "text"); !f) {
    return fail(f.error());
  } else {
    format = *f;
  }
  std::vector<std::string> inputs = {old_file, new_file};
  if (policy) {
    inputs.push_back(policy->file);
  }
  if (auto st = file::refuse_overlap({output}, inputs); !st) {
    return fail(st.error());
  }
  auto engine = review::Engine::load({requirements_dir});
  if (!engine) {
    return fail(engine.error());
  }
  auto before = review::review_file(*engine, old_file, options);
  if (!before) {
    return fail(before.error());
  }
  auto after = review::review_file(*engine, new_file, options);
  if (!after) {
    return fail(after.error());
  }
  const diff::Comparison comparison = diff::compare(*engine, *before, *after);
  std::string out;
  if (format == "json") {
    out = diff::json(comparison, 2) + "\n";
  } else if (format == "html") {
    out = diff::html(comparison);
  } else {
    out = term::escape(diff::text(comparison), true);
  }
  if (auto st = write_output(output, out); !st) {
    return fail(st.error());
  }
  return static_cast<int>(comparison.worse() ? ExitCode::findings : ExitCode::ok);
}

}  // namespace keiyaku::cli
