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
