#include "engine.hpp"

#include "aho_corasick.hpp"
#include "analysis.hpp"
#include "anchors.hpp"

#include <base/i18n.hpp>
#include <base/strings.hpp>
#include <segment/parties.hpp>
#include <segment/structure.hpp>

#include <algorithm>
#include <chrono>
#include <functional>
#include <map>
#include <optional>
#include <set>

namespace keiyaku::match {

using core::Actor;
using core::RuleKind;
using core::Status;


std::string lemma_string(const std::vector<core::Token>& tokens) {
  std::string out;
  for (const core::Token& t : tokens) {
    out += token_lemma(t);
  }
  return out;
}

namespace {

// Term ids of one compiled requirement.
struct CompiledRule {
  std::vector<std::string> contradict_lemmas;   // every contradicting term as a lemma string
  std::vector<std::vector<int>> topic;    // AND of OR-groups
  std::vector<int> exclude;
  std::vector<std::vector<int>> elements;
  std::vector<std::vector<int>> weak;
  std::vector<std::vector<int>> contradicts;
  std::vector<std::vector<int>> unless;   // per contradicts group
};

// A sentence's verdict on one requirement.
struct Candidate {
  Status status = Status::missing;
  std::string reason;
  size_t sentence = 0;
  int unit = -1;
  bool refusal = false;  // contradicted because the vendor refuses (not by a requirement phrase)
};

int rank(Status s) {
  switch (s) {
    case Status::contradicted: return 3;
    case Status::satisfied: return 2;
    case Status::weak: return 1;
    default: return 0;
  }
}

}  // namespace

// Tokens of sentence i, tokenised on first use.
using Clock = std::chrono::steady_clock;
using TokensOf = std::function<const std::vector<core::Token>&(size_t)>;

struct RuleSet::Impl {
  std::vector<core::RuleSpec> specs;
  std::vector<CompiledRule> rules;
  AhoCorasick automaton;
  std::map<std::string, int> term_ids;
  const core::Tokenizer* tokenizer = nullptr;
  Folder fold;
  // Surface anchors (anchors.hpp): a sentence is tokenised only when it shows an anchor of a term
  // its text does not already contain; without one, its lemmas hold no term its text lacks.
  AhoCorasick anchors;
  std::vector<std::pair<int, int>> anchor_of;  // anchor pattern id -> (term id, run)
  std::vector<int> runs_of;                    // term id -> runs that must all show
  std::vector<int> unanchored;                 // terms with no anchor: any sentence may hold them

  int term(const std::string& raw) {
    const std::vector<core::Token> tokens = tokenizer->tokenize(fold(raw));
    const std::string lemmas = lemma_string(tokens);
    const auto it = term_ids.find(lemmas);
    if (it != term_ids.end()) {
      return it->second;
    }
    const int id = automaton.add(lemmas);
    term_ids.emplace(lemmas, id);
    const std::vector<Run> runs = term_anchors(tokens);
    if (runs.empty()) {
      unanchored.push_back(id);
    }
    runs_of.push_back(static_cast<int>(runs.size()));
    for (size_t r = 0; r < runs.size(); ++r) {
      for (const std::string& a : runs[r]) {
        anchors.add(a);
        anchor_of.emplace_back(id, static_cast<int>(r));
      }
    }
    return id;
  }

  /// Terms found in a sentence: in its text as written, and in its lemmas when an anchor says
  /// they may hold more. `tokens` is filled when the sentence had to be tokenised.
  std::vector<char> sentence_hits(std::string_view text, std::vector<core::Token>& tokens, bool& tokenized,
                                  double* seconds) const {
    std::vector<char> found(automaton.size(), 0);
    automaton.scan(text, [&](int id, size_t) { found[static_cast<size_t>(id)] = 1; });
    bool needed = std::any_of(unanchored.begin(), unanchored.end(),
                              [&](int id) { return found[static_cast<size_t>(id)] == 0; });
    if (!needed) {
      // (term, run) pairs shown by the text, for terms it does not already contain.
      std::vector<std::pair<int, int>> shown;
      anchors.scan(text, [&](int a, size_t) {
        const std::pair<int, int>& tr = anchor_of[static_cast<size_t>(a)];
        if (found[static_cast<size_t>(tr.first)] == 0) {
          shown.push_back(tr);
        }
      });
      std::sort(shown.begin(), shown.end());
      shown.erase(std::unique(shown.begin(), shown.end()), shown.end());
      for (size_t k = 0; k < shown.size() && !needed;) {
        size_t e = k;
        while (e < shown.size() && shown[e].first == shown[k].first) {
          ++e;
        }
        needed = static_cast<int>(e - k) == runs_of[static_cast<size_t>(shown[k].first)];
        k = e;
      }
    }
    if (needed) {
      const Clock::time_point start = seconds != nullptr ? Clock::now() : Clock::time_point();
      tokens = tokenizer->tokenize(text);
      tokenized = true;
      if (seconds != nullptr) {
        *seconds += std::chrono::duration<double>(Clock::now() - start).count();
      }
      automaton.scan(lemma_string(tokens), [&](int id, size_t) { found[static_cast<size_t>(id)] = 1; });
    }
    return found;
  }
  std::vector<int> terms(const std::vector<std::string>& raw) {
    std::vector<int> ids;
    for (const std::string& t : raw) {
      ids.push_back(term(t));
    }
    return ids;
  }

  static bool any(const std::vector<char>& found, const std::vector<int>& ids) {
    return std::any_of(ids.begin(), ids.end(), [&](int id) { return found[static_cast<size_t>(id)] != 0; });
  }

  // Every topic group is in the sentence, or all but one are and the unit's heading has the rest.
  bool about(const CompiledRule& r, const std::vector<char>& found, const std::vector<char>* heading) const {
    if (r.topic.empty() || any(found, r.exclude)) {
      return false;
    }
    size_t in_sentence = 0;
    for (const auto& group : r.topic) {
      if (any(found, group)) {
        ++in_sentence;
      } else if (heading == nullptr || !any(*heading, group)) {
        return false;
      }
    }
    return in_sentence > 0 && (in_sentence == r.topic.size() || r.topic.size() >= 2);
  }

  std::optional<Candidate> judge(size_t index, const SentenceInfo& info, const std::vector<char>& found,
                                 std::string_view sentence, const TokensOf& tokens_of, size_t sentence_index,
                                 const std::vector<char>* proviso = nullptr) const;

  // A contradicting phrase of group g holds unless the proviso (「ただし、…この限りでない」) carves out
  // one of the group's `unless` terms.
  bool contradiction_holds(const CompiledRule& r, size_t g, const std::vector<char>& found,
                           const std::vector<char>* proviso) const {
    if (r.unless[g].empty()) {
      return true;
    }
    (void)found;
    return proviso == nullptr || !any(*proviso, r.unless[g]);
  }

  // Content words that a negation in the sentence applies to: 「移転しません」 → 移転,
  // 「提供しないものとし」 → 提供, 「応じない」 → 応じる.
  static std::vector<std::string> negated_words(const std::vector<core::Token>& tokens) {
    std::vector<std::string> out;
    for (size_t k = 0; k < tokens.size(); ++k) {
      const std::string& l = tokens[k].lemma;
      const bool neg = tokens[k].pos == core::Pos::auxiliary && (l == "ない" || l == "ん" || l == "ぬ" || l == "ず");
      if (!neg) {
        continue;
      }
      // Walk back over する/れる/ます, and over coordinated predicates (「開示し、又は漏えいしない」),
      // collecting the content words, until a case particle ends the predicate.
      size_t j = k;
      while (j > 0) {
        --j;
        const core::Token& t = tokens[j];
        const std::string& tl = t.lemma;
        if (t.pos == core::Pos::auxiliary ||
            (t.pos == core::Pos::verb && (tl == "する" || tl == "れる" || tl == "られる" || tl == "せる")) ||
            t.surface == "、" || tl == "又は" || tl == "若しくは" || tl == "及び" || tl == "並びに" ||
            tl == "または" || tl == "もしくは" || t.surface == "て") {
          continue;
        }
        if (t.pos == core::Pos::noun || t.pos == core::Pos::verb || t.pos == core::Pos::adjective) {
          out.push_back(tl.empty() || tl == "*" ? t.surface : tl);
          continue;
        }
        break;
      }
    }
    return out;
  }

  static bool in_any(const std::vector<std::string>& terms, const std::string& word) {
    return std::any_of(terms.begin(), terms.end(),
                       [&](const std::string& t) { return t.find(word) != std::string::npos; });
  }

  static bool restricted(std::string_view sentence) {
    for (std::string_view w : {"以外", "超え", "除き", "除いて", "承認", "承諾", "許可", "同意", "範囲外",
                               "のみ", "限り", "無断で", "みだりに"}) {
      if (sentence.find(w) != std::string_view::npos) {
        return true;
      }
    }
    return false;
  }

  bool topic_negated(const CompiledRule& r, std::string_view sentence) const {
    for (const auto& group : r.topic) {
      if (phrase_negated(sentence, group)) {
        return true;
      }
    }
    return false;
  }

  // Whether a phrase of `ids` is ruled out by what follows it in the same predicate:
  // 「…統計処理…以外の目的に利用せず」, 「…国外に移転しません」 (but not 「一任するものとし、…要しない」).
  bool phrase_negated(std::string_view sentence, const std::vector<int>& ids) const {
    size_t end = std::string_view::npos;
    automaton.scan(sentence, [&](int id, size_t e) {
      if (end == std::string_view::npos && std::find(ids.begin(), ids.end(), id) != ids.end()) {
        end = e;
      }
    });
    if (end == std::string_view::npos) {
      return false;
    }
    std::string_view tail = sentence.substr(end);
    for (std::string_view stop : {"ものとし、", "。", "が、", "ただし"}) {
      const size_t p = tail.find(stop);
      if (p != std::string_view::npos) {
        tail = tail.substr(0, p);
      }
    }
    // 「…統計処理…以外の目的に」: the phrase is in an exclusion list.
    if (tail.find("以外") != std::string_view::npos) {
      return true;
    }
    // Otherwise the negation must close the phrase's own predicate (「開示し、又は漏えいしてはならない」),
    // not a later one: a new argument (を, が, は、) after the phrase means the phrase sits in a
    // relative clause (「…旨を明示された情報を漏らしてはならない」).
    size_t first_neg = std::string_view::npos;
    for (std::string_view neg : {"せず", "しない", "しません", "ではない", "ないこと", "てはならない",
                                 "ません", "させない", "禁止", "行わない"}) {
      first_neg = std::min(first_neg, tail.find(neg));
    }
    if (first_neg == std::string_view::npos) {
      return false;
    }
    for (std::string_view particle : {"を", "が", "は、"}) {
      if (tail.substr(0, first_neg).find(particle) != std::string_view::npos) {
        return false;
      }
    }
    return true;
  }
  Output run(const Input& input, const std::vector<size_t>& selected) const;
};

std::optional<Candidate> RuleSet::Impl::judge(size_t index, const SentenceInfo& info,
                                              const std::vector<char>& found,
                                              std::string_view sentence, const TokensOf& tokens_of,
                                              size_t sentence_index,
                                              const std::vector<char>* proviso) const {
  const core::RuleSpec& spec = specs[index];
  const CompiledRule& rule = rules[index];
  Candidate c;
  const Actor a = info.actor;
  // actor = "any": a provision of the contract itself (準拠法, 管轄) binds whoever it names.
  const bool any_actor = spec.actor == Actor::unknown;
  const bool vendor_side =
      any_actor || a == Actor::vendor || a == Actor::subcontractor || a == Actor::both;
  auto set = [&](Status s, std::string reason) {
    c.status = s;
    c.reason = std::move(reason);
  };
  // A provision that names no party (「…認証の有無は問わないものとする」, 「本契約は米国法に準拠する」)
  // still contradicts a requirement when it says the opposite.
  if (a == Actor::unknown && !any_actor) {
    for (size_t g = 0; g < rule.contradicts.size(); ++g) {
      if (any(found, rule.contradicts[g]) && !phrase_negated(sentence, rule.contradicts[g]) &&
          contradiction_holds(rule, g, found, proviso)) {
        set(Status::contradicted, spec.contradicts[g].reason);
        return c;
      }
    }
    return std::nullopt;
  }
  switch (spec.kind) {
    case RuleKind::duty: {
      if (spec.actor == Actor::body ? !(a == Actor::body || a == Actor::both) : !vendor_side) {
        return std::nullopt;
      }
      if (info.consent_waived) {
        set(Status::contradicted, tr("甲の承諾を要しないとしている", "the body's consent is waived"));
        break;
      }
      switch (info.modality) {
        case Modality::negative: {
          // What is negated decides: the duty's own act (「ログを提供しない」) denies it; an act the
          // requirement counts as contradicting (「国外に移転しません」) is ruled out, which keeps it.
          bool bad = false;
          for (const std::string& w : negated_words(tokens_of(sentence_index))) {
            bad = bad || in_any(rule.contradict_lemmas, w);
          }
          if (bad) {
            if (info.exception == ExceptionBy::vendor || info.exception == ExceptionBy::other ||
                info.vendor_discretion) {
              set(Status::weak, tr("受託者の判断で例外が認められる", "the vendor controls the exception"));
            } else {
              set(Status::satisfied, "");
            }
            return c;
          }
          set(Status::contradicted, tr("義務を否定している", "the duty is denied"));
          break;
        }
        case Modality::permission:
          set(Status::weak, tr("任意（できる規定）にとどまる", "only permitted, not required"));
          break;
        case Modality::effort:
          set(Status::weak, tr("努力義務にとどまる", "only a duty of effort"));
          break;
        case Modality::prohibition:
          // 「提供しないこと」「報告する義務を負わないこと」 forbid the very act the duty requires; a
          // prohibition limited by scope or consent (「…以外で行ってはならない」) is the duty's own form.
          if (spec.denial_contradicts && !restricted(sentence) && topic_negated(rule, sentence)) {
            set(Status::contradicted, tr("義務を否定している", "the duty is denied"));
            break;
          }
          [[fallthrough]];
        case Modality::obligation:
          if (info.on_request) {
            set(Status::weak, tr("甲から求められた場合に限られる", "only when the body asks"));
          } else if (info.vendor_discretion) {
            set(Status::weak, tr("受託者の判断に委ねられている", "left to the vendor's judgement"));
          } else if (info.consult) {
            set(Status::weak, tr("協議に委ねられている", "left to consultation"));
          } else if (info.softened) {
            set(Status::weak, tr("「原則として」「必要に応じて」等で限定されている",
                                 "softened (原則として, 必要に応じて, ...)"));
          } else {
            set(Status::satisfied, "");
          }
          break;
      }
      break;
    }
    case RuleKind::ban: {
      if (!vendor_side) {
        return std::nullopt;
      }
      if (info.consent_waived) {
        set(Status::contradicted, tr("甲の承諾を要しないとしている", "the body's consent is waived"));
        break;
      }
      switch (info.modality) {
        case Modality::prohibition:
        case Modality::negative:
          if (info.exception == ExceptionBy::vendor || info.exception == ExceptionBy::other) {
            set(Status::weak, tr("受託者の判断で例外が認められる", "the vendor controls the exception"));
          } else if (info.principle && !info.body_consent) {
            set(Status::weak, tr("「原則として」とされ承認の仕組みがない",
                                 "only 'as a rule', with no consent mechanism"));
          } else {
            set(Status::satisfied, "");
          }
          break;
        case Modality::obligation:
          if (info.body_consent && !info.vendor_discretion) {
            set(Status::satisfied, "");
          } else if (info.notice) {
            set(Status::weak, tr("承認ではなく通知・報告にとどまる", "notice instead of consent"));
          } else {
            set(Status::weak, tr("禁止又は承認制になっていない", "neither prohibited nor subject to consent"));
          }
          break;
        case Modality::permission:
          if (info.body_consent && !info.vendor_discretion) {
            set(Status::satisfied, "");
          } else {
            set(Status::contradicted, tr("甲の承諾なしに認めている", "allowed without the body's consent"));
          }
          break;
        case Modality::effort:
          set(Status::weak, tr("努力義務にとどまる", "only a duty of effort"));
          break;
      }
      break;
    }
    case RuleKind::right: {
      if (a == Actor::body) {
        switch (info.modality) {
          case Modality::permission:
          case Modality::obligation:
            if (info.vendor_consent) {
              set(Status::weak, tr("受託者の同意を条件としている", "subject to the vendor's consent"));
            } else if (info.consult) {
              set(Status::weak, tr("協議に委ねられている", "left to consultation"));
            } else {
              set(Status::satisfied, "");
            }
            break;
          case Modality::negative:
          case Modality::prohibition:
            set(Status::contradicted, tr("甲の権利が否定・制限されている", "the body's right is denied"));
            break;
          case Modality::effort:
            set(Status::weak, tr("努力義務にとどまる", "only a duty of effort"));
            break;
        }
      } else if (a == Actor::both) {
        if (info.modality == Modality::prohibition || info.modality == Modality::negative) {
          set(Status::contradicted, tr("双方に禁止しており甲の権利を妨げる", "forbidden to both parties"));
        } else {
          return std::nullopt;
        }
      } else if (vendor_side) {
        switch (info.modality) {
          case Modality::obligation:
            if (info.consult) {
              set(Status::weak, tr("協議に委ねられている", "left to consultation"));
            } else if (info.softened || info.vendor_discretion) {
              set(Status::weak, tr("受託者の判断や範囲の限定がある", "limited by the vendor"));
            } else {
              set(Status::satisfied, "");
            }
            break;
          case Modality::negative:
            set(Status::contradicted, tr("受託者が応じないとしている", "the vendor refuses"));
            c.refusal = true;
            break;
          case Modality::effort:
            set(Status::weak, tr("努力義務にとどまる", "only a duty of effort"));
            break;
          default:
            return std::nullopt;
        }
      } else {
        return std::nullopt;
      }
      break;
    }
    case RuleKind::risk:
      return std::nullopt;
  }
  // Requirement-specific phrases. A contradicting phrase under a negation is what the sentence rules
  // out (「…国外に移転しません」, 「分析…その他の目的に利用せず」): that is the requirement kept.
  for (size_t g = 0; g < rule.contradicts.size(); ++g) {
    if (!any(found, rule.contradicts[g]) || !contradiction_holds(rule, g, found, proviso)) {
      continue;
    }
    if (!phrase_negated(sentence, rule.contradicts[g])) {
      set(Status::contradicted, spec.contradicts[g].reason);
      return c;
    }
    break;
  }
  if (c.status == Status::satisfied) {
    for (size_t g = 0; g < rule.weak.size(); ++g) {
      if (any(found, rule.weak[g])) {
        set(Status::weak, spec.weak[g].reason);
        break;
      }
    }
  }
  return c;
}

Output RuleSet::Impl::run(const Input& input, const std::vector<size_t>& selected) const {
  const auto& clauses = *input.clauses;
  const auto& sentences = *input.sentences;
  Output out;
  std::vector<std::vector<char>> found(sentences.size());
  std::vector<std::optional<SentenceInfo>> infos(sentences.size());
  std::vector<std::vector<core::Token>> tokens(sentences.size());
  std::vector<char> tokenized(sentences.size(), 0);
  const TokensOf tokens_of = [&](size_t i) -> const std::vector<core::Token>& {
    if (tokenized[i] == 0) {
      const Clock::time_point start = input.time_tokenizer ? Clock::now() : Clock::time_point();
      tokens[i] = tokenizer->tokenize(sentences[i].text);
      tokenized[i] = 1;
      if (input.time_tokenizer) {
        out.tokenize_seconds += std::chrono::duration<double>(Clock::now() - start).count();
      }
    }
    return tokens[i];
  };
  // Term hits per unit, for elements.
  std::map<int, std::vector<char>> unit_hits;
  for (size_t i = 0; i < sentences.size(); ++i) {
    // Terms are looked up in the lemmas and in the text itself (a term written in a surface form).
    bool done = false;
    found[i] = sentence_hits(sentences[i].text, tokens[i], done, input.time_tokenizer ? &out.tokenize_seconds : nullptr);
    tokenized[i] = done ? 1 : 0;
    const int unit = clauses[static_cast<size_t>(sentences[i].clause)].unit;
    auto& uh = unit_hits[unit];
    if (uh.empty()) {
      uh.assign(automaton.size(), 0);
    }
    for (size_t t = 0; t < found[i].size(); ++t) {
      uh[t] = static_cast<char>(uh[t] | found[i][t]);
    }
  }
  std::map<int, std::vector<char>> heading_hits;
  if (input.headings != nullptr) {
    for (const auto& [unit, heading] : *input.headings) {
      std::vector<core::Token> unused;
      bool done = false;
      heading_hits[unit] = sentence_hits(heading, unused, done, input.time_tokenizer ? &out.tokenize_seconds : nullptr);
    }
  }
  auto heading_of = [&](size_t i) -> const std::vector<char>* {
    const auto it = heading_hits.find(clauses[static_cast<size_t>(sentences[i].clause)].unit);
    return it == heading_hits.end() ? nullptr : &it->second;
  };
  // 「ただし、…この限りでない。」 qualifies the sentence before it and decides nothing on its own.
  auto is_proviso = [&](size_t i) {
    const std::string_view t = sentences[i].text;
    return (t.starts_with("ただし") || t.starts_with("但し")) &&
           (t.find("この限りでない") != std::string_view::npos ||
            t.find("この限りではない") != std::string_view::npos);
  };
  auto proviso_of = [&](size_t i) -> const std::vector<char>* {
    if (i + 1 < sentences.size() && sentences[i + 1].clause == sentences[i].clause && is_proviso(i + 1)) {
      return &found[i + 1];
    }
    return nullptr;
  };
  auto info_of = [&](size_t i) -> const SentenceInfo& {
    if (!infos[i]) {
      std::string_view next;
      if (i + 1 < sentences.size() && sentences[i + 1].clause == sentences[i].clause) {
        next = sentences[i + 1].text;
      }
      infos[i] = analyse(sentences[i].text, next, *input.parties);
    }
    return *infos[i];
  };
  auto evidence_of = [&](size_t i) {
    const core::Sentence& s = sentences[i];
    const core::Clause& c = clauses[static_cast<size_t>(s.clause)];
    core::Evidence e;
    e.clause = c.ref.empty() ? c.unit_ref : c.ref;
    e.paragraph = c.paragraph;
    const uint32_t b = c.to_original[std::min<size_t>(s.begin, c.to_original.size() - 1)];
    const uint32_t en = c.to_original[std::min<size_t>(s.end, c.to_original.size() - 1)];
    e.text = en > b && en <= c.original.size() ? c.original.substr(b, en - b) : s.text;
    const std::string_view trimmed = str::trim(e.text);
    e.text = std::string(trimmed);
    return e;
  };

  // A sentence about several requirements of one family counts for the ones it is most about:
  // 「…第三者に開示し、又は漏えいしてはならない」 under 「（秘密の保持）」 decides 守秘 (OUT-08), not
  // 目的外利用 (OUT-07), though both name 第三者.
  auto relevance = [&](size_t index, size_t i) {
    const CompiledRule& r = rules[index];
    const std::vector<char>* heading = heading_of(i);
    int score = 0;
    std::set<int> terms;
    for (const auto& group : r.topic) {
      if (heading != nullptr && any(*heading, group)) {
        score += 4;
      }
      for (int id : group) {
        if (found[i][static_cast<size_t>(id)] != 0) {
          terms.insert(id);
        }
      }
    }
    return score + static_cast<int>(terms.size());
  };
  std::vector<std::map<std::string, int>> best_relevance(sentences.size());  // family -> best score
  for (size_t i = 0; i < sentences.size(); ++i) {
    if (clauses[static_cast<size_t>(sentences[i].clause)].is_heading || is_proviso(i)) {
      continue;
    }
    for (size_t index : selected) {
      if (about(rules[index], found[i], heading_of(i)) &&
          judge(index, info_of(i), found[i], sentences[i].text, tokens_of, i, proviso_of(i))) {
        int& best = best_relevance[i][specs[index].family];
        best = std::max(best, relevance(index, i));
      }
    }
  }

  for (size_t index : selected) {
    const core::RuleSpec& spec = specs[index];
    const CompiledRule& rule = rules[index];
    core::Finding f;
    f.id = spec.id;
    std::vector<Candidate> cands;
    for (size_t i = 0; i < sentences.size(); ++i) {
      if (clauses[static_cast<size_t>(sentences[i].clause)].is_heading || is_proviso(i) ||
          !about(rule, found[i], heading_of(i))) {
        continue;
      }
      if (relevance(index, i) < best_relevance[i][spec.family]) {
        if (!input.explain.empty() && input.explain == spec.id) {
          std::string others;
          for (size_t o : selected) {
            if (specs[o].family == spec.family && about(rules[o], found[i], heading_of(i)) &&
                judge(o, info_of(i), found[i], sentences[i].text, tokens_of, i, proviso_of(i)) &&
                relevance(o, i) == best_relevance[i][spec.family]) {
              others += " " + specs[o].id;
            }
          }
          out.trace.push_back(clauses[static_cast<size_t>(sentences[i].clause)].ref +
                              " -> counted for" + others + " instead\n    " + sentences[i].text);
        }
        continue;
      }
      std::optional<Candidate> c = judge(index, info_of(i), found[i], sentences[i].text, tokens_of, i, proviso_of(i));
      if (!input.explain.empty() && input.explain == spec.id) {
        const SentenceInfo& si = info_of(i);
        out.trace.push_back(clauses[static_cast<size_t>(sentences[i].clause)].ref + " actor=" +
                            core::actor_name(si.actor) + " modality=" + modality_name(si.modality) +
                            (si.on_request ? " on_request" : "") + (si.vendor_discretion ? " vendor_discretion" : "") +
                            (si.softened ? " softened" : "") + (si.consult ? " consult" : "") +
                            (si.body_consent ? " body_consent" : "") + (si.consent_waived ? " consent_waived" : "") +
                            " -> " + (c ? core::status_name(c->status) : "ignored") +
                            (c && !c->reason.empty() ? " (" + c->reason + ")" : "") + "\n    " + sentences[i].text);
      }
      if (!c) {
        continue;
      }
      c->sentence = i;
      c->unit = clauses[static_cast<size_t>(sentences[i].clause)].unit;
      cands.push_back(std::move(*c));
    }
    // Elements: a satisfied verdict needs every element somewhere in its unit.
    for (Candidate& c : cands) {
      if (c.status != Status::satisfied) {
        continue;
      }
      const auto& uh = unit_hits[c.unit];
      for (size_t g = 0; g < rule.elements.size(); ++g) {
        if (!any(uh, rule.elements[g])) {
          c.status = Status::weak;
          c.reason = spec.elements[g].reason;
          break;
        }
      }
    }
    if (cands.empty()) {
      f.status = spec.absent;
      if (spec.absent != Status::missing) {
        f.reason = spec.absent_reason.empty() ? tr("該当する条項がない", "no clause addresses it")
                                              : spec.absent_reason;
      }
    } else {
      const auto best = std::max_element(cands.begin(), cands.end(), [](const Candidate& x, const Candidate& y) {
        return rank(x.status) < rank(y.status);
      });
      f.status = best->status;
      f.reason = best->reason;
      // A right refused in one form but granted in another in the same article (no site visits, but
      // audit reports) is only partly there.
      if (spec.kind == RuleKind::right && best->refusal) {
        const bool substitute = std::any_of(cands.begin(), cands.end(), [&](const Candidate& x) {
          return x.unit == best->unit && (x.status == Status::satisfied || x.status == Status::weak);
        });
        if (substitute) {
          f.status = Status::weak;
          f.reason = tr("一部の方法が拒否され、代替の方法に限られる", "partly refused; only a substitute is offered");
        }
      }
      f.evidence.push_back(evidence_of(best->sentence));
      for (const Candidate& c : cands) {
        if (f.evidence.size() >= 3) {
          break;
        }
        if (&c != &*best && c.status == f.status && c.unit != best->unit) {
          f.evidence.push_back(evidence_of(c.sentence));
        }
      }
    }
    if (f.status != Status::satisfied) {
      f.suggestion = spec.suggestion;
    }
    out.findings.push_back(std::move(f));
  }
  // RISK-*: every sentence about one is flagged (first occurrence per risk).
  for (size_t index = 0; index < specs.size(); ++index) {
    if (specs[index].kind != RuleKind::risk) {
      continue;
    }
    for (size_t i = 0; i < sentences.size(); ++i) {
      if (clauses[static_cast<size_t>(sentences[i].clause)].is_heading ||
          !about(rules[index], found[i], nullptr)) {
        continue;
      }
      if (specs[index].actor == Actor::body && info_of(i).actor == Actor::body) {
        continue;  // a duty the body takes on is not a vendor risk
      }
      core::RiskFinding r;
      r.id = specs[index].id;
      r.evidence = evidence_of(i);
      r.message = specs[index].contradicts.empty() ? specs[index].title : specs[index].contradicts[0].reason;
      out.risks.push_back(std::move(r));
      break;
    }
  }
  return out;
}

RuleSet::RuleSet(std::unique_ptr<Impl> impl) : m_impl(std::move(impl)) {}
RuleSet::RuleSet(RuleSet&&) noexcept = default;
RuleSet& RuleSet::operator=(RuleSet&&) noexcept = default;
RuleSet::~RuleSet() = default;

const std::vector<core::RuleSpec>& RuleSet::specs() const { return m_impl->specs; }

Output RuleSet::run(const Input& input, const std::vector<size_t>& selected) const {
  return m_impl->run(input, selected);
}

Expected<RuleSet> RuleSet::compile(std::vector<core::RuleSpec> specs, const core::Tokenizer& tokenizer,
                                   const Folder& fold) {
  auto impl = std::make_unique<Impl>();
  impl->tokenizer = &tokenizer;
  impl->fold = fold;
  for (const core::RuleSpec& s : specs) {
    CompiledRule r;
    for (const auto& group : s.topic) {
      r.topic.push_back(impl->terms(group));
    }
    r.exclude = impl->terms(s.exclude);
    for (const auto& g : s.elements) {
      r.elements.push_back(impl->terms(g.terms));
    }
    for (const auto& g : s.weak) {
      r.weak.push_back(impl->terms(g.terms));
    }
    for (const auto& g : s.contradicts) {
      r.contradicts.push_back(impl->terms(g.terms));
      r.unless.push_back(impl->terms(g.unless));
      for (const std::string& t : g.terms) {
        // Only phrases naming a bad act (「移転することがある」) can be ruled out by a negation;
        // a phrase that is itself negative (「責任を負わない」) is the contradiction.
        const std::vector<core::Token> toks = tokenizer.tokenize(fold(t));
        const bool negative = std::any_of(toks.begin(), toks.end(), [](const core::Token& k) {
          return (k.pos == core::Pos::auxiliary || k.pos == core::Pos::adjective) &&
                 (k.lemma == "ない" || k.lemma == "ん" || k.lemma == "ぬ" || k.lemma == "ず");
        });
        if (!negative) {
          r.contradict_lemmas.push_back(lemma_string(toks));
        }
      }
    }

    impl->rules.push_back(std::move(r));
  }
  impl->automaton.build();
  impl->anchors.build();
  impl->specs = std::move(specs);
  return RuleSet(std::move(impl));
}

std::pair<std::string, std::string> RuleSet::evaluate_example(size_t index, std::string_view text) const {
  // A one-clause contract: normalise, split into sentences, tokenise.
  core::Clause clause;
  clause.text = m_impl->fold(text);
  clause.original = clause.text;
  for (size_t i = 0; i <= clause.text.size(); ++i) {
    clause.to_original.push_back(static_cast<uint32_t>(i));
  }
  clause.unit = 0;
  clause.ref = "例";
  std::vector<core::Clause> clauses{clause};
  std::vector<core::Sentence> sentences;
  for (const auto& [b, e] : segment::sentence_ranges(clauses[0].text)) {
    core::Sentence s;
    s.clause = 0;
    s.begin = b;
    s.end = e;
    s.text = clauses[0].text.substr(b, e - b);
    sentences.push_back(std::move(s));
  }
  const core::Parties parties = segment::resolve_parties({clauses[0].text});
  Input input;
  input.clauses = &clauses;
  input.sentences = &sentences;
  input.parties = &parties;
  const core::RuleSpec& spec = m_impl->specs[index];
  if (spec.kind == RuleKind::risk) {
    const Output out = m_impl->run(input, {});
    const bool flagged = std::any_of(out.risks.begin(), out.risks.end(),
                                     [&](const core::RiskFinding& r) { return r.id == spec.id; });
    return {flagged ? "flagged" : "none", ""};
  }
  Output out = m_impl->run(input, {index});
  return {core::status_name(out.findings[0].status), out.findings[0].reason};
}

}  // namespace keiyaku::match
