#include <segment/parties.hpp>

#include <algorithm>

#include <gtest/gtest.h>

using namespace keiyaku;

TEST(Parties, ResolvesDefinedTermsFromThePreamble) {
  const auto p = segment::resolve_parties(
      {"業務委託契約書", "北浜市(以下「発注者」という。)と株式会社みなと計算センター(以下「受注者」という。)とは、次のとおり契約を締結する。"});
  EXPECT_EQ(p.body_term, "発注者");
  EXPECT_EQ(p.vendor_term, "受注者");
  EXPECT_EQ(p.body_name, "北浜市");
  EXPECT_EQ(p.vendor_name, "株式会社みなと計算センター");
}

TEST(Parties, UnusualTermsTakeTheirRoleFromTheNamedParty) {
  const auto p = segment::resolve_parties(
      {"青葉町(以下「町」という。)と青葉システム株式会社(以下「事業者」という。)は"});
  EXPECT_EQ(p.body_term, "町");
  EXPECT_EQ(p.vendor_term, "事業者");
  EXPECT_EQ(core::party_at(p, "町は、監査できる", 0).actor, core::Actor::body);
  EXPECT_EQ(core::party_at(p, "事業者は", 0).actor, core::Actor::vendor);
}

TEST(Parties, VendorTermsDefineTheCustomer) {
  const auto p = segment::resolve_parties({"本規約において「利用者」とは、本サービスを利用する団体をいう。",
                                           "「当社」とは、株式会社トークをいう。"});
  EXPECT_EQ(p.body_term, "利用者");
  EXPECT_EQ(p.vendor_term, "当社");
  EXPECT_EQ(core::party_at(p, "利用者は", 0).actor, core::Actor::body);
}

TEST(Parties, SubcontractorIsNotTheVendor) {
  const auto p = segment::resolve_parties({"甲と乙は"});
  const auto m = core::party_at(p, "再委託先は", 0);
  EXPECT_EQ(m.actor, core::Actor::subcontractor);
  EXPECT_EQ(m.length, std::string("再委託先").size());
}

TEST(Parties, WithoutDefinitionsTheMostUsedSubjectNamesTheParty) {
  const auto p = segment::resolve_parties({"本市は、資料を提供する。", "受託者は、報告すること。",
                                           "受託者は、再委託しないこと。", "本市は、監査できる。"});
  EXPECT_EQ(p.body_term, "本市");
  EXPECT_EQ(p.vendor_term, "受託者");
}

// 利用規約: the provider is 当社 or 弊社, the customer the name the terms define or use.
TEST(Parties, TermsOfServiceReportTheirOwnCustomerName) {
  const auto p = segment::resolve_parties({"ファイル共有サービス利用規約",
                                           "本規約において「ユーザー」とは、本サービスの利用を申し込んだ法人をいう。",
                                           "弊社は、ユーザーの情報を適切に管理します。"});
  EXPECT_EQ(p.body_term, "ユーザー");
  EXPECT_EQ(p.vendor_term, "弊社");
  EXPECT_EQ(core::party_at(p, "弊社は", 0).actor, core::Actor::vendor);
  EXPECT_EQ(core::party_at(p, "ユーザーは", 0).actor, core::Actor::body);
}

TEST(Parties, TermsOfServiceDefineTheirPartiesInParentheses) {
  const auto p = segment::resolve_parties(
      {"この規約は、株式会社ルミナス(以下「当社」といいます。)が提供するサービスを、申し込んだ団体(以下「利用団体」といいます。)が利用する条件を定めます。"});
  EXPECT_EQ(p.vendor_term, "当社");
  EXPECT_EQ(p.vendor_name, "株式会社ルミナス");
  EXPECT_EQ(p.body_term, "利用団体");
}

TEST(Parties, UndefinedCustomerIsTheNameTheTermsUse) {
  const auto p = segment::resolve_parties({"当社は、本サービスを提供します。", "会員が本サービスを使うときは、",
                                           "会員は、パスワードを管理します。", "当社は、障害を通知します。"});
  EXPECT_EQ(p.vendor_term, "当社");
  EXPECT_EQ(p.body_term, "会員") << "never お客様 where the text says 会員";
}

TEST(Parties, ApplicantIsACustomerOfTheTerms) {
  const auto p = segment::resolve_parties({"「申込者」とは、本サービスに申し込む者をいう。", "当社は、申込者に通知する。",
                                           "当社は、これを変更できる。"});
  EXPECT_EQ(p.body_term, "申込者");
  EXPECT_EQ(p.vendor_term, "当社");
}

// Names are cut at the definition's own words: no particle, role or label in front.
TEST(Parties, CompanyNamesAreCutCleanly) {
  const auto a = segment::resolve_parties(
      {"北浜市長(以下「甲」という。)が株式会社ミツバ情報(以下「乙」という。)に委託する業務について"});
  EXPECT_EQ(a.body_name, "北浜市長");
  EXPECT_EQ(a.vendor_name, "株式会社ミツバ情報");
  const auto b = segment::resolve_parties(
      {"委託者南浦町(以下「委託者」という。)と受託者南浦データサービス株式会社(以下「受託者」という。)は"});
  EXPECT_EQ(b.body_name, "南浦町");
  EXPECT_EQ(b.vendor_name, "南浦データサービス株式会社");
  const auto c = segment::resolve_parties({"住所 名称:有限会社はまなす計算(以下「乙」という。)"});
  EXPECT_EQ(c.vendor_name, "有限会社はまなす計算");
  const auto d = segment::resolve_parties({"甲府市(以下「甲」という。)とはまなす株式会社(以下「乙」という。)は"});
  EXPECT_EQ(d.body_name, "甲府市") << "a lone 甲 is no role in front of the name";
  EXPECT_EQ(d.vendor_name, "はまなす株式会社") << "a particle is cut only before a name";
}

// Bodies that are not cities: 指定管理者, 協会, 組合, 企業団, 広域連合, 議会, 議長.
TEST(Parties, OtherPublicBodiesCommissionTheWork) {
  for (const char* body : {"公益財団法人北浜文化振興協会", "北浜地区衛生組合", "南浦水道企業団", "北浜地域広域連合",
                           "北浜市議会", "北浜市議会議長", "北浜スポーツパーク指定管理者"}) {
    const auto p = segment::resolve_parties(
        {std::string(body) + "(以下「発注側」という。)と株式会社ナギサ(以下「受注側」という。)は"});
    EXPECT_EQ(p.body_term, "発注側") << body;
    EXPECT_EQ(p.body_name, body);
    EXPECT_EQ(p.vendor_term, "受注側") << body;
  }
  const auto p = segment::resolve_parties({"指定管理者は、本業務を委託する。", "指定管理者は、検査する。",
                                           "受託者は、報告する。", "受託者は、記録する。"});
  EXPECT_EQ(p.body_term, "指定管理者");
  EXPECT_EQ(p.vendor_term, "受託者");
}

// One party clearly the body: the other party defined beside it is the vendor.
TEST(Parties, TheVendorByElimination) {
  const auto p = segment::resolve_parties(
      {"北浜市(以下「市」という。)と北浜計算センター(以下「センター」という。)は、次のとおり契約を結ぶ。"});
  EXPECT_EQ(p.body_term, "市");
  EXPECT_EQ(p.vendor_term, "センター");
  EXPECT_EQ(p.vendor_name, "北浜計算センター");
  EXPECT_EQ(core::party_at(p, "センターは", 0).actor, core::Actor::vendor);
}

// A sentence of terms of service that only says 「当社の」 still has 当社 as the vendor and お客様 as the body.
TEST(Parties, AProviderNamedOnlyInPassingMakesTheTermsItsOwn) {
  const auto p = segment::resolve_parties({"お客様は、当社の承認を得てデータを移せます。"});
  EXPECT_EQ(p.vendor_term, "当社");
  EXPECT_EQ(p.body_term, "お客様");
  EXPECT_EQ(core::party_at(p, "お客様は", 0).actor, core::Actor::body);
}

// A term of its own defined by what the party does: 「委託先」とは、…受注した事業者のことです.
TEST(Parties, ATermDefinedAsTheOneWhoTookTheWorkIsTheVendor) {
  const auto p = segment::resolve_parties({"南浜市公式SNS運用代行業務仕様書",
                                           "この仕様書は、南浜市(以下「市」といいます。)が発注する業務について定めるものです。",
                                           "この仕様書で「委託先」とは、この業務を受注した事業者のことです。"});
  EXPECT_EQ(p.body_term, "市");
  EXPECT_EQ(p.vendor_term, "委託先");
  const auto other = segment::resolve_parties({"この仕様書で「対象施設」とは、市が所有する施設のことです。"});
  EXPECT_EQ(other.vendor_term, "");
}

TEST(Parties, ABodysBareKindUsedAloneAsTheTopicIsTheBody) {
  const auto p = segment::resolve_parties({"東浦県庁舎ネットワーク運用業務仕様書",
                                           "受託者は、毎月の運用結果を県に報告すること。",
                                           "県は、必要と認めるときは、作業場所に立ち入ることができる。",
                                           "県は、受託者に対し、是正を求めることができる。"});
  EXPECT_EQ(p.body_term, "県");
  EXPECT_NE(std::find(p.body.begin(), p.body.end(), "県"), p.body.end());
  // Inside a name (東浦県は, 都道府県は) it is not the bare word; once is not enough.
  const auto named = segment::resolve_parties({"東浦県は、都道府県は、県民に周知する。", "県は、公表する。"});
  EXPECT_EQ(std::find(named.body.begin(), named.body.end(), "県"), named.body.end());
}
