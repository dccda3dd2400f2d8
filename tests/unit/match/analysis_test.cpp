#include <match/analysis.hpp>
#include <segment/parties.hpp>

#include <gtest/gtest.h>

using namespace keiyaku;
using match::ExceptionBy;
using match::Modality;

namespace {
const core::Parties& parties() {
  static const core::Parties p = segment::resolve_parties({"北浜市(以下「甲」という。)と株式会社港(以下「乙」という。)"});
  return p;
}
match::SentenceInfo a(const char* s, const char* next = "") { return match::analyse(s, next, parties()); }
}  // namespace

TEST(Analysis, ActorIsTheFirstTopicParty) {
  EXPECT_EQ(a("乙は、秘密を漏らしてはならない。").actor, core::Actor::vendor);
  EXPECT_EQ(a("甲は、乙が違反したときは、契約を解除することができる。").actor, core::Actor::body);
  EXPECT_EQ(a("乙が違反したときは、甲は、解除することができる。").actor, core::Actor::body);
  EXPECT_EQ(a("甲及び乙は、相手方の秘密を漏らしてはならない。").actor, core::Actor::both);
  EXPECT_EQ(a("再委託先は、同等の義務を負う。").actor, core::Actor::subcontractor);
  // The party whose liability or act the topic is: 「乙の…は」, 「甲による…は」.
  EXPECT_EQ(a("乙の賠償責任は、委託料の額を上限とする。").actor, core::Actor::vendor);
  EXPECT_EQ(a("甲による立入り等の実地確認は、協議の上、合理的な範囲で行うものとする。").actor, core::Actor::body);
  EXPECT_EQ(a("甲によれば、乙は報告する。").actor, core::Actor::vendor);
}

TEST(Analysis, SpecificationImperativeBindsTheVendor) {
  const auto i = a("ログを1年間保存すること。");
  EXPECT_EQ(i.actor, core::Actor::vendor);
  EXPECT_TRUE(i.implicit_actor);
  EXPECT_EQ(i.modality, Modality::obligation);
}

TEST(Analysis, Modalities) {
  EXPECT_EQ(a("乙は、報告しなければならない。").modality, Modality::obligation);
  EXPECT_EQ(a("乙は、報告するものとする。").modality, Modality::obligation);
  EXPECT_EQ(a("乙は、提供してはならない。").modality, Modality::prohibition);
  EXPECT_EQ(a("乙は、接続しないこと。").modality, Modality::prohibition);
  EXPECT_EQ(a("乙は、再委託することができる。").modality, Modality::permission);
  EXPECT_EQ(a("乙は、教育を行うよう努めるものとする。").modality, Modality::effort);
  EXPECT_EQ(a("乙は、情報を提供しないものとする。").modality, Modality::negative);
  EXPECT_EQ(a("乙は、稼働率を保証しない。").modality, Modality::negative);
}

TEST(Analysis, ConditionsAndWhoControlsThem) {
  EXPECT_TRUE(a("乙は、甲から求められたときは、名簿を提出しなければならない。").on_request);
  EXPECT_TRUE(a("乙は、乙が重大と判断する事故について報告する。").vendor_discretion);
  EXPECT_TRUE(a("甲は、必要と認めるときは、立ち入ることができる。").body_discretion);
  EXPECT_TRUE(a("乙は、原則として再委託しない。").principle);
  EXPECT_TRUE(a("賠償額は、甲と乙が協議の上、定める。").consult);
  EXPECT_TRUE(a("乙は、甲の書面による承諾を得て再委託することができる。").body_consent);
  EXPECT_TRUE(a("乙は、甲の承諾を要しないで再委託することができる。").consent_waived);
}

TEST(Analysis, ExceptionsInTheProviso) {
  EXPECT_EQ(a("乙は、委託してはならない。", "ただし、あらかじめ甲の書面による承諾を得た場合は、この限りでない。").exception,
            ExceptionBy::body);
  EXPECT_EQ(a("乙は、提供してはならない。", "ただし、乙が業務上必要と判断した場合は、この限りでない。").exception,
            ExceptionBy::vendor);
  EXPECT_EQ(a("乙は、開示してはならない。", "ただし、法令に基づく場合は、この限りでない。").exception, ExceptionBy::law);
  EXPECT_EQ(a("乙は、甲の承諾を得た場合を除き、複製してはならない。").exception, ExceptionBy::body);
}

TEST(Analysis, EndingsTheGrammarDoesNotKnowBindNobody) {
  // A copula, a description and a bare noun are not undertakings.
  EXPECT_EQ(a("乙は、報告することも可能である。").modality, Modality::possibility);
  EXPECT_EQ(a("乙の体制は、別紙のとおりである。").modality, Modality::statement);
  EXPECT_EQ(a("乙は、認証を取得している。").modality, Modality::statement);
  const auto noun = a("乙は、従事者の名簿等。");
  EXPECT_EQ(noun.modality, Modality::unknown);
  EXPECT_EQ(noun.ending, "事者の名簿等");  // the last six characters name it
  EXPECT_FALSE(match::binds(Modality::unknown));
  EXPECT_FALSE(match::binds(Modality::statement));
  EXPECT_TRUE(match::binds(Modality::obligation));
}

TEST(Analysis, ReleaseAndPossibilityAreNotDuties) {
  for (const char* s : {"乙は、甲に報告する必要はない。", "乙は、第三者への提供を妨げられない。",
                        "乙の再委託は、制限されない。", "乙は、甲の承認を要しない。",
                        "乙は、記録を提出する義務を負わない。"}) {
    EXPECT_EQ(a(s).modality, Modality::release) << s;
  }
  EXPECT_EQ(a("当社は、データを分析に用いることがあります。").modality, Modality::possibility);
  EXPECT_EQ(a("乙は、稼働率の向上に最善を尽くすものとする。").modality, Modality::effort);
  EXPECT_EQ(a("乙は、対策の導入を検討する。").modality, Modality::effort);
}

TEST(Analysis, ALongerEndingWinsOverAShorterOne) {
  std::string ending;
  EXPECT_EQ(match::modality_of_ending("乙は、確認を受けるものとする。", &ending), Modality::obligation);
  EXPECT_EQ(ending, "ものとする");
  EXPECT_EQ(match::modality_of_ending("乙は、確認を受けないものとする。", &ending), Modality::negative);
  EXPECT_EQ(match::modality_of_ending("乙は、確認を受けてはならないものとする。", &ending), Modality::prohibition);
  EXPECT_EQ(match::modality_of_ending("乙は、確認を受けることができない。", &ending), Modality::prohibition);
  // 「…してかまいません」 allows; 「…しなくてかまいません」 releases; neither is a negation.
  EXPECT_EQ(match::modality_of_ending("担当者は、自分の端末からログインしてかまいません。", &ending), Modality::permission);
  EXPECT_EQ(match::modality_of_ending("乙は、結果を報告しなくてかまいません。", &ending), Modality::release);
  // Not objecting is accepting: a duty.
  EXPECT_EQ(match::modality_of_ending("乙は、甲の調査に異議を述べない。", &ending), Modality::obligation);
}

TEST(Analysis, ASentenceSplitsIntoClausesAtContinuativeForms) {
  const auto i = a("乙は、甲の検査を受け入れないものとし、その時期は乙が決定するものとする。");
  ASSERT_EQ(i.segments.size(), 1U);
  EXPECT_EQ(i.segments[0].modality, Modality::negative);
  EXPECT_EQ(i.modality, Modality::obligation);
  const auto j = a("乙は、情報を外部に漏らしてはならず、業務の終了後も同様とする。");
  ASSERT_EQ(j.segments.size(), 1U);
  EXPECT_EQ(j.segments[0].modality, Modality::prohibition);
  // 「…でなければならず、」 is a duty, though it ends in ず.
  const auto k = a("乙は、認証を取得した者でなければならず、その写しを甲に提出しなければならない。");
  ASSERT_EQ(k.segments.size(), 1U);
  EXPECT_EQ(k.segments[0].modality, Modality::obligation);
  // Conditions and adverbs do not end a clause.
  EXPECT_TRUE(a("乙は、甲の承認を得ず、複製してはならない。").segments.empty());
  EXPECT_TRUE(a("乙は、必ず、複製の前に申請すること。").segments.empty());
  EXPECT_TRUE(a("乙は、理由の如何を問わず、複製してはならない。").segments.empty());
}

TEST(Analysis, ConditionsThatHollowADuty) {
  EXPECT_TRUE(a("乙は、甲から求めがあり、かつ、乙が開示に支障がないと判断した場合は、知らせるものとする。").on_request);
  EXPECT_TRUE(a("乙は、甲から求めがあり、かつ、乙が開示に支障がないと判断した場合は、知らせるものとする。").vendor_discretion);
  EXPECT_TRUE(a("乙は、対応が可能な場合に限り、記録を提出する。").feasible);
  EXPECT_TRUE(a("乙は、不正な目的で情報を第三者に渡してはならない。").narrowed);
  EXPECT_TRUE(a("乙は、認証又はこれと同程度の体制を備えるものとする。").equivalent);
  EXPECT_TRUE(a("乙は、変更を甲に通知すれば足りる。").notice_suffices);
  // Whose judgement: the party marked as its subject, not one named as a recipient.
  const auto r = a("乙は、事故を甲に報告するか否かを決定する。");
  EXPECT_TRUE(r.vendor_discretion);
  EXPECT_FALSE(r.body_discretion);
}

TEST(Analysis, ConsentWaivedWhateverNounOrSuffix) {
  for (const char* s : {"乙は、甲の承認を得ずに複製することができる。", "乙は、甲の許可を得ることなく持ち出すことができる。",
                        "乙は、甲の同意なしに委託することができる。", "乙は、甲の承諾を要せず、再委託できる。"}) {
    EXPECT_TRUE(a(s).consent_waived) << s;
  }
  // In a ban, consent named with 「なく」 is the exception of the ban.
  const auto ban = a("乙は、甲の承認なく複製してはならない。");
  EXPECT_FALSE(ban.consent_waived);
  EXPECT_TRUE(ban.body_consent);
}

TEST(Analysis, AVendorAndItsStaffAreTheVendor) {
  EXPECT_EQ(a("乙及びその従事者は、知り得た情報を漏らしてはならない。").actor, core::Actor::vendor);
}

TEST(Analysis, GrammarCategoriesExist) {
  for (const char* c : {"request", "judgement", "consent", "waiver", "notice", "law", "reason", "soft", "feasible",
                        "narrow", "equivalent", "effort", "noclause", "consult", "principle"}) {
    EXPECT_FALSE(match::grammar_list(c).empty()) << c;
  }
  EXPECT_THROW(match::grammar_list("no-such-category"), std::logic_error);
}

// A rough figure or a convenience softens what it qualifies; a plain figure does not.
TEST(Analysis, RoughFiguresSoften) {
  EXPECT_TRUE(a("乙は、月1回程度、業務の実施状況を甲に報告する。").softened);
  EXPECT_TRUE(a("乙は、おおむね3か月に1回、履行状況を甲に報告する。").softened);
  EXPECT_TRUE(a("乙は、翌月10日を目途に報告書を提出する。").softened);
  EXPECT_FALSE(a("乙は、毎月10日までに報告書を提出する。").softened);
}

// 「応じかねます」 refuses; 「しかねない」 says it may happen.
TEST(Analysis, KaneruRefusesAndKanenaiMayHappen) {
  EXPECT_EQ(a("当社は、監査には応じかねます。").modality, match::Modality::negative);
  EXPECT_EQ(a("乙の行為は、情報の漏えいを招きかねない。").modality, match::Modality::possibility);
}

// A release that names nobody (「…暗号化等の措置は要しない。」) releases the vendor, as an agent: it can
// weaken or contradict, never satisfy.
TEST(Analysis, AReleaseNamingNobodyIsTheVendors) {
  const auto i = a("名簿及び入力データについて、暗号化等の措置は要しない。");
  EXPECT_EQ(i.modality, Modality::release);
  EXPECT_EQ(i.actor, core::Actor::vendor);
  EXPECT_TRUE(i.agent_only);
  EXPECT_EQ(a("名簿は、別紙のとおりとする。").actor, core::Actor::unknown);
}

// Only what the body marked (「「秘」の表示をして引き渡した書類に限り」) is part of what is needed.
TEST(Analysis, OnlyWhatTheBodyMarkedIsNarrowed) {
  EXPECT_TRUE(a("乙は、甲が「秘」の表示をして引き渡した書類に限り、施錠して保管する。").narrowed);
  EXPECT_FALSE(a("乙は、甲から引き渡された書類を施錠して保管する。").narrowed);
}

// A 「…ものとする」 rule under a topic that is the work's own matter binds the one who does the work; not
// one whose topic is the document itself, a party, or a state taken as given.
TEST(Analysis, ARuleOnTheWorksMatterBindsTheVendor) {
  const auto data = a("利用者データは、バックアップを含め、国内のデータセンターに保管されるものとする。");
  EXPECT_EQ(data.actor, core::Actor::vendor);
  EXPECT_TRUE(data.implicit_actor);
  EXPECT_EQ(a("業務の実施状況は、毎月書面で甲に報告することとする。").actor, core::Actor::vendor);
  EXPECT_EQ(a("この特記事項は、本業務に係る情報の取扱いについて定めるものとする。").actor, core::Actor::unknown);
  EXPECT_EQ(a("本契約の期間は、令和8年3月31日までとするものとする。").actor, core::Actor::unknown);
  EXPECT_EQ(a("本サービスは、契約締結の時点においてISMAPに登録されているものとする。").actor, core::Actor::unknown);
  EXPECT_EQ(a("甲の職員は、乙の作業に立ち会うものとする。").actor, core::Actor::body);
}

TEST(Analysis, APartyAtWhoseHandsTheActIsDoneIsItsAgent) {
  const auto held = a("アカウントのID及びパスワードは、乙において厳重に管理する。");
  EXPECT_EQ(held.actor, core::Actor::vendor);
  EXPECT_TRUE(held.agent_only);  // not a topic: it can weaken, never satisfy
  EXPECT_EQ(a("事故の公表は、甲にて行う。").actor, core::Actor::body);
}

TEST(Analysis, APoliteRequestIsADutyAndItsNegationABan) {
  EXPECT_EQ(a("お客様は、パスワードを定期的に変更してください。").modality, Modality::obligation);
  EXPECT_EQ(a("お客様は、機密情報を本サービスに保存しないでください。").modality, Modality::prohibition);
}
