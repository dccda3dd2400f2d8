// keiyaku profile: the bodies' policy profiles (requirements/profiles/), and deriving one from a
// basic policy text.

#include "command.hpp"
#include "input_limit.hpp"
#include "registry_common.hpp"

#include <CLI/CLI.hpp>
#include <base/file.hpp>
#include <base/i18n.hpp>
#include <base/strings.hpp>
#include <base/term.hpp>
#include <catalog/catalog.hpp>
#include <review/review.hpp>
#include <text/encoding.hpp>

#include <nlohmann/json.hpp>

#include <cstdio>
#include <filesystem>
#include <profile/derive.hpp>
#include <profile/profile.hpp>

namespace keiyaku::cli {

namespace {

using Json = nlohmann::ordered_json;
namespace fs = std::filesystem;

void print(std::string_view text) { std::fwrite(text.data(), 1, text.size(), stdout); }

std::string dump(const Json& j) {
  return j.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
}

std::string profiles_dir(const std::string& flag) {
  return flag.empty() ? catalog::default_dir() + "/profiles" : flag;
}

bool plain_text(const std::string& path) {
  const std::string lower = str::to_lower_ascii(path);
  return str::ends_with(lower, ".txt") || str::ends_with(lower, ".md");
}

// A policy as text: .txt/.md as they are (UTF-8, or Shift_JIS converted); a DOCX or a PDF through
// review::read_document, one line per paragraph with its numbering label in front (「第6条」「(8)」
// are rendered by Word, not typed).
Expected<std::string> read_policy(const std::string& path, size_t input_limit) {
  if (plain_text(path)) {
    auto data = file::read(path, input_limit);
    if (!data) {
      return data.error();
    }
    text::DecodedText decoded = text::decode_text(*data);
    if (!decoded.readable) {
      return Error(ErrorCode::invalid_input,
                   path + ": " + text::unreadable_message(decoded));
    }
    return std::move(decoded.text);
  }
  review::Options options;
  options.input_limit = input_limit;
  auto doc = review::read_document(path, options);
  if (!doc) {
    return doc.error();
  }
  std::string text;
  for (const core::Block& b : doc->blocks) {
    std::string para = b.text;  // a line break inside a paragraph would shift the paragraph numbers
    str::replace_all(para, "\r", "");
    str::replace_all(para, "\n", "");
    text += b.label.empty() ? para : b.label + " " + para;
    text += '\n';
  }
  return text;
}

Json family_json(const profile::Profile& p, std::string_view family) {
  const auto it = p.families.find(std::string(family));
  Json j;
  j["article"] = it->second.article;
  j["sentence"] = it->second.sentence;
  j["hedged"] = it->second.hedged;
  j["severity"] = it->second.severity.empty() ? Json(nullptr) : Json(it->second.severity);
  return j;
}

Json profile_json(const profile::Profile& p) {
  Json j;
  j["name"] = p.name;
  j["body"] = p.body;
  j["policy"] = p.policy;
  j["protected_data"] = p.protected_data.empty() ? Json(nullptr) : Json(p.protected_data);
  j["binds_contractors"] = p.binds_contractors;
  Json fams = Json::object();
  Json absent = Json::object();
  for (std::string_view f : profile::k_families) {
    if (p.has(f)) {
      fams[std::string(f)] = family_json(p, f);
    } else {
      absent[std::string(f)] = p.absent.count(std::string(f)) > 0 ? p.absent.at(std::string(f)) : "";
    }
  }
  j["families"] = fams;
  j["absent"] = absent;
  Json reqs = Json::object();
  for (const auto& [id, r] : p.requirements) {
    reqs[id] = {{"severity", r.severity.empty() ? Json(nullptr) : Json(r.severity)},
                {"articles", r.articles},
                {"reason", r.reason}};
  }
  j["requirements"] = reqs;
  j["file"] = p.file;
  return j;
}

std::string family_line(std::string_view family) {
  return profile::family_label(family) + " (" + std::string(family) + ")";
}

std::string show_text(const profile::Profile& p) {
  std::string out = p.name + " — " + (p.body.empty() ? "-" : p.body) + "\n";
  out += "  " + tr("方針", "policy") + ": " + p.policy + "\n";
  out += "  " + tr("ファイル", "file") + ": " + p.file + "\n";
  for (std::string_view f : profile::k_families) {
    std::string line = "  " + family_line(f) + ": ";
    if (p.has(f)) {
      const auto& pr = p.families.at(std::string(f));
      line += pr.article.empty() ? tr("あり（条項の引用なし）", "yes (no article cited)") : pr.article;
      if (pr.hedged) {
        line += tr("（必要に応じて: 欠落は should）", " (hedged: missing terms are should)");
      }
      if (!pr.severity.empty()) {
        line += " → " + pr.severity;
      }
    } else {
      line += "方針上の要求なし";
      if (auto it = p.absent.find(std::string(f)); it != p.absent.end() && !it->second.empty()) {
        line += "（" + it->second + "）";
      }
    }
    out += line + "\n";
  }
  out += "  " + tr("保護する情報", "protected data") + ": " + (p.protected_data.empty() ? "-" : p.protected_data) + "\n";
  out += "  " + tr("受託者を方針が直接拘束", "binds contractors directly") + ": " +
         (p.binds_contractors ? tr("はい", "yes") + (p.binds_contractors_article.empty() ? "" : " (" + p.binds_contractors_article + ")")
                              : tr("いいえ", "no")) +
         "\n";
  for (const auto& [id, r] : p.requirements) {
    out += "  " + id + ":";
    if (!r.severity.empty()) {
      out += " " + tr("重要度 ", "severity ") + r.severity;
    }
    for (const std::string& a : r.articles) {
      out += " " + profile::citation(p, a);
    }
    if (!r.reason.empty()) {
      out += " " + r.reason;
    }
    out += "\n";
  }
  return out;
}

int profile_list(const std::string& dir, const std::string& format) {
  auto all = profile::load_dir(dir);
  if (!all) {
    return fail(all.error());
  }
  if (format == "json") {
    Json a = Json::array();
    for (const auto& p : *all) {
      a.push_back(profile_json(p));
    }
    print(dump(a));
    return 0;
  }
  Table t({tr("名前", "NAME"), tr("団体", "BODY"), tr("分野と条項", "FAMILIES AND ARTICLES")});
  for (const auto& p : *all) {
    std::string fams;
    for (std::string_view f : profile::k_families) {
      if (p.has(f)) {
        const auto& pr = p.families.at(std::string(f));
        fams += (fams.empty() ? "" : " ") + std::string(f) + (pr.article.empty() ? "" : "=" + pr.article);
      }
    }
    t.add({p.name, p.body.empty() ? "-" : p.body, fams});
  }
  print(t.render());
  return 0;
}

// What derive found, and where: the line of a text file, or the paragraph of a DOCX as `keiyaku
// extract` numbers them (one line per paragraph, from 0).
std::string derive_text(const std::string& path, const profile::Derived& d, const profile::Profile& p) {
  const bool text = plain_text(path);
  std::string out = path + ": " + (d.body.empty() ? tr("（団体名不明）", "(body not found)") : d.body) + " 「" +
                    p.policy + "」\n";
  auto found_line = [&](const std::string& label, const profile::Found& f) {
    std::string s = "  " + label + ": " + f.article + tr("（", " (") +
                    (text ? tr("行 ", "line ") + std::to_string(f.line)
                          : tr("段落 ", "paragraph ") + std::to_string(f.line - 1)) +
                    tr("）", ")");
    if (f.hedged) {
      s += tr(" 必要に応じて（弱い根拠: 欠落は should）", " hedged (weak basis: missing terms are should)");
    }
    return s + "\n    「" + f.sentence + "」\n";
  };
  for (std::string_view f : {"outsourcing", "cloud", "sns"}) {
    const auto it = d.families.find(std::string(f));
    if (it == d.families.end()) {
      out += "  " + family_line(f) + ": " + tr("なし — 方針上の要求なし", "none — 方針上の要求なし (not required)") + "\n";
    } else {
      out += found_line(family_line(f), it->second);
    }
  }
  if (d.three_tier) {
    out += found_line(family_line("three_tier"), *d.three_tier);
  } else {
    out += "  " + family_line("three_tier") + ": " + tr("なし", "none") + "\n";
  }
  if (d.binds_contractors && d.contractor_duty) {
    out += found_line(tr("受託者を方針が直接拘束", "binds contractors directly"), *d.contractor_duty);
  } else {
    out += "  " + tr("受託者を方針が直接拘束: いいえ（契約で義務付ける必要あり）",
                     "binds contractors directly: no (the contract must impose the duties)") + "\n";
  }
  if (d.protected_data_from) {
    out += "  " + tr("保護する情報", "protected data") + ": " + d.protected_data + " (" +
           d.protected_data_from->article + ")\n";
  } else {
    out += "  " + tr("保護する情報: 記載なし", "protected data: not named") + "\n";
  }
  for (const auto& [id, r] : p.requirements) {
    if (!r.severity.empty()) {
      out += "  " + id + " → " + r.severity + " " + r.reason + "\n";
    }
  }
  return out;
}

Json derive_json(const profile::Derived& d) {
  Json j;
  j["body"] = d.body;
  Json fams = Json::object();
  for (std::string_view f : {"outsourcing", "cloud", "sns"}) {
    const auto it = d.families.find(std::string(f));
    if (it != d.families.end()) {
      fams[std::string(f)] = {{"article", it->second.article}, {"sentence", it->second.sentence}};
    }
  }
  j["families"] = fams;
  j["three_tier"] = d.three_tier ? Json({{"article", d.three_tier->article}, {"sentence", d.three_tier->sentence}})
                                 : Json(nullptr);
  j["binds_contractors"] = d.binds_contractors;
  j["protected_data"] = d.protected_data.empty() ? Json(nullptr) : Json(d.protected_data);
  return j;
}

int profile_derive(const std::string& policy,
                   const std::string& output,
                   std::string name,
                   const std::string& format,
                   size_t input_limit) {
  if (auto st = file::refuse_overlap({output}, {policy}); !st) {
    return fail(st.error());
  }
  auto text = read_policy(policy, input_limit);
  if (!text) {
    return fail(text.error());
  }
  const profile::Derived d = profile::derive(*text);
  if (name.empty()) {
    name = fs::path(output.empty() ? policy : output).stem().string();
  }
  const profile::Profile p = profile::to_profile(d, name);
  if (d.families.empty() && !d.three_tier) {
    term::warning(policy + ": " + tr("業務委託・外部サービス・SNS・三層の対策のいずれの条項も見つかりません（基本方針ですか？）",
                                     "no outsourcing, cloud, social-media or three-tier clause found (is this a basic policy?)"));
  }
  const std::string toml = profile::to_toml(
      p, "Derived by `keiyaku profile derive` from " + fs::path(policy).filename().string() +
             ".\nCheck every article and sentence against the policy before use (docs/profiles.md).");
  if (!output.empty()) {
    if (auto st = file::write_output(output, toml); !st) {
      return fail(st.error());
    }
  }
  if (format == "json") {
    print(dump(derive_json(d)));
  } else if (format == "toml") {
    if (output.empty()) {
      print(toml);
    }
  } else {
    print(term::escape(derive_text(policy, d, p), true));  // sentences of the body's policy
    if (!output.empty() && !globals().quiet) {
      print(term::escape(tr("プロファイルを書き出しました: ", "profile written to ") + output) + "\n");
    }
  }
  return 0;
}

}  // namespace

int cmd_profile(const Args& args) {
  CLI::App app(tr("団体ごとの方針プロファイル: 一覧・表示・基本方針からの導出",
                  "policy profiles of local bodies: list, show, derive from a basic policy"),
               "keiyaku profile");
  app.require_subcommand(1);
  app.fallthrough();
  std::string dir;
  std::string format = "text";
  std::string name;
  std::string policy;
  std::string output;
  std::string profile_name;
  app.add_option("--dir", dir, tr("プロファイルのフォルダ（既定: requirements/profiles）",
                                  "profiles directory (default: requirements/profiles)"));
  auto* list = app.add_subcommand("list", tr("プロファイルの一覧", "list the profiles"));
  list->add_option("--format", format, "text|json")->check(CLI::IsMember({"text", "json"}));
  auto* show = app.add_subcommand("show", tr("プロファイルの内容を表示", "show one profile"));
  show->add_option("name", profile_name, tr("名前またはファイル", "name or file"))->required();
  show->add_option("--format", format, "text|json|toml")->check(CLI::IsMember({"text", "json", "toml"}));
  auto* derive = app.add_subcommand(
      "derive", tr("基本方針（.txt/.md/.docx）を読み、分野・条項・三層の対策・受託者の拘束を導出する",
                   "read a basic policy (.txt/.md/.docx) and derive its families, articles, three-tier "
                   "clause and whether it binds contractors"));
  derive->add_option("policy", policy, tr("基本方針のファイル", "the policy file"))->required();
  derive->add_option("-o,--output", output, tr("プロファイル（TOML）の書き出し先", "write the profile (TOML) here"));
  derive->add_option("--name", name, tr("プロファイル名（既定: 出力ファイル名）", "profile name (default: output file name)"));
  derive->add_option("--format", format,
                     tr("表示形式: text（見つけた条項と文）|json|toml", "output: text (what was found, and where)|json|toml"))
      ->check(CLI::IsMember({"text", "json", "toml"}));
  size_t input_limit = core::k_default_input_limit;
  add_input_limit(*derive, input_limit);
  if (const int rc = parse(app, args); rc >= 0) {
    return rc;
  }
  if (list->parsed()) {
    return profile_list(profiles_dir(dir), format);
  }
  if (show->parsed()) {
    auto p = profile::find(profiles_dir(dir), profile_name);
    if (!p) {
      return fail(p.error());
    }
    if (format == "json") {
      print(dump(profile_json(*p)));
    } else if (format == "toml") {
      print(profile::to_toml(*p, ""));
    } else {
      print(term::escape(show_text(*p), true));
    }
    return 0;
  }
  return profile_derive(policy, output, name, format, input_limit);
}

}  // namespace keiyaku::cli
