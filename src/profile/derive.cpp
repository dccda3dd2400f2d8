#include "derive.hpp"

#include <base/strings.hpp>
#include <base/utf8.hpp>
#include <text/normalize.hpp>

#include <algorithm>
#include <functional>
#include <set>

namespace keiyaku::profile {

namespace {

using Terms = std::vector<std::string>;

// Terms are written as people write them and folded like the policy text, so variants
// (規程/規定, 個人番号利用事務系, ソーシャルメディサービス) meet.
Terms folded(std::initializer_list<std::string_view> terms) {
  Terms out;
  for (std::string_view t : terms) {
    out.push_back(text::fold(t));
  }
  return out;
}

struct Cues {
  Terms out_subject = folded({"業務委託", "委託事業者", "外部委託", "委託先", "受託者", "受託事業者", "委託"});
  Terms out_choose = folded({"選定", "契約"});
  Terms out_acts = folded({"選定", "契約", "締結", "確認", "措置", "要件", "監督"});
  Terms cloud_subject = folded({"外部サービス", "クラウド", "ASP", "SaaS", "IaaS", "PaaS", "外部の事業者が提供するサービス"});
  Terms cloud_not = folded({"自治体情報セキュリティクラウド", "セキュリティクラウド"});
  Terms cloud_use = folded({"利用"});
  Terms cloud_acts = folded({"規定", "規程", "整備", "対策", "選定", "契約", "承認", "確認", "管理", "基準", "手続",
                             "手順", "評価", "定め"});
  Terms sns_subject = folded({"ソーシャルメディ", "SNS", "ソーシャル・メディア", "ソーシャルネットワーキング"});
  Terms sns_acts = folded({"利用", "運用", "発信", "責任者", "手順", "アカウント", "管理"});
  std::vector<Terms> tiers = {folded({"マイナンバー利用事務系", "個人番号利用事務系", "基幹系"}), folded({"LGWAN接続系"}),
                              folded({"インターネット接続系"})};
  Terms tier_measures = folded({"分割", "分離", "通信", "防ぐ", "対策", "無害化", "集約", "強靱", "遮断"});
  Terms tier_lead = folded({"段階", "三層", "3層", "対策", "措置", "強靱"});
  Terms conditions = folded({"場合には、", "場合は、", "場合においては、", "ときは、", "際には、", "際は、", "場合には",
                             "場合は"});
  Terms hedges = folded({"必要に応じて", "必要に応じ", "可能な限り", "できる限り", "適宜", "必要な場合は",
                         "必要と認める場合"});
  Terms effort = folded({"努める", "努めるものとする", "努めなければならない"});
  Terms contractors = folded({"受託事業者", "受託者", "委託先事業者", "委託事業者", "外部委託先", "委託先", "受注者"});
  Terms policy_words = folded({"ポリシー", "方針", "規則", "要綱", "本規程", "この規程", "対策基準", "実施手順"});
  Terms binding = folded({"なければならない", "ものとする", "義務を負う", "遵守する。", "遵守すること"});
  Terms qualifiers = folded({"可能な", "有する", "満たす", "適切な", "能力", "体制", "信頼"});
  Terms excluded_headings = folded({"定義", "用語", "脅威"});
  Terms title_words = folded({"情報セキュリティ", "方針", "規則", "規程", "ポリシー", "要綱"});
  Terms body_suffixes = folded({"市議会", "町議会", "村議会", "区議会", "県議会", "議会", "企業団", "組合", "広域連合",
                                "市", "町", "村", "区", "県", "都", "道", "府"});
};

const Cues& cues() {
  static const Cues c;
  return c;
}

bool has(std::string_view s, std::string_view t) { return s.find(t) != std::string_view::npos; }

bool any(std::string_view s, const Terms& terms) {
  return std::any_of(terms.begin(), terms.end(), [&](const std::string& t) { return has(s, t); });
}

int count(std::string_view s, const Terms& terms) {
  return static_cast<int>(std::count_if(terms.begin(), terms.end(), [&](const std::string& t) { return has(s, t); }));
}

size_t first_of(std::string_view s, const Terms& terms, size_t from = 0) {
  size_t best = std::string_view::npos;
  for (const std::string& t : terms) {
    const size_t p = s.find(t, from);
    if (p != std::string_view::npos && (best == std::string_view::npos || p < best)) {
      best = p;
    }
  }
  return best;
}

std::string remove_all(std::string s, const Terms& terms) {
  for (const std::string& t : terms) {
    str::replace_all(s, t, "");
  }
  return s;
}

bool is_kanji_or_katakana(char32_t c) {
  return (c >= 0x4E00 && c <= 0x9FFF) || (c >= 0x3400 && c <= 0x4DBF) || c == 0x3005 ||
         (c >= 0x30A1 && c <= 0x30FA) || c == 0x30FC;
}

// The run of kanji and katakana that ends at byte `end` of s.
std::string word_before(std::string_view s, size_t end) {
  size_t begin = end;
  while (begin > 0) {
    size_t i = begin - 1;
    while (i > 0 && utf8::is_continuation(s[i])) {
      --i;
    }
    size_t j = i;
    if (!is_kanji_or_katakana(str::next_cp(s, j))) {
      break;
    }
    begin = i;
  }
  return std::string(s.substr(begin, end - begin));
}

std::string_view cp_prefix(std::string_view s, size_t cps) {
  size_t i = 0;
  for (size_t n = 0; n < cps && i < s.size(); ++n) {
    str::next_cp(s, i);
  }
  return s.substr(0, i);
}

// A sentence that defines a word (「…をいう。」) grounds nothing.
bool defines(std::string_view sentence) {
  return has(sentence, "をいう") || has(sentence, "とは、");
}

struct Sentence {
  int provision = -1;
  std::string text;
  bool definition = false;  // inside a definitions or threats provision, or a definition itself
  bool heading = false;     // the unit's title rather than a sentence
  int line = 0;             // 1-based line where its paragraph starts
};

class Reader {
 public:
  explicit Reader(Derived& d) : m_d(d), m_o(d.outline) {
    const auto& provs = m_o.units;
    m_excluded.assign(provs.size(), false);
    for (size_t i = 0; i < provs.size(); ++i) {
      const int parent = provs[i].parent;
      m_excluded[i] = any(provs[i].heading, cues().excluded_headings) ||
                      (parent >= 0 && m_excluded[static_cast<size_t>(parent)]);
      if (!provs[i].heading.empty()) {
        // A short item with no sentence (「(8) 外部委託先の選定と契約」) counts, below any sentence.
        m_sentences.push_back(Sentence{static_cast<int>(i), provs[i].heading, m_excluded[i], true, provs[i].line});
      }
      for (size_t k = 0; k < provs[i].paragraphs.size(); ++k) {
        for (std::string& s : sentences(provs[i].paragraphs[k])) {
          Sentence x;
          x.provision = static_cast<int>(i);
          x.line = k < provs[i].paragraph_lines.size() ? provs[i].paragraph_lines[k] : provs[i].line;
          x.definition = m_excluded[i] || defines(s);
          x.text = std::move(s);
          m_sentences.push_back(std::move(x));
        }
      }
    }
  }

  void run() {
    title_and_body();
    families();
    three_tier();
    protected_data();
    contractors();
  }

 private:
  Found found(const Sentence& s) const {
    const Unit& p = m_o.units[static_cast<size_t>(s.provision)];
    return Found{p.ref, s.text, s.line > 0 ? s.line : p.line, false};
  }

  // The best sentence by score (> 0); the first one on a tie.
  const Sentence* best(const std::function<int(const std::string&)>& score) const {
    const Sentence* out = nullptr;
    int top = 0;
    for (const Sentence& s : m_sentences) {
      if (s.definition) {
        continue;
      }
      const int v = 2 * score(s.text) - (s.heading ? 1 : 0);
      if (v > top) {
        top = v;
        out = &s;
      }
    }
    return out;
  }

  // Hedged: the main clause after the family's condition opens with 必要に応じて or the like, or
  // the duty is only one of effort.
  static bool hedged(std::string_view s, const Terms& subject) {
    const Cues& c = cues();
    const size_t at = first_of(s, subject);
    if (at == std::string_view::npos) {
      return false;
    }
    std::string_view main = s.substr(at);
    for (const std::string& cond : c.conditions) {
      if (const size_t p = main.find(cond); p != std::string_view::npos) {
        main = main.substr(p + cond.size());
        break;
      }
    }
    const size_t next_clause = main.find("、");
    const std::string_view clause = next_clause == std::string_view::npos ? main : main.substr(0, next_clause);
    if (any(cp_prefix(main, 10), c.hedges)) {
      return true;
    }
    return any(clause, c.effort) || (next_clause == std::string_view::npos && any(main, c.effort));
  }

  void families() {
    const Cues& c = cues();
    if (const Sentence* s = best([&](const std::string& t) {
          if (!any(t, c.out_subject) || !any(t, c.out_choose)) {
            return 0;
          }
          return count(t, c.out_acts);
        })) {
      Found f = found(*s);
      f.hedged = hedged(s->text, c.out_subject);
      m_d.families["outsourcing"] = f;
      selection(*s);
    }
    if (const Sentence* s = best([&](const std::string& raw) {
          const std::string t = remove_all(raw, c.cloud_not);
          if (!any(t, c.cloud_subject) || !any(t, c.cloud_use)) {
            return 0;
          }
          return count(t, c.cloud_acts);
        })) {
      Found f = found(*s);
      f.hedged = hedged(remove_all(s->text, c.cloud_not), c.cloud_subject);
      m_d.families["cloud"] = f;
    }
    if (const Sentence* s = best([&](const std::string& t) {
          if (!any(t, c.sns_subject)) {
            return 0;
          }
          return count(t, c.sns_acts);
        })) {
      Found f = found(*s);
      f.hedged = hedged(s->text, c.sns_subject);
      m_d.families["sns"] = f;
    }
  }

  // 「適切な情報管理が可能な委託事業者を選定」: the phrase from the clause start to 選定.
  void selection(const Sentence& s) {
    const std::string& t = s.text;
    const size_t at = t.find(text::fold("選定"));
    if (at == std::string::npos) {
      return;
    }
    size_t start = t.rfind("、", at);
    start = start == std::string::npos ? 0 : start + std::string_view("、").size();
    const std::string phrase = t.substr(start, at + text::fold("選定").size() - start);
    if (any(phrase, cues().qualifiers) && any(phrase, cues().out_subject)) {
      Found f = found(s);
      f.sentence = phrase;
      m_d.selection_qualified = f;
    }
  }

  std::vector<size_t> subtree(size_t root) const {
    std::vector<size_t> out{root};
    for (size_t j = root + 1; j < m_o.units.size(); ++j) {
      int p = m_o.units[j].parent;
      while (p >= 0 && static_cast<size_t>(p) != root) {
        p = m_o.units[static_cast<size_t>(p)].parent;
      }
      if (p < 0) {
        break;
      }
      out.push_back(j);
    }
    return out;
  }

  // The deepest provision whose own text and sub-items name at least two of the three segments
  // with a measure: 第6条(3) with its ア–ウ, or one paragraph that names them all.
  void three_tier() {
    const Cues& c = cues();
    int chosen = -1;
    size_t depth = 0;
    size_t most = 0;
    for (size_t i = 0; i < m_o.units.size(); ++i) {
      if (m_excluded[i]) {
        continue;
      }
      std::set<size_t> segments;
      bool measure = false;
      for (size_t j : subtree(i)) {
        for (const Sentence& s : m_sentences) {
          if (static_cast<size_t>(s.provision) != j || s.definition) {
            continue;
          }
          for (size_t k = 0; k < c.tiers.size(); ++k) {
            if (any(s.text, c.tiers[k])) {
              segments.insert(k);
            }
          }
          measure = measure || any(s.text, c.tier_measures);
        }
      }
      const size_t d = m_o.units[i].path.size();
      if (segments.size() >= 2 && measure &&
          (chosen < 0 || segments.size() > most || (segments.size() == most && d > depth))) {
        chosen = static_cast<int>(i);
        depth = d;
        most = segments.size();
      }
    }
    if (chosen < 0) {
      return;
    }
    const Unit& p = m_o.units[static_cast<size_t>(chosen)];
    Found f{p.ref, "", p.line, false};
    const Sentence* lead = nullptr;
    const Sentence* named = nullptr;
    for (size_t j : subtree(static_cast<size_t>(chosen))) {
      for (const Sentence& s : m_sentences) {
        if (static_cast<size_t>(s.provision) != j || s.definition) {
          continue;
        }
        if (j == static_cast<size_t>(chosen) && lead == nullptr && any(s.text, c.tier_lead)) {
          lead = &s;
        }
        if (named == nullptr && std::any_of(c.tiers.begin(), c.tiers.end(),
                                            [&](const Terms& t) { return any(s.text, t); })) {
          named = &s;
        }
      }
    }
    f.sentence = lead != nullptr ? lead->text : named != nullptr ? named->text : "";
    m_d.three_tier = f;
    m_tier_root = chosen;
  }

  // 「…住民情報の流出を防ぐ」: the data the segments protect, in the three-tier clause first.
  void protected_data() {
    const std::vector<std::string> markers = {"情報の流出", "情報の漏えい", "情報の漏洩"};
    auto search = [&](const Sentence& s) {
      for (const std::string& m : markers) {
        const size_t at = s.text.find(m);
        if (at == std::string::npos) {
          continue;
        }
        const std::string word = word_before(s.text, at);
        if (!word.empty()) {
          m_d.protected_data = word + "情報";
          m_d.protected_data_from = found(s);
          return true;
        }
      }
      return false;
    };
    if (m_tier_root >= 0) {
      for (size_t j : subtree(static_cast<size_t>(m_tier_root))) {
        for (const Sentence& s : m_sentences) {
          if (static_cast<size_t>(s.provision) == j && search(s)) {
            return;
          }
        }
      }
    }
    for (const Sentence& s : m_sentences) {
      if (!s.definition && search(s)) {
        return;
      }
    }
  }

  // Bound directly: the policy defines its contractors or applies to them (2(3), 4(1)) and
  // puts on them, as the subject, a duty to comply with the policy (5(3)).
  void contractors() {
    const Cues& c = cues();
    bool covered = false;
    for (const Sentence& s : m_sentences) {
      const size_t at = first_of(s.text, c.contractors);
      if (at == std::string::npos) {
        continue;
      }
      const bool defined = defines(s.text) && (at == 0 || at < s.text.find("をいう"));
      const bool scope = has(s.text, "適用") && !has(s.text, "適用しない") && !has(s.text, "除く");
      covered = covered || defined || scope;
    }
    for (const Sentence& s : m_sentences) {
      if (s.definition) {
        continue;
      }
      bool subject = false;
      for (const std::string& t : c.contractors) {
        subject = subject || has(s.text, t + "は");
      }
      // 「本方針は、職員及び委託先に適用し、これらの者はこれを遵守しなければならない」 binds them too.
      const bool scope_and_duty = any(s.text, c.contractors) && has(s.text, "適用");
      if ((subject || scope_and_duty) && has(s.text, "遵守") && any(s.text, c.policy_words) &&
          any(s.text, c.binding)) {
        m_d.contractor_duty = found(s);
        break;
      }
    }
    m_d.binds_contractors = covered && m_d.contractor_duty.has_value();
  }

  // The title is the first front paragraph that names a policy; a short line just before it
  // that is the body's name belongs to it (「山武郡市広域水道企業団」「情報セキュリティ基本方針」).
  void title_and_body() {
    const Cues& c = cues();
    const auto& front = m_o.front;
    for (size_t k = 0; k < front.size(); ++k) {
      if (!any(front[k], c.title_words) || str::cp_count(front[k]) > 60) {
        continue;
      }
      std::string title = front[k];
      if (k > 0 && str::starts_with(title, text::fold("情報セキュリティ")) && str::cp_count(front[k - 1]) <= 30 &&
          ends_with_body(front[k - 1])) {
        title = front[k - 1] + title;
      }
      m_d.policy = tidy_title(title);
      break;
    }
    const size_t at = m_d.policy.find(text::fold("情報セキュリティ"));
    if (at != std::string::npos && at > 0) {
      std::string body = m_d.policy.substr(0, at);
      if (str::ends_with(body, "の")) {
        body.resize(body.size() - std::string_view("の").size());
      }
      if (ends_with_body(body)) {
        m_d.body = body;
        return;
      }
    }
    // 「山武郡市広域水道企業団（以下「企業団」という。）が保有する」
    for (const Sentence& s : m_sentences) {
      for (std::string_view marker : {"(以下", "が保有", "の保有", "における情報"}) {
        const size_t p = s.text.find(marker);
        if (p == std::string::npos) {
          continue;
        }
        const std::string word = word_before(s.text, p);
        if (!word.empty() && ends_with_body(word) && !str::starts_with(word, "本") && !str::starts_with(word, "当")) {
          m_d.body = word;
          return;
        }
      }
    }
  }

  static bool ends_with_body(std::string_view s) {
    const auto& suffixes = cues().body_suffixes;
    return str::cp_count(s) >= 2 && std::any_of(suffixes.begin(), suffixes.end(), [&](const std::string& x) {
             return str::ends_with(s, x);
           });
  }

  static std::string tidy_title(std::string t) {
    str::replace_all(t, " (", "(");
    str::replace_all(t, " ", "");
    str::replace_all(t, "(", "（");
    str::replace_all(t, ")", "）");
    return t;
  }

  Derived& m_d;
  const Outline& m_o;
  std::vector<bool> m_excluded;
  std::vector<Sentence> m_sentences;
  int m_tier_root = -1;
};

}  // namespace

Derived derive(std::string_view text) {
  Derived d;
  d.outline = parse_outline(text);
  Reader(d).run();
  return d;
}

Profile to_profile(const Derived& d, const std::string& name) {
  Profile p;
  p.name = name;
  p.body = d.body;
  p.policy = !d.policy.empty() ? d.policy : d.body + "情報セキュリティ基本方針";
  p.protected_data = d.protected_data;
  for (const auto& [family, f] : d.families) {
    Provision pr;
    pr.article = f.article;
    pr.sentence = f.sentence;
    pr.hedged = f.hedged;
    p.families[family] = pr;
  }
  if (d.three_tier) {
    p.families["three_tier"] = Provision{d.three_tier->article, d.three_tier->sentence, false, ""};
  }
  p.binds_contractors = d.binds_contractors;
  if (d.binds_contractors && d.contractor_duty) {
    p.binds_contractors_article = d.contractor_duty->article;
    if (p.has("outsourcing")) {
      p.requirements["OUT-02"].articles.push_back(d.contractor_duty->article);
    }
  }
  if (d.selection_qualified && p.has("outsourcing")) {
    RequirementRule& r = p.requirements["OUT-01"];
    r.severity = "must";
    r.reason = "「" + d.selection_qualified->sentence + "」";
  }
  return p;
}

}  // namespace keiyaku::profile
