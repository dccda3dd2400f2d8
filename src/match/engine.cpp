#include "engine.hpp"

#include "aho_corasick.hpp"
#include "analysis.hpp"
#include "anchors.hpp"

#include <base/i18n.hpp>
#include <base/strings.hpp>
#include <segment/parties.hpp>
#include <segment/structure.hpp>

#include <algorithm>
#include <array>
#include <chrono>
#include <functional>
#include <map>
#include <optional>
#include <set>
#include <unordered_map>

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
  std::vector<std::vector<int>> deniable; // topic groups without the terms that name a contradicting act
                                          // (OUT-05's 共用: 「共用させず」 keeps the duty, it denies nothing)
  std::vector<int> exclude;
  std::vector<int> mention;
  std::vector<std::vector<int>> elements;
  std::vector<std::vector<int>> weak;
  std::vector<std::vector<int>> contradicts;
  std::vector<std::vector<int>> unless;   // per contradicts group
  std::vector<std::vector<int>> hedged_by;  // per contradicts group
  std::vector<std::vector<int>> weak_unless;  // per weak group
  std::vector<int> topic_ids;             // every topic term, sorted
  std::vector<int> negative_topic;        // topic terms that are themselves negations (保証しない)
  std::vector<std::string> topic_lemmas;  // every topic term as a lemma string
  std::vector<int> forbid_ids;            // acts the requirement forbids, sorted
  std::vector<std::string> forbid_lemmas; // the same as lemma strings
};

// A sentence's verdict on one requirement.
struct Candidate {
  Status status = Status::missing;
  std::string reason;
  size_t sentence = 0;
  int unit = -1;
  bool refusal = false;  // contradicted because the vendor refuses (not by a requirement phrase)
  bool modifier = false; // the sentence qualifies others by reference (前項の規定は…, ただし…)
  bool qualified = false; // weak by a condition or qualification, not by its modality
  bool on_request_only = false;  // weak only because it is done when the body asks
  bool left_open = false;  // an impersonal 「…は、協議の上定める」: counts for the parts it names
  bool unclear = false;    // weak because its ending or negation cannot be read
  bool binding = false;    // an unhedged duty beside a ban (「再委託先に同等の義務を負わせなければならない」):
                           // no ban itself, but it states the ban's other parts fully
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

namespace {

// Whether a sentence states a duty about what the sentence before it asked for: 「甲は、…の提出を
// 求めることができる。乙は、これに応じなければならない。」, 「…当社は、その求めに応じます。」. Not when
// the request is in the sentence itself (「甲が…を求めたときは、乙は、これに応じること。」). So does one
// that follows what the sentence before it shows (「発注者は、…部分を受注者に示します。受注者は、示された
// 中身に従って…」).
bool answers_previous(std::string_view text, std::string_view previous) {
  const std::vector<std::string>& requests = grammar_list("request_noun");
  const auto asks = [&](std::string_view t) {
    return std::any_of(requests.begin(), requests.end(),
                       [&](const std::string& r) { return t.find(r) != std::string_view::npos; });
  };
  for (const std::string& w : grammar_list("answers")) {
    const size_t at = text.find(w);
    if (at != std::string_view::npos) {
      return !asks(text.substr(0, at)) && asks(previous);
    }
  }
  for (const std::string& r : grammar_list("answer_reference")) {
    const size_t at = text.find(r);
    if (at == std::string_view::npos) {
      continue;
    }
    const std::string_view rest = text.substr(at);
    const std::vector<std::string>& verbs = grammar_list("answer_verb");
    if (std::any_of(verbs.begin(), verbs.end(), [&](const std::string& v) { return rest.find(v) != std::string_view::npos; })) {
      return !asks(text.substr(0, at)) && asks(previous);
    }
  }
  const std::vector<std::string>& shows = grammar_list("shows");
  const std::vector<std::string>& follows = grammar_list("follows");
  return std::any_of(follows.begin(), follows.end(),
                     [&](const std::string& w) { return text.find(w) != std::string_view::npos; }) &&
         std::any_of(shows.begin(), shows.end(),
                     [&](const std::string& w) { return previous.find(w) != std::string_view::npos; });
}

// Whether a sentence opens by qualifying the one before it without naming a subject (grammar
// "elliptic_opening": ただし, なお).
bool opens_elliptically(std::string_view text) {
  const std::vector<std::string>& qualifies = grammar_list("elliptic_opening");
  return std::any_of(qualifies.begin(), qualifies.end(), [&](const std::string& q) { return text.starts_with(q); });
}

// Whether the sentence has a topic of its own (「投稿できる情報は、…とする」), not only conditions marked
// by は (「…追加するときは、」「…場合には、」).
bool has_own_topic(std::string_view text) {
  const std::vector<std::string>& conditions = grammar_list("condition_noun");
  const std::string_view mark = "は、";
  for (size_t at = text.find(mark); at != std::string_view::npos; at = text.find(mark, at + mark.size())) {
    std::string_view before = text.substr(0, at);
    if (before.ends_with("に")) {
      before.remove_suffix(std::string_view("に").size());
    }
    if (std::none_of(conditions.begin(), conditions.end(), [&](const std::string& c) { return before.ends_with(c); })) {
      return true;
    }
  }
  return false;
}

// What a sentence says about its place among the others, read in one pass: whether it introduces a
// list of items (「次に掲げる事項を遵守しなければならない」, grammar "lead_in"), leaves its matter to be
// settled later ("consult"), or qualifies every other provision ("overrides_all").
struct Frame {
  bool introduces_items = false;
  bool leaves_open = false;
  bool overrides_all = false;
};

Frame frame_of(std::string_view text) {
  static const std::array<const char*, 3> k_categories = {"lead_in", "consult", "overrides_all"};
  static const auto automaton = [] {
    std::pair<AhoCorasick, std::vector<int>> made;  // automaton, category of each phrase
    for (int c = 0; c < static_cast<int>(k_categories.size()); ++c) {
      for (const std::string& w : grammar_list(k_categories[static_cast<size_t>(c)])) {
        made.first.add(w);
        made.second.push_back(c);
      }
    }
    made.first.build();
    return made;
  }();
  Frame f;
  automaton.first.scan(text, [&](int id, size_t) {
    switch (automaton.second[static_cast<size_t>(id)]) {
      case 0: f.introduces_items = true; break;
      case 1: f.leaves_open = true; break;
      default: f.overrides_all = true; break;
    }
  });
  return f;
}

// Whether clause `item` is an item of clause `lead`: numbered under it (第2条 → 第2条第1号, 3. → 3.(1))
// or a bullet (・, ●, ○, ■, -) in the same provision.
bool item_of(const core::Clause& item, const core::Clause& lead) {
  if (item.ref != lead.ref && item.ref.starts_with(lead.ref)) {
    return true;
  }
  const std::vector<std::string>& bullets = grammar_list("bullet");
  return std::any_of(bullets.begin(), bullets.end(), [&](const std::string& b) { return item.text.starts_with(b); });
}

}  // namespace

namespace {

// The number written after 「第」 at `s` (arabic digits after normalisation), or -1.
int number_after(std::string_view s) {
  int n = 0;
  size_t i = 0;
  while (i < s.size() && s[i] >= '0' && s[i] <= '9' && i < 4) {
    n = n * 10 + (s[i] - '0');
    ++i;
  }
  return i == 0 ? -1 : n;
}

// The sentences that sentence i qualifies by reference: the one before it for 「ただし、…」 (other than a
// proviso 「…この限りでない」, which analyse() reads with its sentence) and 「なお、…」; the clause
// before it for 「前項」; the unit before it for 「前条」; 第N条 and 第N項 by number — each only when
// the reference is followed by what makes it a qualification (の規定, にかかわらず, に定める …).
std::vector<size_t> referenced(const std::vector<core::Clause>& clauses, const std::vector<core::Sentence>& sentences,
                               size_t i, bool builds_on = false) {
  std::vector<size_t> out;
  const std::string_view t = sentences[i].text;
  const core::Clause& here = clauses[static_cast<size_t>(sentences[i].clause)];
  const auto all_of = [&](auto&& pick) {
    for (size_t j = 0; j < sentences.size(); ++j) {
      if (j != i && pick(clauses[static_cast<size_t>(sentences[j].clause)], sentences[j].clause)) {
        out.push_back(j);
      }
    }
  };
  const std::vector<std::string>& qualifies = grammar_list("qualifies");
  const std::vector<std::string>& carves = grammar_list("proviso_closing");
  const bool proviso = std::any_of(carves.begin(), carves.end(),
                                   [&](const std::string& w) { return t.find(w) != std::string_view::npos; });
  if (i > 0 && !proviso && !builds_on &&
      std::any_of(qualifies.begin(), qualifies.end(), [&](const std::string& q) { return t.starts_with(q); })) {
    const core::Clause& before = clauses[static_cast<size_t>(sentences[i - 1].clause)];
    if (before.unit == here.unit && !before.is_heading) {
      out.push_back(i - 1);
    }
  }
  const std::vector<std::string>& marks = grammar_list("modifies");
  const auto qualified_at = [&](size_t end) {
    const std::string_view after = t.substr(end);
    if (builds_on) {
      // 「前項の監査の結果に基づき」, 「前項の場合において」: what the sentence does rests on it.
      return after.starts_with("の") && !after.starts_with("の規定にかかわらず");
    }
    // 「前項に定めるもののほか、…」 adds to it; it does not qualify it.
    const std::vector<std::string>& adds = grammar_list("adds");
    if (std::any_of(adds.begin(), adds.end(), [&](const std::string& a) { return after.starts_with(a); })) {
      return false;
    }
    return std::any_of(marks.begin(), marks.end(), [&](const std::string& m) { return after.starts_with(m); });
  };
  for (size_t p = t.find("前項"); p != std::string_view::npos; p = t.find("前項", p + 1)) {
    if (qualified_at(p + std::string_view("前項").size())) {
      const int previous = sentences[i].clause - 1;
      all_of([&](const core::Clause& c, int index) {
        return index == previous && c.unit == here.unit && !c.is_heading;
      });
    }
  }
  for (size_t p = t.find("前条"); p != std::string_view::npos; p = t.find("前条", p + 1)) {
    if (qualified_at(p + std::string_view("前条").size())) {
      all_of([&](const core::Clause& c, int) { return c.unit == here.unit - 1 && !c.is_heading; });
    }
  }
  // 「前条までの規定にかかわらず」, 「前各条」: every article before; 「前各項」, 「前項までの」: every
  // paragraph before in the article.
  for (const std::string_view range : {std::string_view("前条まで"), std::string_view("前各条")}) {
    for (size_t p = t.find(range); p != std::string_view::npos; p = t.find(range, p + 1)) {
      if (qualified_at(p + range.size())) {
        all_of([&](const core::Clause& c, int) {
          return c.annex == here.annex && c.unit < here.unit && !c.is_heading;
        });
      }
    }
  }
  for (const std::string_view range : {std::string_view("前項まで"), std::string_view("前各項")}) {
    for (size_t p = t.find(range); p != std::string_view::npos; p = t.find(range, p + 1)) {
      if (qualified_at(p + range.size())) {
        all_of([&](const core::Clause& c, int index) {
          return c.unit == here.unit && index < sentences[i].clause && !c.is_heading;
        });
      }
    }
  }
  for (size_t p = t.find("第"); p != std::string_view::npos; p = t.find("第", p + 1)) {
    const size_t digits = p + std::string_view("第").size();
    const int number = number_after(t.substr(digits));
    if (number < 0) {
      continue;
    }
    size_t q = digits;
    while (q < t.size() && t[q] >= '0' && t[q] <= '9') {
      ++q;
    }
    const std::string_view kind = t.substr(q);
    for (std::string_view unit_word : {"条", "項"}) {
      if (!kind.starts_with(unit_word) || !qualified_at(q + unit_word.size())) {
        continue;
      }
      const std::string want = "第" + std::to_string(number) + std::string(unit_word);
      if (unit_word == "条") {
        all_of([&](const core::Clause& c, int) {
          return c.annex == here.annex && c.unit != here.unit && !c.is_heading && c.unit_ref.ends_with(want);
        });
      } else {
        all_of([&](const core::Clause& c, int index) {
          return c.unit == here.unit && index != sentences[i].clause && !c.is_heading &&
                 (c.ref.ends_with(want) || (number == 1 && c.ref == c.unit_ref));
        });
      }
    }
  }
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

}  // namespace

// Tokens of sentence i, tokenised on first use.
using Clock = std::chrono::steady_clock;
using TokensOf = std::function<const std::vector<core::Token>&(size_t)>;

// A set of term ids: one row of a HitTable. A null row is the empty set (no heading, no proviso).
struct Terms {
  const uint64_t* words = nullptr;
  bool has(int id) const {
    const auto i = static_cast<size_t>(id);
    return words != nullptr && ((words[i >> 6U] >> (i & 63U)) & 1U) != 0;
  }
};

// Rows of term bits, one per sentence (or unit, or heading).
class HitTable {
 public:
  HitTable(size_t rows, size_t terms) : m_words((terms + 63) / 64), m_bits(rows * m_words, 0) {}
  uint64_t* row(size_t r) { return m_bits.data() + r * m_words; }
  Terms terms(size_t r) const { return {m_bits.data() + r * m_words}; }
  size_t words() const { return m_words; }

 private:
  size_t m_words;
  std::vector<uint64_t> m_bits;
};

struct RuleSet::Impl {
  std::vector<core::RuleSpec> specs;
  std::vector<CompiledRule> rules;
  // Terms (ids 0 .. term_count-1, lemma strings) and then their surface anchors, in one automaton
  // so that one pass over a sentence finds both.
  AhoCorasick automaton;
  int term_count = 0;
  std::map<std::string, int> term_ids;
  std::unordered_map<std::string, int> raw_ids;  // a term as written -> its id
  // Node-based: references to its entries stay valid while it grows.
  std::unordered_map<std::string, std::vector<core::Token>> term_tokens;  // a term as written -> its tokens
  const core::Tokenizer* tokenizer = nullptr;
  Folder fold;
  // Surface anchors (anchors.hpp): a sentence is tokenised only when it shows an anchor of a term
  // its text does not already contain; without one, its lemmas hold no term its text lacks.
  std::vector<std::string> anchor_text;        // added to the automaton after the last term
  std::vector<std::pair<int, int>> anchor_of;  // anchor number -> (term id, run)
  std::vector<uint64_t> all_runs;              // term id -> one bit per run that must show
  std::vector<int> unanchored;                 // terms with no anchor: any sentence may hold them
  std::vector<std::vector<uint16_t>> topic_rules;  // term id -> rules with it in a topic group
  std::vector<std::vector<uint64_t>> rule_terms;   // rule -> every term it looks at, as bits
  std::vector<int> family_of;                  // rule -> family number
  size_t families = 0;

  // A term's tokens, tokenised once however often the catalog writes it; a composed term's from its
  // parts' (each part tokenised once for every phrase it is in).
  const std::vector<core::Token>& tokens_of_term(const std::string& raw) {
    auto [at, fresh] = term_tokens.try_emplace(raw);
    if (!fresh) {
      return at->second;
    }
    if (raw.find(core::k_term_join) == std::string::npos) {
      at->second = tokenizer->tokenize(fold(raw));
      return at->second;
    }
    std::vector<core::Token> tokens;
    for (const std::string_view part : str::split(raw, core::k_term_join)) {
      const std::vector<core::Token>& own = tokens_of_term(std::string(part));
      tokens.insert(tokens.end(), own.begin(), own.end());
    }
    // (tokens_of_term may have grown the map: look the entry up again.)
    std::vector<core::Token>& entry = term_tokens[raw];
    entry = std::move(tokens);
    return entry;
  }

  int term(const std::string& raw) {
    // The same term written again (in another requirement, or by a concept or a party word) is
    // not tokenised again.
    if (const auto seen = raw_ids.find(raw); seen != raw_ids.end()) {
      return seen->second;
    }
    const std::vector<core::Token>& tokens = tokens_of_term(raw);
    const std::string lemmas = lemma_string(tokens);
    const auto it = term_ids.find(lemmas);
    if (it != term_ids.end()) {
      raw_ids.emplace(raw, it->second);
      return it->second;
    }
    const int id = automaton.add(lemmas);
    term_count = id + 1;
    term_ids.emplace(lemmas, id);
    raw_ids.emplace(raw, id);
    const std::vector<Run> runs = term_anchors(tokens);
    if (runs.empty()) {
      unanchored.push_back(id);
    }
    // A term needs all its runs; the first 64 are enough to say when it cannot be there.
    const size_t kept = std::min<size_t>(runs.size(), 64);
    all_runs.push_back(kept == 64 ? ~uint64_t{0} : (uint64_t{1} << kept) - 1);
    for (size_t r = 0; r < kept; ++r) {
      for (const std::string& a : runs[r]) {
        anchor_text.push_back(a);
        anchor_of.emplace_back(id, static_cast<int>(r));
      }
    }
    return id;
  }

  /// Scratch space of sentence_hits(), one per run().
  struct Scratch {
    std::vector<uint64_t> runs_seen;  // term id -> runs shown so far in this sentence
    std::vector<int> touched;
    std::vector<int> anchors;         // anchor numbers seen in the sentence
  };

  /// Terms a sentence shows as written: set in `row` and appended to `list`. `pending` gets the
  /// terms its lemmas may hold besides (every run of their anchors is there, or they have none):
  /// only tokenising can say.
  void surface_hits(std::string_view text, uint64_t* row, std::vector<int>& list, Scratch& scratch,
                    std::vector<int>& pending) const {
    const Terms found{row};
    scratch.anchors.clear();
    automaton.scan(text, [&](int id, size_t) {
      if (id < term_count) {
        set_hit(row, list, id);
      } else {
        scratch.anchors.push_back(id - term_count);
      }
    });
    for (const int id : unanchored) {
      if (!found.has(id)) {
        pending.push_back(id);
      }
    }
    if (scratch.runs_seen.size() != static_cast<size_t>(term_count)) {
      scratch.runs_seen.assign(static_cast<size_t>(term_count), 0);
    }
    for (const int a : scratch.anchors) {
      const auto [term, run] = anchor_of[static_cast<size_t>(a)];
      if (found.has(term)) {
        continue;
      }
      uint64_t& seen = scratch.runs_seen[static_cast<size_t>(term)];
      if (seen == 0) {
        scratch.touched.push_back(term);
      }
      const uint64_t before = seen;
      seen |= uint64_t{1} << static_cast<unsigned>(run);
      if (seen != before && seen == all_runs[static_cast<size_t>(term)]) {
        pending.push_back(term);
      }
    }
    for (const int t : scratch.touched) {
      scratch.runs_seen[static_cast<size_t>(t)] = 0;
    }
    scratch.touched.clear();
  }

  /// Terms in the lemmas of a tokenised sentence, added to `row` and `list`.
  void lemma_hits(const std::vector<core::Token>& tokens, uint64_t* row, std::vector<int>& list) const {
    automaton.scan(lemma_string(tokens), [&](int id, size_t) {
      if (id < term_count) {
        set_hit(row, list, id);
      }
    });
  }

  static void set_hit(uint64_t* row, std::vector<int>& list, int id) {
    const auto i = static_cast<size_t>(id);
    const uint64_t bit = uint64_t{1} << (i & 63U);
    if ((row[i >> 6U] & bit) == 0) {
      row[i >> 6U] |= bit;
      list.push_back(id);
    }
  }

  std::vector<int> terms(const std::vector<std::string>& raw) {
    std::vector<int> ids;
    for (const std::string& t : raw) {
      // 「{vendor}の定める」 is 「乙の定める」, 「受託者の定める」, 「当社の定める」, …
      bool expanded = false;
      for (const auto& [mark, role] : {std::pair{std::string_view("{vendor}"), core::Actor::vendor},
                                       std::pair{std::string_view("{body}"), core::Actor::body}}) {
        const size_t at = t.find(mark);
        if (at == std::string::npos) {
          continue;
        }
        for (const std::string& w : segment::party_words(role)) {
          std::string one = t;
          one.replace(at, mark.size(), w);
          for (const int id : terms({one})) {
            ids.push_back(id);
          }
        }
        expanded = true;
        break;
      }
      if (!expanded) {
        ids.push_back(term(t));
      }
    }
    return ids;
  }

  // Whether one of `ids` is in the sentence's own words, by its text or its lemmas (not only in a
  // provision it refers to).
  bool in_own_words(std::string_view sentence, const std::vector<core::Token>& tokens,
                    const std::vector<int>& ids) const {
    bool hit = false;
    const auto look = [&](int id, size_t) {
      hit = hit || std::find(ids.begin(), ids.end(), id) != ids.end();
    };
    automaton.scan(sentence, look);
    if (!hit) {
      automaton.scan(lemma_string(tokens), look);
    }
    return hit;
  }

  static bool any(Terms found, const std::vector<int>& ids) {
    return std::any_of(ids.begin(), ids.end(), [&](int id) { return found.has(id); });
  }

  // The first [[weak]] group the sentence (or its proviso) states and does not outweigh with one of
  // the group's `unless` terms; rule.weak.size() if none.
  static size_t weak_group(const CompiledRule& r, Terms found, Terms proviso) {
    for (size_t g = 0; g < r.weak.size(); ++g) {
      if ((any(found, r.weak[g]) || any(proviso, r.weak[g])) && !any(found, r.weak_unless[g])) {
        return g;
      }
    }
    return r.weak.size();
  }

  // Every topic group is in the sentence, or all but one are and the unit's heading has the rest.
  // A sentence that leaves the matter open (「…は、甲乙協議して別に定める。」) may lack one group: what
  // it leaves open is that part.
  // A sentence that says what the requirement names as contradicting it (「間接損害」, 「共用ID」) may
  // lack one group too, but never the first: the thing the requirement is about.
  bool about(const CompiledRule& r, Terms found, Terms heading, bool left_open = false) const {
    if (r.topic.empty() || any(found, r.exclude)) {
      return false;
    }
    const bool contradicting = !left_open && r.topic.size() >= 2 && any(found, r.topic[0]) &&
                               std::any_of(r.contradicts.begin(), r.contradicts.end(),
                                           [&](const std::vector<int>& g) { return any(found, g); });
    size_t in_sentence = 0;
    size_t absent = 0;
    for (const auto& group : r.topic) {
      if (any(found, group)) {
        ++in_sentence;
      } else if (!any(heading, group)) {
        ++absent;
      }
    }
    if (absent > ((left_open || contradicting) && r.topic.size() >= 2 ? 1U : 0U)) {
      return false;
    }
    // What is left open is a part of the matter, never the matter itself: 「この契約に定めのない事項は、
    // 協議して定める」 is about no requirement.
    if (left_open && absent > 0 && !any(found, r.topic[0]) && !any(heading, r.topic[0])) {
      return false;
    }
    return in_sentence > 0 && (in_sentence == r.topic.size() || r.topic.size() >= 2);
  }

  std::optional<Candidate> judge(size_t index, const SentenceInfo& info, Terms found,
                                 std::string_view sentence, const TokensOf& tokens_of, size_t sentence_index,
                                 Terms proviso = {}) const;
  // 「乙は、従事者を監督し、甲から研修への参加を求められたときは、受講させなければならない」: the duty
  // stated before the request, in a continuative clause that names the requirement and asks nothing,
  // holds without it (its modality is the sentence's). Satisfied or nothing.
  std::optional<Candidate> before_request(size_t index, const SentenceInfo& info, Terms found,
                                          std::string_view sentence, const TokensOf& tokens_of,
                                          size_t sentence_index, Terms proviso,
                                          const std::vector<size_t>& ends) const;

  // judge() for one clause of the sentence, read with `modality`.
  // `clause_end_at` is where the clause ends in the sentence and `ending` the words of its modality.
  std::optional<Candidate> judge_clause(size_t index, const SentenceInfo& info, Modality modality,
                                        size_t clause_end_at, const std::string& ending, Terms found,
                                        std::string_view sentence, const TokensOf& tokens_of,
                                        size_t sentence_index, Terms proviso) const;

  // Where the rule's topic terms end in the sentence as written (byte offsets).
  std::vector<size_t> topic_ends(const CompiledRule& r, std::string_view sentence) const {
    std::vector<size_t> ends;
    automaton.scan(sentence, [&](int id, size_t e) {
      if (id < term_count && std::binary_search(r.topic_ids.begin(), r.topic_ids.end(), id)) {
        ends.push_back(e);
      }
    });
    return ends;
  }

  // Whether one of `ids` ends just before the clause's ending (「第三者に開示することができる」: 開示
  // before 「ことができる」).
  bool act_before_ending(const std::vector<int>& ids, std::string_view sentence, size_t clause_end_at,
                         const std::string& ending, size_t slack = 21) const {
    const std::string_view clause = clause_end(sentence.substr(0, clause_end_at));
    if (ids.empty() || !clause.ends_with(ending)) {
      return false;
    }
    const size_t at = clause.size() - ending.size();
    bool found = false;
    automaton.scan(clause, [&](int id, size_t e) {
      if (id < term_count && e <= at && e + slack >= at && std::binary_search(ids.begin(), ids.end(), id)) {
        found = true;
      }
    });
    return found;
  }

  // Whether every place the sentence writes one of `ids` names a result of the act (「調査の結果」,
  // 「確認結果」), never the act itself. A term its lemmas alone give is taken as stated.
  bool only_results(const std::vector<int>& ids, std::string_view sentence) const {
    const std::vector<std::string>& results = grammar_list("result_of");
    bool seen = false;
    bool stated = false;
    automaton.scan(sentence, [&](int id, size_t e) {
      if (stated || id >= term_count || std::find(ids.begin(), ids.end(), id) == ids.end()) {
        return;
      }
      seen = true;
      const std::string_view after = sentence.substr(e);
      stated = std::none_of(results.begin(), results.end(), [&](const std::string& w) { return after.starts_with(w); });
    });
    return seen && !stated;
  }

  // Whether one of the acts `ids` is the condition of the clause (「…を第三者に開示する場合は、」,
  // 「…提供しようとするときは、」): the sentence takes the act as allowed.
  bool act_in_condition(const std::vector<int>& ids, std::string_view sentence, size_t clause_end_at) const {
    const std::string_view clause = sentence.substr(0, std::min(clause_end_at, sentence.size()));
    bool found = false;
    automaton.scan(clause, [&](int id, size_t e) {
      if (found || id >= term_count || !std::binary_search(ids.begin(), ids.end(), id)) {
        return;
      }
      const std::string_view after = clause.substr(e, std::min<size_t>(30, clause.size() - e));
      size_t cond = std::string_view::npos;
      for (const std::string& w : grammar_list("condition_noun")) {
        cond = std::min(cond, after.find(w));
      }
      found = cond != std::string_view::npos && cond <= 21;
    });
    return found;
  }

  // Whether a negation in the sentence falls on one of the rule's acts: 「再委託しない」 for a ban on
  // sub-contracting, not 「…業務を妨げない」 in a sentence that only names it.
  bool negates_topic(const CompiledRule& r, std::string_view sentence, size_t clause_end_at,
                     const std::string& ending, const TokensOf& tokens_of, size_t sentence_index) const {
    // As written: a topic term ends just before the negating ending (「再委託しない」「開示せず、」).
    const std::string_view clause = clause_end(sentence.substr(0, clause_end_at));
    if (clause.ends_with(ending)) {
      const size_t at = clause.size() - ending.size();
      for (const size_t e : topic_ends(r, sentence)) {
        if (e <= at && e + 21 >= at) {
          return true;
        }
      }
    }
    // By lemma: the content words the negation applies to (「漏らさない」 → 漏らす).
    for (const std::string& w : negated_words(tokens_of(sentence_index))) {
      if (in_any(r.topic_lemmas, w) || in_any(r.contradict_lemmas, w)) {
        return true;
      }
    }
    return false;
  }

  // A contradicting phrase of group g holds unless the proviso (「ただし、…この限りでない」) carves out
  // one of the group's `unless` terms.
  bool contradiction_holds(const CompiledRule& r, size_t g, Terms proviso) const {
    if (r.unless[g].empty()) {
      return true;
    }
    return !any(proviso, r.unless[g]);
  }

  // Content words that a negation in the sentence applies to: 「移転しません」 → 移転,
  // 「提供しないものとし」 → 提供, 「応じない」 → 応じる.
  // A token that belongs to a predicate's inflection rather than its act: an auxiliary, a light verb
  // or suffix (する, れる, せる, いたす … — grammar "predicate_verb"), or a joining particle of
  // coordinated acts (て, たり — grammar "predicate_joint").
  static bool predicate_filler(const core::Token& t) {
    const auto in = [](const char* category, const std::string& w) {
      const std::vector<std::string>& ws = grammar_list(category);
      return std::find(ws.begin(), ws.end(), w) != ws.end();
    };
    return t.pos == core::Pos::auxiliary ||
           ((t.pos == core::Pos::verb || t.pos == core::Pos::suffix) && in("predicate_verb", t.lemma)) ||
           in("predicate_joint", t.surface);
  }

  static std::vector<std::string> negated_words(const std::vector<core::Token>& tokens) {
    std::vector<std::string> out;
    for (size_t k = 0; k < tokens.size(); ++k) {
      const std::string& l = tokens[k].lemma;
      const bool neg = tokens[k].pos == core::Pos::auxiliary && (l == "ない" || l == "ん" || l == "ぬ" || l == "ず");
      // (「なければならない」「なくてはならない」 bind; they negate nothing.)
      const bool binding = k + 1 < tokens.size() && (tokens[k].surface == "なけれ" ||
                                                     (tokens[k].surface == "なく" && tokens[k + 1].surface == "て"));
      if (!neg || binding) {
        continue;
      }
      // Walk back over する/れる/ます, and over coordinated predicates (「開示し、又は漏えいしない」),
      // collecting the content words, until a case particle ends the predicate.
      size_t j = k;
      while (j > 0) {
        --j;
        const core::Token& t = tokens[j];
        const std::string& tl = t.lemma;
        if (predicate_filler(t) || t.surface == "、" || tl == "又は" || tl == "若しくは" || tl == "及び" ||
            tl == "並びに" || tl == "または" || tl == "もしくは") {
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

  // Whether the sentence's last act (the content word before its ending: 「…明かしたり漏らしたりします」)
  // is one of `lemmas`.
  static bool last_act_in(const std::vector<std::string>& lemmas, const std::vector<core::Token>& tokens) {
    if (lemmas.empty()) {
      return false;
    }
    for (size_t k = tokens.size(); k-- > 0;) {
      const core::Token& t = tokens[k];
      const std::string& tl = t.lemma;
      if (t.pos == core::Pos::symbol || predicate_filler(t)) {
        continue;
      }
      if (t.pos == core::Pos::verb || t.pos == core::Pos::noun) {
        const std::string& w = tl.empty() || tl == "*" ? t.surface : tl;
        return std::any_of(lemmas.begin(), lemmas.end(), [&](const std::string& l) { return l == w; });
      }
      return false;
    }
    return false;
  }

  static bool in_any(const std::vector<std::string>& terms, const std::string& word) {
    return std::any_of(terms.begin(), terms.end(),
                       [&](const std::string& t) { return t.find(word) != std::string::npos; });
  }

  static bool restricted(std::string_view sentence) {
    for (const std::string& w : grammar_list("restriction")) {
      if (sentence.find(w) != std::string_view::npos) {
        return true;
      }
    }
    return false;
  }

  bool topic_negated(const CompiledRule& r, std::string_view sentence) const {
    for (const auto& group : r.deniable) {
      if (phrase_negated(sentence, group, true)) {
        return true;
      }
    }
    return false;
  }

  // Where the first of `ids` in the sentence ends (byte offset), or npos.
  size_t first_phrase_end(std::string_view sentence, const std::vector<int>& ids) const {
    size_t end = std::string_view::npos;
    automaton.scan(sentence, [&](int id, size_t e) {
      if (end == std::string_view::npos && std::find(ids.begin(), ids.end(), id) != ids.end()) {
        end = e;
      }
    });
    return end;
  }

  // Whether the first of `ids` in the sentence sits in a condition (「…場合は、」「…ときは、」).
  bool phrase_in_condition(std::string_view sentence, const std::vector<int>& ids) const {
    const size_t end = first_phrase_end(sentence, ids);
    if (end == std::string_view::npos) {
      return false;
    }
    std::string_view tail = sentence.substr(end);
    tail = tail.substr(0, std::min(tail.find("、"), tail.size()));
    const std::vector<std::string>& conditions = grammar_list("condition_noun");
    return std::any_of(conditions.begin(), conditions.end(),
                       [&](const std::string& w) { return tail.find(w) != std::string_view::npos; });
  }

  // Whether a phrase of `ids` is ruled out by what follows it in the same predicate:
  // 「…統計処理…以外の目的に利用せず」, 「…国外に移転しません」 (but not 「一任するものとし、…要しない」).
  // `modifier_ends`: a phrase joined by の to the noun after it (「開庁時間中の計画停止は行わないこと」)
  // only names what that noun is about, and the negation falls on the noun — for a duty's topic. (A
  // list of banned uses, 「…学習用データその他の用途に供してはならない」, keeps every item negated.)
  bool phrase_negated(std::string_view sentence, const std::vector<int>& ids, bool modifier_ends = false) const {
    size_t end = first_phrase_end(sentence, ids);
    if (end == std::string_view::npos) {
      return false;
    }
    // A phrase in a bracketed list (「…以外の目的（統計の作成、広告を含む。）に利用してはならない」) is
    // read from where the brackets close.
    const size_t open = sentence.substr(0, end).rfind('(');
    if (open != std::string_view::npos && sentence.substr(open, end - open).find(')') == std::string_view::npos) {
      const size_t close = sentence.find(')', end);
      if (close != std::string_view::npos) {
        end = close + 1;
      }
    }
    std::string_view tail = sentence.substr(end);
    for (const std::string& stop : grammar_list("predicate_stop")) {
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
    for (const std::string& neg : grammar_list("phrase_negation")) {
      first_neg = std::min(first_neg, tail.find(neg));
    }
    if (first_neg == std::string_view::npos) {
      return false;
    }
    // A noun phrase keeps its own case particle (「共用のアカウントを使用しません」): only a later one
    // starts a new argument.
    size_t own = 0;
    for (std::string_view particle : {"を", "が", "に", "で", "へ"}) {
      if (tail.starts_with(particle)) {
        own = particle.size();
        break;
      }
    }
    for (std::string_view particle : {"を", "が", "は、", modifier_ends ? "の" : "は、"}) {
      if (first_neg > own && tail.substr(own, first_neg - own).find(particle) != std::string_view::npos) {
        return false;
      }
    }
    return true;
  }
  Output run(const Input& input, const std::vector<size_t>& selected) const;
};

namespace {
// How bad a verdict is for the reader: a clause that refuses is not rescued by a later one.
int severity(Status s) {
  switch (s) {
    case Status::contradicted: return 3;
    case Status::weak: return 2;
    case Status::satisfied: return 1;
    default: return 0;
  }
}

// Where the sentence's own text ends: before a 「ただし、…」 that was not split off.
size_t main_end(std::string_view sentence) {
  const size_t t = sentence.find("ただし、");
  return t != std::string_view::npos && t > 0 ? t : sentence.size();
}

// Whether an act is allowed because the law compels it (「法令に基づき開示を求められたとき」,
// 「裁判所の命令による場合」): an exception nobody in the contract controls.
bool compelled_by_law(std::string_view sentence) {
  for (const std::string& w : grammar_list("law")) {
    for (size_t pos = sentence.find(w); pos != std::string_view::npos; pos = sentence.find(w, pos + w.size())) {
      const std::string_view after = sentence.substr(pos + w.size());
      for (const std::string& how : grammar_list("law_compels")) {
        if (after.starts_with(how)) {
          return true;
        }
      }
    }
  }
  return false;
}

std::string unreadable(const std::string& ending) {
  return tr("「" + ending + "」の拘束力を読み取れない（要確認）",
            "cannot tell whether 「" + ending + "」 binds anyone (check it)");
}
}  // namespace

// A sentence of several clauses (「…受け入れないものとし、…決定するものとする。」) is judged clause
// by clause: each clause before the last that carries the rule's terms and says something other
// than an obligation is read with its own modality, the last clause when it carries them (or when
// no earlier one did), and the worst verdict wins.
std::optional<Candidate> RuleSet::Impl::before_request(size_t index, const SentenceInfo& info, Terms found,
                                        std::string_view sentence, const TokensOf& tokens_of,
                                        size_t sentence_index, Terms proviso,
                                        const std::vector<size_t>& ends) const {
  size_t request = std::string_view::npos;
  for (const std::string& w : grammar_list("request")) {
    request = std::min(request, sentence.find(w));
  }
  if (request == std::string_view::npos) {
    return std::nullopt;
  }
  const size_t joint = sentence.substr(0, request).rfind("し、");
  if (joint == std::string_view::npos ||
      std::none_of(ends.begin(), ends.end(), [&](size_t e) { return e <= joint; })) {
    return std::nullopt;
  }
  SentenceInfo own = info;
  own.on_request = false;
  std::optional<Candidate> c = judge_clause(index, own, info.modality, main_end(sentence), info.ending, found,
                                            sentence, tokens_of, sentence_index, proviso);
  if (c && c->status == Status::satisfied) {
    return c;
  }
  return std::nullopt;
}

std::optional<Candidate> RuleSet::Impl::judge(size_t index, const SentenceInfo& info,
                                              Terms found,
                                              std::string_view sentence, const TokensOf& tokens_of,
                                              size_t sentence_index,
                                              Terms proviso) const {
  if (info.segments.empty()) {
    std::optional<Candidate> whole = judge_clause(index, info, info.modality, main_end(sentence), info.ending, found,
                                                  sentence, tokens_of, sentence_index, proviso);
    if (whole && whole->status == Status::weak && whole->on_request_only) {
      std::optional<Candidate> first = before_request(index, info, found, sentence, tokens_of, sentence_index, proviso,
                                                      topic_ends(rules[index], sentence));
      if (first) {
        return first;
      }
    }
    return whole;
  }
  const std::vector<size_t> ends = topic_ends(rules[index], sentence);
  std::optional<Candidate> worst;
  auto take = [&](std::optional<Candidate> c) {
    if (c && (!worst || severity(c->status) > severity(worst->status))) {
      worst = std::move(c);
    }
  };
  bool earlier = false;
  // An earlier clause that states the duty with no request of its own (「乙は、従事者を監督しなければ
  // ならず、甲から研修への参加を求められたときは、従事者に受講させなければならない」): the request
  // conditions only the later clause.
  std::optional<Candidate> unconditional;
  for (const Segment& seg : info.segments) {
    const bool here = std::any_of(ends.begin(), ends.end(), [&](size_t e) { return e > seg.begin && e <= seg.end; });
    if (here && seg.modality != Modality::obligation) {
      earlier = true;
      take(judge_clause(index, info, seg.modality, seg.end, seg.ending, found, sentence, tokens_of, sentence_index,
                        proviso));
    } else if (here && info.on_request && !unconditional) {
      const std::string_view text = sentence.substr(seg.begin, seg.end - seg.begin);
      const std::vector<std::string>& requests = grammar_list("request");
      if (std::none_of(requests.begin(), requests.end(),
                       [&](const std::string& w) { return text.find(w) != std::string_view::npos; })) {
        SentenceInfo own = info;
        own.on_request = false;
        std::optional<Candidate> c = judge_clause(index, own, seg.modality, seg.end, seg.ending, found, sentence,
                                                  tokens_of, sentence_index, proviso);
        if (c && c->status == Status::satisfied) {
          unconditional = std::move(c);
        }
      }
    }
  }
  if (!unconditional && info.on_request) {
    unconditional = before_request(index, info, found, sentence, tokens_of, sentence_index, proviso, ends);
  }
  const size_t last = info.segments.back().end;
  const bool in_last = ends.empty() || std::any_of(ends.begin(), ends.end(), [&](size_t e) { return e > last; });
  if (!earlier || in_last) {
    if (info.last_actor != Actor::unknown) {
      // The last clause is another party's (「…確認することができ、乙はこれに応じる」).
      SentenceInfo own = info;
      own.actor = info.last_actor;
      own.implicit_actor = false;
      own.agent_only = false;
      take(judge_clause(index, own, info.modality, main_end(sentence), info.ending, found, sentence, tokens_of,
                        sentence_index, proviso));
    } else {
      take(judge_clause(index, info, info.modality, main_end(sentence), info.ending, found, sentence, tokens_of,
                        sentence_index, proviso));
    }
  }
  if (unconditional && worst && worst->status == Status::weak && worst->qualified) {
    return unconditional;
  }
  return worst;
}

std::optional<Candidate> RuleSet::Impl::judge_clause(size_t index, const SentenceInfo& info, Modality modality,
                                                     size_t clause_end_at, const std::string& ending,
                                                     Terms found, std::string_view sentence,
                                                     const TokensOf& tokens_of, size_t sentence_index,
                                                     Terms proviso) const {
  const core::RuleSpec& spec = specs[index];
  const CompiledRule& rule = rules[index];
  Candidate c;
  // 「甲は、契約終了後30日間、利用者データを取り出すことができる」: where the requirement is what the
  // body may do, its leave is the vendor's duty to let it (what limits it still weakens it).
  const bool body_leave = spec.body_may_accepted && spec.kind == RuleKind::duty && info.actor == Actor::body &&
                          modality == Modality::permission;
  const Actor a = body_leave ? Actor::vendor : info.actor;
  if (body_leave) {
    modality = Modality::obligation;
  }
  // actor = "any": a provision of the contract itself (準拠法, 管轄) binds whoever it names.
  const bool any_actor = spec.actor == Actor::unknown;
  const bool vendor_side =
      any_actor || a == Actor::vendor || a == Actor::subcontractor || a == Actor::both;
  auto set = [&](Status s, std::string reason) {
    c.status = s;
    c.reason = std::move(reason);
    c.qualified = false;
    c.unclear = false;
    c.refusal = false;
    c.binding = false;
    c.on_request_only = false;
  };
  // Weak because the engine cannot read what the clause does (an unknown ending, an unclear negation).
  auto unclear = [&](std::string reason) {
    set(Status::weak, std::move(reason));
    c.unclear = true;
  };
  // Weak by a condition or a qualification of the act (on request, the vendor's judgement, 原則として,
  // notice instead of consent …), not by the clause's modality.
  auto qualify = [&](std::string reason) {
    set(Status::weak, std::move(reason));
    c.qualified = true;
  };
  // 「甲は、必要と認めるときは、乙に対し…報告を求めることができる」: the vendor's duty exists
  // only when the body asks for it.
  if (spec.kind == RuleKind::duty && spec.actor == Actor::vendor && a == Actor::body && modality == Modality::permission &&
      !spec.on_request_accepted) {
    const std::vector<std::string>& demands = grammar_list("body_demands");
    if (std::any_of(demands.begin(), demands.end(),
                    [&](const std::string& w) { return sentence.find(w) != std::string_view::npos; })) {
      // (Beside a clause that states the duty it adds to it: it is no verdict of its own.)
      set(Status::weak, tr("甲が求めた場合に限られる", "only when the body asks"));
      c.left_open = true;
      return c;
    }
  }
  // A provision that names no party (「…認証の有無は問わないものとする」, 「本契約は米国法に準拠する」)
  // still contradicts a requirement when it says the opposite.
  // So does the body's own word that gives away the vendor's duty (「…教育の内容は乙に一任するものとし、
  // 甲は、…報告を求めない」).
  const bool body_gives_away = a == Actor::body && spec.actor == Actor::vendor && spec.kind != RuleKind::risk;
  if ((a == Actor::unknown && !any_actor) || body_gives_away) {
    for (size_t g = 0; g < rule.contradicts.size(); ++g) {
      if (any(found, rule.contradicts[g]) && !phrase_negated(sentence, rule.contradicts[g]) &&
          contradiction_holds(rule, g, proviso)) {
        set(Status::contradicted, spec.contradicts[g].reason);
        return c;
      }
    }
    // 「作業場所は、甲乙協議の上定める。」: the matter of a duty is named and left open.
    if (a == Actor::unknown && info.consult && spec.kind == RuleKind::duty) {
      // Only when the matter is the theme (before 「は、」), not a detail of another one nor the
      // contract's closing clause on what it leaves unsettled.
      const size_t theme = sentence.find("は、");
      const std::vector<std::string>& residual = grammar_list("residual");
      if (theme == std::string_view::npos ||
          std::any_of(residual.begin(), residual.end(),
                      [&](const std::string& w) { return sentence.find(w) != std::string_view::npos; })) {
        return std::nullopt;
      }
      const std::vector<size_t> ends = topic_ends(rule, sentence);
      if (std::none_of(ends.begin(), ends.end(), [&](size_t e) { return e <= theme; })) {
        return std::nullopt;
      }
      qualify(tr("協議に委ねられている", "left to consultation"));
      c.left_open = true;
      return c;
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
      switch (modality) {
        case Modality::negative: {
          // What is negated decides: the duty's own act (「ログを提供しない」) denies it; an act the
          // requirement counts as contradicting (「国外に移転しません」) is ruled out, which keeps it.
          // 「…指定する端末以外で取り扱わず、…」: a negation that confines the act to a scope is the
          // measure itself, hedged as the clause hedges it.
          const std::string_view clause = sentence.substr(0, std::min(clause_end_at, sentence.size()));
          const std::vector<std::string>& limits = grammar_list("scope_limit");
          bool bad = act_before_ending(rule.forbid_ids, sentence, clause_end_at, ending) ||
                     std::any_of(limits.begin(), limits.end(),
                                 [&](const std::string& w) { return clause.find(w) != std::string_view::npos; });
          if (!bad && !(rule.contradict_lemmas.empty() && rule.forbid_lemmas.empty())) {
            for (const std::string& w : negated_words(tokens_of(sentence_index))) {
              bad = bad || in_any(rule.contradict_lemmas, w) || in_any(rule.forbid_lemmas, w);
            }
          }
          if (bad) {
            if (info.exception == ExceptionBy::vendor || info.exception == ExceptionBy::other ||
                info.vendor_discretion) {
              qualify(tr("受託者の判断で例外が認められる", "the vendor controls the exception"));
            } else if (info.principle && !info.body_consent) {
              qualify(tr("「原則として」とされ承認の仕組みがない",
                                   "only 'as a rule', with no consent mechanism"));
            } else if (info.softened) {
              qualify(tr("「原則として」「必要に応じて」等で限定されている",
                                   "softened (原則として, 必要に応じて, ...)"));
            } else {
              set(Status::satisfied, "");
            }
            // (The requirement's own contradicting phrases are still read below: 「…明示した情報に限る
            // ものとし、…開示しないものとする」 narrows what the negation keeps.)
            break;
          }
          set(Status::contradicted, tr("義務を否定している", "the duty is denied"));
          break;
        }
        case Modality::permission:
        case Modality::possibility:
          if (act_before_ending(rule.forbid_ids, sentence, clause_end_at, ending)) {
            // 「乙は、…を第三者に開示することができる」: what the requirement forbids is allowed.
            if (compelled_by_law(sentence)) {
              // 「法令に基づき開示を求められたときは、…開示することができる」: the law's exception.
              return std::nullopt;
            }
            if (info.body_consent && !info.vendor_discretion && !info.consent_waived) {
              set(Status::satisfied, "");
            } else {
              set(Status::contradicted, tr("禁じるべき行為を認めている", "allows what must be forbidden"));
              return c;
            }
          } else {
            set(Status::weak, tr("任意（できる規定）にとどまる", "only permitted, not required"));
          }
          break;
        case Modality::release: {
          // 「これらは目標値であり、…保証するものではない」: what is released is named as a mere target
          // (a [[weak]] phrase of the requirement): the duty is weak, not denied.
          const size_t soft = weak_group(rule, found, Terms{});
          if (soft < rule.weak.size()) {
            qualify(spec.weak[soft].reason);
            break;
          }
          set(Status::contradicted, tr("義務を免除している", "the duty is waived"));
          break;
        }
        case Modality::effort:
          set(Status::weak, tr("努力義務にとどまる", "only a duty of effort"));
          break;
        case Modality::statement:
        case Modality::unknown:
          unclear(unreadable(info.ending));
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
          if (modality == Modality::obligation &&
              (act_before_ending(rule.forbid_ids, sentence, clause_end_at, ending, 6) ||
               (clause_end_at >= sentence.size() && !rule.forbid_lemmas.empty() &&
                last_act_in(rule.forbid_lemmas, tokens_of(sentence_index))))) {
            // 「…操作ログを業務完了後1年間保存しなければならない」: a duty to do what this requirement
            // counts against, for another purpose; it decides nothing here.
            return std::nullopt;
          }
          if (info.notice && !info.body_consent && !rule.forbid_ids.empty() &&
              act_in_condition(rule.forbid_ids, sentence, clause_end_at) && compelled_by_law(sentence)) {
            // 「法令により開示を求められたときは、あらかじめ甲に通知しなければならない」: the law's exception.
            return std::nullopt;
          }
          if (info.notice && !info.body_consent && !rule.forbid_ids.empty() &&
              act_in_condition(rule.forbid_ids, sentence, clause_end_at)) {
            // 「…を第三者に開示する場合は、事前に甲に通知する」: the act it should forbid is taken as
            // allowed once the body is told.
            qualify(tr("承認ではなく通知・報告にとどまる", "notice instead of consent"));
          } else if (info.on_request && !spec.on_request_accepted) {
            qualify(tr("甲から求められた場合に限られる", "only when the body asks"));
            c.on_request_only = true;
          } else if (info.exception == ExceptionBy::vendor || info.exception == ExceptionBy::other) {
            qualify(tr("受託者の判断で例外が認められる", "the vendor controls the exception"));
          } else if (info.notice_suffices) {
            qualify(tr("通知・掲示で足りるとしている", "a notice or a posting is enough"));
          } else if (info.vendor_discretion) {
            qualify(tr("受託者の判断に委ねられている", "left to the vendor's judgement"));
          } else if (info.consult) {
            qualify(tr("協議に委ねられている", "left to consultation"));
          } else if (info.softened) {
            qualify(tr("「原則として」「必要に応じて」等で限定されている",
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
      switch (modality) {
        case Modality::prohibition:
        case Modality::negative:
          if (modality == Modality::negative &&
              !negates_topic(rule, sentence, clause_end_at, ending, tokens_of, sentence_index)) {
            unclear(tr("何を否定しているか読み取れない（要確認）",
                                 "cannot tell what the negation rules out (check it)"));
          } else if (info.exception == ExceptionBy::vendor || info.exception == ExceptionBy::other) {
            qualify(tr("受託者の判断で例外が認められる", "the vendor controls the exception"));
          } else if (info.principle && !info.body_consent) {
            qualify(tr("「原則として」とされ承認の仕組みがない",
                                 "only 'as a rule', with no consent mechanism"));
          } else {
            set(Status::satisfied, "");
          }
          break;
        case Modality::obligation:
          if (info.notice_suffices) {
            // 「…承諾を得て再委託する場合も、事後に報告すれば足りる」: a notice is all that is asked.
            qualify(tr("通知・掲示で足りるとしている", "a notice or a posting is enough"));
          } else if (info.body_consent && !info.vendor_discretion) {
            set(Status::satisfied, "");
          } else if (info.notice && compelled_by_law(sentence)) {
            return std::nullopt;  // the law's exception, told to the body
          } else if (info.notice) {
            qualify(tr("承認ではなく通知・報告にとどまる", "notice instead of consent"));
          } else {
            set(Status::weak, tr("禁止又は承認制になっていない", "neither prohibited nor subject to consent"));
            // (Binding only when nothing hedges it: 「必要に応じて、再委託先に同等の情報管理を求める」
            // states the flow-down weakly.)
            c.binding = !(info.on_request || info.vendor_discretion || info.softened || info.principle ||
                          info.feasible || info.consult);
          }
          break;
        case Modality::permission:
        case Modality::possibility:
          if (compelled_by_law(sentence)) {
            return std::nullopt;
          }
          if (info.body_consent && !info.vendor_discretion) {
            set(Status::satisfied, "");
          } else if (info.notice && !info.vendor_discretion && !info.consent_waived) {
            // 「…市に届け出た上で、第三者に委託することができる」: the body is told, not asked.
            qualify(tr("承認ではなく通知・報告にとどまる", "notice instead of consent"));
          } else if (info.work_need && !info.vendor_discretion) {
            set(Status::weak, tr("業務に必要な範囲に限られるが、甲の承諾を要しない",
                                 "limited to what the work needs, but without the body's consent"));
          } else {
            set(Status::contradicted, tr("甲の承諾なしに認めている", "allowed without the body's consent"));
          }
          break;
        case Modality::release:
          if (info.body_consent && !info.vendor_discretion) {
            unclear(unreadable(info.ending));
          } else {
            set(Status::contradicted, tr("禁止されず、受託者の自由とされている", "not forbidden: left free to the vendor"));
          }
          break;
        case Modality::effort:
          set(Status::weak, tr("努力義務にとどまる", "only a duty of effort"));
          break;
        case Modality::statement:
        case Modality::unknown:
          unclear(unreadable(info.ending));
          break;
      }
      break;
    }
    case RuleKind::right: {
      if (a == Actor::body) {
        switch (modality) {
          case Modality::permission:
          case Modality::obligation:
            if (info.vendor_consent) {
              qualify(tr("受託者の同意を条件としている", "subject to the vendor's consent"));

            } else if (info.consult) {
              qualify(tr("協議に委ねられている", "left to consultation"));
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
          case Modality::possibility:
          case Modality::release:
          case Modality::statement:
          case Modality::unknown:
            unclear(unreadable(info.ending));
            break;
        }
      } else if (a == Actor::both) {
        if (modality == Modality::prohibition || modality == Modality::negative) {
          set(Status::contradicted, tr("双方に禁止しており甲の権利を妨げる", "forbidden to both parties"));
        } else if (info.consult && modality == Modality::obligation) {
          // 「…賠償の範囲及び額は、本県と受注者が協議して定める」: the right is named and left to be
          // agreed (beside a clause that grants it, it is no verdict of its own).
          qualify(tr("協議に委ねられている", "left to consultation"));
          c.left_open = true;
        } else {
          return std::nullopt;
        }
      } else if (vendor_side) {
        switch (modality) {
          case Modality::obligation:
            if (info.consult) {
              qualify(tr("協議に委ねられている", "left to consultation"));
            } else if (info.softened || info.vendor_discretion) {
              qualify(tr("受託者の判断や範囲の限定がある", "limited by the vendor"));
            } else {
              set(Status::satisfied, "");
            }
            break;
          case Modality::negative:
          case Modality::release:
            set(Status::contradicted, tr("受託者が応じないとしている", "the vendor refuses"));
            c.refusal = true;
            break;
          case Modality::effort:
            set(Status::weak, tr("努力義務にとどまる", "only a duty of effort"));
            break;
          case Modality::permission:
          case Modality::possibility:
          case Modality::statement:
          case Modality::unknown:
            unclear(unreadable(info.ending));
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
    if (!any(found, rule.contradicts[g]) || !contradiction_holds(rule, g, proviso)) {
      continue;
    }
    // A phrase taken from a provision the sentence refers to is judged in that provision.
    if (info.refers_back && !in_own_words(sentence, tokens_of(sentence_index), rule.contradicts[g])) {
      continue;
    }
    // 「…国外に移転する場合は、あらかじめ甲の承諾を得ること」: the phrase is the condition of a
    // procedure the body controls or is told of; the procedure decides.
    if ((info.body_consent || info.notice) && phrase_in_condition(sentence, rule.contradicts[g])) {
      continue;
    }
    if (!phrase_negated(sentence, rule.contradicts[g])) {
      if (any(found, rule.hedged_by[g])) {
        // 「主として国内に保存するが、バックアップは国外に保存する場合がある」: an exception to a rule the
        // sentence itself states as hedged.
        set(Status::weak, spec.contradicts[g].reason);
        return c;
      }
      set(Status::contradicted, spec.contradicts[g].reason);
      return c;
    }
    break;
  }
  if (c.status == Status::satisfied && info.agent_only && !any_actor) {
    set(Status::weak, tr("誰の義務かが主題として書かれていない（要確認）", "whose duty it is is not stated as its subject (check it)"));
  }
  if (c.status == Status::satisfied) {
    if (info.narrowed && !spec.limits_accepted) {
      qualify(tr("対象が一部に限定されている", "narrowed to part of what is needed"));
    } else if (info.equivalent) {
      qualify(tr("「これと同程度」等の代替を認めている", "an equivalent alternative is allowed"));
    } else if (info.feasible) {
      qualify(tr("可能な範囲・支障のない場合に限られる", "only as far as feasible"));
    }
  }
  if (c.status == Status::satisfied) {
    // (A hedge may come in the clause's proviso: 「…実地調査を行うことができる。ただし、調査に要する
    // 費用は、すべて委託者の負担とする。」)
    const size_t g = weak_group(rule, found, proviso);
    if (g < rule.weak.size()) {
      qualify(spec.weak[g].reason);
    }
  }
  return c;
}

Output RuleSet::Impl::run(const Input& input, const std::vector<size_t>& selected) const {
  const auto& clauses = *input.clauses;
  const auto& sentences = *input.sentences;
  Output out;
  const size_t n = sentences.size();
  HitTable found(n, static_cast<size_t>(term_count));
  std::vector<std::optional<SentenceInfo>> infos(n);
  std::vector<std::optional<SentenceInfo>> lead_infos(n);  // lead-ins read on their own
  std::vector<std::vector<core::Token>> tokens(n);
  std::vector<char> tokenized(n, 0);
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
  // A sentence's terms are first those its text shows. Terms its lemmas may add (`pending`) are
  // looked up by tokenising it when a rule that uses one of them is evaluated on it.
  std::vector<std::vector<int>> pending(n);
  HitTable maybe(n, static_cast<size_t>(term_count));  // pending terms as bits
  std::vector<int> list;
  auto resolve = [&](size_t i) {
    const std::vector<core::Token>& t = tokens_of(i);
    list.clear();
    lemma_hits(t, found.row(i), list);
    pending[i].clear();
    std::fill(maybe.row(i), maybe.row(i) + maybe.words(), 0);
  };
  // Settles sentence i's terms for rule `index`.
  auto ensure = [&](size_t i, size_t index) {
    const std::vector<uint64_t>& uses = rule_terms[index];
    for (const int t : pending[i]) {
      if (((uses[static_cast<size_t>(t) >> 6U] >> (static_cast<size_t>(t) & 63U)) & 1U) != 0) {
        resolve(i);
        return;
      }
    }
  };
  // Rules a sentence may be about: those with a topic term in it or pending (about() needs one).
  const size_t rule_count = rules.size();
  std::vector<uint8_t> candidate(n * rule_count, 0);
  // Sentences per unit, for elements.
  std::map<int, std::vector<size_t>> unit_sentences;
  // The numbered sections of a 仕様書 (「1.　作業場所及び名簿」 over 「(1) …」「(2) …」): each unit's
  // section, the section's sentences and the unit that carries its title.
  std::map<int, std::string> section_of_unit;
  std::map<std::string, std::vector<size_t>> section_sentences;
  std::map<std::string, int> section_title_unit;
  auto section_key = [](const core::Clause& c) -> std::string {
    const std::string_view head = std::string_view(c.ref).substr(0, c.ref.find('('));
    const bool numbered = head.size() > 1 && head.back() == '.' &&
                          std::all_of(head.begin(), head.end() - 1, [](char ch) { return ch >= '0' && ch <= '9'; });
    return numbered ? std::string(head) : std::string();
  };
  for (const core::Clause& c : clauses) {
    const std::string key = section_key(c);
    if (!key.empty()) {
      section_of_unit.emplace(c.unit, key);
      if (c.ref == key) {
        section_title_unit.emplace(key, c.unit);
      }
    }
  }
  for (size_t i = 0; i < n; ++i) {
    const auto key = section_of_unit.find(clauses[static_cast<size_t>(sentences[i].clause)].unit);
    if (key != section_of_unit.end()) {
      section_sentences[key->second].push_back(i);
    }
  }
  Scratch scratch;
  for (size_t i = 0; i < n; ++i) {
    list.clear();
    surface_hits(sentences[i].text, found.row(i), list, scratch, pending[i]);
    for (const int t : pending[i]) {
      maybe.row(i)[static_cast<size_t>(t) >> 6U] |= uint64_t{1} << (static_cast<size_t>(t) & 63U);
    }
    for (const std::vector<int>* terms : {&list, &pending[i]}) {
      for (const int t : *terms) {
        for (const uint16_t r : topic_rules[static_cast<size_t>(t)]) {
          candidate[i * rule_count + r] = 1;
        }
      }
    }
    unit_sentences[clauses[static_cast<size_t>(sentences[i].clause)].unit].push_back(i);
  }
  // Sentence i takes the terms sentence j shows. (Terms only j's lemmas may hold are not looked up:
  // tokenising sentence i could not find them, and tokenising every lead-in costs more than it gives.)
  auto inherit = [&](size_t i, size_t j) {
    uint64_t* row = found.row(i);
    const uint64_t* other = found.row(j);
    for (size_t w = 0; w < found.words(); ++w) {
      row[w] |= other[w];
    }
  };
  // The rules sentence i may be about, from the terms it has or may have.
  auto mark_candidates = [&](size_t i) {
    const uint64_t* row = found.row(i);
    const uint64_t* may_row = maybe.row(i);
    for (size_t w = 0; w < found.words(); ++w) {
      for (uint64_t bits = row[w] | may_row[w]; bits != 0; bits &= bits - 1) {
        const size_t t = w * 64 + static_cast<size_t>(__builtin_ctzll(bits));
        for (const uint16_t r : topic_rules[t]) {
          candidate[i * rule_count + r] = 1;
        }
      }
    }
  };
  // Items under a lead-in (「乙は、次に掲げる事項を甲に届け出なければならない。」 then 「(1) 業務責任者の
  // 氏名」): each is read as a clause of the lead-in, with its act, its actor and its modality.
  std::vector<Frame> frames(n);
  for (size_t i = 0; i < n; ++i) {
    frames[i] = frame_of(sentences[i].text);
  }
  std::vector<size_t> lead_of(n, n);
  std::vector<size_t> lead_ins;  // sentences of the current unit that introduce items, in order
  int lead_unit = -1;
  for (size_t i = 0; i < n; ++i) {
    const core::Clause& here = clauses[static_cast<size_t>(sentences[i].clause)];
    if (here.unit != lead_unit) {
      // (An item numbered under the lead-in's own number is its item even where the numbering makes it a
      // unit of its own: 「3　…次の事項を…提出すること。」 then 「(1) …」 cited 3.(1).)
      const bool numbered_under =
          !lead_ins.empty() && [&] {
            const std::string& lead_ref = clauses[static_cast<size_t>(sentences[lead_ins.back()].clause)].ref;
            return !lead_ref.empty() && here.ref != lead_ref && here.ref.starts_with(lead_ref);
          }();
      if (!numbered_under) {
        lead_ins.clear();
      }
      lead_unit = here.unit;
    }
    // The nearest lead-in before this sentence, in another clause of the same unit.
    for (size_t k = lead_ins.size(); k-- > 0;) {
      const size_t j = lead_ins[k];
      if (sentences[j].clause != sentences[i].clause) {
        if (item_of(here, clauses[static_cast<size_t>(sentences[j].clause)])) {
          lead_of[i] = j;
        }
        break;
      }
    }
    if (frames[i].introduces_items) {
      lead_ins.push_back(i);
    }
    if (lead_of[i] == n) {
      continue;
    }
    const size_t j = lead_of[i];
    inherit(i, j);
    mark_candidates(i);
  }
  // 「甲は、…の提出を求めることができる。乙は、これに応じなければならない。」: a sentence that
  // answers the one before it takes that sentence's terms as well, so that the duty it states is
  // read with its object.
  for (size_t i = 1; i < n; ++i) {
    if (sentences[i].clause != sentences[i - 1].clause ||
        !answers_previous(sentences[i].text, sentences[i - 1].text)) {
      continue;
    }
    if (!pending[i - 1].empty()) {
      resolve(i - 1);
    }
    if (!pending[i].empty()) {
      resolve(i);
    }
    uint64_t* row = found.row(i);
    const uint64_t* before = found.row(i - 1);
    for (size_t w = 0; w < found.words(); ++w) {
      row[w] |= before[w];
      for (uint64_t bits = row[w]; bits != 0; bits &= bits - 1) {
        const size_t t = w * 64 + static_cast<size_t>(__builtin_ctzll(bits));
        for (const uint16_t r : topic_rules[t]) {
          candidate[i * rule_count + r] = 1;
        }
      }
    }
  }
  // A sentence that qualifies others by reference (「前項の規定は、…を妨げない」, 「第2条の規定にかかわらず、
  // …」, 「ただし、これらは目標値であり、…」) takes their terms, and its verdict qualifies theirs.
  std::vector<char> modifier(n, 0);
  for (size_t i = 0; i < n; ++i) {
    // 「本規約の他の規定にかかわらず」「前条までの規定にかかわらず」: it qualifies whatever it is about,
    // by its own words.
    if (frames[i].overrides_all) {
      modifier[i] = 1;
    }
    const std::vector<size_t> refs = referenced(clauses, sentences, i);
    if (refs.empty()) {
      continue;
    }
    modifier[i] = 1;
    // (「前項の義務は、本業務が終了した後も同様とする」 carries it on; it takes nothing back.)
    const std::vector<std::string>& carries_on = grammar_list("extends");
    const bool extends = std::any_of(carries_on.begin(), carries_on.end(), [&](const std::string& w) {
      return sentences[i].text.find(w) != std::string::npos;
    });
    for (const size_t j : refs) {
      // (What it refers to is read in full, lemmas too: 「漏らしてはならない」 is found by its lemma —
      // when it names a provision, not a range: 「前条までの規定にかかわらず、第6条第2号の暗号化は…」
      // is about its own words.)
      // (A ただし or なお that follows it is read by its own words, as it always was.)
      if (!pending[j].empty() && !extends && refs.size() <= 3 && !opens_elliptically(sentences[i].text)) {
        resolve(j);
      }
      inherit(i, j);
    }
    mark_candidates(i);
  }
  std::map<int, size_t> heading_row;
  if (input.headings != nullptr) {
    for (const auto& [unit, heading] : *input.headings) {
      heading_row.emplace(unit, heading_row.size());
    }
  }
  HitTable heading_hits(heading_row.size(), static_cast<size_t>(term_count));
  if (input.headings != nullptr) {
    std::vector<int> heading_pending;
    for (const auto& [unit, heading] : *input.headings) {
      uint64_t* row = heading_hits.row(heading_row[unit]);
      list.clear();
      heading_pending.clear();
      surface_hits(heading, row, list, scratch, heading_pending);
      if (!heading_pending.empty()) {
        const Clock::time_point start = input.time_tokenizer ? Clock::now() : Clock::time_point();
        const std::vector<core::Token> heading_tokens = tokenizer->tokenize(heading);
        if (input.time_tokenizer) {
          out.tokenize_seconds += std::chrono::duration<double>(Clock::now() - start).count();
        }
        lemma_hits(heading_tokens, row, list);
      }
    }
  }
  auto heading_of = [&](size_t i) -> Terms {
    const auto it = heading_row.find(clauses[static_cast<size_t>(sentences[i].clause)].unit);
    return it == heading_row.end() ? Terms{} : heading_hits.terms(it->second);
  };
  // A sentence that builds on another (「前項の消去について、証明書の提出は行わないものとする」) shares
  // its matter: the words of the sentences it refers to are its context, as a heading is.
  HitTable context_hits(n, static_cast<size_t>(term_count));
  std::vector<char> has_context(n, 0);
  for (size_t i = 0; i < n; ++i) {
    const std::vector<size_t> refs = referenced(clauses, sentences, i, true);
    if (refs.empty()) {
      continue;
    }
    uint64_t* row = context_hits.row(i);
    const Terms heading = heading_of(i);
    for (size_t w = 0; w < found.words(); ++w) {
      row[w] = heading.words != nullptr ? heading.words[w] : 0;
      for (const size_t j : refs) {
        row[w] |= found.row(j)[w];
      }
    }
    has_context[i] = 1;
  }
  auto context_of = [&](size_t i) -> Terms { return has_context[i] != 0 ? context_hits.terms(i) : heading_of(i); };
  // For a requirement read with its title (core::RuleSpec::title_context): the title of the annex the
  // sentence is in, or of the document, added to its context.
  const bool titles_needed =
      std::any_of(selected.begin(), selected.end(), [&](size_t r) { return specs[r].title_context; });
  std::map<std::string, size_t> title_row;
  std::vector<size_t> title_of(n, SIZE_MAX);
  if (titles_needed) {
    const std::string document_title =
        !clauses.empty() && clauses.front().is_heading && clauses.front().annex.empty() ? clauses.front().text : "";
    for (size_t i = 0; i < n; ++i) {
      const core::Clause& c = clauses[static_cast<size_t>(sentences[i].clause)];
      const std::string& t = c.annex.empty() ? document_title : c.annex;
      if (!t.empty()) {
        title_of[i] = title_row.emplace(t, title_row.size()).first->second;
      }
    }
  }
  HitTable title_hits(title_row.size(), static_cast<size_t>(term_count));
  for (const auto& [title, r] : title_row) {
    uint64_t* row = title_hits.row(r);
    list.clear();
    std::vector<int> title_pending;
    surface_hits(title, row, list, scratch, title_pending);
    if (!title_pending.empty()) {
      lemma_hits(tokenizer->tokenize(title), row, list);
    }
  }
  HitTable titled_hits(titles_needed ? n : 0, static_cast<size_t>(term_count));
  for (size_t i = 0; titles_needed && i < n; ++i) {
    uint64_t* row = titled_hits.row(i);
    const Terms context = context_of(i);
    for (size_t w = 0; w < found.words(); ++w) {
      row[w] = (context.words != nullptr ? context.words[w] : 0) |
               (title_of[i] != SIZE_MAX ? title_hits.row(title_of[i])[w] : 0);
    }
  }
  auto context_for = [&](size_t index, size_t i) -> Terms {
    return specs[index].title_context ? titled_hits.terms(i) : context_of(i);
  };
  auto heading_for = [&](size_t index, size_t i) -> Terms {
    return specs[index].title_context ? titled_hits.terms(i) : heading_of(i);
  };
  std::vector<char> left_open(n, 0);
  for (size_t i = 0; i < n; ++i) {
    left_open[i] = frames[i].leaves_open ? 1 : 0;
  }
  auto about_sentence = [&](size_t index, size_t i, Terms heading) {
    if (candidate[i * rule_count + index] == 0) {
      return false;
    }
    // An article titled for something else (「（完了届及び検査）」 for an audit) is not about the rule.
    if (any(heading_of(i), rules[index].exclude)) {
      return false;
    }
    // A matter left open is weak for a requirement; it flags no risk.
    const bool open = left_open[i] != 0 && specs[index].kind != RuleKind::risk;
    if (!pending[i].empty()) {
      // Tokenise only if the sentence can be about the rule whatever its lemmas add.
      const CompiledRule& r = rules[index];
      const Terms sure = found.terms(i);
      const Terms may = maybe.terms(i);
      if (r.topic.empty() || any(sure, r.exclude)) {
        return false;
      }
      size_t in_sentence = 0;
      size_t absent = 0;
      for (const auto& group : r.topic) {
        if (any(sure, group) || any(may, group)) {
          ++in_sentence;
        } else if (!any(heading, group)) {
          ++absent;
        }
      }
      const bool contradicting = r.topic.size() >= 2 && (any(sure, r.topic[0]) || any(may, r.topic[0])) &&
                                 std::any_of(r.contradicts.begin(), r.contradicts.end(), [&](const std::vector<int>& g) {
                                   return any(sure, g) || any(may, g);
                                 });
      if (absent > ((open || contradicting) && r.topic.size() >= 2 ? 1U : 0U) || in_sentence == 0 ||
          (in_sentence < r.topic.size() && r.topic.size() < 2)) {
        return false;
      }
      ensure(i, index);
    }
    return about(rules[index], found.terms(i), heading, open);
  };
  // 「ただし、…この限りでない。」 qualifies the sentence before it and decides nothing on its own.
  const auto opens_with_but = [&](size_t i) {
    return sentences[i].text.starts_with("ただし") || sentences[i].text.starts_with("但し");
  };
  auto is_proviso = [&](size_t i) {
    const std::string_view t = sentences[i].text;
    const std::vector<std::string>& carves = grammar_list("proviso_closing");
    return opens_with_but(i) &&
           std::any_of(carves.begin(), carves.end(),
                       [&](const std::string& w) { return t.find(w) != std::string_view::npos; });
  };
  // The sentence's proviso: the next one of its paragraph when it opens with ただし (a carve-out
  // 「…この限りでない」, or a hedge 「ただし、調査の費用は甲の負担とする」).
  auto proviso_of = [&](size_t i, size_t index) -> Terms {
    if (i + 1 < sentences.size() && sentences[i + 1].clause == sentences[i].clause && opens_with_but(i + 1)) {
      ensure(i + 1, index);
      return found.terms(i + 1);
    }
    return {};
  };
  auto info_of = [&](size_t i) -> const SentenceInfo& {
    if (!infos[i]) {
      std::string_view next;
      if (i + 1 < sentences.size() && sentences[i + 1].clause == sentences[i].clause) {
        next = sentences[i + 1].text;
      }
      infos[i] = analyse(sentences[i].text, next, *input.parties);
      infos[i]->refers_back = modifier[i] != 0;
      // An item that names nobody is bound by its lead-in: 「乙は、次に掲げる事項を遵守しなければ
      // ならない。」 then 「(1) ISMS認証を取得していることが望ましい。」 (its own modality: effort) or
      // 「(2) 従事者への教育」 (no ending of its own: the lead-in's).
      if (lead_of[i] != n) {
        if (!lead_infos[lead_of[i]]) {
          lead_infos[lead_of[i]] = analyse(sentences[lead_of[i]].text, {}, *input.parties);
        }
        const SentenceInfo& lead = *lead_infos[lead_of[i]];
        if (infos[i]->actor == core::Actor::unknown && lead.actor != core::Actor::unknown) {
          infos[i]->actor = lead.actor;
          infos[i]->implicit_actor = true;
          // (An item in the plain form, 「① 直ちに市に第一報を入れる。」, is done as the lead-in says.)
          if (infos[i]->modality == Modality::unknown || infos[i]->modality == Modality::statement) {
            infos[i]->modality = lead.modality;
            infos[i]->ending = lead.ending;
          }
        }
        // Under 「乙は、次に掲げる行為をしてはならない。」 an item 「(1) 目的外に使用すること。」 names a
        // forbidden act: it is the lead-in's ban, not a duty to do it.
        if (lead.modality == Modality::prohibition && infos[i]->modality == Modality::obligation &&
            infos[i]->ending == "こと") {
          infos[i]->modality = lead.modality;
          infos[i]->ending = lead.ending;
        }
        // An item cannot bind more than its lead-in: under 「…遵守するよう努める。」 a 「(1) …すること。」
        // is an effort too.
        if (!binds(lead.modality) && binds(infos[i]->modality)) {
          infos[i]->modality = lead.modality;
          infos[i]->ending = lead.ending;
        }
        // Nor under fewer conditions: 「乙は、乙の業務に支障のない範囲で、次の措置を講じる。」 hedges
        // every item under it.
        SentenceInfo& item = *infos[i];
        item.on_request = item.on_request || lead.on_request;
        item.vendor_discretion = item.vendor_discretion || lead.vendor_discretion;
        item.softened = item.softened || lead.softened;
        item.principle = item.principle || lead.principle;
        item.feasible = item.feasible || lead.feasible;
        item.narrowed = item.narrowed || lead.narrowed;
      }
      // A sentence that qualifies the one before it and names nobody (「当該期間の経過後、当社は…削除
      // します。ただし、バックアップ領域のデータの削除時期は保証いたしません。」) speaks of that one's party.
      // (Only where it takes something back; 「ただし、甲が別に指示した場合は、その指示に従う」 defers to the
      // body, and 「本条の義務は、…消滅しない」 has the duty for its subject.)
      const Modality takes_back = infos[i]->modality;
      if (infos[i]->actor == core::Actor::unknown && i > 0 && opens_elliptically(sentences[i].text) &&
          (takes_back == Modality::negative || takes_back == Modality::release || takes_back == Modality::possibility) &&
          clauses[static_cast<size_t>(sentences[i - 1].clause)].unit == clauses[static_cast<size_t>(sentences[i].clause)].unit) {
        const core::Actor before = infos[i - 1] ? infos[i - 1]->actor
                                                : analyse(sentences[i - 1].text, sentences[i].text, *input.parties).actor;
        if (before != core::Actor::unknown) {
          infos[i]->actor = before;
          infos[i]->implicit_actor = true;
        }
      } else if (infos[i]->actor == core::Actor::unknown && i > 0 && !opens_elliptically(sentences[i].text) &&
                 sentences[i - 1].clause == sentences[i].clause && !has_own_topic(sentences[i].text)) {
        // The next sentence of the same paragraph that names nobody goes on with its party
        // (「乙は、…委託する事業者を別表に記載する。委託先を追加するときは、30日前までに甲に通知する。」).
        const core::Actor before = infos[i - 1] ? infos[i - 1]->actor
                                                : analyse(sentences[i - 1].text, sentences[i].text, *input.parties).actor;
        if (before != core::Actor::unknown) {
          infos[i]->actor = before;
          infos[i]->implicit_actor = true;
        }
      }
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
  std::vector<int> distinct;
  auto relevance = [&](size_t index, size_t i) {
    const CompiledRule& r = rules[index];
    const Terms heading = heading_of(i);
    const Terms here = found.terms(i);
    int score = 0;
    distinct.clear();
    for (const auto& group : r.topic) {
      if (any(heading, group)) {
        score += 4;
      }
      for (int id : group) {
        if (here.has(id)) {
          distinct.push_back(id);
        }
      }
    }
    std::sort(distinct.begin(), distinct.end());
    return score + static_cast<int>(std::unique(distinct.begin(), distinct.end()) - distinct.begin());
  };
  // Sentences that decide nothing themselves: headings and provisos.
  std::vector<char> skip(n, 0);
  for (size_t i = 0; i < n; ++i) {
    skip[i] = clauses[static_cast<size_t>(sentences[i].clause)].is_heading || is_proviso(i) ? 1 : 0;
  }
  // Each sentence's verdict on each rule, judged once (the relevance pass and the findings both ask).
  std::unordered_map<size_t, std::optional<Candidate>> judged_cache;
  auto judged = [&](size_t index, size_t i) -> const std::optional<Candidate>& {
    const size_t key = i * rule_count + index;
    auto it = judged_cache.find(key);
    if (it == judged_cache.end()) {
      it = judged_cache.emplace(key, judge(index, info_of(i), found.terms(i), sentences[i].text, tokens_of, i,
                                           proviso_of(i, index)))
               .first;
    }
    return it->second;
  };
  std::vector<int> best_relevance(n * std::max<size_t>(families, 1), 0);  // [sentence][family]
  auto best_of = [&](size_t i, size_t index) -> int& {
    return best_relevance[i * families + static_cast<size_t>(family_of[index])];
  };
  for (size_t i = 0; i < n; ++i) {
    if (skip[i] != 0) {
      continue;
    }
    for (size_t index : selected) {
      if (about_sentence(index, i, context_for(index, i)) && judged(index, i) && !judged(index, i)->left_open) {
        int& best = best_of(i, index);
        best = std::max(best, relevance(index, i));
      }
    }
  }

  std::vector<size_t> all_sentences(n);
  for (size_t i = 0; i < n; ++i) {
    all_sentences[i] = i;
  }
  for (size_t index : selected) {
    const core::RuleSpec& spec = specs[index];
    const CompiledRule& rule = rules[index];
    core::Finding f;
    f.id = spec.id;
    std::vector<Candidate> cands;
    for (size_t i = 0; i < n; ++i) {
      if (skip[i] != 0 || !about_sentence(index, i, context_for(index, i))) {
        continue;
      }
      // A sentence that takes away a right of the body does so whatever else it is about (「甲及び乙は、
      // …公表してはならない」 is secrecy, and it also forbids the body to publish an incident).
      const bool contradicts_this = [&] {
        if (spec.kind != RuleKind::right) {
          return false;
        }
        const std::optional<Candidate>& own = judged(index, i);
        return own && own->status == Status::contradicted;
      }();
      if (relevance(index, i) < best_of(i, index) && !contradicts_this) {
        if (!input.explain.empty() && input.explain == spec.id) {
          std::string others;
          for (size_t o : selected) {
            if (specs[o].family == spec.family && about_sentence(o, i, heading_for(o, i)) &&
                judged(o, i) &&
                relevance(o, i) == best_of(i, index)) {
              others += " " + specs[o].id;
            }
          }
          out.trace.push_back(clauses[static_cast<size_t>(sentences[i].clause)].ref +
                              " -> counted for" + others + " instead\n    " + sentences[i].text);
        }
        continue;
      }
      std::optional<Candidate> c = judged(index, i);
      if (!input.explain.empty() && input.explain == spec.id) {
        const SentenceInfo& si = info_of(i);
        out.trace.push_back(clauses[static_cast<size_t>(sentences[i].clause)].ref + " actor=" +
                            core::actor_name(si.actor) + " modality=" + modality_name(si.modality) + "「" + si.ending + "」" +
                            (si.segments.empty() ? "" : " clauses=" + std::to_string(si.segments.size() + 1)) +
                            (si.feasible ? " feasible" : "") + (si.narrowed ? " narrowed" : "") +
                            (si.equivalent ? " equivalent" : "") + (si.notice_suffices ? " notice_suffices" : "") +
                            (si.on_request ? " on_request" : "") + (si.vendor_discretion ? " vendor_discretion" : "") +
                            (si.softened ? " softened" : "") + (si.consult ? " consult" : "") +
                            (si.body_consent ? " body_consent" : "") + (si.consent_waived ? " consent_waived" : "") +
                            " -> " + (c ? core::status_name(c->status) : "ignored") +
                            (c && c->qualified ? " qualified" : "") +
                            (c && !c->reason.empty() ? " (" + c->reason + ")" : "") + "\n    " + sentences[i].text);
      }
      if (!c) {
        continue;
      }
      c->sentence = i;
      c->unit = clauses[static_cast<size_t>(sentences[i].clause)].unit;
      c->modifier = modifier[i] != 0;
      cands.push_back(std::move(*c));
    }
    // Elements: a satisfied verdict needs every element somewhere in its unit, and an element that
    // only weak clauses state (「乙が相当と認める額を賠償する。甲は、…解除することができる。」: damages
    // at the vendor's judgement) keeps the whole weak.
    const std::vector<Candidate> before_elements = cands;
    // A part the document states elsewhere counts where the document speaks of the requirement: in
    // the articles of its candidate sentences (「複製物を返還する」 in the return article is no limit on
    // copying).
    std::vector<size_t> about_units;
    if (std::any_of(spec.elements.begin(), spec.elements.end(), [&](const core::TermGroup& g) {
          return g.in_document.value_or(spec.elements_in_document);
        })) {
      std::set<int> units;
      for (const Candidate& x : cands) {
        units.insert(x.unit);
      }
      for (const int u : units) {
        const std::vector<size_t>& ss = unit_sentences[u];
        about_units.insert(about_units.end(), ss.begin(), ss.end());
      }
    }
    for (Candidate& c : cands) {
      if (c.status != Status::satisfied) {
        continue;
      }
      for (size_t g = 0; g < rule.elements.size(); ++g) {
        const bool in_document = spec.elements[g].in_document.value_or(spec.elements_in_document);
        // (A section titled for the requirement, 「1.　資料等の返還及び消去」, is one provision: its items
        // state the parts together.)
        std::vector<size_t> section;
        {
          const auto key = section_of_unit.find(c.unit);
          const auto title = key == section_of_unit.end() ? section_title_unit.end() : section_title_unit.find(key->second);
          const auto row = title == section_title_unit.end() ? heading_row.end() : heading_row.find(title->second);
          if (row != heading_row.end() &&
              std::any_of(rule.topic.begin(), rule.topic.end(),
                          [&](const std::vector<int>& group) { return any(heading_hits.terms(row->second), group); })) {
            section = section_sentences[key->second];
          }
        }
        // (Items under one lead-in are one provision, even where each is a unit of its own: 「3　…次の事項
        // を…提出すること。」 then 「(1) 資本関係及び役員」「(2) 従事者の国籍」.)
        if (!in_document && section.empty() && lead_of[c.sentence] != n) {
          const size_t lead = lead_of[c.sentence];
          const core::Clause& lead_clause = clauses[static_cast<size_t>(sentences[lead].clause)];
          if (lead_clause.unit != c.unit) {
            section.push_back(lead);
            for (size_t s = 0; s < n; ++s) {
              if (lead_of[s] == lead) {
                section.push_back(s);
              }
            }
          }
        }
        // (Where the part is looked for in the whole document, the section's own items count too: 「(2)
        // 受注者は、前号の破棄を終えた後、廃棄証明書を提出すること」 names no data of its own.)
        if (in_document && !section.empty()) {
          section.insert(section.end(), about_units.begin(), about_units.end());
        }
        const std::vector<size_t>& in_unit = in_document ? (section.empty() ? about_units : section)
                                                         : (section.empty() ? unit_sentences[c.unit] : section);
        // The part as stated, not only named as an act already done (「調査の結果…改善を求められた
        // ときは」 presupposes the inspection).
        // (Nor is a duty's part stated where a sentence releases the party from it: 「データの抽出は、
        // 当社が行う必要はない」.)
        auto states = [&](size_t s) {
          if (!any(found.terms(s), rule.elements[g]) || only_results(rule.elements[g], sentences[s].text)) {
            return false;
          }
          const SentenceInfo& si = info_of(s);
          return spec.kind != RuleKind::duty || si.modality != Modality::release;
        };
        auto present = [&] { return std::any_of(in_unit.begin(), in_unit.end(), states); };
        if (!present()) {
          // Lemmas may hold it: tokenise the sentences of the unit whose anchors say so.
          for (const size_t s : in_unit) {
            if (any(maybe.terms(s), rule.elements[g])) {
              resolve(s);
            }
          }
        }
        if (!present()) {
          if (spec.elements[g].optional) {
            continue;
          }
          c.status = Status::weak;
          c.reason = spec.elements[g].reason;
          break;
        }
        const Candidate* weak_one = nullptr;
        bool strong = false;
        for (const Candidate& x : before_elements) {
          const bool in_scope = in_document || x.unit == c.unit;
          if (!in_scope || !states(x.sentence)) {
            continue;
          }
          // (An unhedged duty beside the ban in its own article states its part fully.)
          strong = strong || x.status == Status::satisfied || (x.binding && x.unit == c.unit);
          if (x.status == Status::weak && weak_one == nullptr) {
            weak_one = &x;
          }
        }
        if (!strong && weak_one != nullptr) {
          c.status = Status::weak;
          c.reason = weak_one->reason;
          break;
        }
        // The element only in sentences that decide nothing for this requirement, every one of them
        // conditional (「乙は、甲の指示があったときは、アクセスの記録を作成する」): stated weakly.
        if (!strong && weak_one == nullptr ) {
          bool plain = false;
          bool conditional = false;
          for (const size_t s : in_unit) {
            if (!states(s)) {
              continue;
            }
            const SentenceInfo& si = info_of(s);
            // (The body's own 「…できる」 is its right, not a hedge.)
            // (Nor is the body's right in the sentence's last clause: 「乙は、…計画書を提出しなければならず、
            // 甲は、…委託料を減額することができる」.)
            const bool body_right = (si.actor == Actor::body || si.last_actor == Actor::body) &&
                                    si.modality == Modality::permission;
            // (Nor is a part left to be agreed later: 「…損害賠償の額は、協議の上定める」.)
            // (Nor one the requirement names as a limit: 「月間稼働率の目標値は99.5%とする」.)
            const bool hedged = si.on_request || si.vendor_discretion || si.softened || si.consult ||
                                weak_group(rule, found.terms(s), Terms{}) < rule.weak.size() ||
                                si.modality == Modality::effort || si.modality == Modality::possibility ||
                                (si.modality == Modality::permission && !body_right);
            (hedged ? conditional : plain) = true;
          }
          if (conditional && !plain) {
            c.status = Status::weak;
            c.reason = spec.elements[g].reason;
            break;
          }
        }
      }
    }
    // A satisfying sentence that rests on a weak one (「2 乙は、前項の監査の結果に基づき…措置を講じなければ
    // ならない」 after an audit limited to 年1回) is no stronger than it.
    for (Candidate& c : cands) {
      if (c.status != Status::satisfied) {
        continue;
      }
      for (const size_t j : referenced(clauses, sentences, c.sentence, true)) {
        const auto weak = std::find_if(before_elements.begin(), before_elements.end(), [&](const Candidate& x) {
          return x.sentence == j && x.status == Status::weak && x.qualified;
        });
        if (weak != before_elements.end()) {
          c.status = Status::weak;
          c.reason = weak->reason;
          break;
        }
      }
    }
    // A hedged sentence that builds on a satisfying one (「2 乙は、前項のデータを国外に移転する場合は、
    // 甲に通知すれば足りる」) qualifies it: the rule it builds on holds only so far.
    // (What is given on request besides, 「求めがあったときは、前項の報告書に記載のない事項についても
    // 報告します」, adds to it.)
    for (const Candidate& x : before_elements) {
      if (x.status != Status::weak || !x.qualified || info_of(x.sentence).on_request) {
        continue;
      }
      for (const size_t j : referenced(clauses, sentences, x.sentence, true)) {
        for (Candidate& c : cands) {
          if (c.sentence == j && c.status == Status::satisfied) {
            c.status = Status::weak;
            c.reason = x.reason;
          }
        }
      }
    }
    // What is left to consultation weakens the parts it names; beside clauses that state the
    // requirement it is not a verdict of its own.
    if (std::any_of(cands.begin(), cands.end(), [](const Candidate& x) { return !x.left_open; })) {
      std::erase_if(cands, [](const Candidate& x) { return x.left_open; });
    }
    // Nothing states it, but a sentence names it (「報告の頻度は協議の上定める」, 「ベストエフォート型で提供
    // する」): the document touches the matter without settling it.
    if (cands.empty() && !rule.mention.empty()) {
      const std::vector<std::string>& extends = grammar_list("extends");
      for (size_t i = 0; i < n; ++i) {
        if (skip[i] != 0) {
          continue;
        }
        if (any(maybe.terms(i), rule.mention)) {
          resolve(i);
        }
        // What the body does for itself (「甲は、甲の職員に研修を行う」) names the matter, not the vendor's part in it.
        if (spec.actor == core::Actor::vendor && info_of(i).actor == core::Actor::body) {
          continue;
        }
        // A sentence that decides another requirement of the family names this one in passing
        // (「再委託先の行為による損害についても、同様とする」 is about damages).
        if (best_of(i, index) > 0) {
          if (!input.explain.empty() && input.explain == spec.id && any(found.terms(i), rule.mention)) {
            out.trace.push_back(clauses[static_cast<size_t>(sentences[i].clause)].ref +
                                " -> names it, but decides another requirement\n    " + sentences[i].text);
          }
          continue;
        }
        // 「…再委託先の行為による損害についても、同様とする」 extends another sentence's rule: its matter
        // is that sentence's.
        if (std::any_of(extends.begin(), extends.end(),
                        [&](const std::string& w) { return sentences[i].text.find(w) != std::string::npos; })) {
          continue;
        }
        if (any(found.terms(i), rule.mention) && !any(found.terms(i), rule.exclude)) {
          Candidate c;
          const SentenceInfo& si = info_of(i);
          const bool released =
              si.modality == Modality::release ||
              std::any_of(si.segments.begin(), si.segments.end(),
                          [](const Segment& seg) { return seg.modality == Modality::release; });
          if (spec.kind != RuleKind::risk && (si.consent_waived || released)) {
            // The matter named and the party freed of it (「…を分ける必要はない」, 「承認を得ずに…できる」).
            c.status = Status::contradicted;
            c.reason = si.consent_waived ? tr("甲の承諾を要しないとしている", "the body's consent is waived")
                                         : tr("義務を免除している", "the duty is waived");
          } else {
            c.status = Status::weak;
            c.reason = tr("触れているが、内容が定められていない", "named, but what it requires is not stated");
          }
          c.sentence = i;
          c.unit = clauses[static_cast<size_t>(sentences[i].clause)].unit;
          cands.push_back(std::move(c));
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
      auto best = std::max_element(cands.begin(), cands.end(), [](const Candidate& x, const Candidate& y) {
        return rank(x.status) < rank(y.status);
      });
      if (best->status == Status::satisfied) {
        // A qualification by reference (「前項の規定は、…を妨げない」, 「ただし、これらは目標値であり…」)
        // that weakens what it names outweighs a satisfying clause.
        // (Only when what it names is a clause of this requirement: 「第2条に定める規定に違反したとき」
        // in a list of grounds for termination names the policy article, it qualifies nothing here.)
        const auto weakened = std::find_if(cands.begin(), cands.end(), [&](const Candidate& x) {
          if (x.status != Status::weak || !x.modifier) {
            return false;
          }
          // (「本規約の他の規定にかかわらず」 names no clause: it qualifies them all.)
          const std::vector<size_t> named = referenced(clauses, sentences, x.sentence);
          // (What it names may have been set aside on its own, 「本サービスの目標稼働率は、99.5%とする。」
          // binding nobody: by its own words it is still what the qualification is about.)
          return named.empty() || std::any_of(named.begin(), named.end(), [&](size_t j) {
            return about_sentence(index, j, Terms{}) ||
                   std::any_of(cands.begin(), cands.end(), [&](const Candidate& y) { return y.sentence == j; });
          });
        });
        if (weakened != cands.end()) {
          best = weakened;
        }
      }
      if (best->status == Status::satisfied) {
        // A hedged clause more about the requirement than any satisfying one is its main clause.
        int strong = 0;
        std::set<int> strong_units;
        for (const Candidate& x : cands) {
          if (x.status == Status::satisfied) {
            strong = std::max(strong, relevance(index, x.sentence));
            strong_units.insert(x.unit);
          }
        }
        // (So is an effort or a possibility in the very article that states it: 「…2時間以内に対応に
        // 着手する。復旧については、可能な限り早期に行うよう努める。」 holds the article only so far.)
        const auto softens_its_article = [&](const Candidate& x) {
          const SentenceInfo& si = info_of(x.sentence);
          return strong_units.contains(x.unit) && spec.kind == RuleKind::duty &&
                 (si.modality == Modality::effort || si.modality == Modality::possibility || si.principle ||
                  si.vendor_discretion);
        };
        // (A part named weak by the requirement's own phrase, 「主たる部分を…委託してはならない」, may be
        // completed by the other clauses; a condition on the act is not.)
        const auto by_phrase = [&](const Candidate& x) {
          const auto named = [&](const core::TermGroup& g) { return g.reason == x.reason; };
          return x.unclear || std::any_of(spec.weak.begin(), spec.weak.end(), named) ||
                 std::any_of(spec.elements.begin(), spec.elements.end(), named);
        };
        // (A duty on request beside an unconditional one of the same article adds to it: 「乙は、従事者を
        // 監督しなければならない。研修への参加を求められたときは、受講させなければならない。」)
        const auto adds_on_request = [&](const Candidate& x) {
          return x.on_request_only && strong_units.contains(x.unit);
        };
        const auto hedged = std::find_if(cands.begin(), cands.end(), [&](const Candidate& x) {
          return x.status == Status::weak && !by_phrase(x) && !adds_on_request(x) &&
                 (relevance(index, x.sentence) > strong || softens_its_article(x));
        });
        if (hedged != cands.end()) {
          best = hedged;
        }
      }
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
    for (size_t i = 0; i < n; ++i) {
      if (clauses[static_cast<size_t>(sentences[i].clause)].is_heading || !about_sentence(index, i, Terms{})) {
        continue;
      }
      if (specs[index].actor == Actor::body && info_of(i).actor == Actor::body) {
        continue;  // a duty the body takes on is not a vendor risk
      }
      core::RiskFinding r;
      r.id = specs[index].id;
      r.evidence = evidence_of(i);
      r.message = specs[index].contradicts.empty() ? specs[index].title : specs[index].contradicts[0].reason;
      // A risk clause is the opposite of what the requirements it names ask (自由な再委託 against
      // OUT-09): whatever else the document says of them, that clause contradicts them.
      // A clause that forbids the risk (「…学習用データその他の用途に供してはならない」) names it only to
      // rule it out.
      // (「…バックアップからの削除は保証しない」 is the risk itself: its own phrase is the negation.)
      const CompiledRule& risk_rule = rules[index];
      const Modality m = info_of(i).modality;
      const bool ruled_out =
          !any(found.terms(i), risk_rule.negative_topic) &&
          (m == Modality::prohibition || m == Modality::negative ||
           std::any_of(risk_rule.topic.begin(), risk_rule.topic.end(),
                       [&](const std::vector<int>& g) { return phrase_negated(sentences[i].text, g); }));
      for (core::Finding& f : out.findings) {
        const auto& against = specs[index].against;
        if (ruled_out) {
          break;
        }
        if (f.status == Status::contradicted || std::find(against.begin(), against.end(), f.id) == against.end()) {
          continue;
        }
        const auto spec_at = std::find_if(specs.begin(), specs.end(), [&](const core::RuleSpec& s) { return s.id == f.id; });
        const size_t linked = static_cast<size_t>(spec_at - specs.begin());
        // The requirement's own reading of the same clause knows its provisos (「…を上限とする。ただし、
        // 漏えいによる損害については、この限りでない」): it decides.
        if (spec_at != specs.end() && about_sentence(linked, i, heading_of(i))) {
          const std::optional<Candidate>& own = judged(linked, i);
          if (own && own->status != Status::contradicted) {
            continue;
          }
        }
        f.status = Status::contradicted;
        f.reason = specs[index].title + " (" + specs[index].id + ")";
        f.evidence.insert(f.evidence.begin(), r.evidence);
        f.evidence.resize(std::min<size_t>(f.evidence.size(), 3));
        if (spec_at != specs.end()) {
          f.suggestion = spec_at->suggestion;
        }
      }
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

namespace {
// A token that negates (ない, ん, ぬ, ず).
bool is_negation(const core::Token& k) {
  return (k.pos == core::Pos::auxiliary || k.pos == core::Pos::adjective) &&
         (k.lemma == "ない" || k.lemma == "ん" || k.lemma == "ぬ" || k.lemma == "ず");
}
}  // namespace

Expected<RuleSet> RuleSet::compile(std::vector<core::RuleSpec> specs, const core::Tokenizer& tokenizer,
                                   const Folder& fold) {
  auto impl = std::make_unique<Impl>();
  impl->tokenizer = &tokenizer;
  impl->fold = fold;
  for (const core::RuleSpec& s : specs) {
    CompiledRule r;
    for (const auto& group : s.topic) {
      r.topic.push_back(impl->terms(group));
      r.topic_ids.insert(r.topic_ids.end(), r.topic.back().begin(), r.topic.back().end());
      for (size_t k = 0; k < group.size(); ++k) {
        const std::vector<core::Token>& toks = impl->tokens_of_term(group[k]);
        r.topic_lemmas.push_back(lemma_string(toks));
        if (std::any_of(toks.begin(), toks.end(), is_negation)) {
          r.negative_topic.push_back(r.topic.back()[k]);
        }
      }
    }
    std::sort(r.topic_ids.begin(), r.topic_ids.end());
    r.forbid_ids = impl->terms(s.forbids);
    std::sort(r.forbid_ids.begin(), r.forbid_ids.end());
    for (const std::string& t : s.forbids) {
      r.forbid_lemmas.push_back(lemma_string(impl->tokens_of_term(t)));
    }
    r.exclude = impl->terms(s.exclude);
    r.mention = impl->terms(s.mention);
    for (const auto& g : s.elements) {
      r.elements.push_back(impl->terms(g.terms));
    }
    for (const auto& g : s.weak) {
      r.weak.push_back(impl->terms(g.terms));
      r.weak_unless.push_back(impl->terms(g.unless));
    }
    for (const auto& g : s.contradicts) {
      r.contradicts.push_back(impl->terms(g.terms));
      r.unless.push_back(impl->terms(g.unless));
      r.hedged_by.push_back(impl->terms(g.hedged_by));
      for (const std::string& t : g.terms) {
        // Only phrases naming a bad act (「移転することがある」) can be ruled out by a negation;
        // a phrase that is itself negative (「責任を負わない」) is the contradiction.
        const std::vector<core::Token>& toks = impl->tokens_of_term(t);
        // (So is one negative in its words, not its inflection: 「保証いたしかねます」「保証の限りでない」.)
        const std::vector<std::string>& denials = grammar_list("denial_words");
        const bool negative = std::any_of(toks.begin(), toks.end(), is_negation) ||
                              std::any_of(denials.begin(), denials.end(),
                                          [&](const std::string& w) { return t.find(w) != std::string::npos; });
        if (!negative) {
          r.contradict_lemmas.push_back(lemma_string(toks));
        }
      }
    }
    for (size_t g = 0; g < s.topic.size(); ++g) {
      std::vector<std::string> good;
      for (const std::string& term : s.topic[g]) {
        const std::string lemma = lemma_string(impl->tokens_of_term(term));
        if (std::none_of(r.contradict_lemmas.begin(), r.contradict_lemmas.end(),
                         [&](const std::string& c) { return c.find(lemma) != std::string::npos; })) {
          good.push_back(term);
        }
      }
      r.deniable.push_back(impl->terms(good));
    }

    impl->rules.push_back(std::move(r));
  }
  for (const std::string& a : impl->anchor_text) {
    impl->automaton.add(a);
  }
  impl->anchor_text = {};
  impl->term_tokens = {};
  impl->automaton.build();
  impl->topic_rules.assign(static_cast<size_t>(impl->term_count), {});
  const size_t words = (static_cast<size_t>(impl->term_count) + 63) / 64;
  for (const CompiledRule& r : impl->rules) {
    std::vector<uint64_t> bits(words, 0);
    auto add = [&](const std::vector<int>& ids) {
      for (const int id : ids) {
        bits[static_cast<size_t>(id) >> 6U] |= uint64_t{1} << (static_cast<size_t>(id) & 63U);
      }
    };
    for (const auto* groups :
         {&r.topic, &r.elements, &r.weak, &r.weak_unless, &r.contradicts, &r.unless, &r.hedged_by}) {
      for (const auto& g : *groups) {
        add(g);
      }
    }
    add(r.exclude);
    add(r.mention);
    add(r.forbid_ids);
    impl->rule_terms.push_back(std::move(bits));
  }
  std::map<std::string, int> family_ids;
  for (size_t r = 0; r < impl->rules.size(); ++r) {
    for (const auto& group : impl->rules[r].topic) {
      for (const int id : group) {
        auto& list = impl->topic_rules[static_cast<size_t>(id)];
        if (list.empty() || list.back() != r) {
          list.push_back(static_cast<uint16_t>(r));
        }
      }
    }
    impl->family_of.push_back(family_ids.emplace(specs[r].family, static_cast<int>(family_ids.size())).first->second);
  }
  impl->families = family_ids.size();
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
