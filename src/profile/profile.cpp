#include "profile.hpp"

#include <base/file.hpp>
#include <base/i18n.hpp>
#include <base/strings.hpp>

#include <toml++/toml.h>

#include <algorithm>
#include <filesystem>
#include <set>

namespace keiyaku::profile {

namespace fs = std::filesystem;

std::string_view family_of(std::string_view requirement_family) {
  if (requirement_family == "outsourcing" || requirement_family == "cloud" || requirement_family == "sns") {
    return requirement_family;
  }
  if (requirement_family == "tier") {
    return "three_tier";
  }
  return "";
}

std::string family_label(std::string_view family) {
  if (family == "outsourcing") {
    return tr("業務委託", "outsourcing");
  }
  if (family == "cloud") {
    return tr("外部サービス", "external services");
  }
  if (family == "sns") {
    return tr("ソーシャルメディア", "social media");
  }
  if (family == "three_tier") {
    return tr("三層の対策", "the three-tier model");
  }
  return std::string(family);
}

namespace {

std::string line_of(const std::string& text, int line) {
  int n = 1;
  size_t start = 0;
  for (size_t i = 0; i < text.size() && n < line; ++i) {
    if (text[i] == '\n') {
      ++n;
      start = i + 1;
    }
  }
  const size_t end = text.find('\n', start);
  return text.substr(start, end == std::string::npos ? std::string::npos : end - start);
}

std::string did_you_mean(std::string_view got, const std::vector<std::string_view>& known) {
  std::string best;
  size_t best_d = 3;
  for (std::string_view k : known) {
    const size_t d = str::edit_distance(got, k);
    if (d < best_d) {
      best_d = d;
      best = std::string(k);
    }
  }
  return best.empty() ? "" : " (did you mean '" + best + "'?)";
}

bool valid_requirement_id(std::string_view id) {
  const size_t dash = id.find('-');
  if (dash == std::string_view::npos || dash == 0 || dash + 1 >= id.size()) {
    return false;
  }
  return std::all_of(id.begin(), id.begin() + static_cast<std::ptrdiff_t>(dash),
                     [](char c) { return c >= 'A' && c <= 'Z'; }) &&
         std::all_of(id.begin() + static_cast<std::ptrdiff_t>(dash) + 1, id.end(),
                     [](char c) { return c >= '0' && c <= '9'; });
}

// Reads one file, keeping the first error with its position.
struct Reader {
  const std::string& path;
  const std::string& text;
  std::optional<Error> error;

  void fail(const toml::source_region& where, const std::string& message) {
    if (error) {
      return;
    }
    const int line = static_cast<int>(where.begin.line);
    error = Error(ErrorCode::data, message,
                  Where{path, line, static_cast<int>(where.begin.column), line > 0 ? line_of(text, line) : ""});
  }

  void keys(const toml::table& t, const std::vector<std::string_view>& known, const std::string& in) {
    for (const auto& [k, v] : t) {
      if (std::find(known.begin(), known.end(), k.str()) == known.end()) {
        fail(v.source(), "unknown key '" + std::string(k.str()) + "'" + (in.empty() ? "" : " in [" + in + "]") +
                             did_you_mean(k.str(), known));
      }
    }
  }

  std::string string(const toml::table& t, std::string_view key) {
    const toml::node* n = t.get(key);
    if (n == nullptr) {
      return {};
    }
    if (!n->is_string()) {
      fail(n->source(), "'" + std::string(key) + "' must be a string");
      return {};
    }
    return std::string(*n->value<std::string>());
  }

  bool boolean(const toml::table& t, std::string_view key) {
    const toml::node* n = t.get(key);
    if (n == nullptr) {
      return false;
    }
    if (!n->is_boolean()) {
      fail(n->source(), "'" + std::string(key) + "' must be true or false");
      return false;
    }
    return *n->value<bool>();
  }

  std::string severity(const toml::table& t) {
    std::string s = string(t, "severity");
    if (!s.empty() && s != "must" && s != "should") {
      fail(t.get("severity")->source(), "'severity' must be \"must\" or \"should\"");
    }
    return s;
  }

  std::vector<std::string> strings(const toml::table& t, std::string_view key) {
    std::vector<std::string> out;
    const toml::node* n = t.get(key);
    if (n == nullptr) {
      return out;
    }
    const toml::array* a = n->as_array();
    if (a == nullptr) {
      fail(n->source(), "'" + std::string(key) + "' must be an array of strings");
      return out;
    }
    for (const toml::node& e : *a) {
      if (!e.is_string() || e.value<std::string>()->empty()) {
        fail(e.source(), "'" + std::string(key) + "' must contain non-empty strings");
        return out;
      }
      out.push_back(*e.value<std::string>());
    }
    return out;
  }

  const toml::table* table(const toml::table& t, std::string_view key) {
    const toml::node* n = t.get(key);
    if (n == nullptr) {
      return nullptr;
    }
    if (!n->is_table()) {
      fail(n->source(), "'" + std::string(key) + "' must be a table ([" + std::string(key) + "])");
      return nullptr;
    }
    return n->as_table();
  }
};

std::vector<std::string_view> family_names() {
  return {std::begin(k_families), std::end(k_families)};
}

std::string quote(std::string_view s) {
  std::string out = "\"";
  for (char c : s) {
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      case '\t': out += "\\t"; break;
      case '\r': out += "\\r"; break;
      default: out += c; break;
    }
  }
  return out + "\"";
}

std::string comment_lines(std::string_view text) {
  std::string out;
  for (std::string_view line : str::split(text, '\n')) {
    out += line.empty() ? "#\n" : "# " + std::string(line) + "\n";
  }
  return out;
}

}  // namespace

Expected<Profile> load_file(const std::string& path) {
  auto data = file::read(path, size_t{1} << 20U);
  if (!data) {
    return data.error();
  }
  toml::table t;
  try {
    t = toml::parse(*data, path);
  } catch (const toml::parse_error& e) {
    const int line = static_cast<int>(e.source().begin.line);
    return Error(ErrorCode::data, std::string(e.description()),
                 Where{path, line, static_cast<int>(e.source().begin.column), line > 0 ? line_of(*data, line) : ""});
  }
  Reader r{path, *data, std::nullopt};
  r.keys(t,
         {"name", "body", "policy", "protected_data", "binds_contractors", "binds_contractors_article",
          "description", "families", "absent", "requirements"},
         "");
  Profile p;
  p.file = path;
  p.name = r.string(t, "name");
  if (p.name.empty()) {
    p.name = fs::path(path).stem().string();
  }
  p.body = r.string(t, "body");
  p.policy = r.string(t, "policy");
  p.protected_data = r.string(t, "protected_data");
  p.binds_contractors = r.boolean(t, "binds_contractors");
  p.binds_contractors_article = r.string(t, "binds_contractors_article");
  p.description = r.string(t, "description");
  if (p.policy.empty() && !r.error) {
    r.fail(t.source(), "missing key 'policy' (the title cited beside an article)");
  }
  if (const toml::table* fams = r.table(t, "families")) {
    r.keys(*fams, family_names(), "families");
    for (const auto& [k, v] : *fams) {
      const toml::table* f = v.as_table();
      if (f == nullptr) {
        r.fail(v.source(), "'families." + std::string(k.str()) + "' must be a table");
        continue;
      }
      r.keys(*f, {"article", "sentence", "hedged", "severity"}, "families." + std::string(k.str()));
      Provision pr;
      pr.article = r.string(*f, "article");
      pr.sentence = r.string(*f, "sentence");
      pr.hedged = r.boolean(*f, "hedged");
      pr.severity = r.severity(*f);
      p.families[std::string(k.str())] = std::move(pr);
    }
  }
  if (const toml::table* absent = r.table(t, "absent")) {
    r.keys(*absent, family_names(), "absent");
    for (const auto& [k, v] : *absent) {
      if (!v.is_string()) {
        r.fail(v.source(), "'absent." + std::string(k.str()) + "' must be a string");
        continue;
      }
      if (p.has(k.str())) {
        r.fail(v.source(), "'" + std::string(k.str()) + "' is both in [families] and in [absent]");
      }
      p.absent[std::string(k.str())] = *v.value<std::string>();
    }
  }
  if (const toml::table* reqs = r.table(t, "requirements")) {
    for (const auto& [k, v] : *reqs) {
      const std::string id(k.str());
      if (!valid_requirement_id(id)) {
        r.fail(v.source(), "'" + id + "' is not a requirement id (OUT-01, CLD-04, ...)");
        continue;
      }
      const toml::table* q = v.as_table();
      if (q == nullptr) {
        r.fail(v.source(), "'requirements." + id + "' must be a table");
        continue;
      }
      r.keys(*q, {"severity", "articles", "reason"}, "requirements." + id);
      RequirementRule rule;
      rule.severity = r.severity(*q);
      rule.articles = r.strings(*q, "articles");
      rule.reason = r.string(*q, "reason");
      p.requirements[id] = std::move(rule);
    }
  }
  if (r.error) {
    return *r.error;
  }
  return p;
}

Expected<std::vector<Profile>> load_dir(const std::string& dir) {
  std::error_code ec;
  if (!fs::is_directory(dir, ec)) {
    return Error(ErrorCode::data, dir + ": " + tr("プロファイルのフォルダがありません", "no profiles directory"));
  }
  std::vector<std::string> paths;
  for (const auto& entry : fs::directory_iterator(dir, ec)) {
    if (entry.path().extension() == ".toml") {
      paths.push_back(entry.path().string());
    }
  }
  std::sort(paths.begin(), paths.end());
  std::vector<Profile> out;
  std::set<std::string> names;
  for (const std::string& path : paths) {
    auto p = load_file(path);
    if (!p) {
      return p.error();
    }
    if (!names.insert(p->name).second) {
      return Error(ErrorCode::data, path + ": " + tr("プロファイル名が重複しています: ", "duplicate profile name: ") + p->name);
    }
    out.push_back(std::move(*p));
  }
  std::sort(out.begin(), out.end(), [](const Profile& a, const Profile& b) { return a.name < b.name; });
  return out;
}

Expected<Profile> find(const std::string& dir, const std::string& name_or_path) {
  const bool is_path = name_or_path.find('/') != std::string::npos || str::ends_with(name_or_path, ".toml");
  if (is_path) {
    std::error_code ec;
    if (!fs::is_regular_file(name_or_path, ec)) {
      return Error(ErrorCode::io, name_or_path + ": " + tr("プロファイルのファイルがありません", "no such profile file"));
    }
    return load_file(name_or_path);
  }
  auto all = load_dir(dir);
  if (!all) {
    return all.error();
  }
  std::vector<std::string_view> names;
  for (const Profile& p : *all) {
    if (p.name == name_or_path) {
      return p;
    }
    names.push_back(p.name);
  }
  std::string hint = did_you_mean(name_or_path, names);
  if (!hint.empty() && ui_lang() == Lang::ja) {
    hint = "（もしかして: " + hint.substr(hint.find('\'') + 1, hint.rfind('\'') - hint.find('\'') - 1) + "）";
  }
  return Error(ErrorCode::not_found,
               tr("プロファイルが見つかりません: ", "no such profile: ") + name_or_path + hint +
                   tr("（一覧: keiyaku profile list）", " (see keiyaku profile list)"));
}

std::string citation(const Profile& profile, std::string_view article) {
  return profile.policy + " " + std::string(article);
}

std::string severity_for(const Profile& profile, const core::RuleSpec& spec) {
  if (auto it = profile.requirements.find(spec.id); it != profile.requirements.end() && !it->second.severity.empty()) {
    return it->second.severity;
  }
  if (auto it = profile.families.find(std::string(family_of(spec.family))); it != profile.families.end()) {
    return it->second.severity;
  }
  return "";
}

void apply(const Profile& profile, const core::RuleSpec& spec, core::Finding& finding) {
  const std::string family(family_of(spec.family));
  if (family.empty()) {
    return;
  }
  const auto fam = profile.families.find(family);
  if (fam == profile.families.end()) {
    // The policy has no clause for this family: not a violation of this body's policy. The
    // Japanese phrase stays in both languages: staff search reports for it.
    finding.status = core::Status::not_applicable;
    finding.evidence.clear();
    finding.severity.clear();
    std::string reason = "方針上の要求なし" +
                         tr("（" + profile.policy + "に" + family_label(family) + "の条項がない",
                            " (not required by this policy: " + profile.policy + " has no clause on " +
                                family_label(family));
    if (auto note = profile.absent.find(family); note != profile.absent.end() && !note->second.empty()) {
      reason += tr("。", "; ") + note->second;
    }
    finding.reason = reason + tr("）", ")");
    return;
  }
  std::string severity = severity_for(profile, spec);
  if (severity.empty() && fam->second.hedged && finding.status == core::Status::missing) {
    // 「必要に応じて…規定を整備」: the policy itself leaves room, so a term the contract lacks is
    // a should (CATALOG §5.1); a contract that says the opposite is still graded as the catalog says.
    severity = "should";
  }
  if (!severity.empty() && severity != spec.severity) {
    finding.severity = severity;
  }
  std::vector<std::string> basis;
  if (!fam->second.article.empty()) {
    basis.push_back(citation(profile, fam->second.article) +
                    (fam->second.hedged ? tr("（必要に応じて）", " (hedged: 必要に応じて)") : ""));
  }
  if (auto it = profile.requirements.find(spec.id); it != profile.requirements.end()) {
    for (const std::string& a : it->second.articles) {
      basis.push_back(citation(profile, a));
    }
    if (!finding.severity.empty() && !it->second.reason.empty() && !basis.empty()) {
      basis.back() += "（" + it->second.reason + "）";
    }
  }
  for (std::string& b : basis) {
    if (std::find(finding.policy_basis.begin(), finding.policy_basis.end(), b) == finding.policy_basis.end() &&
        std::find(spec.basis.begin(), spec.basis.end(), b) == spec.basis.end()) {
      finding.policy_basis.push_back(std::move(b));
    }
  }
}

std::string to_toml(const Profile& p, std::string_view header_comment) {
  std::string out = header_comment.empty() ? std::string() : comment_lines(header_comment);
  out += "name = " + quote(p.name) + "\n";
  out += "body = " + quote(p.body) + "\n";
  out += "policy = " + quote(p.policy) + "\n";
  if (!p.description.empty()) {
    out += "description = " + quote(p.description) + "\n";
  }
  if (!p.protected_data.empty()) {
    out += "protected_data = " + quote(p.protected_data) + "\n";
  }
  out += std::string("binds_contractors = ") + (p.binds_contractors ? "true" : "false") + "\n";
  if (!p.binds_contractors_article.empty()) {
    out += "binds_contractors_article = " + quote(p.binds_contractors_article) + "\n";
  }
  for (std::string_view f : k_families) {
    const auto it = p.families.find(std::string(f));
    if (it == p.families.end()) {
      continue;
    }
    out += "\n[families." + std::string(f) + "]\n";
    if (!it->second.article.empty()) {
      out += "article = " + quote(it->second.article) + "\n";
    }
    if (!it->second.sentence.empty()) {
      out += "sentence = " + quote(it->second.sentence) + "\n";
    }
    if (it->second.hedged) {
      out += "hedged = true\n";
    }
    if (!it->second.severity.empty()) {
      out += "severity = " + quote(it->second.severity) + "\n";
    }
  }
  bool absent_header = false;
  for (std::string_view f : k_families) {
    const auto it = p.absent.find(std::string(f));
    if (it == p.absent.end()) {
      continue;
    }
    if (!absent_header) {
      out += "\n[absent]\n";
      absent_header = true;
    }
    out += std::string(f) + " = " + quote(it->second) + "\n";
  }
  for (const auto& [id, rule] : p.requirements) {
    out += "\n[requirements." + id + "]\n";
    if (!rule.severity.empty()) {
      out += "severity = " + quote(rule.severity) + "\n";
    }
    if (!rule.articles.empty()) {
      std::string a;
      for (const std::string& s : rule.articles) {
        a += (a.empty() ? "" : ", ") + quote(s);
      }
      out += "articles = [" + a + "]\n";
    }
    if (!rule.reason.empty()) {
      out += "reason = " + quote(rule.reason) + "\n";
    }
  }
  return out;
}

}  // namespace keiyaku::profile
