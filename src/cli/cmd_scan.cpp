#include "command.hpp"
#include "localize.hpp"
#include "input_limit.hpp"
#include "output.hpp"
#include "registry_common.hpp"
#include "waivers.hpp"

#include <CLI/CLI.hpp>
#include <base/file.hpp>
#include <base/i18n.hpp>
#include <base/strings.hpp>
#include <base/term.hpp>
#include <catalog/catalog.hpp>
#include <diff/compare.hpp>
#include <diff/output.hpp>
#include <profile/profile.hpp>
#include <report/annotate.hpp>
#include <report/report.hpp>
#include <review/review.hpp>

#include <nlohmann/json.hpp>

#include <cstdio>
#include <ctime>
#include <optional>

namespace keiyaku::cli {

namespace {

// Lower is worse: contradicted < missing < weak < satisfied.
int badness(core::Status s) {
  switch (s) {
    case core::Status::contradicted: return 0;
    case core::Status::missing: return 1;
    case core::Status::weak: return 2;
    default: return 3;
  }
}

// `--revisions` with no view after it compares the two views: `scan --revisions contract.docx`.
Args with_revision_view(const Args& args) {
  Args out;
  for (size_t i = 0; i < args.size(); ++i) {
    out.push_back(args[i]);
    const bool view_follows =
        i + 1 < args.size() && (args[i + 1] == "accepted" || args[i + 1] == "original" || args[i + 1] == "compare");
    if (i > 0 && args[i] == "--revisions" && !view_follows) {
      out.emplace_back("compare");
    }
  }
  return out;
}

// For `--revisions compare`: the revisions of each file that lower a verdict, by file. A file with
// none (or no tracked changes, or not a DOCX) gets an empty list.
Expected<std::vector<std::vector<diff::RevisionEffect>>> revision_effects(
    const review::Engine& engine, const std::vector<review::ReviewResult>& accepted, const review::Options& options,
    std::vector<diff::Comparison>& comparisons) {
  std::vector<std::vector<diff::RevisionEffect>> out;
  comparisons.reserve(accepted.size());
  for (const review::ReviewResult& r : accepted) {
    review::Options rejected = options;
    rejected.original_revisions = true;
    rejected.explain.clear();
    auto original = review::review_file(engine, r.document.path, rejected);
    if (!original) {
      return original.error();
    }
    comparisons.push_back(diff::compare(engine, *original, r));
    out.push_back(diff::revision_effects(comparisons.back(), original->document, r.document));
  }
  return out;
}

}  // namespace

int cmd_scan(const Args& raw_args) {
  const Args args = with_revision_view(raw_args);
  CLI::App app(tr("契約書を審査し、要件ごとに 充足/不十分/矛盾/欠落 を根拠とともに出す",
                  "Review contracts: a verdict with evidence for every requirement"),
               "keiyaku scan");
  std::vector<std::string> files;
  std::vector<std::string> kinds;
  std::string tier;
  std::string format;  // empty: from -o's extension, else text
  std::string output;
  std::string fail_on = "missing";
  std::string revisions = "accepted";
  std::string requirements_dir;
  app.add_option("files", files, tr("審査する .docx/.docm/.dotx・.pdf（文字情報のあるもの）・.txt/.md", "contracts to review (.docx/.docm/.dotx, .pdf with a text layer, .txt/.md)"))
      ->required();
  app.add_option("--kind", kinds,
                 tr("契約の種別（複数可）: auto|outsourcing|cloud|sns（既定 auto）",
                    "contract kind, repeatable: auto|outsourcing|cloud|sns (default auto)"))
      ->transform(value_names("kind", {"auto", "outsourcing", "cloud", "sns"}))
      ->check(CLI::IsMember({"auto", "outsourcing", "cloud", "sns"}));
  app.add_option("--tier", tier,
                 tr("三層の対策の区分: mynumber|lgwan|internet", "three-tier segment"))
      ->transform(value_names("tier", {"mynumber", "lgwan", "internet"}))
      ->check(CLI::IsMember({"mynumber", "lgwan", "internet"}));
  app.add_option(
         "--format", format,
         tr("出力形式: text|json|html|csv|xlsx（既定: -o の拡張子、なければ text）",
            "output format: text|json|html|csv|xlsx (default: from -o's extension, else text)"))
      ->check(CLI::IsMember({"text", "json", "html", "csv", "xlsx"}));
  std::string annotate;
  app.add_option("--annotate", annotate,
                 tr("指摘をWordのコメントとして付けた契約書の写しを書き出す（.docx、ファイル1件のとき）",
                    "write a copy of the contract with a Word comment at each finding (.docx, one file)"));
  app.add_option("-o,--output", output, tr("出力先ファイル（既定は標準出力）", "write the report to a file"));
  app.add_option(
         "--fail-on", fail_on,
         tr("必須要件がこの水準以下なら終了コード1: missing|weak|contradicted|never（既定 "
            "missing）",
            "exit 1 when a must-requirement is at or below: missing|weak|contradicted|never"))
      ->transform(value_names("fail-on", {"missing", "weak", "contradicted", "never"}))
      ->check(CLI::IsMember({"missing", "weak", "contradicted", "never"}));
  app.add_option("--revisions", revisions,
                 tr("変更履歴の読み方: accepted（承諾後、既定）|original|compare（値なしも同じ: すべて承諾した版とすべて元に"
                    "戻した版を審査し、判定を下げる変更履歴を作成者・日付・条項とともに示す）",
                    "tracked changes: accepted (default)|original|compare (also with no value: review both views and "
                    "name each revision that lowers a verdict, with its author, date and clause)"))
      ->check(CLI::IsMember({"accepted", "original", "compare"}));
  size_t input_limit = core::k_default_input_limit;
  add_input_limit(app, input_limit);
  std::string explain;
  app.add_option("--explain", explain,
                 tr("この要件について、検討したすべての文と判定の理由を標準エラーに出す",
                    "print every sentence considered for this requirement, and why, on stderr"));
  app.add_option("--requirements", requirements_dir, tr("要件フォルダ", "requirements directory"));
  std::string profile_name;
  app.add_option("--profile", profile_name,
                 tr("団体の方針プロファイル（名前またはファイル）: 方針にない分野は対象外、条項を根拠に併記",
                    "the body's policy profile (name or file): families it lacks are n/a, its articles are cited"));
  std::string db;
  app.add_option("--db", db,
                 tr("例外承認を読む台帳（既定: $KEIYAKU_DB があればそれ）",
                    "registry to read waivers from (default: $KEIYAKU_DB when set)"));
  app.footer(tr("終了コード: 0 問題なし / 1 --fail-on 以下の指摘あり / 2 読めない入力 / 3 内部エラー",
                "exit codes: 0 clean, 1 findings at or below --fail-on, 2 unreadable input, 3 internal error"));
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
  options.original_revisions = revisions == "original";
  options.explain = explain;
  options.input_limit = input_limit;
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
  if (!annotate.empty() && files.size() != 1) {
    term::error(tr("--annotate はファイル1件のときだけ使えます", "--annotate takes exactly one contract"));
    return static_cast<int>(ExitCode::failure);
  }
  if (auto f = output_format(format, output, {"text", "json", "html", "csv", "xlsx"}, "text"); !f) {
    return fail(f.error());
  } else {
    format = *f;
  }
  // Nothing is written over what is read: the contracts, the profile, the registry of waivers.
  std::vector<std::string> outputs = report_outputs(format, output);
  outputs.push_back(annotate);
  std::vector<std::string> inputs = files;
  if (policy) {
    inputs.push_back(policy->file);
  }
  if (const std::string waivers_db = waivers_path(db); !waivers_db.empty()) {
    for (std::string& f : registry_files(waivers_db)) {
      inputs.push_back(std::move(f));
    }
  }
  if (auto st = file::refuse_overlap(outputs, inputs); !st) {
    return fail(st.error());
  }
  if (!annotate.empty() && !output.empty()) {
    if (auto st = file::refuse_overlap({annotate}, {output}); !st) {
      return fail(st.error());
    }
  }
  if (format == "csv") {
    if (auto st = report::check_findings_csv(output); !st) {
      return fail(st.error());
    }
  }
  if (format == "xlsx" && output.empty() && term::use_color(stdout)) {
    term::error(tr("xlsx は -o で出力先を指定してください", "xlsx output needs -o PATH"));
    return static_cast<int>(ExitCode::failure);
  }
  auto engine = review::Engine::load({requirements_dir});
  if (!engine) {
    return fail(engine.error());
  }
  std::vector<review::ReviewResult> results;
  bool failed = false;
  file::MappedFile
      annotate_source;  // the bytes reviewed: the annotated copy is of exactly what was read
  for (const std::string& f : files) {
    auto r = annotate.empty() ? review::review_file(*engine, f, options)
                              : [&]() -> Expected<review::ReviewResult> {
      auto bytes = file::map(f, options.input_limit);
      if (!bytes) {
        return bytes.error();
      }
      annotate_source = std::move(*bytes);
      return review::review_bytes(*engine, annotate_source.bytes(), f, options);
    }();
    if (!r) {
      term::error(format_error(r.error()));
      failed = true;
      continue;
    }
    for (const std::string& line : r->trace) {
      std::fprintf(stderr, "%s\n", term::escape(f + ": " + line).c_str());
    }
    results.push_back(std::move(*r));
  }
  if (auto st = mark_waivers(results, db); !st) {
    return fail(st.error());
  }
  std::vector<std::vector<diff::RevisionEffect>> effects;
  std::vector<diff::Comparison> comparisons;  // what `effects` point into
  if (revisions == "compare") {
    auto e = revision_effects(*engine, results, options, comparisons);
    if (!e) {
      return fail(e.error());
    }
    effects = std::move(*e);
  }
  std::string out;
  const bool book_format = format == "html" || format == "csv" || format == "xlsx";
  if (book_format) {
    report::Book book = report::book_of(results);
    if (auto clock = resolve_clock(""); clock) {
      book.print.date = registry::to_iso(clock->today);
    }
    book.print.profile = results.empty() ? std::string() : results.front().profile;
    book.print.reviewer = resolve_by("");
    for (size_t i = 0; i < effects.size() && i < book.contracts.size(); ++i) {
      for (const diff::RevisionEffect& e : effects[i]) {
        for (const diff::RequirementChange* r : e.lowered) {
          book.contracts[i].revision_lines.push_back({e.clause, r->id, diff::revision_line(e, *r)});
        }
      }
    }
    if (auto st = report::write_book(book, format, output); !st) {
      return fail(st.error());
    }
    note_findings_csv(format, output);
  } else if (format == "json") {
    out = files.size() == 1 && results.size() == 1 ? report::json_object(results[0], 2)
                                                   : report::json_array(results, 2);
    if (!effects.empty()) {
      // Each file's object gains "revision_effects".
      nlohmann::ordered_json j = nlohmann::ordered_json::parse(out);
      for (size_t i = 0; i < effects.size(); ++i) {
        nlohmann::ordered_json& o = j.is_array() ? j[i] : j;
        o["revision_effects"] = nlohmann::ordered_json::parse(diff::revision_json(effects[i]));
      }
      out = j.dump(2, ' ', false, nlohmann::json::error_handler_t::replace);
    }
    out += "\n";
  } else {
    const bool color = (output.empty() || output == "-") && term::use_color(stdout);
    for (size_t i = 0; i < results.size(); ++i) {
      out += (i > 0 ? "\n" : "") + report::text(results[i], color ? report::Color::on : report::Color::off);
      if (i < effects.size()) {
        const std::string lines = diff::revision_text(effects[i]);
        out += "\n" + tr("変更履歴の影響（すべて元に戻した版 → すべて承諾した版）", "Effect of the tracked changes (all rejected → all accepted)") +
               "\n" + (lines.empty() ? tr("  判定を下げる変更履歴はありません\n", "  no revision lowers a verdict\n")
                                      : term::escape(lines, true));
      }
    }
  }
  if (book_format) {
    // written above
  } else if (auto st = write_output(output, out); !st) {
    return fail(st.error());
  }
  if (!annotate.empty() && !results.empty()) {
    const std::string& type = results[0].document.content_type;
    if (str::starts_with(type, "text/plain") || type == "application/pdf") {
      term::error("--annotate: " + files[0] + ": " +
                  tr("コメントを付けられるのは .docx/.docm/.dotx だけです", "only a .docx/.docm/.dotx can be annotated"));
      return static_cast<int>(ExitCode::failure);
    }
    char date[32];
    const std::time_t now = std::time(nullptr);
    std::tm utc{};
    gmtime_r(&now, &utc);
    std::strftime(date, sizeof date, "%Y-%m-%dT%H:%M:%SZ", &utc);
    std::vector<docx::Comment> revision_comments;  // scan --revisions: on each revision that lowers a verdict
    for (const diff::RevisionEffect& e : effects.empty() ? std::vector<diff::RevisionEffect>{} : effects[0]) {
      for (const diff::RequirementChange* r : e.lowered) {
        if (e.source_paragraph >= 0) {
          revision_comments.push_back({e.source_paragraph, diff::revision_line(e, *r)});
        }
      }
    }
    if (auto st = report::write_annotated(results[0], annotate_source.bytes(), annotate, date, revision_comments,
                                          input_limit); !st) {
      return fail(st.error());
    }
  }
  if (failed) {
    return static_cast<int>(ExitCode::failure);
  }
  if (fail_on != "never") {
    const int limit = fail_on == "contradicted" ? 0 : fail_on == "missing" ? 1 : 2;
    for (const auto& r : results) {
      for (size_t i = 0; i < r.findings.size(); ++i) {
        // A waived finding (例外承認) was accepted by an approver until its date: not a failure.
        if (core::severity_of(r.findings[i], *r.specs[i]) == "must" && !r.findings[i].waived &&
            r.findings[i].status != core::Status::not_applicable && badness(r.findings[i].status) <= limit) {
          return static_cast<int>(ExitCode::findings);
        }
      }
    }
  }
  return static_cast<int>(ExitCode::ok);
}

}  // namespace keiyaku::cli
