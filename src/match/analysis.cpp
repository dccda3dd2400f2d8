#include "analysis.hpp"

#include <base/strings.hpp>
#include <base/word_table.hpp>

#include <algorithm>
#include <array>
#include <initializer_list>
#include <map>
#include <optional>
#include <stdexcept>

namespace keiyaku::embedded {
std::string_view grammar_tsv();
}

namespace keiyaku::match {

namespace {

using core::Actor;

bool has(std::string_view s, std::string_view needle) { return s.find(needle) != std::string_view::npos; }

// The grammar of dictionaries/grammar.tsv, read once: the endings and continuative forms with
// their modalities (longest first), and the phrase lists of the other categories.
struct Grammar {
  WordTable table{"dictionaries/grammar.tsv", embedded::grammar_tsv()};
  std::vector<std::pair<std::string, Modality>> endings;
  std::vector<std::pair<std::string, Modality>> clauses;
};

std::optional<Modality> modality_named(std::string_view name) {
  static constexpr std::array<std::pair<std::string_view, Modality>, 9> k_names = {{
      {"obligation", Modality::obligation}, {"prohibition", Modality::prohibition},
      {"permission", Modality::permission}, {"effort", Modality::effort},
      {"negative", Modality::negative}, {"possibility", Modality::possibility},
      {"release", Modality::release}, {"statement", Modality::statement},
      {"unknown", Modality::unknown},
  }};
  for (const auto& [n, m] : k_names) {
    if (n == name) {
      return m;
    }
  }
  return std::nullopt;
}

// The (phrase, modality) rows of an "ending" or "clause" category, longest phrase first.
std::vector<std::pair<std::string, Modality>> modality_rows(const WordTable& table, std::string_view category) {
  std::vector<std::pair<std::string, Modality>> rows;
  const std::vector<std::string>& words = table.list(category);
  const std::vector<std::string>& values = table.values(category);
  for (size_t i = 0; i < words.size(); ++i) {
    const std::optional<Modality> m = modality_named(values[i]);
    if (!m) {
      throw std::logic_error("dictionaries/grammar.tsv: " + std::string(category) + " " + words[i] +
                             ": unknown modality '" + values[i] + "'");
    }
    rows.emplace_back(words[i], *m);
  }
  std::stable_sort(rows.begin(), rows.end(), [](const auto& a, const auto& b) { return a.first.size() > b.first.size(); });
  return rows;
}

const Grammar& grammar() {
  static const Grammar g = [] {
    Grammar made;
    made.endings = modality_rows(made.table, "ending");
    made.clauses = modality_rows(made.table, "clause");
    return made;
  }();
  return g;
}

const std::vector<std::string>& list(std::string_view category) { return grammar().table.list(category); }

// Which pairs of adjacent characters a sentence has, hashed into 4096 bits. analyse() asks about a
// few hundred phrases per sentence and most are absent: a phrase with a pair the sentence lacks is
// absent without searching (a find() over Japanese text stops at nearly every character, since
// most characters share their first byte).
class CharPairs {
 public:
  explicit CharPairs(std::string_view s) {
    char32_t prev = 0;
    for (size_t i = 0; i < s.size();) {
      const char32_t cp = str::next_cp(s, i);
      if (prev != 0) {
        set(hash(prev, cp));
      }
      prev = cp;
    }
  }
  /// False when `w` cannot occur in the sentence; true when it may.
  bool may_contain(std::string_view w) const {
    char32_t prev = 0;
    for (size_t i = 0; i < w.size();) {
      const char32_t cp = str::next_cp(w, i);
      if (prev != 0 && !test(hash(prev, cp))) {
        return false;
      }
      prev = cp;
    }
    return true;
  }

 private:
  static uint32_t hash(char32_t a, char32_t b) {
    return ((static_cast<uint32_t>(a) * 0x9E3779B1U) ^ (static_cast<uint32_t>(b) * 0x85EBCA77U)) >> 20U;
  }
  void set(uint32_t h) { m_bits[h >> 6U] |= uint64_t{1} << (h & 63U); }
  bool test(uint32_t h) const { return ((m_bits[h >> 6U] >> (h & 63U)) & 1U) != 0; }
  std::array<uint64_t, 64> m_bits{};
};

// The sentence without its final 「。」, closing brackets and spaces.
std::string_view predicate_end(std::string_view s) {
  for (;;) {
    const size_t before = s.size();
    while (!s.empty() && (s.back() == ' ' || s.back() == '\n' || s.back() == ')' || s.back() == '.')) {
      s.remove_suffix(1);
    }
    for (std::string_view t : {"。", "」", "．", "、", "）"}) {
      if (s.ends_with(t)) {
        s.remove_suffix(t.size());
      }
    }
    if (s.size() == before) {
      return s;
    }
  }
}

// Strips a trailing 「。ただし…」 that was not split off (e.g. after a closing bracket).
std::string_view main_part(std::string_view s) {
  const size_t t = s.find("ただし、");
  if (t != std::string_view::npos && t > 0) {
    return s.substr(0, t);
  }
  return s;
}

// The last few characters of a clause, to name an ending the grammar does not know.
std::string last_words(std::string_view s, size_t chars) {
  size_t i = s.size();
  for (size_t n = 0; n < chars && i > 0; ++n) {
    do {
      --i;
    } while (i > 0 && (static_cast<unsigned char>(s[i]) & 0xC0U) == 0x80U);
  }
  return std::string(s.substr(i));
}

// Which party is named last before `pos` (within `window` bytes): 「甲の承諾」. With `marks`, only a
// party followed by one of them counts: for a consent, the one that owns or gives it (「乙の承諾」
// 「乙が承諾」「乙から承諾」), not the one that receives it (「乙は、指示を受けたときは」).
Actor party_before(std::string_view s, size_t pos, const core::Parties& parties, size_t window,
                   std::initializer_list<std::string_view> marks = {}) {
  const size_t from = pos > window ? pos - window : 0;
  Actor found = Actor::unknown;
  for (size_t i = from; i < pos; ++i) {
    if ((static_cast<unsigned char>(s[i]) & 0xC0U) == 0x80U) {
      continue;
    }
    const core::PartyMatch m = core::party_at(parties, s, i);
    if (m.actor != Actor::unknown && i + m.length <= pos) {
      const std::string_view after = s.substr(i + m.length);
      if (marks.size() == 0 ||
          std::any_of(marks.begin(), marks.end(), [&](std::string_view k) { return after.starts_with(k); })) {
        found = m.actor;
      }
      i += m.length - 1;
    }
  }
  return found;
}

// The party that judges at `pos`: the last one before it marked as a subject (「乙が」「受託者は」
// 「乙において」「乙の判断」), not one named as a recipient (「甲に報告するか否かを決定する」).
Actor judge_before(std::string_view s, size_t pos, const core::Parties& parties) {
  const size_t from = pos > 75 ? pos - 75 : 0;
  Actor found = Actor::unknown;
  for (size_t i = from; i < pos; ++i) {
    if ((static_cast<unsigned char>(s[i]) & 0xC0U) == 0x80U) {
      continue;
    }
    const core::PartyMatch m = core::party_at(parties, s, i);
    if (m.actor == Actor::unknown || i + m.length > pos) {
      continue;
    }
    const std::string_view after = s.substr(i + m.length);
    for (std::string_view mark : {"が", "は", "において", "にて", "の"}) {
      if (after.starts_with(mark)) {
        // (「乙の判断により」 is 乙's judgement; 「乙の対策が不十分であると認める」 is not: 乙's
        // measures are what is judged, by whoever is the subject.)
        const std::string_view between = s.substr(i + m.length + mark.size(), pos - (i + m.length + mark.size()));
        if (mark == "の" && (between.find("が") != std::string_view::npos || between.find("は") != std::string_view::npos)) {
          break;
        }
        found = m.actor;
        break;
      }
    }
    i += m.length - 1;
  }
  return found;
}

// A party named at s[i], with what is joined to it: 「甲及び乙」 (both), 「乙及び再委託先」 (the
// vendor), 「受託者及びその従事者」 (the vendor). `end` is the byte after the phrase.
struct PartyPhrase {
  Actor actor = Actor::unknown;
  size_t end = 0;
};

PartyPhrase party_phrase(std::string_view s, size_t i, const core::Parties& parties) {
  const core::PartyMatch m = core::party_at(parties, s, i);
  if (m.actor == Actor::unknown) {
    return {};
  }
  PartyPhrase p{m.actor, i + m.length};
  for (std::string_view conj : {"及び", "並びに", "又は", "と"}) {
    if (!s.substr(p.end).starts_with(conj)) {
      continue;
    }
    const core::PartyMatch m2 = core::party_at(parties, s, p.end + conj.size());
    if (m2.actor != Actor::unknown) {
      if (m2.actor != p.actor) {
        p.actor = (p.actor == Actor::vendor && m2.actor == Actor::subcontractor) ? Actor::vendor : Actor::both;
      }
      p.end += conj.size() + m2.length;
    } else {
      bool joined = false;
      for (const std::string& own : list("own_people")) {
        if (s.substr(p.end + conj.size()).starts_with(own)) {
          p.end += conj.size() + own.size();
          joined = true;
          break;
        }
      }
      // 「受注者とこの業務で働く人は」: the party's people described in words of the contract's own, up
      // to the topic (no comma between, a word for people before は).
      if (!joined) {
        const std::string_view after = s.substr(p.end + conj.size());
        const size_t topic = after.find("は");
        if (topic != std::string_view::npos && topic <= 30 && after.substr(0, topic).find("、") == std::string_view::npos) {
          const std::string_view who = after.substr(0, topic);
          const std::vector<std::string>& people = list("people_word");
          if (std::any_of(people.begin(), people.end(), [&](const std::string& w) { return who.ends_with(w); })) {
            p.end += conj.size() + topic;
          }
        }
      }
    }
  }
  return p;
}

// The clauses of a sentence: split after the continuative forms of grammar "clause" rows.
std::vector<Segment> split_clauses(std::string_view s) {
  std::vector<Segment> out;
  const Grammar& g = grammar();
  const std::vector<std::string>& keep = list("noclause");
  size_t begin = 0;
  for (size_t p = s.find("、"); p != std::string_view::npos; p = s.find("、", p + 1)) {
    const size_t end = p + std::string_view("、").size();
    if (end >= s.size()) {
      break;
    }
    const std::string_view upto = s.substr(begin, end - begin);
    for (const auto& [mark, modality] : g.clauses) {
      if (!upto.ends_with(mark)) {
        continue;
      }
      const std::string_view before = upto.substr(0, upto.size() - std::string_view("、").size());
      const bool condition = std::any_of(keep.begin(), keep.end(),
                                         [&](const std::string& k) { return before.ends_with(k); });
      if (!condition) {
        out.push_back({begin, end, modality, mark.substr(0, mark.size() - std::string_view("、").size())});
        begin = end;
      }
      break;
    }
  }
  return out;
}

}  // namespace

const std::vector<std::string>& grammar_list(std::string_view category) { return list(category); }

std::string_view clause_end(std::string_view clause) { return predicate_end(clause); }

const char* modality_name(Modality modality) {
  switch (modality) {
    case Modality::obligation: return "obligation";
    case Modality::prohibition: return "prohibition";
    case Modality::permission: return "permission";
    case Modality::effort: return "effort";
    case Modality::negative: return "negative";
    case Modality::possibility: return "possibility";
    case Modality::release: return "release";
    case Modality::statement: return "statement";
    case Modality::unknown: return "unknown";
  }
  return "unknown";
}

bool binds(Modality modality) {
  return modality == Modality::obligation || modality == Modality::prohibition;
}

Modality modality_of_ending(std::string_view clause, std::string* ending) {
  const std::string_view end = predicate_end(clause);
  for (const auto& [words, modality] : grammar().endings) {
    if (end.ends_with(words)) {
      if (ending != nullptr) {
        *ending = words;
      }
      return modality;
    }
  }
  if (ending != nullptr) {
    *ending = last_words(end, 6);
  }
  return Modality::unknown;
}

ExceptionBy exception_controller(std::string_view text, const core::Parties& parties) {
  // The worst controller wins: 「法令に基づく場合及び乙が正当な理由があると認める場合」 is the vendor's.
  // A judgement reserved to a party, or an exception nobody controls (正当な理由, やむを得ない).
  auto judged = [&](std::string_view d) -> std::optional<ExceptionBy> {
    const size_t pos = text.find(d);
    if (pos == std::string_view::npos) {
      return std::nullopt;
    }
    return judge_before(text, pos, parties) == Actor::body ? ExceptionBy::body : ExceptionBy::vendor;
  };
  std::optional<ExceptionBy> judgement;
  for (const char* category : {"judgement", "reason"}) {
    for (const std::string& d : list(category)) {
      if (auto by = judged(d)) {
        if (*by == ExceptionBy::vendor) {
          return ExceptionBy::vendor;
        }
        judgement = judgement.value_or(*by);
      }
    }
  }
  for (const std::string& w : list("law")) {
    if (has(text, w)) {
      return ExceptionBy::law;
    }
  }
  for (const std::string& c : list("consent")) {
    size_t pos = text.find(c);
    while (pos != std::string_view::npos) {
      const Actor who = party_before(text, pos, parties, 30);
      if (who == Actor::body || who == Actor::unknown) {
        return ExceptionBy::body;
      }
      pos = text.find(c, pos + c.size());
    }
  }
  // An exception written out as a plain case (「納入のために運搬する場合」) leaves nobody a choice.
  return judgement.value_or(ExceptionBy::none);
}

SentenceInfo analyse(std::string_view sentence, std::string_view next, const core::Parties& parties) {
  SentenceInfo info;
  const std::string_view s = main_part(sentence);
  const CharPairs pairs(s);
  const auto has_s = [&](std::string_view w) { return pairs.may_contain(w) && has(s, w); };
  const auto any_of = [&](std::string_view category) {
    const std::vector<std::string>& words = list(category);
    return std::any_of(words.begin(), words.end(), [&](const std::string& w) { return has_s(w); });
  };
  // Actor: the first 「Xは」 whose X is a party name (「甲及び乙は」, 「受託者及びその従事者は」).
  for (size_t i = 0; i < s.size(); ++i) {
    if ((static_cast<unsigned char>(s[i]) & 0xC0U) == 0x80U) {
      continue;
    }
    const PartyPhrase p = party_phrase(s, i, parties);
    if (p.actor == Actor::unknown) {
      continue;
    }
    // (「受託者も本業務に従事する者も、…開示してはならず」: も marks the subject as は does.)
    if (s.substr(p.end).starts_with("は") || s.substr(p.end).starts_with("も")) {
      info.actor = p.actor;
      break;
    }
    i = p.end - 1;
  }
  if (info.actor == Actor::unknown) {
    // 「乙の賠償責任は、…」, 「本市による立入りは、…」: the party whose duty, liability or act the
    // topic is.
    // (Not 「市の承諾なしに…複製することは、禁止する」: a topic with its own object or complement is an
    // act, and the party named first only a condition of it.)
    const core::PartyMatch m = core::party_at(parties, s, 0);
    const std::string_view after = s.substr(m.length);
    if (m.actor != Actor::unknown && (after.starts_with("の") || after.starts_with("による"))) {
      const size_t topic = s.find("は、");
      const size_t from = m.length + (after.starts_with("の") ? std::string_view("の").size() : std::string_view("による").size());
      const std::string_view noun = topic != std::string_view::npos && topic > from ? s.substr(from, topic - from) : std::string_view();
      if (topic != std::string_view::npos && topic < 90 && !has(noun, "を") && !has(noun, "に") && !has(noun, "、")) {
        info.actor = m.actor;
      }
    }
  }
  info.segments = split_clauses(s);
  // 「市は、…を事業者に開示し、事業者は、これに従って…行わなければならない。」: the vendor's clause after
  // the body's starts a clause of its own, whatever verb form ends the one before it. (The other way
  // round, 「乙は、…是正し、是正されないときは、甲は…解除できる」, is read below.)
  if (info.actor == Actor::body) {
    const std::string_view comma = "、";
    for (size_t p = s.find(comma); p != std::string_view::npos; p = s.find(comma, p + 1)) {
      const size_t after = p + comma.size();
      const PartyPhrase other = party_phrase(s, after, parties);
      if (other.actor == Actor::unknown || other.actor == info.actor || !s.substr(other.end).starts_with("は")) {
        continue;
      }
      const size_t from = info.segments.empty() ? 0 : info.segments.back().end;
      if (after > from) {
        info.segments.push_back({from, after, Modality::obligation, ""});
      }
    }
  }
  const std::string_view last = info.segments.empty() ? s : s.substr(info.segments.back().end);
  if (!info.segments.empty()) {
    const size_t offset = info.segments.back().end;
    for (size_t i = offset; i < s.size(); ++i) {
      if ((static_cast<unsigned char>(s[i]) & 0xC0U) == 0x80U) {
        continue;
      }
      const PartyPhrase p = party_phrase(s, i, parties);
      if (p.actor == Actor::unknown) {
        continue;
      }
      if (s.substr(p.end).starts_with("は") && p.actor != info.actor) {
        info.last_actor = p.actor;
      }
      break;
    }
  }
  info.modality = modality_of_ending(last, &info.ending);
  if (info.modality == Modality::obligation || info.modality == Modality::statement ||
      info.modality == Modality::unknown) {
    const std::vector<std::string>& effort = list("effort");
    if (std::any_of(effort.begin(), effort.end(), [&](const std::string& w) { return has(last, w); })) {
      info.modality = Modality::effort;
    }
  }
  const std::string_view end = predicate_end(s);
  if (info.actor == Actor::unknown) {
    // 仕様書: 「…を行うこと。」 binds the vendor even under a topic (「本システムは、…運用すること。」);
    // 「…ものとする」 does so only when the sentence has no topic of its own
    // (「この特記事項は、…定めるものとする。」 binds nobody).
    info.implicit_actor = true;
    const bool topic = has_s("は、") || has_s("は,");
    // A ban that names no party (「…を他の事業者に委ねることは、これを禁ずる。」, 「本件業務で取り扱う情報
    // は、…第三者への提供も認めない。」) is laid on the one who handles the work, as 「…してはならない」 is.
    const bool act_banned = info.modality == Modality::prohibition;
    // So is a leave given in the same impersonal way (「…私有の端末から行って差し支えない」).
    const bool act_allowed = info.modality == Modality::permission &&
                             (end.ends_with("差し支えない") || end.ends_with("差し支えありません") ||
                              end.ends_with("構わない") || end.ends_with("構いません"));
    // In a provider's terms an act promised in its own voice (「…あらかじめお知らせします」) is its own;
    // not where the main clause has a subject of its own (「…場合は、本約款の定めが優先します」).
    const size_t comma = end.rfind("、");
    const std::string_view main_clause = comma == std::string_view::npos ? end : end.substr(comma);
    // (A promise not to, 「…日本国外に移転しません」, too; not 「…必要はありません」, which frees.)
    const bool promised = (end.ends_with("します") || end.ends_with("いたします") || end.ends_with("致します") ||
                           (end.ends_with("ません") && !end.ends_with("ありません"))) &&
                          !has(main_clause, "が") && !has(main_clause, "は");
    if (end.ends_with("こと") || end.ends_with("なければならない") || end.ends_with("てはならない") ||
        end.ends_with("なければなりません") || end.ends_with("てはなりません") || act_banned || act_allowed || promised ||
        (!topic && (end.ends_with("ものとする") || end.ends_with("ものとします")))) {
      info.actor = Actor::vendor;
    }
  }
  if (info.actor == Actor::unknown) {
    Actor conditioned = Actor::unknown;  // the vendor as the subject of a condition (「受注者が…ときは」)
    // No topic: the agent is the party marked by が (or において) outside a condition (「前項の規定は、
    // 乙が…複製することを妨げない」, 「事故の公表は、甲と乙が連名で行う」), the last one whose clause is
    // not a 「…場合」「…とき」.
    for (size_t i = 0; i < s.size(); ++i) {
      if ((static_cast<unsigned char>(s[i]) & 0xC0U) == 0x80U) {
        continue;
      }
      const PartyPhrase p = party_phrase(s, i, parties);
      if (p.actor == Actor::unknown) {
        continue;
      }
      const std::string_view rest = s.substr(p.end);
      // (「…パスワードは、受注者において管理する」: the party at whose hands it is done.)
      const bool agent = rest.starts_with("が") || rest.starts_with("において") || rest.starts_with("にて");
      if (agent && !has(rest, "場合") && !has(rest, "とき")) {
        info.actor = p.actor;
        info.agent_only = true;
      } else if (rest.starts_with("が") && p.actor == Actor::vendor && conditioned == Actor::unknown) {
        conditioned = p.actor;
      }
      i = p.end - 1;
    }
    // 「受注者がこの業務をほかの会社に任せたいときは、まず書面で町に申し込み、町の承認を受けます。」: no
    // topic, and the vendor is the subject of the condition: the main clause is the vendor's too.
    if (info.actor == Actor::unknown && conditioned == Actor::vendor && binds(info.modality)) {
      info.actor = conditioned;
      info.implicit_actor = true;
    }
  }
  // 「利用者データは、…国内のデータセンターに保管されるものとする」: a rule on the work's own matter, under
  // a topic that names no party and not the document itself (「この特記事項は、…定めるものとする」), binds
  // the one who does the work, as a 「…ものとする」 with no topic does.
  // (A state taken as given, 「本サービスは、…登録されているものとする」, is no one's act.)
  const bool stative = end.ends_with("ているものとする") || end.ends_with("ているものとします") ||
                       end.ends_with("であるものとする") || end.ends_with("であるものとします");
  if (info.actor == Actor::unknown && info.modality == Modality::obligation && !stative &&
      (end.ends_with("ものとする") || end.ends_with("ものとします") || end.ends_with("こととする") ||
       end.ends_with("こととします"))) {
    const size_t theme = s.find("は、");
    if (theme != std::string_view::npos) {
      const std::string_view topic_text = s.substr(0, theme);
      const std::vector<std::string>& documents = list("document_topic");
      bool named = std::any_of(documents.begin(), documents.end(),
                               [&](const std::string& d) { return has(topic_text, d); });
      for (size_t i = 0; i < topic_text.size() && !named; ++i) {
        if ((static_cast<unsigned char>(topic_text[i]) & 0xC0U) == 0x80U) {
          continue;
        }
        named = party_phrase(topic_text, i, parties).actor != Actor::unknown;
      }
      if (!named) {
        info.actor = Actor::vendor;
        info.implicit_actor = true;
      }
    }
  }
  // 「乙は、是正計画を提出して是正し、是正されないときは、甲は契約を解除できる。」: the permission at the
  // end is the body's right; what the vendor does before it is stated as its plain duty.
  if (info.actor == Actor::vendor && info.modality == Modality::permission && info.segments.empty()) {
    const size_t last_comma = s.rfind("、");
    if (last_comma != std::string_view::npos) {
      const std::string_view tail = s.substr(last_comma + std::string_view("、").size());
      for (size_t i = 0; i < tail.size(); ++i) {
        if ((static_cast<unsigned char>(tail[i]) & 0xC0U) == 0x80U) {
          continue;
        }
        const PartyPhrase p = party_phrase(tail, i, parties);
        if (p.actor == Actor::body && tail.substr(p.end).starts_with("は")) {
          info.modality = Modality::obligation;
          break;
        }
        if (p.actor != Actor::unknown) {
          i = p.end - 1;
        }
      }
    }
  }
  // 「秘密は、受託者が他に漏らしてはならない」: the party a ban is laid on, marked by が under a topic
  // that is the banned act's object, is the one bound.
  if (info.agent_only && info.modality == Modality::prohibition) {
    info.agent_only = false;
  }
  // 「…暗号化等の措置は要しない。」 with nobody named: what a contract releases is the vendor's part (the
  // body owes nothing there); like an agent, it can weaken or contradict, never satisfy.
  // So is a target set with nobody named (「入力の誤り率は、0.01パーセント以下を目標とする。」): the
  // level is the vendor's to reach, and an effort can only weaken.
  if (info.actor == Actor::unknown && info.modality == Modality::effort) {
    info.actor = Actor::vendor;
    info.agent_only = true;
  }
  if (info.actor == Actor::unknown && info.modality == Modality::release) {
    info.actor = Actor::vendor;
    info.agent_only = true;
  }
  // Conditions.
  info.on_request = any_of("request");
  const std::vector<std::string>& widening = list("judgement_widens");
  for (const std::string& d : list("judgement")) {
    size_t pos = pairs.may_contain(d) ? s.find(d) : std::string_view::npos;
    // 「…漏えいのおそれがあると認めたときは」 widens the duty to suspicions; the vendor chooses nothing.
    const auto widens = [&](size_t at) {
      std::string_view before = s.substr(0, at);
      if (before.ends_with("と")) {
        before.remove_suffix(std::string_view("と").size());
      }
      return std::any_of(widening.begin(), widening.end(), [&](const std::string& w) { return before.ends_with(w); });
    };
    while (pos != std::string_view::npos && widens(pos)) {
      pos = s.find(d, pos + d.size());
    }
    if (pos != std::string_view::npos) {
      const Actor who = judge_before(s, pos, parties);
      if (who == Actor::body) {
        info.body_discretion = true;
      } else if (who == Actor::vendor || who == Actor::subcontractor ||
                 (who == Actor::unknown && info.actor != Actor::body)) {
        info.vendor_discretion = true;
        // 「…については、乙の判断により省略することができる」: no party is the subject, but the
        // vendor decides; like an agent marked by が, it can weaken or contradict, never satisfy.
        if (info.actor == Actor::unknown && who != Actor::unknown) {
          info.actor = who;
          info.agent_only = true;
        }
      }
    }
  }
  info.principle = any_of("principle");
  info.feasible = any_of("feasible");
  info.softened = info.principle || info.feasible || any_of("soft");
  info.narrowed = any_of("narrow");
  info.work_need = any_of("need");
  info.equivalent = any_of("equivalent");
  info.consult = any_of("consult");
  bool without_consent = any_of("waived");
  for (const std::string& c : list("consent")) {
    size_t pos = pairs.may_contain(c) ? s.find(c) : std::string_view::npos;
    while (pos != std::string_view::npos) {
      const std::string_view after = s.substr(pos + c.size());
      const std::vector<std::string>& waivers = list("waiver");
      const bool waived = std::any_of(waivers.begin(), waivers.end(),
                                      [&](const std::string& w) { return after.starts_with(w); });
      const Actor who = party_before(s, pos, parties, 30);
      if (waived) {
        without_consent = true;
      } else if (who == Actor::vendor && info.actor == Actor::body &&
                 party_before(s, pos, parties, 30, {"の", "が", "から", "より"}) == Actor::vendor) {
        info.vendor_consent = true;
      } else if (who == Actor::body || (who == Actor::unknown && info.actor != Actor::body)) {
        info.body_consent = true;
      }
      pos = s.find(c, pos + c.size());
    }
  }
  // Notice waived the same way (予告なく, 通知せずに, 知らせることなく): the body is not even told.
  for (const std::string& c : list("notice")) {
    size_t pos = without_consent || !pairs.may_contain(c) ? std::string_view::npos : s.find(c);
    while (pos != std::string_view::npos && !without_consent) {
      const std::string_view after = s.substr(pos + c.size());
      const std::vector<std::string>& waivers = list("notice_waiver");
      without_consent = std::any_of(waivers.begin(), waivers.end(), [&](const std::string& w) { return after.starts_with(w); });
      pos = s.find(c, pos + c.size());
    }
  }
  // 「甲の承諾なく…してはならない」 is a prohibition with consent as its exception, not a waiver.
  if (without_consent) {
    if (info.modality == Modality::prohibition || info.modality == Modality::negative) {
      info.body_consent = true;
    } else {
      info.consent_waived = true;
    }
  }
  info.notice = any_of("notice");
  info.notice_suffices = info.notice && any_of("notice_suffices");
  // Exceptions: 「…を除き」 inside the sentence, 「ただし、…この限りでない」 in it or the next one.
  const size_t except = s.find("除き");
  if (except != std::string_view::npos) {
    info.exception = exception_controller(s.substr(0, except), parties);
  }
  const size_t tadashi = sentence.find("ただし");
  std::string_view proviso;
  if (tadashi != std::string_view::npos && tadashi > 0) {
    proviso = sentence.substr(tadashi);
  } else if (next.starts_with("ただし") || next.starts_with("但し")) {
    proviso = next;
  }
  const std::vector<std::string>& carves = list("proviso");
  if (!proviso.empty() &&
      std::any_of(carves.begin(), carves.end(), [&](const std::string& w) { return has(proviso, w); })) {
    const ExceptionBy by = exception_controller(proviso, parties);
    if (info.exception == ExceptionBy::none || by == ExceptionBy::vendor) {
      info.exception = by;
    }
  }
  if (info.exception == ExceptionBy::body) {
    info.body_consent = true;
  }
  return info;
}

}  // namespace keiyaku::match
