// Profile files: reading them (with errors that point into the file), writing them back, and applying
// a profile to verdicts.
#include <profile/profile.hpp>

#include <base/i18n.hpp>

#include "support/temp_dir.hpp"

#include <gtest/gtest.h>

#include <fstream>

using keiyaku::ErrorCode;
using keiyaku::core::Finding;
using keiyaku::core::RuleSpec;
using keiyaku::core::Status;
using keiyaku::profile::Profile;
using keiyaku::test::TempDir;

namespace {

std::string write(const TempDir& dir, const std::string& name, const std::string& text) {
  const std::string path = dir.file(name);
  std::ofstream(path, std::ios::binary) << text;
  return path;
}

std::string shipped() { return keiyaku::test::source_dir() + "/requirements/profiles"; }

RuleSpec spec(const std::string& id, const std::string& family, const std::string& severity = "must") {
  RuleSpec s;
  s.id = id;
  s.family = family;
  s.severity = severity;
  s.basis = {"総務省ガイドライン 対策基準 8.1(2)"};
  return s;
}

Finding finding(const std::string& id, Status status) {
  Finding f;
  f.id = id;
  f.status = status;
  f.evidence.push_back({"第9条", "乙は、…", 3});
  return f;
}

class ProfileApply : public ::testing::Test {
 protected:
  void SetUp() override { keiyaku::set_ui_lang(keiyaku::Lang::ja); }
  void TearDown() override { keiyaku::set_ui_lang(keiyaku::Lang::en); }
};

}  // namespace

TEST(ProfileFiles, TheShippedProfilesLoad) {
  auto all = keiyaku::profile::load_dir(shipped());
  ASSERT_TRUE(all) << all.error().message;
  std::vector<std::string> names;
  for (const Profile& p : *all) {
    names.push_back(p.name);
  }
  EXPECT_EQ(names, (std::vector<std::string>{"default", "kisarazu-gikai", "kumamoto-gikai", "nanyo", "sanbu-suido",
                                             "tsuchiura"}));
  auto t = keiyaku::profile::find(shipped(), "tsuchiura");
  ASSERT_TRUE(t);
  EXPECT_EQ(t->body, "土浦市");
  EXPECT_EQ(t->families.at("outsourcing").article, "6(8)");
  EXPECT_EQ(t->requirements.at("OUT-01").severity, "must");
  auto k = keiyaku::profile::find(shipped(), "kumamoto-gikai");
  ASSERT_TRUE(k);
  EXPECT_FALSE(k->has("outsourcing"));
  EXPECT_FALSE(k->has("sns"));
  EXPECT_FALSE(k->has("three_tier"));
  EXPECT_TRUE(k->families.at("cloud").hedged);
  auto s = keiyaku::profile::find(shipped(), "sanbu-suido");
  ASSERT_TRUE(s);
  EXPECT_EQ(s->protected_data, "契約者情報");
  auto n = keiyaku::profile::find(shipped(), "nanyo");
  ASSERT_TRUE(n);
  EXPECT_TRUE(n->binds_contractors);
  EXPECT_FALSE(n->has("sns"));
}

TEST(ProfileFiles, UnknownNameSuggestsOne) {
  auto p = keiyaku::profile::find(shipped(), "tsuchira");
  ASSERT_FALSE(p);
  EXPECT_EQ(p.error().code, ErrorCode::not_found);
  EXPECT_NE(p.error().message.find("tsuchiura"), std::string::npos) << p.error().message;
}

TEST(ProfileFiles, ErrorsPointIntoTheFile) {
  TempDir dir;
  auto bad_key = keiyaku::profile::load_file(write(dir, "a.toml",
                                                   "name = \"a\"\npolicy = \"A市情報セキュリティ基本方針\"\n"
                                                   "[families.cloud]\narticel = \"6(8)\"\n"));
  ASSERT_FALSE(bad_key);
  EXPECT_EQ(bad_key.error().code, ErrorCode::data);
  EXPECT_EQ(bad_key.error().message, "unknown key 'articel' in [families.cloud] (did you mean 'article'?)");
  ASSERT_TRUE(bad_key.error().where.has_value());
  EXPECT_EQ(bad_key.error().where->line, 4);
  EXPECT_EQ(bad_key.error().where->context, "articel = \"6(8)\"");

  auto bad_family = keiyaku::profile::load_file(
      write(dir, "b.toml", "policy = \"B\"\n[families.social]\narticle = \"1\"\n"));
  ASSERT_FALSE(bad_family);
  EXPECT_EQ(bad_family.error().message, "unknown key 'social' in [families]");

  auto bad_severity = keiyaku::profile::load_file(
      write(dir, "c.toml", "policy = \"C\"\n[requirements.OUT-01]\nseverity = \"high\"\n"));
  ASSERT_FALSE(bad_severity);
  EXPECT_EQ(bad_severity.error().message, "'severity' must be \"must\" or \"should\"");
  EXPECT_EQ(bad_severity.error().where->line, 3);

  auto bad_id = keiyaku::profile::load_file(write(dir, "d.toml", "policy = \"D\"\n[requirements.out1]\n"));
  ASSERT_FALSE(bad_id);
  EXPECT_EQ(bad_id.error().message, "'out1' is not a requirement id (OUT-01, CLD-04, ...)");

  auto both = keiyaku::profile::load_file(
      write(dir, "e.toml", "policy = \"E\"\n[families.sns]\n[absent]\nsns = \"なし\"\n"));
  ASSERT_FALSE(both);
  EXPECT_EQ(both.error().message, "'sns' is both in [families] and in [absent]");

  auto no_policy = keiyaku::profile::load_file(write(dir, "f.toml", "body = \"F市\"\n"));
  ASSERT_FALSE(no_policy);
  EXPECT_EQ(no_policy.error().message, "missing key 'policy' (the title cited beside an article)");

  auto syntax = keiyaku::profile::load_file(write(dir, "g.toml", "policy = \"G\n"));
  ASSERT_FALSE(syntax);
  EXPECT_EQ(syntax.error().where->line, 1);
}

TEST(ProfileFiles, TomlRoundTrip) {
  Profile p;
  p.name = "x";
  p.body = "エックス市";
  p.policy = "エックス市情報セキュリティ基本方針";
  p.protected_data = "住民情報";
  p.binds_contractors = true;
  p.binds_contractors_article = "5(3)";
  p.families["outsourcing"] = {"7(8)ア", "業務委託を行う場合には、\"選定\"し…", false, ""};
  p.families["cloud"] = {"7(8)イ", "", true, ""};
  p.absent["sns"] = "SNS の条項なし";
  p.requirements["OUT-01"] = {"must", {"7(6)", "7(7)"}, "「適切な」"};
  TempDir dir;
  const std::string path = write(dir, "x.toml", keiyaku::profile::to_toml(p, "header\nsecond line"));
  auto q = keiyaku::profile::load_file(path);
  ASSERT_TRUE(q) << q.error().message;
  EXPECT_EQ(q->name, "x");
  EXPECT_EQ(q->body, p.body);
  EXPECT_EQ(q->binds_contractors_article, "5(3)");
  EXPECT_EQ(q->families.at("outsourcing").sentence, p.families.at("outsourcing").sentence);
  EXPECT_TRUE(q->families.at("cloud").hedged);
  EXPECT_EQ(q->absent.at("sns"), "SNS の条項なし");
  EXPECT_EQ(q->requirements.at("OUT-01").articles, (std::vector<std::string>{"7(6)", "7(7)"}));
  EXPECT_EQ(q->requirements.at("OUT-01").reason, "「適切な」");
}

TEST_F(ProfileApply, AFamilyThePolicyLacksIsNotRequired) {
  Profile p;
  p.name = "k";
  p.policy = "熊本市議会情報セキュリティ基本方針";
  p.families["cloud"] = {"6(7)", "", true, ""};
  p.absent["outsourcing"] = "熊本市情報セキュリティ対策基準を確認";
  Finding f = finding("OUT-09", Status::contradicted);
  keiyaku::profile::apply(p, spec("OUT-09", "outsourcing"), f);
  EXPECT_EQ(f.status, Status::not_applicable);
  EXPECT_TRUE(f.evidence.empty());
  EXPECT_EQ(f.reason, "方針上の要求なし（熊本市議会情報セキュリティ基本方針に業務委託の条項がない。熊本市情報セキュリティ対策基準を確認）");
  Finding tier = finding("TIER-01", Status::missing);
  keiyaku::profile::apply(p, spec("TIER-01", "tier"), tier);
  EXPECT_EQ(tier.status, Status::not_applicable);
  EXPECT_EQ(tier.reason, "方針上の要求なし（熊本市議会情報セキュリティ基本方針に三層の対策の条項がない）");
}

TEST_F(ProfileApply, TheNotRequiredMarkStaysInEnglish) {
  keiyaku::set_ui_lang(keiyaku::Lang::en);
  Profile p;
  p.policy = "P";
  Finding f = finding("SNS-01", Status::missing);
  keiyaku::profile::apply(p, spec("SNS-01", "sns"), f);
  EXPECT_EQ(f.reason, "方針上の要求なし (not required by this policy: P has no clause on social media)");
}

TEST_F(ProfileApply, ArticlesAreCitedAndSeveritiesFollowThePolicy) {
  Profile p;
  p.policy = "土浦市情報セキュリティ基本方針";
  p.families["outsourcing"] = {"6(8)", "", false, ""};
  p.requirements["OUT-01"] = {"must", {}, "「適切な情報管理が可能な委託事業者を選定」"};
  p.requirements["OUT-12"] = {"", {"6(7)"}, ""};
  Finding sel = finding("OUT-01", Status::weak);
  keiyaku::profile::apply(p, spec("OUT-01", "outsourcing", "should"), sel);
  EXPECT_EQ(sel.status, Status::weak);
  EXPECT_EQ(sel.severity, "must");
  EXPECT_EQ(sel.policy_basis,
            std::vector<std::string>{"土浦市情報セキュリティ基本方針 6(8)（「適切な情報管理が可能な委託事業者を選定」）"});
  Finding inc = finding("OUT-12", Status::satisfied);
  keiyaku::profile::apply(p, spec("OUT-12", "outsourcing"), inc);
  EXPECT_EQ(inc.severity, "");  // the catalog's own
  EXPECT_EQ(inc.policy_basis,
            (std::vector<std::string>{"土浦市情報セキュリティ基本方針 6(8)", "土浦市情報セキュリティ基本方針 6(7)"}));
  EXPECT_EQ(keiyaku::core::severity_of(inc, spec("OUT-12", "outsourcing")), "must");
  Finding risk = finding("RISK-01", Status::contradicted);
  keiyaku::profile::apply(p, spec("RISK-01", "risk"), risk);
  EXPECT_EQ(risk.status, Status::contradicted);
  EXPECT_TRUE(risk.policy_basis.empty());
}

TEST_F(ProfileApply, AHedgedClauseLowersOnlyWhatIsMissing) {
  Profile p;
  p.policy = "熊本市議会情報セキュリティ基本方針";
  p.families["cloud"] = {"6(7)", "", true, ""};
  Finding missing = finding("CLD-04", Status::missing);
  keiyaku::profile::apply(p, spec("CLD-04", "cloud"), missing);
  EXPECT_EQ(missing.severity, "should");
  EXPECT_EQ(missing.policy_basis, std::vector<std::string>{"熊本市議会情報セキュリティ基本方針 6(7)（必要に応じて）"});
  Finding contradicted = finding("CLD-05", Status::contradicted);
  keiyaku::profile::apply(p, spec("CLD-05", "cloud"), contradicted);
  EXPECT_EQ(contradicted.severity, "");
}

TEST_F(ProfileApply, TheDefaultProfileChangesNothing) {
  auto d = keiyaku::profile::find(shipped(), "default");
  ASSERT_TRUE(d);
  for (const char* family : {"outsourcing", "cloud", "sns", "tier"}) {
    Finding f = finding("X-01", Status::weak);
    keiyaku::profile::apply(*d, spec("X-01", family), f);
    EXPECT_EQ(f.status, Status::weak) << family;
    EXPECT_EQ(f.severity, "") << family;
    EXPECT_TRUE(f.policy_basis.empty()) << family;
  }
}
