#include "catalog.hpp"

#include <base/file.hpp>
#include <base/i18n.hpp>
#include <base/sha256.hpp>
#include <base/strings.hpp>

#include <toml++/toml.h>

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <filesystem>
#include <set>
#include <unistd.h>

#ifndef KY_SOURCE_DIR
#define KY_SOURCE_DIR "."
#endif

namespace keiyaku::catalog {

namespace fs = std::filesystem;

namespace {

constexpr const char* k_concepts_file = "concepts.toml";

const std::set<std::string>& known_keys() {
  static const std::set<std::string> keys = {
      "id", "title", "title_en", "severity", "basis", "applies", "kind", "actor", "topic", "exclude", "mention", "against",
      "elements", "weak", "contradicts", "suggestion", "description", "examples", "deprecated", "link",
      "absent", "absent_reason", "elements_in", "denial", "forbids", "on_request", "limits", "body_may", "context"};
  return keys;
}

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

Error at(const std::string& path, const std::string& text, const toml::source_region& where,
         const std::string& message) {
  const int line = static_cast<int>(where.begin.line);
  return Error(ErrorCode::data, message,
               Where{path, line, static_cast<int>(where.begin.column), line > 0 ? line_of(text, line) : ""});
}

struct Reader {
  const std::string& path;
  const std::string& text;
  std::optional<Error> error;

  void fail(const toml::node& node, const std::string& message) {
    if (!error) {
      error = at(path, text, node.source(), message);
    }
  }

  std::string string(const toml::table& t, const char* key, bool required) {
    const toml::node* n = t.get(key);
    if (n == nullptr) {
      if (required && !error) {
        error = at(path, text, t.source(), std::string("missing key '") + key + "'");
      }
      return {};
    }
    if (!n->is_string()) {
      fail(*n, std::string("'") + key + "' must be a string");
      return {};
    }
    return std::string(*n->value<std::string>());
  }

  std::vector<std::string> strings(const toml::node& n, const char* key) {
    std::vector<std::string> out;
    const toml::array* a = n.as_array();
    if (a == nullptr) {
      fail(n, std::string("'") + key + "' must be an array of strings");
      return out;
    }
    for (const toml::node& e : *a) {
      if (!e.is_string()) {
        fail(e, std::string("'") + key + "' must contain strings");
        return out;
      }
      std::string v(*e.value<std::string>());
      if (v.empty()) {
        fail(e, std::string("'") + key + "' contains an empty term");
      }
      out.push_back(std::move(v));
    }
    return out;
  }

  std::vector<core::TermGroup> groups(const toml::table& t, const char* key) {
    std::vector<core::TermGroup> out;
    const toml::node* n = t.get(key);
    if (n == nullptr) {
      return out;
    }
    const toml::array* a = n->as_array();
    if (a == nullptr) {
      fail(*n, std::string("'") + key + "' must be an array of tables ([[" + key + "]])");
      return out;
    }
    for (const toml::node& e : *a) {
      const toml::table* g = e.as_table();
      if (g == nullptr) {
        fail(e, std::string("'") + key + "' entries must be tables");
        return out;
      }
      for (const auto& [k, v] : *g) {
        if (k != "terms" && k != "reason" &&
            !((k == "unless" || k == "hedged_by") && std::string(key) == "contradicts") &&
            !(k == "unless" && std::string(key) == "weak") &&
            !((k == "in" || k == "optional") && std::string(key) == "elements")) {
          fail(v, "unknown key '" + std::string(k.str()) + "' in [[" + key + "]]");
        }
      }
      core::TermGroup tg;
      if (const toml::node* terms = g->get("terms")) {
        tg.terms = strings(*terms, "terms");
      } else {
        fail(e, std::string("[[") + key + "]] needs 'terms'");
      }
      if (const toml::node* unless = g->get("unless")) {
        tg.unless = strings(*unless, "unless");
      }
      if (const toml::node* hedged = g->get("hedged_by")) {
        tg.hedged_by = strings(*hedged, "hedged_by");
      }
      if (const toml::node* optional = g->get("optional")) {
        if (!optional->is_boolean()) {
          fail(*optional, "elements 'optional' must be true or false");
        }
        tg.optional = optional->value_or(false);
      }
      if (const toml::node* in = g->get("in")) {
        const std::string where = in->value_or(std::string());
        if (where == "document" || where == "article") {
          tg.in_document = where == "document";
        } else {
          fail(*in, "elements 'in' must be article|document");
        }
      }
      tg.reason = string(*g, "reason", std::string(key) != "elements" && std::string(key) != "weak" &&
                                           std::string(key) != "contradicts");
      if (tg.reason.empty()) {
        tg.reason = key;
      }
      out.push_back(std::move(tg));
    }
    return out;
  }
};

}  // namespace

Expected<core::RuleSpec> load_file(const std::string& path, const std::string& family) {
  auto text = file::read(path, 1U << 20U);
  if (!text) {
    return text.error();
  }
  // The packaged toml++ reports errors by exception; they stop here.
  toml::table t;
  try {
    t = toml::parse(*text, path);
  } catch (const toml::parse_error& e) {
    return at(path, *text, e.source(), std::string(e.description()));
  }
  Reader r{path, *text, std::nullopt};
  for (const auto& [k, v] : t) {
    const std::string key(k.str());
    if (known_keys().count(key) == 0) {
      std::string best;
      size_t best_d = 4;
      for (const std::string& known : known_keys()) {
        const size_t d = str::edit_distance(key, known);
        if (d < best_d) {
          best_d = d;
          best = known;
        }
      }
      if (!r.error) {
        r.error = at(path, *text, k.source(),
                     "unknown key '" + key + "'" + (best.empty() ? "" : " (did you mean '" + best + "'?)"));
      }
    }
  }
  core::RuleSpec s;
  s.file = path;
  s.family = family;
  s.id = r.string(t, "id", true);
  s.title = r.string(t, "title", true);
  s.title_en = r.string(t, "title_en", false);
  s.severity = r.string(t, "severity", true);
  s.description = r.string(t, "description", false);
  s.suggestion = r.string(t, "suggestion", family != "risk");
  if (const toml::node* n = t.get("basis")) {
    s.basis = r.strings(*n, "basis");
  }
  if (const toml::node* n = t.get("exclude")) {
    s.exclude = r.strings(*n, "exclude");
  }
  if (const toml::node* n = t.get("against")) {
    s.against = r.strings(*n, "against");
  }
  if (const toml::node* n = t.get("mention")) {
    s.mention = r.strings(*n, "mention");
  }
  if (const toml::node* n = t.get("forbids")) {
    s.forbids = r.strings(*n, "forbids");
  }
  if (s.severity != "must" && s.severity != "should" && !r.error) {
    r.fail(*t.get("severity"), "severity must be 'must' or 'should'");
  }
  const std::string applies = r.string(t, "applies", false);
  if (applies.empty() || applies == "always") {
    s.applies = core::Applies::always;
  } else if (applies == "personal_data") {
    s.applies = core::Applies::personal_data;
  } else if (applies == "system_work") {
    s.applies = core::Applies::system_work;
  } else if (applies == "remote_access") {
    s.applies = core::Applies::remote_access;
  } else if (applies == "terms_of_service") {
    s.applies = core::Applies::terms_of_service;
  } else {
    r.fail(*t.get("applies"), "applies must be always|personal_data|system_work|remote_access|terms_of_service");
  }
  const std::string absent = r.string(t, "absent", false);
  if (absent == "weak") {
    s.absent = core::Status::weak;
  } else if (!absent.empty() && absent != "missing") {
    r.fail(*t.get("absent"), "absent must be missing|weak");
  }
  s.absent_reason = r.string(t, "absent_reason", false);
  const std::string elements_in = r.string(t, "elements_in", false);
  if (elements_in == "document") {
    s.elements_in_document = true;
  } else if (!elements_in.empty() && elements_in != "article") {
    r.fail(*t.get("elements_in"), "elements_in must be article|document");
  }
  const std::string on_request = r.string(t, "on_request", false);
  if (on_request == "accepted") {
    s.on_request_accepted = true;
  } else if (!on_request.empty() && on_request != "weakens") {
    r.fail(*t.get("on_request"), "on_request must be weakens|accepted");
  }
  const std::string limits = r.string(t, "limits", false);
  if (limits == "accepted") {
    s.limits_accepted = true;
  } else if (!limits.empty() && limits != "weaken") {
    r.fail(*t.get("limits"), "limits must be weaken|accepted");
  }
  const std::string context = r.string(t, "context", false);
  if (context == "title") {
    s.title_context = true;
  } else if (!context.empty() && context != "heading") {
    r.fail(*t.get("context"), "context must be heading|title");
  }
  const std::string body_may = r.string(t, "body_may", false);
  if (body_may == "accepted") {
    s.body_may_accepted = true;
  } else if (!body_may.empty() && body_may != "ignored") {
    r.fail(*t.get("body_may"), "body_may must be ignored|accepted");
  }
  const std::string denial = r.string(t, "denial", false);
  if (denial == "contradicts") {
    s.denial_contradicts = true;
  } else if (!denial.empty() && denial != "satisfies") {
    r.fail(*t.get("denial"), "denial must be contradicts|satisfies");
  }
  const std::string kind = r.string(t, "kind", true);
  if (kind == "duty") {
    s.kind = core::RuleKind::duty;
  } else if (kind == "ban") {
    s.kind = core::RuleKind::ban;
  } else if (kind == "right") {
    s.kind = core::RuleKind::right;
  } else if (kind == "risk") {
    s.kind = core::RuleKind::risk;
  } else if (!r.error) {
    r.fail(*t.get("kind"), "kind must be duty|ban|right|risk");
  }
  const std::string actor = r.string(t, "actor", false);
  if (actor.empty() || actor == "vendor") {
    s.actor = core::Actor::vendor;
  } else if (actor == "body") {
    s.actor = core::Actor::body;
  } else if (actor == "any") {
    s.actor = core::Actor::unknown;
  } else {
    r.fail(*t.get("actor"), "actor must be vendor|body|any");
  }
  if (const toml::node* n = t.get("topic")) {
    const toml::array* a = n->as_array();
    if (a == nullptr || a->empty()) {
      r.fail(*n, "'topic' must be a non-empty array of arrays of terms");
    } else {
      for (const toml::node& g : *a) {
        s.topic.push_back(r.strings(g, "topic"));
        if (s.topic.back().empty()) {
          r.fail(g, "'topic' has an empty group");
        }
      }
    }
  } else if (!r.error) {
    r.error = at(path, *text, t.source(), "missing key 'topic'");
  }
  s.elements = r.groups(t, "elements");
  s.weak = r.groups(t, "weak");
  s.contradicts = r.groups(t, "contradicts");
  if (const toml::node* n = t.get("examples")) {
    if (const toml::array* a = n->as_array()) {
      for (const toml::node& e : *a) {
        const toml::table* ex = e.as_table();
        if (ex == nullptr) {
          r.fail(e, "[[examples]] entries must be tables");
          continue;
        }
        core::RuleExample x;
        x.text = r.string(*ex, "text", true);
        x.expect = r.string(*ex, "expect", true);
        x.line = static_cast<int>(e.source().begin.line);
        core::Status st{};
        const bool ok = s.kind == core::RuleKind::risk ? (x.expect == "flagged" || x.expect == "none")
                                                       : core::parse_status(x.expect, st);
        if (!ok && !r.error) {
          r.fail(*ex->get("expect"), "expect must be " + std::string(s.kind == core::RuleKind::risk
                                                                          ? "flagged|none"
                                                                          : "satisfied|weak|contradicted|missing"));
        }
        s.examples.push_back(std::move(x));
      }
    } else {
      r.fail(*n, "'examples' must be [[examples]] tables");
    }
  }
  if (r.error) {
    return *r.error;
  }
  const std::string stem = fs::path(path).filename().string();
  if (!str::starts_with(stem, s.id + "-") && stem != s.id + ".toml") {
    return at(path, *text, t.get("id")->source(),
              "id '" + s.id + "' does not match the file name (expected " + s.id + "-<slug>.toml)");
  }
  return s;
}

namespace {

// The requirement files of a catalog directory as (path, family), sorted by path.
Expected<std::vector<std::pair<std::string, std::string>>> requirement_files(const std::string& dir) {
  std::error_code ec;
  if (!fs::is_directory(dir, ec)) {
    return Error(ErrorCode::data, dir + ": " + tr("要件フォルダがありません", "no requirements directory"));
  }
  std::vector<std::pair<std::string, std::string>> files;  // path, family
  for (const char* family : {"outsourcing", "cloud", "sns", "tier", "risk"}) {
    const fs::path sub = fs::path(dir) / family;
    if (!fs::is_directory(sub, ec)) {
      continue;
    }
    for (const auto& entry : fs::directory_iterator(sub, ec)) {
      if (entry.path().extension() == ".toml") {
        files.emplace_back(entry.path().string(), family);
      }
    }
  }
  std::sort(files.begin(), files.end());
  return files;
}

}  // namespace

Expected<std::string> version(const std::string& dir) {
  auto files = requirement_files(dir);
  if (!files) {
    return files.error();
  }
  Sha256 h;
  h.update("keiyaku-catalog-1\n");
  std::vector<std::pair<std::string, std::string>> hashed = *files;
  std::error_code ec;
  if (const fs::path concepts = fs::path(dir) / k_concepts_file; fs::exists(concepts, ec)) {
    hashed.emplace_back(concepts.string(), ".");
  }
  for (const auto& [path, family] : hashed) {
    auto data = file::read(path, size_t{16} << 20U);
    if (!data) {
      return data.error();
    }
    // The name relative to the directory, so that the same catalog elsewhere has the same version.
    const std::string name = family + "/" + fs::path(path).filename().string();
    h.update(std::to_string(name.size()) + ":" + name + ";" + std::to_string(data->size()) + ":");
    h.update(*data);
    h.update(";");
  }
  return h.hex_digest();
}

Expected<Concepts> load_concepts(const std::string& path) {
  Concepts concepts;
  std::error_code ec;
  if (!fs::exists(path, ec)) {
    return concepts;
  }
  auto data = file::read(path, size_t{4} << 20U);
  if (!data) {
    return data.error();
  }
  toml::table parsed;
  try {
    parsed = toml::parse(*data, path);
  } catch (const toml::parse_error& e) {
    return at(path, *data, e.source(), std::string(e.description()));
  }
  Reader r{path, *data, std::nullopt};
  for (const auto& [name, node] : parsed) {
    const toml::table* t = node.as_table();
    const toml::node* terms = t == nullptr ? nullptr : t->get("terms");
    if (terms == nullptr) {
      r.fail(node, "concept '" + std::string(name.str()) + "' needs 'terms'");
      break;
    }
    std::vector<std::string> list = r.strings(*terms, "terms");
    for (const std::string& term : list) {
      if (term.starts_with("@")) {
        r.fail(*terms, "a concept's terms cannot name another concept: " + term);
      }
    }
    concepts.emplace(std::string(name.str()), std::move(list));
  }
  if (r.error) {
    return *r.error;
  }
  return concepts;
}

Expected<void> expand_concepts(core::RuleSpec& spec, const Concepts& concepts, const std::string& path) {
  std::optional<Error> error;
  // A term is words and concept names: 「@disclose」 stands for each of its terms, and
  // 「@outsidersに@delegate」 for every phrase made of one term of each (第三者に任せる, 他社に委ねる …).
  const auto expand_term = [&](const std::string& term, std::vector<std::string>& out) {
    std::vector<std::string> phrases{""};
    size_t i = 0;
    while (i < term.size()) {
      if (term[i] != '@') {
        const size_t next = std::min(term.find('@', i), term.size());
        for (std::string& p : phrases) {
          if (!p.empty()) {
            p += core::k_term_join;
          }
          p += term.substr(i, next - i);
        }
        i = next;
        continue;
      }
      size_t end = i + 1;
      while (end < term.size() && (std::islower(static_cast<unsigned char>(term[end])) != 0 || term[end] == '_')) {
        ++end;
      }
      const std::string name = term.substr(i + 1, end - i - 1);
      const auto it = concepts.find(name);
      if (it == concepts.end()) {
        if (!error) {
          error = Error(ErrorCode::data, path + ": " + tr("未定義の概念です: ", "unknown concept: ") + term);
        }
        return;
      }
      std::vector<std::string> grown;
      grown.reserve(phrases.size() * it->second.size());
      for (const std::string& p : phrases) {
        for (const std::string& w : it->second) {
          // (One concept alone, 「@disclose」, stays its plain terms.)
          grown.push_back(p.empty() ? w : p + core::k_term_join + w);
        }
      }
      phrases = std::move(grown);
      i = end;
    }
    out.insert(out.end(), phrases.begin(), phrases.end());
  };
  const auto expand = [&](std::vector<std::string>& terms) {
    std::vector<std::string> out;
    for (std::string& term : terms) {
      if (term.find('@') == std::string::npos) {
        out.push_back(std::move(term));
      } else {
        expand_term(term, out);
      }
    }
    terms = std::move(out);
  };
  for (auto& group : spec.topic) {
    expand(group);
  }
  expand(spec.exclude);
  expand(spec.mention);
  expand(spec.forbids);
  for (auto* groups : {&spec.elements, &spec.weak, &spec.contradicts}) {
    for (core::TermGroup& g : *groups) {
      expand(g.terms);
      expand(g.unless);
      expand(g.hedged_by);
    }
  }
  if (error) {
    return *error;
  }
  return {};
}

Expected<std::vector<core::RuleSpec>> load_dir(const std::string& dir) {
  auto listed = requirement_files(dir);
  if (!listed) {
    return listed.error();
  }
  const auto& files = *listed;
  const std::string concepts_path = (fs::path(dir) / k_concepts_file).string();
  auto concepts = load_concepts(concepts_path);
  if (!concepts) {
    return concepts.error();
  }
  std::vector<core::RuleSpec> specs;
  std::set<std::string> ids;
  for (const auto& [path, family] : files) {
    auto spec = load_file(path, family);
    if (!spec) {
      return spec.error();
    }
    if (auto expanded = expand_concepts(*spec, *concepts, path); !expanded) {
      return expanded.error();
    }
    if (!ids.insert(spec->id).second) {
      return Error(ErrorCode::data, path + ": " + tr("要件IDが重複しています: ", "duplicate requirement id: ") + spec->id);
    }
    specs.push_back(std::move(*spec));
  }
  if (specs.empty()) {
    return Error(ErrorCode::data, dir + ": " + tr("要件ファイルがありません", "no requirement files"));
  }
  auto family_rank = [](const std::string& f) {
    return f == "outsourcing" ? 0 : f == "cloud" ? 1 : f == "sns" ? 2 : f == "tier" ? 3 : 4;
  };
  std::stable_sort(specs.begin(), specs.end(), [&](const core::RuleSpec& a, const core::RuleSpec& b) {
    if (family_rank(a.family) != family_rank(b.family)) {
      return family_rank(a.family) < family_rank(b.family);
    }
    const auto num = [](const std::string& id) { return std::atoi(id.c_str() + id.find('-') + 1); };
    return num(a.id) < num(b.id);
  });
  return specs;
}

std::string default_dir() {
  if (const char* env = std::getenv("KEIYAKU_REQUIREMENTS"); env != nullptr && *env != '\0') {
    return env;
  }
  std::error_code ec;
  const fs::path exe = fs::read_symlink("/proc/self/exe", ec);
  if (!ec) {
    for (const fs::path& p : {exe.parent_path() / "../share/keiyaku/requirements",
                              exe.parent_path() / "requirements"}) {
      if (fs::is_directory(p, ec)) {
        return fs::weakly_canonical(p, ec).string();
      }
    }
  }
  return std::string(KY_SOURCE_DIR) + "/requirements";
}

}  // namespace keiyaku::catalog
