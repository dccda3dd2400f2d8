#include "command.hpp"

#include <base/i18n.hpp>
#include <base/strings.hpp>
#include <base/term.hpp>
#include <catalog/catalog.hpp>
#include <match/engine.hpp>
#include <review/review.hpp>

#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

#include <cstdio>

namespace keiyaku::cli {

namespace {

const char* kind_name(core::RuleKind k) {
  switch (k) {
    case core::RuleKind::duty: return "duty";
    case core::RuleKind::ban: return "ban";
    case core::RuleKind::right: return "right";
    case core::RuleKind::risk: return "risk";
  }
  return "duty";
}

nlohmann::ordered_json spec_json(const core::RuleSpec& s) {
  nlohmann::ordered_json j;
  j["id"] = s.id;
  j["family"] = s.family;
  j["title"] = s.title;
  j["title_en"] = s.title_en;
  j["severity"] = s.severity;
  j["kind"] = kind_name(s.kind);
  j["actor"] = core::actor_name(s.actor);
  j["applies"] = core::applies_name(s.applies);
  j["basis"] = s.basis;
  // Terms as a person writes them: a composed term's parts joined again.
  const auto shown = [](std::vector<std::string> terms) {
    for (std::string& t : terms) {
      std::erase(t, core::k_term_join);
    }
    return terms;
  };
  nlohmann::ordered_json topic = nlohmann::ordered_json::array();
  for (const auto& group : s.topic) {
    topic.push_back(shown(group));
  }
  j["topic"] = topic;
  j["exclude"] = shown(s.exclude);
  auto groups = [&](const std::vector<core::TermGroup>& g) {
    nlohmann::ordered_json a = nlohmann::ordered_json::array();
    for (const auto& x : g) {
      a.push_back({{"terms", shown(x.terms)}, {"reason", x.reason}});
    }
    return a;
  };
  j["elements"] = groups(s.elements);
  j["weak"] = groups(s.weak);
  j["contradicts"] = groups(s.contradicts);
  j["suggestion"] = s.suggestion;
  nlohmann::ordered_json ex = nlohmann::ordered_json::array();
  for (const auto& e : s.examples) {
    ex.push_back({{"text", e.text}, {"expect", e.expect}});
  }
  j["examples"] = ex;
  j["file"] = s.file;
  return j;
}

}  // namespace

int cmd_requirements(const Args& args) {
  CLI::App app(tr("要件カタログ（requirements/）の一覧・表示・検証", "list, show and lint the requirement catalog"),
               "keiyaku requirements");
  app.require_subcommand(1);
  std::string dir;
  std::string format = "text";
  std::string id;
  app.add_option("--dir", dir, tr("要件フォルダ（既定: 同梱のもの）", "requirements directory"));
  auto* list = app.add_subcommand("list", tr("要件の一覧", "list the requirements"));
  list->add_option("--format", format, "text|json|md")->check(CLI::IsMember({"text", "json", "md"}));
  auto* show = app.add_subcommand("show", tr("要件の内容（実効設定）を表示", "show one requirement"));
  show->add_option("id", id, "OUT-09 ...")->required();
  show->add_option("--format", format, "text|json|md")->check(CLI::IsMember({"text", "json", "md"}));
  auto* lint = app.add_subcommand("lint", tr("全要件を読み込み、各要件の例文を検証する",
                                             "load every requirement and run its examples"));
  if (const int rc = parse(app, args); rc >= 0) {
    return rc;
  }
  if (dir.empty()) {
    dir = catalog::default_dir();
  }
  auto specs = catalog::load_dir(dir);
  if (!specs) {
    return fail(specs.error());
  }
  if (list->parsed()) {
    if (format == "json") {
      nlohmann::ordered_json a = nlohmann::ordered_json::array();
      for (const auto& s : *specs) {
        a.push_back(spec_json(s));
      }
      std::printf("%s\n", a.dump(2).c_str());
    } else if (format == "md") {
      std::printf("| ID | %s | %s | %s |\n|---|---|---|---|\n", tr("要件", "requirement").c_str(),
                  tr("重要度", "severity").c_str(), tr("根拠", "basis").c_str());
      for (const auto& s : *specs) {
        std::printf("| %s | %s | %s | %s |\n", s.id.c_str(), s.title.c_str(), s.severity.c_str(),
                    str::join(s.basis, "; ").c_str());
      }
    } else {
      for (const auto& s : *specs) {
        std::printf("%-8s %-6s %s\n", s.id.c_str(), s.severity.c_str(),
                    ui_lang() == Lang::en && !s.title_en.empty() ? s.title_en.c_str() : s.title.c_str());
      }
    }
    return 0;
  }
  if (show->parsed()) {
    for (const auto& s : *specs) {
      if (s.id == id) {
        if (format == "json") {
          std::printf("%s\n", spec_json(s).dump(2).c_str());
        } else {
          const auto j = spec_json(s);
          for (const auto& [k, v] : j.items()) {
            std::printf("%s%s = %s\n", format == "md" ? "- " : "", k.c_str(), v.dump().c_str());
          }
        }
        return 0;
      }
    }
    std::string best;
    size_t best_d = 3;
    for (const auto& s : *specs) {
      const size_t d = str::edit_distance(id, s.id);
      if (d < best_d) {
        best_d = d;
        best = s.id;
      }
    }
    return fail(Error(ErrorCode::not_found, tr("要件が見つかりません: ", "no such requirement: ") + id +
                                                (best.empty() ? "" : tr("（もしかして: ", " (did you mean ") + best +
                                                                         tr("）", "?)"))));
  }
  // lint: every example of every requirement.
  (void)lint;
  auto engine = review::Engine::load({dir});
  if (!engine) {
    return fail(engine.error());
  }
  const auto& rules = engine->rules();
  int failures = 0;
  int total = 0;
  for (size_t i = 0; i < rules.specs().size(); ++i) {
    const core::RuleSpec& s = rules.specs()[i];
    if (s.examples.empty()) {
      std::printf("%s: %s: %s\n", s.file.c_str(), s.id.c_str(), tr("例文がありません", "no examples").c_str());
      ++failures;
      continue;
    }
    for (const auto& e : s.examples) {
      ++total;
      const auto [got, reason] = rules.evaluate_example(i, e.text);
      if (got != e.expect) {
        ++failures;
        std::printf("%s:%d: %s: expected %s, got %s%s\n  %s\n", s.file.c_str(), e.line, s.id.c_str(),
                    e.expect.c_str(), got.c_str(), reason.empty() ? "" : (" (" + reason + ")").c_str(),
                    e.text.c_str());
      }
    }
  }
  std::printf("%d passed, %d failed\n", total - failures, failures);
  return failures == 0 ? 0 : 1;
}

}  // namespace keiyaku::cli
