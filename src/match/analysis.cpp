#include "analysis.hpp"

#include <base/strings.hpp>

#include <array>
#include <optional>

namespace keiyaku::match {

namespace {

using core::Actor;

bool has(std::string_view s, std::string_view needle) { return s.find(needle) != std::string_view::npos; }

// Which pairs of adjacent characters a sentence has, hashed into 4096 bits. analyse() asks about a
// hundred phrases per sentence and most are absent: a phrase with a pair the sentence lacks is
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

template <size_t N>
bool has_any(std::string_view s, const std::array<std::string_view, N>& needles) {
  for (std::string_view n : needles) {
    if (has(s, n)) {
      return true;
    }
  }
  return false;
}

bool ends_with_any(std::string_view s, std::initializer_list<std::string_view> tails) {
  for (std::string_view t : tails) {
    if (s.ends_with(t)) {
      return true;
    }
  }
  return false;
}

// The sentence without its final 「。」, closing brackets and spaces.
std::string_view predicate_end(std::string_view s) {
  for (;;) {
    const size_t before = s.size();
    while (!s.empty() && (s.back() == ' ' || s.back() == '\n' || s.back() == ')')) {
      s.remove_suffix(1);
    }
    for (std::string_view t : {"。", "」", "．", "、"}) {
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

// Phrases by which a party reserves a decision to its own judgement (乙が必要と認める場合).
constexpr std::array<std::string_view, 12> k_judgement = {
    "必要と認め", "必要と判断", "必要があると認め", "重大と判断", "重大であると判断", "適当と認め",
    "適切と判断", "適当と判断", "判断により", "判断で", "裁量", "任意"};

constexpr std::array<std::string_view, 10> k_consent = {"承諾", "承認", "許可", "許諾", "同意",
                                                        "了承", "了解", "指示を受け", "合意", "認可"};

// Which party is named just before `pos` (within a few characters): 「乙が必要と認める」.
Actor party_before(std::string_view s, size_t pos, const core::Parties& parties, size_t window) {
  const size_t from = pos > window ? pos - window : 0;
  Actor found = Actor::unknown;
  for (size_t i = from; i < pos; ++i) {
    if ((static_cast<unsigned char>(s[i]) & 0xC0U) == 0x80U) {
      continue;
    }
    const core::PartyMatch m = core::party_at(parties, s, i);
    if (m.actor != Actor::unknown && i + m.length <= pos) {
      found = m.actor;
      i += m.length - 1;
    }
  }
  return found;
}

Modality modality_of(std::string_view end) {
  if (has_any(end.substr(end.size() > 45 ? end.size() - 45 : 0),
              std::array<std::string_view, 9>{"努め", "努力", "配慮", "留意", "尊重", "望ましい",
                                              "心掛け", "心がけ", "ベストエフォート"})) {
    return Modality::effort;
  }
  if (ends_with_any(end, {"なければならない", "なくてはならない", "なければなりません",
                          "義務を負う", "義務を負うものとする", "責任を負う", "責任を負うものとする",
                          "責を負う", "責めを負う"})) {
    return Modality::obligation;
  }
  if (ends_with_any(end, {"てはならない", "ではならない", "てはなりません", "ではなりません",
                          "てはいけない", "禁止する", "禁止とする", "禁止します", "禁ずる", "禁じる",
                          "禁止されている", "行わせない", "させない"})) {
    return Modality::prohibition;
  }
  if (ends_with_any(end, {"ことはできない", "ことができない", "ことはできません", "ことができません"})) {
    return Modality::prohibition;
  }
  if (ends_with_any(end, {"ことができる", "ことができます", "ことができるものとする",
                          "ことができるものとします", "差し支えない", "妨げない", "ことがある",
                          "ことがあります", "場合がある", "場合があります", "ものとみなす",
                          "ものとみなします", "得る"})) {
    return Modality::permission;
  }
  if (ends_with_any(end, {"ないこと", "ないようにすること", "ないようにしなければならない"})) {
    return Modality::prohibition;
  }
  if (ends_with_any(end, {"ない", "ません", "ず", "ないものとする", "ないものとします"})) {
    return Modality::negative;
  }
  return Modality::obligation;
}

}  // namespace

const char* modality_name(Modality modality) {
  switch (modality) {
    case Modality::obligation: return "obligation";
    case Modality::prohibition: return "prohibition";
    case Modality::permission: return "permission";
    case Modality::effort: return "effort";
    case Modality::negative: return "negative";
  }
  return "obligation";
}

ExceptionBy exception_controller(std::string_view text, const core::Parties& parties) {
  if (has(text, "法令") || has(text, "法律") || has(text, "裁判所") || has(text, "官公署") ||
      has(text, "令状")) {
    return ExceptionBy::law;
  }
  for (std::string_view c : k_consent) {
    size_t pos = text.find(c);
    while (pos != std::string_view::npos) {
      const Actor who = party_before(text, pos, parties, 30);
      if (who == Actor::body || who == Actor::unknown) {
        return ExceptionBy::body;
      }
      pos = text.find(c, pos + c.size());
    }
  }
  // A judgement reserved to a party, or an exception nobody controls (正当な理由, やむを得ない).
  auto judged = [&](std::string_view d) -> std::optional<ExceptionBy> {
    const size_t pos = text.find(d);
    if (pos == std::string_view::npos) {
      return std::nullopt;
    }
    return party_before(text, pos, parties, 30) == Actor::body ? ExceptionBy::body : ExceptionBy::vendor;
  };
  for (std::string_view d : k_judgement) {
    if (auto by = judged(d)) {
      return *by;
    }
  }
  for (std::string_view d : {"必要な場合", "やむを得ない", "正当な理由", "業務上必要"}) {
    if (auto by = judged(d)) {
      return *by;
    }
  }
  return ExceptionBy::other;
}

SentenceInfo analyse(std::string_view sentence, std::string_view next, const core::Parties& parties) {
  SentenceInfo info;
  const std::string_view s = main_part(sentence);
  const CharPairs pairs(s);
  const auto has_s = [&](std::string_view w) { return pairs.may_contain(w) && has(s, w); };
  // Actor: the first 「Xは」 whose X is a party name; else 「Xが」 at the start.
  for (size_t i = 0; i < s.size(); ++i) {
    if ((static_cast<unsigned char>(s[i]) & 0xC0U) == 0x80U) {
      continue;
    }
    const core::PartyMatch m = core::party_at(parties, s, i);
    if (m.actor == Actor::unknown) {
      continue;
    }
    // the name must not be the tail of a longer word (「市」 in 「都市」 is excluded by the lists)
    size_t j = i + m.length;
    Actor actor = m.actor;
    // 「甲及び乙は」「乙及び乙の従事者は」
    for (std::string_view conj : {"及び", "並びに", "又は", "と"}) {
      if (s.substr(j).starts_with(conj)) {
        const core::PartyMatch m2 = core::party_at(parties, s, j + conj.size());
        if (m2.actor != Actor::unknown) {
          if (m2.actor != actor) {
            actor = (actor == Actor::vendor && m2.actor == Actor::subcontractor) ? Actor::vendor
                                                                                : Actor::both;
          }
          j += conj.size() + m2.length;
        }
      }
    }
    if (s.substr(j).starts_with("は")) {
      info.actor = actor;
      break;
    }
    i = j - 1;
  }
  if (info.actor == Actor::unknown) {
    // 「乙の賠償責任は、…」, 「本市による立入りは、…」: the party whose duty, liability or act the
    // topic is.
    const core::PartyMatch m = core::party_at(parties, s, 0);
    const std::string_view after = s.substr(m.length);
    if (m.actor != Actor::unknown && (after.starts_with("の") || after.starts_with("による"))) {
      const size_t topic = s.find("は、");
      if (topic != std::string_view::npos && topic < 90) {
        info.actor = m.actor;
      }
    }
  }
  const std::string_view end = predicate_end(s);
  info.modality = modality_of(end);
  if (info.actor == Actor::unknown) {
    // 仕様書: 「…を行うこと。」 binds the vendor even under a topic (「本システムは、…運用すること。」);
    // 「…ものとする」 does so only when the sentence has no topic of its own
    // (「この特記事項は、…定めるものとする。」 binds nobody).
    info.implicit_actor = true;
    const bool topic = has_s("は、") || has_s("は,");
    if (ends_with_any(end, {"こと", "なければならない", "てはならない"}) ||
        (!topic && ends_with_any(end, {"ものとする", "ものとします"}))) {
      info.actor = Actor::vendor;
    }
  }
  // Conditions.
  for (std::string_view r : {"求めた場合", "求めたとき", "求められた場合", "求められたとき",
                             "求めに応じ", "求めがあった", "求めがある", "要求があった", "要求した場合",
                             "請求があった", "要請があった", "要請に応じ", "要求に応じ", "依頼があった",
                             "求める場合", "求めるとき"}) {
    if (has_s(r)) {
      info.on_request = true;
    }
  }
  for (std::string_view d : k_judgement) {
    const size_t pos = pairs.may_contain(d) ? s.find(d) : std::string_view::npos;
    if (pos != std::string_view::npos) {
      const Actor who = party_before(s, pos, parties, 24);
      if (who == Actor::body) {
        info.body_discretion = true;
      } else if (who == Actor::vendor || (who == Actor::unknown && info.actor == Actor::vendor)) {
        info.vendor_discretion = true;
      }
    }
  }
  for (std::string_view w : {"原則として", "原則、"}) {
    if (has_s(w)) {
      info.softened = true;
      info.principle = true;
    }
  }
  for (std::string_view w : {"可能な限り", "できる限り", "できるだけ", "可能な範囲", "合理的な範囲",
                             "必要に応じ", "適宜", "なるべく", "極力", "ベストエフォート"}) {
    if (has_s(w)) {
      info.softened = true;
    }
  }
  info.consult = has_s("協議の上") || has_s("協議のうえ") || has_s("協議して") ||
                 has_s("協議により") || has_s("協議に基づき");
  for (std::string_view c : k_consent) {
    size_t pos = pairs.may_contain(c) ? s.find(c) : std::string_view::npos;
    while (pos != std::string_view::npos) {
      const Actor who = party_before(s, pos, parties, 30);
      if (who == Actor::vendor && info.actor == Actor::body) {
        info.vendor_consent = true;
      } else if (who == Actor::body || (who == Actor::unknown && info.actor != Actor::body)) {
        info.body_consent = true;
      }
      pos = s.find(c, pos + c.size());
    }
  }
  bool without_consent = false;
  for (std::string_view w : {"承諾を得ることなく", "承認を得ることなく", "同意を得ることなく", "承諾なしに",
                             "承諾を得ずに", "承諾を得ないで", "承認を得ないで", "同意なく", "同意を得ずに",
                             "承諾なく", "承認なく", "許可なく", "通知することなく", "予告なく",
                             "事前の通知なく"}) {
    without_consent = without_consent || has_s(w);
  }
  // 「甲の承諾なく…してはならない」 is a prohibition with consent as its exception, not a waiver.
  if (without_consent) {
    if (info.modality == Modality::prohibition || info.modality == Modality::negative) {
      info.body_consent = true;
    } else {
      info.consent_waived = true;
    }
  }
  for (std::string_view w : {"承諾を要しない", "承認を要しない", "同意を要しない", "許可を要しない",
                             "承諾を必要としない", "同意を必要としない"}) {
    if (has_s(w)) {
      info.consent_waived = true;
    }
  }
  info.notice = has_s("通知") || has_s("届け出") || has_s("届出") || has_s("報告") ||
                has_s("連絡");
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
  if (!proviso.empty() && (has(proviso, "この限りでない") || has(proviso, "この限りではない") ||
                           has(proviso, "除く") || has(proviso, "できる"))) {
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
