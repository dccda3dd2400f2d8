#include "anchors.hpp"

#include <base/strings.hpp>

#include <algorithm>
#include <array>
#include <utility>

namespace keiyaku::match {

namespace {

// Base forms whose every character can change (た → だ, する → し, ない → ね).
constexpr std::array<std::string_view, 25> k_whole = {
    "た", "だ", "ぬ", "ん", "たい", "ず", "う", "まい", "ない", "じゃ", "や", "どす", "やす",
    "す", "り", "き", "けり", "ける", "ござる", "つ", "む", "なり", "たり", "べし", "らむ"};

// The ending cut from a base form → every way its forms continue the stem, '|'-separated (an empty
// field: the stem alone is a form, as 一段 求め). From the 動詞, 形容詞 and 助動詞 rows of IPAdic
// 2.7.0's CSV source; anchors_test.cpp re-checks every row of the installed dictionary.
struct Ending {
  std::string_view ending;
  std::string_view tails;
};
constexpr Ending k_endings[] = {
    {"い", "|い|ぅ|う|き|く|し|いっ|かっ|から|かれ|かろ|きゃ|くっ|けれ|ゅぅ|ゅう|いいっ|けりゃ"},
    {"う", "い|う|え|お|っ|わ"},
    {"え", "え"},
    {"き", "き|し|しか"},
    {"く", "い|か|き|く|け|こ|っ|きゃ|くる|くれ|けよ"},
    {"くる", "き|く|こ|くっ|くら|くり|くる|くれ|くろ|くん|こい|こよ|くりゃ"},
    {"ぐ", "い|が|ぎ|ぐ|げ|ご|ぎゃ|ぐる|ぐれ|げよ"},
    {"けり", "けり|ける"},
    {"ける", "け|けっ|けら|けり|ける|けれ|けろ|けん|けりゃ"},
    {"ござる", "ござい|ござっ|ござら|ござる|ござれ|ござろ|ござん|ござりゃ"},
    {"し", "き|く|し"},
    {"じ", "じ|じき|じく|じけれ"},
    {"じゃ", "じゃ|じゃっ|じゃろ"},
    {"す", "さ|し|す|せ|そ|しゃ|しょ|すれ"},
    {"する", "さ|し|す|せ|しょ|しよ|しろ|すっ|すよ|すら|すり|する|すれ|すろ|すん|せい|せよ|すりゃ"},
    {"ずる", "ず|ぜ|ずっ|ずら|ずり|ずる|ずれ|ずろ|ずん|ぜよ|ずりゃ"},
    {"た", "た|たら|たろ"},
    {"たい", "た|たい|たき|たく|たし|てぇ|てえ|とう|たかっ|たかつ|たから|たかろ|たきゃ|たくっ|たけれ|たけりゃ"},
    {"たり", "たら|たり|たる|たれ"},
    {"だ", "だ|で|な|だっ|だら|だろ|なら|なれ"},
    {"つ", "た|ち|っ|つ|て|と|ちゃ|つる|つれ|てよ"},
    {"づ", "ず|ぢ|づ|で|ずる|ずれ|ぢよ|づる|づれ|でよ"},
    {"どす", "どし|どす|どしょ"},
    {"ない", "な|ない|なぅ|なう|なき|なく|なし|ねぇ|ねえ|のう|なかっ|なかつ|なから|なかれ|なかろ|なきゃ|なくっ|なけれ|なけりゃ"},
    {"なり", "なら|なり|なる|なれ"},
    {"ぬ", "ず|な|に|ぬ|ね|の|ん|ざり|ざる|ざれ|ずん|にゃ"},
    {"ふ", "は|ひ|ふ|へ|ひよ|ふる|ふれ|へよ"},
    {"ぶ", "ば|び|ぶ|べ|ぼ|ん|びゃ"},
    {"べし", "べき|べく|べし|べから|べけれ"},
    {"まい", "まい"},
    {"む", "ま|み|む|め|も|ん|みゃ|むる|むれ|めよ"},
    {"や", "や|やっ|やろ"},
    {"やす", "やし|やす|やせ|やしょ|やすれ"},
    {"り", "ら|り|る|れ"},
    {"る", "|い|っ|よ|ら|り|る|れ|ろ|ん|りゃ|るる|るれ|れよ"},
    {"れる", "れ|ん|れよ|れる|れれ|れろ|れん|れりゃ"},
    {"ん", "ん"},
    {"イ", "イ"},
    {"ン", "ン"},
    {"ー", "ー"},
    {"得", "得|得よ|得る|得れ"},
};

// Byte length of the last `n` code points of s (all of s when shorter).
size_t tail_bytes(std::string_view s, size_t n) {
  size_t end = s.size();
  for (size_t k = 0; k < n && end > 0; ++k) {
    --end;
    while (end > 0 && (static_cast<unsigned char>(s[end]) & 0xC0) == 0x80) {
      --end;
    }
  }
  return s.size() - end;
}

// (Suffixes that are verbs or adjectives conjugate too: the せる of 請け負わせる, the がる of 嫌がる.)
bool is_conjugating(const core::Token& t) {
  if (t.pos == core::Pos::verb || t.pos == core::Pos::adjective || t.pos == core::Pos::auxiliary) {
    return true;
  }
  return t.pos == core::Pos::suffix && !t.conjugation.empty() && t.conjugation != "*";
}

// ipadic keeps compound particles whole (「に従って」 lemma 「に従って」); lemma_string() gives them
// the dictionary form of the verb inside, so that a term 「従う」 matches 「これに従って」.
std::string_view particle_lemma(std::string_view lemma) {
  static constexpr std::pair<std::string_view, std::string_view> k_forms[] = {
      {"に従って", "に従う"}, {"に従い", "に従う"},   {"に基づいて", "に基づく"}, {"に基づき", "に基づく"},
      {"に関して", "に関する"}, {"に関し", "に関する"}, {"に対して", "に対する"}, {"に対し", "に対する"},
      {"によって", "による"},   {"により", "による"},   {"に際して", "に際する"}, {"に際し", "に際する"},
      {"にあたって", "にあたる"}, {"に当たって", "に当たる"}, {"に当たり", "に当たる"}};
  for (const auto& [form, dict] : k_forms) {
    if (lemma == form) {
      return dict;
    }
  }
  return lemma;
}

}  // namespace

std::string_view token_lemma(const core::Token& token) {
  return (token.lemma.empty() || token.lemma == "*") ? std::string_view(token.surface)
                                                     : particle_lemma(token.lemma);
}

std::vector<std::string> surface_forms(std::string_view lemma) {
  size_t cut = 1;
  if (str::ends_with(lemma, "する") || str::ends_with(lemma, "ずる") || str::ends_with(lemma, "くる") ||
      lemma == "くれる" || lemma == "呉れる") {
    cut = 2;
  }
  const bool whole = std::find(k_whole.begin(), k_whole.end(), lemma) != k_whole.end();
  const size_t tail = whole ? lemma.size() : tail_bytes(lemma, cut);
  const std::string_view ending = lemma.substr(lemma.size() - tail);
  const std::string_view stem = lemma.substr(0, lemma.size() - tail);
  const auto* e = std::find_if(std::begin(k_endings), std::end(k_endings),
                               [&](const Ending& x) { return x.ending == ending; });
  std::vector<std::string> forms;
  if (e == std::end(k_endings)) {
    return forms;  // not an IPAdic ending: nothing of the word is certain
  }
  for (std::string_view tails = e->tails;;) {
    const size_t bar = tails.find('|');
    forms.push_back(std::string(stem) + std::string(tails.substr(0, bar)));
    if (bar == std::string_view::npos) {
      break;
    }
    tails.remove_prefix(bar + 1);
  }
  return forms;
}

std::vector<Run> term_anchors(const std::vector<core::Token>& tokens) {
  // A run of the term's words appears in a matching sentence as the concatenation of one surface
  // form of each: their product, while it stays small. A word whose spelling may differ in ways
  // no table lists keeps only the part both spellings share, and ends the run there.
  constexpr size_t k_max_alternatives = 64;
  std::vector<Run> runs;
  Run current{""};
  auto close = [&] {
    if (!(current.size() == 1 && current.front().empty())) {
      runs.push_back(std::move(current));
    }
    current = {""};
  };
  auto extend = [&](const std::vector<std::string>& forms) {
    if (current.size() * forms.size() > k_max_alternatives) {
      close();
    }
    std::vector<std::string> next;
    next.reserve(current.size() * forms.size());
    for (const std::string& c : current) {
      for (const std::string& f : forms) {
        next.push_back(c + f);
      }
    }
    std::sort(next.begin(), next.end());
    next.erase(std::unique(next.begin(), next.end()), next.end());
    current = std::move(next);
  };
  for (const core::Token& t : tokens) {
    const std::string_view lemma = token_lemma(t);
    if (is_conjugating(t)) {
      std::vector<std::string> forms = surface_forms(lemma);
      if (forms.empty()) {
        close();
        continue;
      }
      extend(forms);
    } else if (lemma != t.surface) {
      // に従って read as に従う, or a dictionary entry with its own lemma: only the part both
      // spellings share is certain.
      const auto [a, b] = std::mismatch(lemma.begin(), lemma.end(), t.surface.begin(), t.surface.end());
      size_t common = static_cast<size_t>(a - lemma.begin());
      while (common > 0 && common < lemma.size() && (static_cast<unsigned char>(lemma[common]) & 0xC0) == 0x80) {
        --common;  // never cut a character in two
      }
      extend({std::string(lemma.substr(0, common))});
      close();
    } else {
      extend({std::string(lemma)});
    }
  }
  close();
  return runs;
}

}  // namespace keiyaku::match
