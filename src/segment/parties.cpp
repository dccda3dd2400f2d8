#include "parties.hpp"

#include <base/strings.hpp>
#include <base/utf8.hpp>
#include <base/word_table.hpp>

#include <algorithm>

namespace keiyaku::embedded {
std::string_view parties_tsv();
}

namespace keiyaku::segment {

namespace {

const WordTable& words() {
  static const WordTable t("dictionaries/parties.tsv", embedded::parties_tsv());
  return t;
}

bool in_list(std::string_view category, std::string_view w) { return words().is(category, w); }

// Role of a defined party from the name it defines: 北浜市 -> body, 株式会社… -> vendor,
// 公益財団法人…協会 -> body (it commissions the work), 一般社団法人…センター -> vendor.
core::Actor role_of_name(std::string_view name) {
  if (!words().find_in("company_marker", name).empty()) {
    return core::Actor::vendor;
  }
  for (const std::string& b : words().list("body_name_suffix")) {
    if (str::ends_with(name, b) || str::ends_with(name, b + "長")) {
      return core::Actor::body;
    }
  }
  if (!words().find_in("corporation_marker", name).empty()) {
    return core::Actor::vendor;
  }
  return core::Actor::unknown;
}

void add_unique(std::vector<std::string>& v, const std::string& w) {
  if (!w.empty() && std::find(v.begin(), v.end(), w) == v.end()) {
    v.push_back(w);
  }
}

bool is_hiragana_at(std::string_view s, size_t i) {
  size_t k = i;
  const char32_t cp = i < s.size() ? str::next_cp(s, k) : 0;
  return cp >= 0x3041 && cp <= 0x309F;
}

// A party's name without what stands in front of it in the sentence: the particle after the
// definition before it (「…という。)が株式会社…」「…)とはまなす株式会社」), a particle before a name
// that does not begin in hiragana, a role written before the name (受託者青葉ロジスティクス株式会社)
// or a signature-block label (住所, 名称).
enum class After { text, definition };
std::string_view clean_name(std::string_view name, After after, bool& joined) {
  joined = false;
  if (after == After::definition) {
    for (const std::string& lead : words().list("name_lead")) {
      if (str::starts_with(name, lead) && name.size() > lead.size() && str::cp_count(lead) <= 3) {
        name.remove_prefix(lead.size());
        joined = in_list("party_join", lead);
        break;
      }
    }
  }
  for (bool changed = true; changed && !name.empty();) {
    changed = false;
    name = str::trim(name);
    for (const std::string& lead : words().list("name_lead")) {
      if (str::starts_with(name, lead) && name.size() > lead.size() &&
          (str::cp_count(lead) > 1 || !is_hiragana_at(name, lead.size()))) {
        name.remove_prefix(lead.size());
        changed = true;
      }
    }
    // A role of two characters or more (a lone 甲 may begin 甲府市).
    for (const char* category : {"body_term", "vendor_term", "customer_term", "provider_term"}) {
      for (const std::string& role : words().list(category)) {
        if (str::cp_count(role) >= 2 && str::starts_with(name, role) && str::cp_count(name) > str::cp_count(role) + 1) {
          name.remove_prefix(role.size());
          changed = true;
        }
      }
    }
  }
  return name;
}

// The name that a definition 「…（以下「X」という。）」 refers to: the text before the parenthesis,
// back to the previous punctuation.
std::string antecedent(std::string_view s, size_t paren, bool& joined) {
  size_t start = paren;
  After after = After::text;
  while (start > 0) {
    size_t prev = start - 1;
    while (prev > 0 && utf8::is_continuation(s[prev])) {
      --prev;
    }
    const std::string_view ch = s.substr(prev, start - prev);
    if (ch == "、" || ch == "。" || ch == ")" || ch == "」" || ch == " " || ch == "\n") {
      after = ch == ")" ? After::definition : After::text;
      break;
    }
    start = prev;
  }
  return std::string(clean_name(s.substr(start, paren - start), after, joined));
}

// One 「…(以下「X」という。)」 in the text: the term X, the name it stands for and the role.
struct Definition {
  std::string term;
  std::string name;
  core::Actor role = core::Actor::unknown;
  bool joined = false;  ///< coordinated with the definition before it (「…)とB(以下…」)
};

core::Actor role_of_term(std::string_view term) {
  if (in_list("body_term", term) || in_list("customer_term", term)) {
    return core::Actor::body;
  }
  if (in_list("vendor_term", term) || in_list("provider_term", term) || in_list("vendor_term_if_defined", term)) {
    return core::Actor::vendor;
  }
  return core::Actor::unknown;
}

// Only short terms name a party (not 本業務, 本契約, 個人情報 ...).
bool party_sized(const Definition& d) {
  return str::cp_count(d.term) <= 8 && !d.name.empty() && str::cp_count(d.name) <= 40;
}

std::vector<Definition> definitions_in(const std::string& s) {
  std::vector<Definition> out;
  // (以下「X」という。) / (以下単に「X」という。) / (以下、「X」という) / (以下「X」といいます。)
  size_t pos = 0;
  while ((pos = s.find("以下", pos)) != std::string::npos) {
    const size_t q1 = s.find("「", pos);
    if (q1 == std::string::npos || q1 > pos + 12) {
      pos += 6;
      continue;
    }
    const size_t q2 = s.find("」", q1);
    if (q2 == std::string::npos || q2 - q1 > 40) {
      pos += 6;
      continue;
    }
    Definition d;
    d.term = s.substr(q1 + 3, q2 - q1 - 3);
    const size_t paren = s.rfind('(', pos);
    d.name = paren != std::string::npos ? antecedent(s, paren, d.joined) : std::string();
    d.role = role_of_term(d.term);
    if (d.role == core::Actor::unknown) {
      d.role = role_of_name(d.name);
    }
    // 指定管理者, 協会, 組合: the body unless the name they stand for is a business's (株式会社… as
    // 指定管理者 of a city's facility is the city's contractor).
    if (d.role == core::Actor::unknown && in_list("body_term_if_defined", d.term)) {
      d.role = core::Actor::body;
    }
    out.push_back(std::move(d));
    pos = q2;
  }
  return out;
}

}  // namespace

const std::vector<std::string>& party_words(core::Actor role) {
  static const std::vector<std::string> vendor = [] {
    std::vector<std::string> v;
    for (const char* c : {"vendor_term", "vendor_term_if_defined", "provider_term"}) {
      for (const std::string& w : words().list(c)) {
        add_unique(v, w);
      }
    }
    return v;
  }();
  static const std::vector<std::string> body = [] {
    std::vector<std::string> v;
    for (const char* c : {"body_term", "body_term_if_defined", "customer_term"}) {
      for (const std::string& w : words().list(c)) {
        add_unique(v, w);
      }
    }
    return v;
  }();
  static const std::vector<std::string> none;
  return role == core::Actor::vendor ? vendor : role == core::Actor::body ? body : none;
}

Parties resolve_parties(const std::vector<std::string>& blocks) {
  Parties p;
  const size_t scan = std::min<size_t>(blocks.size(), 400);
  auto take = [&](const Definition& d) {
    if (d.role == core::Actor::body && p.body_term.empty() && str::cp_count(d.term) <= 6) {
      p.body_term = d.term;
      p.body_name = d.name;
    } else if (d.role == core::Actor::vendor && p.vendor_term.empty() && str::cp_count(d.term) <= 8) {
      p.vendor_term = d.term;
      p.vendor_name = d.name;
    }
  };
  for (size_t b = 0; b < scan; ++b) {
    const std::string& s = blocks[b];
    std::vector<Definition> defs = definitions_in(s);
    defs.erase(std::remove_if(defs.begin(), defs.end(), [](const Definition& d) { return !party_sized(d); }),
               defs.end());
    // Two parties defined side by side (AとBとは), one of them clearly the body or the vendor: the
    // other is the counterpart (北浜市(以下「市」という。)と山田会計事務所(以下「事務所」という。)).
    if (defs.size() == 2 && defs[1].joined &&
        (defs[0].role == core::Actor::unknown) != (defs[1].role == core::Actor::unknown)) {
      Definition& known = defs[0].role != core::Actor::unknown ? defs[0] : defs[1];
      Definition& other = defs[0].role != core::Actor::unknown ? defs[1] : defs[0];
      other.role = known.role == core::Actor::body ? core::Actor::vendor : core::Actor::body;
    }
    for (const Definition& d : defs) {
      take(d);
    }
    // 「当社」とは、…  /  「利用者」とは、…
    size_t pos = 0;
    while ((pos = s.find("」とは", pos)) != std::string::npos) {
      const size_t q1 = s.rfind("「", pos);
      if (q1 != std::string::npos && pos - q1 <= 24) {
        const std::string term = s.substr(q1 + 3, pos - q1 - 3);
        core::Actor role = in_list("body_term_if_defined", term) ? core::Actor::body : role_of_term(term);
        if (role == core::Actor::unknown) {
          // 「委託先」とは、この業務を受注した事業者のことです: the definition says which side it is.
          const size_t from = pos + std::string_view("」とは").size();
          const std::string body = s.substr(from, s.find("。", from) == std::string::npos ? std::string::npos
                                                                                          : s.find("。", from) - from);
          const auto says = [&](const char* list) {
            const std::vector<std::string>& ws = words().list(list);
            return std::any_of(ws.begin(), ws.end(), [&](const std::string& w) { return str::contains(body, w); });
          };
          role = says("vendor_definition") ? core::Actor::vendor : role;
        }
        if (role == core::Actor::body && p.body_term.empty()) {
          p.body_term = term;
        } else if (role == core::Actor::vendor && p.vendor_term.empty()) {
          p.vendor_term = term;
        }
      }
      pos += 9;
    }
  }
  // How often a name stands as the topic (「本市は」), or also as the subject (「ユーザーが」): terms of
  // service speak of their customer in both.
  enum class Subject { topic, topic_or_subject };
  auto uses = [&](const std::string& n, Subject as) {
    int count = 0;
    for (const std::string& b : blocks) {
      for (const char* particle : {"は", "が"}) {
        if (as == Subject::topic && std::string_view(particle) != "は") {
          continue;
        }
        const std::string topic = n + particle;
        for (size_t pos = b.find(topic); pos != std::string::npos; pos = b.find(topic, pos + 1)) {
          ++count;
        }
      }
    }
    return count;
  };
  auto most_used = [&](const std::vector<std::string>& names, int at_least, Subject as) {
    std::string best;
    int best_n = at_least - 1;
    for (const std::string& n : names) {
      const int count = uses(n, as);
      if (count > best_n) {
        best_n = count;
        best = n;
      }
    }
    return best;
  };
  // A vendor's own terms: its provider term is defined, or used where no vendor is defined (「当社の…」).
  std::string provider_used;
  if (p.vendor_term.empty()) {
    provider_used = most_used(words().list("provider_term"), 1, Subject::topic_or_subject);
    for (const std::string& w : words().list("provider_term")) {
      for (size_t b = 0; b < blocks.size() && provider_used.empty(); ++b) {
        if (str::contains(blocks[b], w)) {
          provider_used = w;
        }
      }
    }
  }
  const bool provider = in_list("provider_term", p.vendor_term) || !provider_used.empty();
  if (p.vendor_term.empty() && provider) {
    p.vendor_term = provider_used;
  }
  // Terms of service that define no customer: the customer is whom the document itself names most.
  if (p.body_term.empty() && provider) {
    p.body_term = most_used(words().list("customer_term"), 1, Subject::topic_or_subject);
  }
  add_unique(p.body, p.body_term);
  add_unique(p.vendor, p.vendor_term);
  for (const std::string& w : words().list("body_term")) {
    add_unique(p.body, w);
  }
  for (const std::string& w : words().list("customer_term")) {
    if (provider || p.body_term == w) {
      add_unique(p.body, w);
    }
  }
  for (const char* category : {"vendor_term", "provider_term"}) {
    for (const std::string& w : words().list(category)) {
      add_unique(p.vendor, w);
    }
  }
  for (const std::string& w : words().list("sub_term")) {
    add_unique(p.sub, w);
  }
  // No definition: the name the contract uses most as a subject (「本市は」「受託者は」).
  if (p.body_term.empty()) {
    p.body_term = most_used(p.body, 2, Subject::topic);
  }
  if (p.body_term.empty()) {
    p.body_term = most_used(words().list("body_term_if_defined"), 2, Subject::topic);
    add_unique(p.body, p.body_term);
  }
  if (p.vendor_term.empty()) {
    p.vendor_term = most_used(p.vendor, 2, Subject::topic);
  }
  // A prefecture's or city's own documents call it by its bare kind (「県は、…確認することができる」,
  // 「市が指定する」): the bare word names the body where it stands alone as the topic twice or more
  // (not in 白鷺県は, 都道府県は).
  for (const std::string& w : words().list("body_term_bare")) {
    int bare = 0;
    for (const std::string& b : blocks) {
      const std::string topic = w + "は";
      for (size_t pos = b.find(topic); pos != std::string::npos; pos = b.find(topic, pos + 1)) {
        size_t before = pos;
        if (pos > 0) {
          do {
            --before;
          } while (before > 0 && utf8::is_continuation(b[before]));
        }
        size_t len = 0;
        const char32_t c = pos == 0 ? U'\n' : utf8::decode(b, before, len);
        const bool in_word = (c >= 0x30A1 && c <= 0x30FF) || (c >= 0x3400 && c <= 0x9FFF) ||
                             (c >= 0xF900 && c <= 0xFAFF) || c >= 0x20000 || c == 0x3005;
        bare += in_word ? 0 : 1;
      }
    }
    if (bare >= 2) {
      add_unique(p.body, w);
      if (p.body_term.empty()) {
        p.body_term = w;
      }
    }
  }
  // Pairs name each other: a contract of 乙 has a 甲.
  for (const std::string& row : words().list("pair")) {
    const std::vector<std::string_view> two = str::split(row, ' ');
    if (two.size() != 2) {
      continue;
    }
    if (p.body_term.empty() && p.vendor_term == two[1]) {
      p.body_term = std::string(two[0]);
    } else if (p.vendor_term.empty() && p.body_term == two[0]) {
      p.vendor_term = std::string(two[1]);
    }
  }
  auto longest_first = [](std::vector<std::string>& v) {
    std::stable_sort(v.begin(), v.end(),
                     [](const std::string& a, const std::string& b) { return a.size() > b.size(); });
  };
  longest_first(p.body);
  longest_first(p.vendor);
  longest_first(p.sub);
  return p;
}

}  // namespace keiyaku::segment
