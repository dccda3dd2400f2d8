// Deriving profiles from basic policies: the five seed policies (../shared/seeds, read at test time)
// must give the families and articles of seeds/README.md, and policies written here in other
// numbering and wording (tests/data/policies) must be read just as well.
#include <profile/derive.hpp>

#include <base/file.hpp>

#include "support/temp_dir.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <map>
#include <string>

using keiyaku::profile::derive;
using keiyaku::profile::Derived;
using keiyaku::profile::to_profile;

namespace {

std::string seed(const std::string& name) {
  return keiyaku::test::source_dir() + "/../shared/seeds/" + name;
}

std::optional<Derived> derive_file(const std::string& path) {
  auto text = keiyaku::file::read(path);
  if (!text) {
    return std::nullopt;
  }
  return derive(*text);
}

// family → article, "-" when absent; three_tier included.
std::map<std::string, std::string> articles(const Derived& d) {
  std::map<std::string, std::string> out;
  for (const char* f : {"outsourcing", "cloud", "sns"}) {
    const auto it = d.families.find(f);
    out[f] = it == d.families.end() ? "-" : it->second.article;
  }
  out["three_tier"] = d.three_tier ? d.three_tier->article : "-";
  return out;
}

std::map<std::string, std::string> expect(const char* out, const char* cloud, const char* sns, const char* tier) {
  return {{"outsourcing", out}, {"cloud", cloud}, {"sns", sns}, {"three_tier", tier}};
}

#define LOAD_SEED(var, name)                                  \
  auto var##_opt = derive_file(seed(name));                   \
  if (!var##_opt) {                                           \
    GTEST_SKIP() << "seed policy not available: " << seed(name); \
  }                                                           \
  const Derived& var = *var##_opt

}  // namespace

TEST(DeriveSeed, KisarazuCouncilNumbersArticlesAndItems) {
  LOAD_SEED(d, "000_f28d20ab9f331675.txt");
  EXPECT_EQ(d.body, "木更津市議会");
  EXPECT_EQ(d.policy, "木更津市議会情報セキュリティ基本方針に関する規定");
  EXPECT_EQ(articles(d), expect("第6条(8)", "第6条(9)", "第6条(10)", "第6条(3)"));
  // The SNS clause is read whole although the PDF broke 「ソーシャルメ/ディサービス」 across a page.
  EXPECT_NE(d.families.at("sns").sentence.find("利用するソーシャルメディアサービスごとの責任者を定めること。"),
            std::string::npos)
      << d.families.at("sns").sentence;
  EXPECT_FALSE(d.binds_contractors);  // 第4条: 議員 and 事務局職員 only
  EXPECT_EQ(d.protected_data, "住民情報");
  EXPECT_FALSE(d.selection_qualified.has_value());
  EXPECT_FALSE(d.families.at("cloud").hedged);
}

TEST(DeriveSeed, NanyoBindsContractorsAndHasNoSnsClause) {
  LOAD_SEED(d, "001_5766f56c88714a9a.txt");
  EXPECT_EQ(d.body, "南陽市");
  EXPECT_EQ(articles(d), expect("7(8)ア", "7(8)イ", "-", "7(3)"));
  EXPECT_TRUE(d.binds_contractors);
  ASSERT_TRUE(d.contractor_duty.has_value());
  EXPECT_EQ(d.contractor_duty->article, "5(3)");
  EXPECT_EQ(d.families.at("cloud").sentence, "外部サービスを利用する場合には、利用に係る規定を整備し対策を講じる。");
  EXPECT_EQ(d.protected_data, "住民情報");
  const auto p = to_profile(d, "nanyo");
  EXPECT_TRUE(p.binds_contractors);
  EXPECT_EQ(p.requirements.at("OUT-02").articles, std::vector<std::string>{"5(3)"});
}

TEST(DeriveSeed, TsuchiuraQualifiesTheContractorItChooses) {
  LOAD_SEED(d, "002_eee3d3a575952203.txt");
  EXPECT_EQ(d.body, "土浦市");
  EXPECT_EQ(d.policy, "土浦市情報セキュリティポリシー（基本方針）");
  EXPECT_EQ(articles(d), expect("6(8)", "6(8)", "6(8)", "6(3)"));
  // Cloud and SNS share one sentence of 6(8); outsourcing is the sentence before it.
  EXPECT_EQ(d.families.at("cloud").sentence, d.families.at("sns").sentence);
  EXPECT_TRUE(d.families.at("outsourcing").sentence.rfind("業務委託を行う場合は、", 0) == 0);
  ASSERT_TRUE(d.selection_qualified.has_value());
  EXPECT_EQ(d.selection_qualified->sentence, "適切な情報管理が可能な委託事業者を選定");
  const auto p = to_profile(d, "tsuchiura");
  EXPECT_EQ(p.requirements.at("OUT-01").severity, "must");
  EXPECT_FALSE(d.binds_contractors);
}

TEST(DeriveSeed, KumamotoCouncilHasOnlyAHedgedCloudClause) {
  LOAD_SEED(d, "003_d0fc1ef65fd281ff.txt");
  EXPECT_EQ(d.body, "熊本市議会");
  EXPECT_EQ(articles(d), expect("-", "6(7)", "-", "-"));
  EXPECT_TRUE(d.families.at("cloud").hedged);
  EXPECT_EQ(d.protected_data, "");
  const auto p = to_profile(d, "kumamoto");
  EXPECT_FALSE(p.has("outsourcing"));
  EXPECT_TRUE(p.families.at("cloud").hedged);
}

TEST(DeriveSeed, SanbuWaterAuthorityProtectsCustomerData) {
  LOAD_SEED(d, "004_fa25c78c324100d4.txt");
  EXPECT_EQ(d.body, "山武郡市広域水道企業団");
  EXPECT_EQ(d.policy, "山武郡市広域水道企業団情報セキュリティ基本方針");
  EXPECT_EQ(articles(d), expect("6(8)", "6(8)", "6(8)", "6(3)"));
  EXPECT_EQ(d.protected_data, "契約者情報");
  ASSERT_TRUE(d.protected_data_from.has_value());
  EXPECT_EQ(d.protected_data_from->article, "6(3)①");
  // Three paragraphs of one item: each family is read from its own.
  EXPECT_NE(d.families.at("cloud").line, d.families.at("outsourcing").line);
  EXPECT_EQ(d.families.at("cloud").sentence, "外部サービス(クラウドサービス)を利用する場合には、利用に係る規定を整備し対策を講じる。");
}

// Written for these tests: a 企業団 policy in statute form (第N条, 項 2, 号 一 二, イ ロ ハ), full-width
// digits and spaced letters, contractors bound by the policy, and 患者情報 as the protected data.
TEST(DeriveOther, StatuteNumberingWithItemsInKanji) {
  auto d = derive_file(keiyaku::test::source_dir() + "/tests/data/policies/midoridai-byoin.txt");
  ASSERT_TRUE(d.has_value());
  EXPECT_EQ(d->body, "みどり台広域病院企業団");
  EXPECT_EQ(articles(*d), expect("第6条", "第7条", "第5条第4号", "第5条第2号"));
  EXPECT_EQ(d->three_tier->sentence, "情報システムの強靱性を向上させるため、次に掲げる措置を講ずること。");
  EXPECT_EQ(d->protected_data, "患者情報");
  EXPECT_EQ(d->protected_data_from->article, "第5条第2号イ");
  EXPECT_TRUE(d->binds_contractors);
  EXPECT_EQ(d->contractor_duty->article, "第4条第2項");
  ASSERT_TRUE(d->selection_qualified.has_value());
  EXPECT_EQ(d->selection_qualified->sentence, "十分な情報セキュリティ水準を有する委託先を選定");
}

// Written for these tests: a council policy in Markdown with decimal numbering (5.3), a table of
// contents, a word broken across a page, duplicated words, no outsourcing or three-tier clause, and
// an SNS clause that is only an effort.
TEST(DeriveOther, DecimalNumberingMarkdownAndAnEffortOnlyClause) {
  auto d = derive_file(keiyaku::test::source_dir() + "/tests/data/policies/sakura-gikai.md");
  ASSERT_TRUE(d.has_value());
  EXPECT_EQ(d->body, "さくら町議会");
  EXPECT_EQ(d->policy, "さくら町議会情報セキュリティ基本方針");
  EXPECT_EQ(articles(*d), expect("-", "5.3", "5.4", "-"));
  EXPECT_EQ(d->families.at("cloud").sentence,
            "議会は、クラウドサービス等の外部サービスを利用する場合には、当該サービスの選定基準及び利用手続を定め、"
            "必要な対策を講じるものとする。");
  EXPECT_FALSE(d->families.at("cloud").hedged);
  EXPECT_TRUE(d->families.at("sns").hedged);  // 「定めるよう努めるものとする」
  EXPECT_FALSE(d->binds_contractors);
  EXPECT_EQ(d->protected_data, "");
}

TEST(DeriveOther, DefinitionsAndThreatsGroundNothing) {
  const Derived d = derive(
      "テスト市情報セキュリティ基本方針\n"
      "1 定義\n"
      "(1) 外部サービス 事業者が提供するクラウドサービスを利用する形態をいう。\n"
      "(2) 委託事業者 業務の委託を受け、契約を締結した者をいう。\n"
      "2 対象とする脅威\n"
      "(1) 委託管理の不備、委託事業者の選定の誤り、SNSの不適切な利用\n"
      "3 対策\n"
      "(1) 情報資産を分類する。\n");
  EXPECT_EQ(d.body, "テスト市");
  EXPECT_TRUE(d.families.empty());
  EXPECT_FALSE(d.three_tier.has_value());
  EXPECT_FALSE(d.binds_contractors);
}

TEST(DeriveOther, ContractorsMadeToComplyByTheBodyAreNotBoundByThePolicy) {
  const Derived d = derive(
      "○○町情報セキュリティ基本方針\n"
      "第1条 この方針は、町の職員に適用する。\n"
      "第2条 町は、業務を委託する場合には、委託事業者を選定し、契約により委託事業者にこの方針を遵守させるものとする。\n");
  EXPECT_EQ(d.families.at("outsourcing").article, "第2条");
  EXPECT_FALSE(d.binds_contractors);
}

TEST(DeriveOther, CaptionsOnTheArticleLineAndOneParagraphForTheThreeTiers) {
  const Derived d = derive(
      "青葉市情報セキュリティ基本方針\n"
      "第１条（目的）　この方針は、青葉市が保有する情報資産を守るための基本的な事項を定める。\n"
      "第５条（強靱性の向上）　市は、マイナンバー利用事務系、ＬＧＷＡＮ接続系及びインターネット接続系の三層に"
      "分けて通信経路を分割し、住民情報の流出を防ぐものとする。\n"
      "第６条（外部委託）　市は、業務の全部又は一部を外部に委託する場合は、委託先の選定基準を定め、"
      "契約において情報セキュリティ上の義務を明らかにしなければならない。\n"
      "第７条（ソーシャルネットワーキングサービス）　ソーシャルネットワーキングサービスを利用して情報を"
      "発信するときは、アカウントの管理者を定めるものとする。\n");
  EXPECT_EQ(d.body, "青葉市");
  ASSERT_EQ(d.outline.units.size(), 4U);
  EXPECT_EQ(d.outline.units[2].heading, "外部委託");
  EXPECT_EQ(articles(d), expect("第6条", "-", "第7条", "第5条"));
  EXPECT_EQ(d.protected_data, "住民情報");
  EXPECT_FALSE(d.selection_qualified.has_value());
}

// Written for these tests: a 要綱-style policy (第N without 条, then 1, (1)), 基幹系 for the
// マイナンバー segment, contractors bound in the same sentence that applies the policy to them.
TEST(DeriveOther, PartsWithoutArticlesAndOneSentenceOfScopeAndDuty) {
  const Derived d = derive(
      "若葉村情報セキュリティ対策要綱\n"
      "第1 趣旨\n"
      "この要綱は、若葉村が保有する情報資産を守るための基本的な事項を定める。\n"
      "第2 適用範囲\n"
      "この要綱は、村の職員及び受託事業者に適用し、これらの者は、この要綱を遵守しなければならない。\n"
      "第3 対策\n"
      "1 システムの分離\n"
      "(1) 基幹系においては、他の領域との通信をできないようにする。\n"
      "(2) LGWAN接続系においては、インターネット接続系との通信経路を分割する。\n"
      "2 外部への委託\n"
      "(1) 村は、情報資産を取り扱う業務を他の事業者に委託するときは、事業者を選定し、契約で必要な事項を定める。\n"
      "(2) 村は、外部サービスを利用するときは、利用の手続を定める。\n");
  EXPECT_EQ(d.body, "若葉村");
  EXPECT_EQ(articles(d), expect("第3の2(1)", "第3の2(2)", "-", "第3の1"));
  EXPECT_TRUE(d.binds_contractors);
  ASSERT_TRUE(d.contractor_duty.has_value());
  EXPECT_EQ(d.contractor_duty->article, "第2");
  EXPECT_EQ(d.protected_data, "");
}

TEST(DeriveOther, AnyInputIsRead) {
  // Ill-formed UTF-8, labels with nothing after them, a deep outline, lines of separators.
  std::string deep;
  for (int i = 1; i <= 30; ++i) {
    deep += "第" + std::to_string(i) + "条\n(1)\n①\nア\n(ア)\n(a)\n1.1.1.1\n";
  }
  for (const std::string& text :
       {std::string(), std::string("\xff\xfe\x80第\xe3\x81条 (\n(((\n)))\n"), std::string("第1条\n(1)\n①\n"),
        deep, std::string(200, '-') + "\n" + std::string(3000, 'a'), std::string("附則\n附則\n第1章\n")}) {
    const Derived d = derive(text);
    EXPECT_TRUE(d.families.empty());
    EXPECT_FALSE(d.three_tier.has_value());
    const auto p = to_profile(d, "x");
    EXPECT_FALSE(p.policy.empty());
  }
}

TEST(DeriveSeed, EveryCutOfASeedIsRead) {
  // A policy cut anywhere (inside a character, a label, a sentence) is still read without harm, and
  // the families found before the cut stay found.
  auto text = keiyaku::file::read(seed("002_eee3d3a575952203.txt"));
  if (!text) {
    GTEST_SKIP() << "seed policy not available";
  }
  const std::string& full = *text;
  for (size_t cut = 0; cut < full.size(); cut += 61) {
    const Derived d = derive(std::string_view(full).substr(0, cut));
    if (cut > full.find("9 情報セキュリティ対策基準の策定\n\n上記")) {
      EXPECT_EQ(articles(d), expect("6(8)", "6(8)", "6(8)", "6(3)")) << cut;
    }
  }
}
