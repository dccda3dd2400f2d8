// libFuzzer target: any text as a clause through the sentence analysis and the requirement engine
// (match::analyse, RuleSet::evaluate_example) with a tokenizer that needs no dictionary. Input that
// is not UTF-8 is skipped (normalisation never hands such text on). Nothing may crash, hang or read
// out of bounds; a verdict is always one of the statuses.

#include "support/fake_tokenizer.hpp"

#include <base/strings.hpp>
#include <match/analysis.hpp>
#include <match/engine.hpp>
#include <segment/parties.hpp>

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

namespace {

using namespace keiyaku;

core::RuleSpec spec(const char* id, core::RuleKind kind, core::Actor actor, std::vector<std::vector<std::string>> topic) {
  core::RuleSpec s;
  s.id = id;
  s.family = "outsourcing";
  s.kind = kind;
  s.actor = actor;
  s.topic = std::move(topic);
  return s;
}

const match::RuleSet& rules() {
  static const test::FakeTokenizer tok;
  static const match::RuleSet r = [] {
    core::RuleSpec confidentiality = spec("OUT-08", core::RuleKind::duty, core::Actor::vendor, {{"秘密"}, {"開示", "漏らす"}});
    confidentiality.forbids = {"開示"};
    confidentiality.elements = {{{"終了"}, "存続しない", {}, {}, false, {}}};
    auto compiled = match::RuleSet::compile(
        {spec("OUT-09", core::RuleKind::ban, core::Actor::vendor, {{"再委託", "委託"}}),
         spec("OUT-13", core::RuleKind::right, core::Actor::body, {{"監査", "検査"}}), confidentiality},
        tok, [](std::string_view t) { return std::string(t); });
    if (!compiled) {
      std::abort();
    }
    return std::move(*compiled);
  }();
  return r;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string text(reinterpret_cast<const char*>(data), size);  // NOLINT
  if (!str::valid_utf8(text)) {
    return 0;
  }
  static const core::Parties parties =
      segment::resolve_parties({"北浜市(以下「甲」という。)と株式会社港(以下「乙」という。)"});
  const size_t half = text.size() / 2;
  size_t cut = half;
  while (cut < text.size() && (static_cast<unsigned char>(text[cut]) & 0xC0U) == 0x80U) {
    ++cut;
  }
  const match::SentenceInfo info = match::analyse(text.substr(0, cut), text.substr(cut), parties);
  for (const match::Segment& s : info.segments) {
    if (s.begin > s.end || s.end > cut) {
      std::abort();
    }
  }
  for (size_t i = 0; i < 3; ++i) {
    const std::string status = rules().evaluate_example(i, text).first;
    if (status != "satisfied" && status != "weak" && status != "contradicted" && status != "missing") {
      std::abort();
    }
  }
  return 0;
}
