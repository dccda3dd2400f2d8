#include <segment/parties.hpp>

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
