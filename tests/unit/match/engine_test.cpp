#include "support/fake_tokenizer.hpp"

#include <match/engine.hpp>
#include <segment/parties.hpp>
#include <segment/structure.hpp>

#include <gtest/gtest.h>

#include <stdexcept>

using namespace keiyaku;

namespace {

core::RuleSpec subcontracting() {
  core::RuleSpec s;
  s.id = "OUT-09";
  s.family = "outsourcing";
  s.title = "再委託の制限";
  s.kind = core::RuleKind::ban;
  s.actor = core::Actor::vendor;
  s.topic = {{"再委託", "第三者に委託"}};
  s.elements = {{{"承諾", "承認"}, "承認制でない", {}, {}, false, {}}};
  s.suggestion = "乙は、甲の承諾を得ずに再委託してはならない。";
  return s;
}

core::RuleSpec audit() {
  core::RuleSpec s;
  s.id = "OUT-13";
  s.family = "outsourcing";
  s.kind = core::RuleKind::right;
  s.actor = core::Actor::body;
  s.topic = {{"監査", "検査"}};
  s.exclude = {"完了"};
  return s;
}

core::RuleSpec confidentiality() {
  core::RuleSpec s;
  s.id = "OUT-08";
  s.family = "outsourcing";
  s.kind = core::RuleKind::ban;
  s.topic = {{"秘密"}};
  s.weak = {{{"みだりに"}, "みだりに", {}, {}, false, {}}};
  s.contradicts = {{{"明示"}, "明示された秘密に限る", {}, {}, false, {}}};
  return s;
}

// A duty of the vendor with the given topic groups.
core::RuleSpec vendor_duty(const char* id, const char* family, std::vector<std::vector<std::string>> topic) {
  core::RuleSpec s;
  s.id = id;
  s.family = family;
  s.kind = core::RuleKind::duty;
  s.actor = core::Actor::vendor;
  s.topic = std::move(topic);
  return s;
}

struct Fixture {
  test::FakeTokenizer tok;
  match::RuleSet rules;
  Fixture()
      : rules(std::move(*match::RuleSet::compile({subcontracting(), audit(), confidentiality()}, tok,
                                                  [](std::string_view s) { return std::string(s); }))) {}
  std::string eval(size_t i, const char* text) { return rules.evaluate_example(i, text).first; }
};

// One requirement compiled on its own: eval() is its verdict on a small contract of 甲 and 乙;
// rules is the compiled set for run_clauses() and run_article().
struct Compiled {
  test::FakeTokenizer tok;
  match::RuleSet rules;
  explicit Compiled(const core::RuleSpec& spec) : rules(compile(spec, tok)) {}
  std::string eval(const char* text) const { return rules.evaluate_example(0, text).first; }

 private:
  static match::RuleSet compile(const core::RuleSpec& spec, const test::FakeTokenizer& tok) {
    auto r = match::RuleSet::compile({spec}, tok, [](std::string_view t) { return std::string(t); });
    if (!r) {
      throw std::runtime_error(r.error().message);
    }
    return std::move(*r);
  }
};

// Runs rule 0 of `rules` over one article (第2条) made of the given (reference, text) clauses, or
// with `article_each` over one article per clause.
// `title`, when given, is the document's title line before them; `annex`, the annex they are in.
match::Output run_clauses(const match::RuleSet& rules, const std::vector<std::pair<std::string, std::string>>& parts,
                          bool article_each = false, const std::string& title = "", const std::string& annex = "") {
  std::vector<core::Clause> clauses(parts.size());
  std::vector<core::Sentence> sentences;
  if (!title.empty()) {
    core::Clause head;
    head.text = title;
    head.is_heading = true;
    clauses.insert(clauses.begin(), head);
  }
  const size_t first = title.empty() ? 0 : 1;
  for (size_t p = 0; p < parts.size(); ++p) {
    const size_t c = first + p;
    clauses[c].annex = annex;
    const std::string& text = parts[p].second;
    clauses[c].text = text;
    clauses[c].unit = article_each ? static_cast<int>(p) : 0;
    clauses[c].unit_ref = article_each ? parts[p].first : "第2条";
    clauses[c].ref = parts[p].first;
    clauses[c].original = text;
    for (size_t k = 0; k <= text.size(); ++k) {
      clauses[c].to_original.push_back(static_cast<uint32_t>(k));
    }
    for (const auto& [b, e] : segment::sentence_ranges(text)) {
      core::Sentence s;
      s.clause = static_cast<int>(c);
      s.begin = b;
      s.end = e;
      s.text = text.substr(b, e - b);
      sentences.push_back(std::move(s));
    }
  }
  const core::Parties parties = segment::resolve_parties({"北浜市(以下「甲」という。)と株式会社港(以下「乙」という。)"});
  match::Input input;
  input.clauses = &clauses;
  input.sentences = &sentences;
  input.parties = &parties;
  return rules.run(input, {0});
}

// The status of rule 0 over an article whose paragraphs are `texts` (第2条, 第2条第2項, …).
std::string run_article(const match::RuleSet& rules, const std::vector<std::string>& texts) {
  std::vector<std::pair<std::string, std::string>> parts;
  for (size_t c = 0; c < texts.size(); ++c) {
    parts.emplace_back(c == 0 ? "第2条" : "第2条第" + std::to_string(c + 1) + "項", texts[c]);
  }
  return core::status_name(run_clauses(rules, parts).findings.at(0).status);
}

}  // namespace

TEST(Engine, BanIsSatisfiedByProhibitionWithTheBodysConsentAsException) {
  Fixture f;
  EXPECT_EQ(f.eval(0, "乙は、本業務を第三者に委託してはならない。ただし、あらかじめ甲の書面による承諾を得た場合は、この限りでない。"),
            "satisfied");
  EXPECT_EQ(f.eval(0, "乙は、再委託しようとするときは、甲に申請し、その承認を受けなければならない。"), "satisfied");
}

TEST(Engine, BanIsWeakWithNoticeOnlyOrAVendorControlledException) {
  Fixture f;
  EXPECT_EQ(f.eval(0, "乙は、再委託するときは、事前に甲に通知しなければならない。"), "weak");
  EXPECT_EQ(f.eval(0, "乙は、再委託してはならない。ただし、乙が必要と判断した場合は、この限りでない。"), "weak");
  // The worst controller of the exception wins: law and the vendor's judgement together are the vendor's.
  EXPECT_EQ(f.eval(0, "乙は、甲の承諾を得ずに再委託してはならない。ただし、法令に基づく場合は、この限りでない。"), "satisfied");
  EXPECT_EQ(f.eval(0, "乙は、甲の承諾を得ずに再委託してはならない。ただし、法令に基づく場合及び乙が正当な理由があると認める場合は、この限りでない。"),
            "weak");
}

// A duty that forbids an act is not met by telling the body before doing it.
TEST(Engine, AForbiddenActTakenAsAllowedOnNoticeIsWeak) {
  core::RuleSpec spec = vendor_duty("OUT-08", "outsourcing", {{"秘密"}});
  spec.forbids = {"開示"};
  const Compiled c(spec);
  auto eval = [&](const char* text) { return c.eval(text); };
  EXPECT_EQ(eval("乙は、秘密を第三者に開示する場合は、事前に甲に通知しなければならない。"), "weak");
  EXPECT_EQ(eval("乙は、秘密を第三者に開示してはならない。"), "satisfied");
  EXPECT_EQ(eval("乙は、秘密を第三者に開示する場合は、事前に甲の承諾を得なければならない。"), "satisfied");
}

// A permission limited to what the work needs, with no consent of the body, is weak, not contradicting.
TEST(Engine, APermissionLimitedToTheWorksNeedsIsWeak) {
  Fixture f;
  EXPECT_EQ(f.eval(0, "乙は、業務上必要な範囲で、本業務の一部を再委託することができる。"), "weak");
  EXPECT_EQ(f.eval(0, "乙は、乙が必要と判断する範囲で、本業務の一部を再委託することができる。"), "contradicted");
}

TEST(Engine, BanIsContradictedByPermissionWithoutConsent) {
  Fixture f;
  EXPECT_EQ(f.eval(0, "乙は、本業務の一部を再委託することができる。"), "contradicted");
  EXPECT_EQ(f.eval(0, "乙は、甲の承諾を要しないで再委託することができる。"), "contradicted");
}

TEST(Engine, WrongActorOrOtherTopicIsMissing) {
  Fixture f;
  EXPECT_EQ(f.eval(0, "甲は、関連業務を再委託する場合、乙に通知する。"), "missing");
  EXPECT_EQ(f.eval(0, "乙は、納期を守らなければならない。"), "missing");
}

TEST(Engine, RightOfTheBody) {
  Fixture f;
  EXPECT_EQ(f.eval(1, "甲は、乙の事業所に立ち入り、監査を行うことができる。"), "satisfied");
  EXPECT_EQ(f.eval(1, "甲は、乙と協議の上、監査を行うことができる。"), "weak");
  EXPECT_EQ(f.eval(1, "乙は、甲による監査には応じない。"), "contradicted");
  EXPECT_EQ(f.eval(1, "甲は、完了の検査を行う。"), "missing");
}

TEST(Engine, RequirementPhrasesDecideWeakAndContradicted) {
  Fixture f;
  EXPECT_EQ(f.eval(2, "乙は、秘密を漏らしてはならない。"), "satisfied");
  EXPECT_EQ(f.eval(2, "乙は、秘密をみだりに他人に知らせてはならない。"), "weak");
  EXPECT_EQ(f.eval(2, "乙は、秘密である旨を明示された情報を漏らしてはならない。"), "contradicted");
}

// 「甲は、…の提出を求めることができる。乙は、これに応じなければならない。」: the vendor's duty is
// stated by the sentence that answers the body's request, with the object named before it.
TEST(Engine, ASentenceThatAnswersTheOneBeforeItCarriesItsObject) {
  test::FakeTokenizer tok;
  auto rules = match::RuleSet::compile({vendor_duty("CLD-09", "cloud", {{"監査報告書"}, {"提出"}})}, tok, [](std::string_view t) { return std::string(t); });
  ASSERT_TRUE(rules.has_value());
  auto eval = [&](const char* text) { return rules->evaluate_example(0, text).first; };
  EXPECT_EQ(eval("甲は、乙に対し、監査報告書の提出を求めることができる。乙は、これに応じなければならない。"), "satisfied");
  // Without the answer the body's right to ask leaves the vendor's duty on request only: weak.
  EXPECT_EQ(eval("甲は、乙に対し、監査報告書の提出を求めることができる。"), "weak");
  EXPECT_EQ(eval("甲は、乙に対し、監査報告書の提出を求めることができる。乙は、帳簿を保管しなければならない。"), "weak");
  EXPECT_EQ(eval("甲は、乙に対し、監査報告書の提出を求めることができる。乙は、これに応じない。"), "contradicted");
  // The request is in the answering sentence itself: nothing is taken from the sentence before.
  EXPECT_EQ(eval("乙は、監査報告書を保管する。甲が資料の提出を求めたときは、乙は、これに応じること。"), "missing");
}

// An item (号) that names no party is bound by its lead-in 「乙は、次に掲げる事項を遵守しなければ
// ならない。」; the item keeps its own modality (望ましい: only a duty of effort).
TEST(Engine, AnItemIsBoundByItsLeadIn) {
  test::FakeTokenizer tok;
  auto rules = match::RuleSet::compile({vendor_duty("OUT-01", "outsourcing", {{"ISMS"}})}, tok, [](std::string_view t) { return std::string(t); });
  ASSERT_TRUE(rules.has_value());
  auto run = [&](const std::string& lead) {
    return std::string(core::status_name(
        run_clauses(*rules, {{"第2条", lead}, {"第2条第1号", "ISMS認証を取得していることが望ましい。"}}).findings.at(0).status));
  };
  EXPECT_EQ(run("乙は、本業務の実施に当たり、次に掲げる事項を遵守しなければならない。"), "weak");
  // No lead-in: nobody is bound; a wish with nobody named is the vendor's at most, and never more
  // than weak.
  EXPECT_EQ(run("本業務の実施に当たっての留意点を示す。"), "weak");
  EXPECT_EQ(run("本業務の実施に当たっての留意点を示す。"), run("乙は、次の事項に留意するよう努める。"));
}


// 「…受け入れないものとし、…決定するものとする。」: the first clause refuses, and the obligation after
// it does not rescue the sentence.
TEST(Engine, ARefusingClauseIsNotRescuedByALaterObligation) {
  Fixture f;
  EXPECT_EQ(f.eval(1, "乙は、甲の監査を受け入れないものとし、必要な資料の範囲は乙が決定するものとする。"), "contradicted");
  EXPECT_EQ(f.eval(1, "乙は、甲の監査に協力するものとし、監査に必要な資料を提出するものとする。"), "satisfied");
}

// An ending the grammar does not know binds nobody: never satisfied.
TEST(Engine, AnUnknownEndingCannotSatisfy) {
  Fixture f;
  EXPECT_EQ(f.eval(0, "乙による再委託は、甲の承諾の対象。"), "weak");
  EXPECT_EQ(f.eval(1, "甲は、乙の事業所を監査することも可能である。"), "weak");
}

// Release (必要はない, 妨げられない) is not an undertaking: a ban released is contradicted.
TEST(Engine, ReleaseContradictsABan) {
  Fixture f;
  EXPECT_EQ(f.eval(0, "乙は、本業務を再委託するに当たり、甲の承諾を得る必要はない。"), "contradicted");
  EXPECT_EQ(f.eval(0, "乙が本業務の一部を再委託することは、妨げられない。"), "contradicted");
}

// A negation satisfies a ban only when it falls on the banned act.
TEST(Engine, ANegationMustFallOnTheBannedAct) {
  Fixture f;
  EXPECT_EQ(f.eval(0, "乙は、甲の承諾なく再委託しない。"), "satisfied");
  EXPECT_EQ(f.eval(0, "乙は、再委託先を選定する際、価格のみを基準としない。"), "weak");
}

// A duty with an exception the vendor controls is only weak.
TEST(Engine, ADutyWithAVendorControlledExceptionIsWeak) {
  test::FakeTokenizer tok;
  auto rules = match::RuleSet::compile({vendor_duty("OUT-01", "outsourcing", {{"ISMS"}})}, tok,
                                       [](std::string_view t) { return std::string(t); });
  ASSERT_TRUE(rules.has_value());
  auto eval = [&](const char* text) { return rules->evaluate_example(0, text).first; };
  EXPECT_EQ(eval("乙は、ISMS認証を維持しなければならない。"), "satisfied");
  EXPECT_EQ(eval("乙は、ISMS認証を維持しなければならない。ただし、乙が困難と判断した場合は、この限りでない。"), "weak");
  EXPECT_EQ(eval("乙は、ISMS認証又はこれと同程度の体制を維持しなければならない。"), "weak");
}

// 「前項の規定は、乙が…ことを妨げない。」 qualifies the paragraph it names: the article is no longer
// satisfied by that paragraph alone.
TEST(Engine, AQualificationByReferenceWeakensWhatItNames) {
  Fixture f;
  EXPECT_EQ(run_article(f.rules, {"乙は、甲の承諾を得ずに本業務を再委託してはならない。"}), "satisfied");
  EXPECT_EQ(run_article(f.rules, {"乙は、甲の承諾を得ずに本業務を再委託してはならない。", "前項の規定は、乙が関連会社に委託することを妨げない。"}),
            "contradicted");
  EXPECT_EQ(run_article(f.rules, {"乙は、甲の承諾を得ずに本業務を再委託してはならない。", "乙は、毎月の業務報告を甲に提出する。"}), "satisfied");
}

// An item takes the act of its lead-in: 「乙は、次に掲げる事項を甲に届け出なければならない。」 then
// 「(1) 業務責任者の氏名」 is a duty to notify the manager's name.
TEST(Engine, AnItemTakesTheActOfItsLeadIn) {
  test::FakeTokenizer tok;
  auto rules = match::RuleSet::compile({vendor_duty("OUT-03", "outsourcing", {{"責任者"}, {"届け出"}})}, tok,
                                       [](std::string_view t) { return std::string(t); });
  ASSERT_TRUE(rules.has_value());
  const match::Output out =
      run_clauses(*rules, {{"第2条", "乙は、次に掲げる事項を甲に届け出なければならない。"}, {"第2条第1号", "業務責任者の氏名"}});
  EXPECT_EQ(core::status_name(out.findings.at(0).status), std::string("satisfied"));
  ASSERT_FALSE(out.findings.at(0).evidence.empty());
  EXPECT_EQ(out.findings.at(0).evidence[0].clause, "第2条第1号");
}

// A duty whose essence is a ban (confidentiality): ruling out a forbidden act keeps it, permitting
// it without the body's consent contradicts it, and with that consent keeps it.
TEST(Engine, ForbiddenActsOfADuty) {
  core::RuleSpec spec = vendor_duty("OUT-08", "outsourcing", {{"秘密"}, {"開示", "保持"}});
  spec.forbids = {"開示"};
  const Compiled c(spec);
  auto eval = [&](const char* text) { return c.eval(text); };
  EXPECT_EQ(eval("乙は、秘密を保持しなければならない。"), "satisfied");
  EXPECT_EQ(eval("乙は、秘密を第三者に開示しない。"), "satisfied");
  EXPECT_EQ(eval("乙は、秘密を第三者に開示することができる。"), "contradicted");
  EXPECT_EQ(eval("乙は、甲の承諾を得て、秘密を第三者に開示することができる。"), "satisfied");
  EXPECT_EQ(eval("乙は、秘密の保持について甲に相談することができる。"), "weak");
}

// An element that only a weak clause states keeps the requirement weak, even beside a clause that
// satisfies another part of it.
TEST(Engine, AnElementStatedOnlyWeaklyKeepsTheRequirementWeak) {
  core::RuleSpec spec;
  spec.id = "OUT-15";
  spec.family = "outsourcing";
  spec.kind = core::RuleKind::right;
  spec.actor = core::Actor::unknown;
  spec.topic = {{"賠償", "解除"}, {"違反"}};
  spec.elements = {{{"賠償"}, "賠償の定めがない", {}, {}, false, {}}};
  const Compiled c(spec);
  auto eval = [&](const char* text) { return c.eval(text); };
  EXPECT_EQ(eval("乙は、違反により甲に損害を与えたときは、これを賠償しなければならない。甲は、乙が違反したときは、契約を解除することができる。"),
            "satisfied");
  EXPECT_EQ(eval("乙は、違反により甲に損害を与えたときは、乙が相当と認める額を賠償する。甲は、乙が違反したときは、契約を解除することができる。"),
            "weak");
}

// 「{vendor}の…」 in a requirement's terms stands for every word a contract calls the vendor by.
TEST(Engine, ATermNamingAPartyStandsForEveryWordForIt) {
  core::RuleSpec spec = vendor_duty("OUT-05", "outsourcing", {{"アクセス"}});
  spec.contradicts = {{{"{vendor}が必要と認める"}, "受託者の判断", {}, {}, false, {}}};
  const Compiled c(spec);
  auto eval = [&](const char* text) { return c.eval(text); };
  EXPECT_EQ(eval("乙は、乙が必要と認める情報にアクセスしなければならない。"), "contradicted");
  EXPECT_EQ(eval("乙は、受託者が必要と認める情報にアクセスしなければならない。"), "contradicted");
  EXPECT_EQ(eval("乙は、当社が必要と認める情報にアクセスしなければならない。"), "contradicted");
  EXPECT_EQ(eval("乙は、甲が必要と認める情報に限りアクセスしなければならない。"), "satisfied");
}

// A sentence saying what the requirement names as contradicting it may lack a topic group, but not
// the first (what the requirement is about).
TEST(Engine, AContradictingSentenceMayLackOneTopicGroupButNotTheFirst) {
  core::RuleSpec spec = vendor_duty("OUT-15", "outsourcing", {{"賠償"}, {"違反", "上限"}});
  spec.kind = core::RuleKind::right;
  spec.actor = core::Actor::unknown;
  spec.contradicts = {{{"間接損害", "逸失利益"}, "除外", {}, {}, false, {}}};
  const Compiled c(spec);
  auto eval = [&](const char* text) { return c.eval(text); };
  EXPECT_EQ(eval("乙は、間接損害及び逸失利益については賠償の責任を負わない。"), "contradicted");
  EXPECT_EQ(eval("乙は、逸失利益の算定方法を甲に説明しなければならない。"), "missing");
  EXPECT_EQ(eval("乙は、甲に生じた損害を賠償しなければならない。"), "missing");
}

// 「前条までの規定にかかわらず」 qualifies every article before it, not only the previous one.
TEST(Engine, AReferenceToEveryArticleBeforeQualifiesThemAll) {
  core::RuleSpec spec = vendor_duty("OUT-04", "outsourcing", {{"稼働率"}});
  spec.contradicts = {{{"責任を負わない"}, "責任を負わない", {}, {}, false, {}}};
  const Compiled c(spec);
  auto status = [&](const char* last) {
    return std::string(core::status_name(run_clauses(c.rules,
                                                     {{"第2条", "乙は、月間稼働率99.9パーセントを維持しなければならない。"},
                                                      {"第3条", "乙は、利用者情報を適切に管理しなければならない。"},
                                                      {"第4条", last}},
                                                     true)
                                             .findings.at(0)
                                             .status));
  };
  EXPECT_EQ(status("前条までの規定にかかわらず、乙は、一切の責任を負わない。"), "contradicted");
  EXPECT_EQ(status("前各条の規定にかかわらず、乙は、一切の責任を負わない。"), "contradicted");
  EXPECT_EQ(status("乙は、甲の指示に従わなければならない。"), "satisfied");
}

// A satisfying paragraph that rests on a weak one (「前項の検査の結果」) is no stronger than it.
TEST(Engine, AParagraphBuildingOnAWeakOneIsWeak) {
  core::RuleSpec spec;
  spec.id = "OUT-13";
  spec.family = "outsourcing";
  spec.kind = core::RuleKind::right;
  spec.actor = core::Actor::body;
  spec.topic = {{"検査", "是正"}};
  spec.weak = {{{"年1回に限り"}, "回数の制限", {}, {}, false, {}}};
  const Compiled c(spec);
  const char* correction = "甲は、前項の検査の結果、必要があると認めるときは、乙に是正を求めることができる。";
  EXPECT_EQ(run_article(c.rules, {"甲は、年1回に限り、乙の事業所を検査することができる。", correction}), "weak");
  EXPECT_EQ(run_article(c.rules, {"甲は、いつでも乙の事業所を検査することができる。", correction}), "satisfied");
}

// An optional element may be left out, but stated only weakly it keeps the verdict weak.
TEST(Engine, AnOptionalElementStatedOnlyWeaklyKeepsItWeak) {
  core::RuleSpec spec;
  spec.id = "OUT-07";
  spec.family = "outsourcing";
  spec.kind = core::RuleKind::ban;
  spec.actor = core::Actor::vendor;
  spec.topic = {{"第三者に提供", "持ち出"}};
  spec.elements = {{{"持ち出"}, "持出しが通知で足りる", {}, {}, true, {}}};
  const Compiled c(spec);
  const char* ban = "乙は、資料を第三者に提供してはならない。";
  EXPECT_EQ(run_article(c.rules, {ban}), "satisfied");
  EXPECT_EQ(run_article(c.rules, {ban, "乙は、資料を持ち出すときは、事前に甲に通知しなければならない。"}), "weak");
  EXPECT_EQ(run_article(c.rules, {ban, "乙は、甲の承諾なく資料を持ち出してはならない。"}), "satisfied");
}

// An element may be looked for in the whole document while the others stay in the deciding article.
TEST(Engine, AnElementMayBeLookedForInTheWholeDocument) {
  core::RuleSpec spec;
  spec.id = "OUT-15";
  spec.family = "outsourcing";
  spec.kind = core::RuleKind::right;
  spec.actor = core::Actor::unknown;
  spec.topic = {{"賠償", "解除"}, {"違反"}};
  spec.elements = {{{"賠償"}, "賠償の定めがない", {}, {}, false, {}}, {{"解除"}, "解除の定めがない", {}, true, false, {}}};
  const Compiled c(spec);
  const char* damages = "乙は、違反により甲に損害を与えたときは、これを賠償しなければならない。";
  const char* termination = "甲は、乙が本契約に違反したときは、本契約を解除することができる。";
  const char* other = "乙は、甲の指示に従って業務を行わなければならない。";
  auto status = [&](const std::vector<std::pair<std::string, std::string>>& parts) {
    return std::string(core::status_name(run_clauses(c.rules, parts, true).findings.at(0).status));
  };
  EXPECT_EQ(status({{"第2条", damages}, {"第9条", termination}}), "satisfied");
  EXPECT_EQ(status({{"第2条", damages}, {"第9条", other}}), "weak");
}

// A 10,000-character sentence, unbalanced brackets and a sentence of symbols are analysed to a
// verdict (the fuzz target analysis_fuzzer runs random text the same way).
TEST(Engine, HostileSentencesGetAVerdict) {
  Fixture f;
  std::string long_sentence = "乙は、";
  for (int i = 0; i < 1000; ++i) {
    long_sentence += "再委託し、又は";
  }
  long_sentence += "第三者に委託してはならない。";
  EXPECT_EQ(f.eval(0, long_sentence.c_str()), "weak");  // a ban, but with no consent mechanism
  EXPECT_EQ(f.eval(0, "乙は、（（「『再委託してはならない。"), "weak");
  EXPECT_EQ(f.eval(0, "）」』乙は、再委託することができる（。"), "weak");  // the ending is cut by the bracket
  EXPECT_EQ(f.eval(0, "。。、、「」（）・・・※※――――"), "missing");
  EXPECT_EQ(f.eval(2, std::string(3000, '(').c_str()), "missing");
}

// A sentence that leaves the matter to consultation is about a requirement even without one of its
// topic groups, and weak; it flags no risk.
TEST(Engine, AMatterLeftOpenIsWeak) {
  test::FakeTokenizer tok;
  auto rules = match::RuleSet::compile({vendor_duty("OUT-04", "outsourcing", {{"サービスレベル"}, {"稼働率", "以内"}})}, tok,
                                       [](std::string_view t) { return std::string(t); });
  ASSERT_TRUE(rules.has_value());
  auto eval = [&](const char* text) { return rules->evaluate_example(0, text).first; };
  EXPECT_EQ(eval("乙は、サービスレベルとして稼働率99.9%を維持しなければならない。"), "satisfied");
  EXPECT_EQ(eval("乙のサービスレベルの項目及び水準は、甲乙協議して別に定める。"), "weak");
  EXPECT_EQ(eval("サービスレベルの項目は、別紙のとおりとする。"), "missing");
}

// 「本規約の他の規定にかかわらず」 qualifies whatever the sentence is about: its weakening outweighs a
// satisfying clause elsewhere.
TEST(Engine, ASentenceOverridingEveryOtherProvisionQualifiesWhatItIsAbout) {
  Fixture f;
  EXPECT_EQ(run_article(f.rules, {"乙は、甲の承諾を得ずに本業務を再委託してはならない。"}), "satisfied");
  EXPECT_EQ(run_article(f.rules, {"乙は、甲の承諾を得ずに本業務を再委託してはならない。",
                                  "本契約の他の規定にかかわらず、乙は、甲の承諾を得て再委託する場合も、原則として事後に報告すれば足りるものとする。"}),
            "weak");
}

// A document that names the matter (「業務報告」) but never states it is weak, not missing; the body's
// own act and a sentence deciding another requirement do not count.
TEST(Engine, ASentenceThatOnlyNamesTheMatterIsWeak) {
  core::RuleSpec spec = vendor_duty("OUT-11", "outsourcing", {{"報告"}, {"定期", "毎月"}});
  spec.mention = {"業務報告"};
  const Compiled c(spec);
  EXPECT_EQ(c.eval("乙は、業務報告に用いる様式を作成する。"), "weak");
  EXPECT_EQ(c.eval("甲は、業務報告に用いる様式を作成する。"), "missing");
  EXPECT_EQ(c.eval("乙は、報告に用いる様式を作成する。"), "missing");
  spec.mention.clear();
  const Compiled without(spec);
  EXPECT_EQ(without.eval("乙は、業務報告に用いる様式を作成する。"), "missing");
}

// 「定めのない事項は、協議して定める」 leaves open no particular matter.
TEST(Engine, WhatIsLeftOpenMustNameTheMatter) {
  const Compiled c(vendor_duty("OUT-03", "outsourcing", {{"責任者"}, {"選任", "定める"}}));
  EXPECT_EQ(c.eval("乙の義務のうち、この契約に定めのない事項は、甲乙協議して定める。"), "missing");
  EXPECT_EQ(c.eval("乙の業務の責任者については、甲乙協議して別に定める。"), "weak");
}

// A 仕様書 item 「…義務を負わないこと」 releases the vendor; it is not a prohibition.
TEST(Engine, AReleaseWrittenAsASpecificationItemContradicts) {
  core::RuleSpec spec = vendor_duty("OUT-11", "outsourcing", {{"報告"}, {"実施状況"}});
  spec.denial_contradicts = true;
  const Compiled c(spec);
  EXPECT_EQ(c.eval("受注者は、本業務の実施状況について発注者に報告する義務を負わないこと。"), "contradicted");
  EXPECT_EQ(c.eval("受注者は、本業務の実施状況を毎月発注者に報告すること。"), "satisfied");
}

// 「これらは目標値であり、…保証するものではない」 releases a target, which is weak; a release of the
// duty itself contradicts it.
TEST(Engine, AReleaseOfWhatIsNamedAMereTargetIsWeak) {
  core::RuleSpec spec = vendor_duty("OUT-04", "outsourcing", {{"稼働率"}});
  spec.weak = {{{"目標値"}, "目標にとどまる", {}, {}, false, {}}};
  const Compiled c(spec);
  EXPECT_EQ(c.eval("乙は、稼働率99.9%を目標値とするが、稼働率の達成を保証するものではない。"), "weak");
  EXPECT_EQ(c.eval("乙は、稼働率の達成を保証するものではない。"), "contradicted");
}

// A duty's topic named only as what another noun is about (「開庁時間中の計画停止は行わないこと」) is
// not what the prohibition denies.
TEST(Engine, ANegationFallsOnTheNounATopicPhraseModifies) {
  core::RuleSpec spec = vendor_duty("OUT-04", "outsourcing", {{"稼働率"}, {"時間"}});
  spec.denial_contradicts = true;
  const Compiled c(spec);
  EXPECT_EQ(c.eval("乙は、稼働率の計算に用いる時間中の計画停止は行わないこと。"), "satisfied");
  EXPECT_EQ(c.eval("乙は、稼働率を時間ごとに記録しないこと。"), "contradicted");
}

// 「…については、乙の判断により省略することができる」: no subject, but the vendor decides to leave out
// what is required — that contradicts the duty; the body's judgement does not.
TEST(Engine, LeavingOutARequiredMeasureAtTheVendorsJudgementContradicts) {
  core::RuleSpec spec = vendor_duty("OUT-17", "outsourcing", {{"暗号化"}, {"措置", "行う"}});
  const Compiled c(spec);
  EXPECT_EQ(c.eval("前条に定める措置のうち、電子データの暗号化については、乙の判断により省略することができる。"),
            "contradicted");
  // With nobody named the release is still the vendor's (AReleaseNamingNobodyIsTheVendors); a measure
  // the sentence does not name is untouched.
  EXPECT_EQ(c.eval("前条に定める措置のうち、電子データの暗号化については、省略することができる。"), "contradicted");
  EXPECT_EQ(c.eval("前条に定める措置のうち、書類の施錠保管については、乙の判断により省略することができる。"), "missing");
}

// A risk clause contradicts the requirements it names (自由な再委託 against OUT-09), unless it rules
// the risk out.
TEST(Engine, ARiskClauseContradictsTheRequirementsItNames) {
  core::RuleSpec duty = vendor_duty("OUT-09", "outsourcing", {{"再委託"}, {"承諾"}});
  duty.kind = core::RuleKind::ban;
  core::RuleSpec risk;
  risk.id = "RISK-09";
  risk.family = "risk";
  risk.kind = core::RuleKind::risk;
  risk.actor = core::Actor::vendor;
  risk.title = "自由な再委託";
  risk.topic = {{"委託する"}, {"自由に"}};
  risk.against = {"OUT-09"};
  test::FakeTokenizer tok;
  auto rules = match::RuleSet::compile({duty, risk}, tok, [](std::string_view t) { return std::string(t); });
  ASSERT_TRUE(rules.has_value());
  const auto run = [&](std::vector<std::pair<std::string, std::string>> parts) {
    match::Output out = run_clauses(*rules, parts, true);
    return out.findings.at(0).status;
  };
  EXPECT_EQ(run({{"第2条", "乙は、甲の承諾を得た場合を除き、本業務を再委託してはならない。"},
                 {"第3条", "乙は、本業務の一部を自由に委託することができる。"}}),
            core::Status::contradicted);
  EXPECT_EQ(run({{"第2条", "乙は、甲の承諾を得た場合を除き、本業務を再委託してはならない。"},
                 {"第3条", "乙は、本業務の一部を自由に委託してはならない。"}}),
            core::Status::satisfied);
}

// 「…再委託先の行為による損害についても、同様とする」 extends another rule; it does not name the matter.
TEST(Engine, ASentenceExtendingAnotherRuleDoesNotNameTheMatter) {
  core::RuleSpec spec = vendor_duty("OUT-09", "outsourcing", {{"再委託"}, {"承諾"}});
  spec.mention = {"再委託"};
  const Compiled c(spec);
  EXPECT_EQ(c.eval("乙は、再委託先の行為による損害についても、同様とする。"), "missing");
  EXPECT_EQ(c.eval("乙は、再委託先の一覧を作成する。"), "weak");
}

// A part looked for in the whole document counts where the document speaks of the requirement, not
// in an article about something else (「複製物を返還する」 is no limit on copying).
TEST(Engine, APartStatedElsewhereCountsOnlyWhereTheRequirementIsSpokenOf) {
  core::RuleSpec spec = vendor_duty("OUT-07", "outsourcing", {{"目的外", "複製"}, {"利用", "複製"}});
  spec.kind = core::RuleKind::ban;
  spec.elements_in_document = true;
  spec.elements = {{{"複製"}, "複製の制限がない", {}, {}, false, {}}};
  const Compiled c(spec);
  const auto run = [&](std::vector<std::pair<std::string, std::string>> parts) {
    return std::string(core::status_name(run_clauses(c.rules, parts, true).findings.at(0).status));
  };
  EXPECT_EQ(run({{"第2条", "乙は、甲の情報を目的外に利用してはならない。"},
                 {"第5条", "乙は、業務の完了後、甲の資料及びその複製物を返還しなければならない。"}}),
            "weak");
  EXPECT_EQ(run({{"第2条", "乙は、甲の情報を目的外に利用してはならない。"},
                 {"第3条", "乙は、甲の承諾なく甲の資料を複製してはならない。"}}),
            "satisfied");
}

// A part of the requirement stated only in a sentence that decides nothing for it, and only under a
// condition (「甲の指示があったときは、…記録を作成する」), is stated weakly; the body's own 「…できる」 is its
// right, not a hedge.
TEST(Engine, AnElementStatedOnlyConditionallyElsewhereInTheArticleIsWeak) {
  core::RuleSpec spec = vendor_duty("OUT-05", "outsourcing", {{"アクセス"}, {"超えて"}});
  spec.elements = {{{"記録"}, "記録が指示に限られる", {}, {}, true, {}}};
  const Compiled c(spec);
  EXPECT_EQ(run_article(c.rules, {"乙は、甲が指定した範囲を超えてアクセスしてはならない。",
                                  "乙は、甲の指示があったときは、作業の記録を作成する。"}),
            "weak");
  EXPECT_EQ(run_article(c.rules, {"乙は、甲が指定した範囲を超えてアクセスしてはならない。",
                                  "乙は、作業の記録を作成し、保存する。"}),
            "satisfied");
  EXPECT_EQ(run_article(c.rules, {"乙は、甲が指定した範囲を超えてアクセスしてはならない。",
                                  "甲は、作業の記録を閲覧することができる。"}),
            "satisfied");
}

// An item takes its lead-in's conditions: 「乙は、乙の業務に支障のない範囲で、次の措置を講じる。」 hedges
// every item under it.
TEST(Engine, AnItemTakesItsLeadInsConditions) {
  const Compiled c(vendor_duty("OUT-17", "outsourcing", {{"暗号化"}}));
  const auto items = [&](const char* lead) {
    std::vector<std::pair<std::string, std::string>> parts = {{"第2条", lead}, {"第2条第1号", "(1) 記録媒体の暗号化"}};
    return std::string(core::status_name(run_clauses(c.rules, parts).findings.at(0).status));
  };
  EXPECT_EQ(items("乙は、乙の業務に支障のない範囲で、次の措置を講じるものとする。"), "weak");
  EXPECT_EQ(items("乙は、次の措置を講じるものとする。"), "satisfied");
}

// The body's own word that gives the vendor's duty away (「…教育の内容は乙に一任するものとし、甲は、
// 報告を求めない」) contradicts it; the body's other sentences still decide nothing.
TEST(Engine, TheBodyGivingAVendorsDutyAwayContradictsIt) {
  core::RuleSpec spec = vendor_duty("OUT-06", "outsourcing", {{"教育"}, {"従事者"}});
  spec.contradicts = {{{"乙に一任"}, "一任", {}, {}, false, {}}};
  const Compiled c(spec);
  EXPECT_EQ(c.eval("従事者に対する教育の内容は乙に一任するものとし、甲は、これについて報告を求めないものとする。"),
            "contradicted");
  EXPECT_EQ(c.eval("甲は、甲の従事者に対する教育を毎年度行う。"), "missing");
}

// A requirement read with its title: the account the title names is what a clause under it is about.
TEST(Engine, ATitleNamesTheMatterOfTheClausesUnderItForARequirementReadWithIt) {
  core::RuleSpec spec = vendor_duty("SNS-05", "sns", {{"パスワード"}, {"アカウント", "SNS"}});
  const char* duty = "乙は、パスワードを12文字以上とし、担当者の交代時に変更しなければならない。";
  const std::vector<std::pair<std::string, std::string>> parts = {{"第2条", duty}};
  {
    const Compiled plain(spec);
    EXPECT_EQ(core::Status::missing, run_clauses(plain.rules, parts, true, "北浜市公式SNSアカウント運用業務委託仕様書").findings.at(0).status);
  }
  spec.title_context = true;
  const Compiled titled(spec);
  EXPECT_EQ(core::Status::satisfied,
            run_clauses(titled.rules, parts, true, "北浜市公式SNSアカウント運用業務委託仕様書").findings.at(0).status);
  // The annex's title, not the document's, speaks for the clauses in the annex.
  EXPECT_EQ(core::Status::satisfied,
            run_clauses(titled.rules, parts, true, "北浜市広報業務委託契約書", "SNSアカウント運用特記事項").findings.at(0).status);
  // A title that names something else leaves the clause without its matter.
  EXPECT_EQ(core::Status::missing, run_clauses(titled.rules, parts, true, "北浜市広報紙印刷業務委託契約書").findings.at(0).status);
}
