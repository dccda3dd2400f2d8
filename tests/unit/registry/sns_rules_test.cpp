#include <base/i18n.hpp>
#include <registry/sns_rules.hpp>

#include <gtest/gtest.h>

using namespace keiyaku;
using namespace keiyaku::registry;

namespace {

constexpr Date k_today{2026, 4, 1};

// An account that breaks no rule.
Account good() {
  Account a;
  a.id = 3;
  a.service = Service::x;
  a.handle = "koho_city";
  a.url = "https://x.com/koho_city";
  a.department = "広報課";
  a.owner = "山田";
  a.owner_department = "広報課";
  a.deputy = "佐藤";
  a.procedure_doc = "SNS運用方針.pdf";
  a.listed_at = "https://www.city.example.lg.jp/sns.html";
  a.profile_names_body = true;
  a.mfa = true;
  a.last_review = Date{2026, 1, 15};
  a.last_post = Date{2026, 3, 30};
  a.created_at = "2024-04-01T09:00:00+09:00";
  return a;
}

std::vector<std::string> lines(const Account& a, const OperatorInfo* op = nullptr) {
  std::vector<std::string> out;
  for (const SnsProblem& p : check_account(a, op, k_today)) {
    out.push_back(p.account + ": " + p.message + " [" + p.rule_id + "]");
  }
  return out;
}

class SnsRules : public ::testing::Test {
 protected:
  void SetUp() override { set_ui_lang(Lang::en); }
};

}  // namespace

TEST_F(SnsRules, AGoodAccountBreaksNothing) {
  EXPECT_TRUE(lines(good()).empty());
}

TEST_F(SnsRules, LabelsAccountsByServiceAndHandle) {
  Account a = good();
  EXPECT_EQ(account_label(a), "x:@koho_city");
  a.handle = "@koho_city";
  EXPECT_EQ(account_label(a), "x:@koho_city");
  a.service = Service::line;
  a.handle = "city-line";
  EXPECT_EQ(account_label(a), "line:city-line");
}

TEST_F(SnsRules, NoProcedureDocument) {
  Account a = good();
  a.procedure_doc = " ";
  EXPECT_EQ(lines(a),
            std::vector<std::string>{
                "x:@koho_city: no operating procedure (運用手順) document recorded [SNS-01]"});
}

TEST_F(SnsRules, NoOwnerOrDeputy) {
  Account a = good();
  a.owner = "";
  a.deputy = "";
  EXPECT_EQ(lines(a), (std::vector<std::string>{"x:@koho_city: no owner (責任者) recorded [SNS-02]",
                                                "x:@koho_city: no deputy recorded [SNS-02]"}));
}

TEST_F(SnsRules, OwnerUnchangedThroughADepartmentChange) {
  Account a = good();
  a.department = "シティプロモーション課";
  EXPECT_EQ(lines(a), std::vector<std::string>{
                          "x:@koho_city: the department changed from '広報課' to "
                          "'シティプロモーション課' but the owner (山田) was not changed or "
                          "confirmed (keiyaku sns set-owner) [SNS-02]"});
}

TEST_F(SnsRules, ImpersonationMeasures) {
  Account a = good();
  a.listed_at = "";
  a.profile_names_body = false;
  EXPECT_EQ(lines(a),
            (std::vector<std::string>{
                "x:@koho_city: not listed on the body's own website (anti-impersonation) [SNS-04]",
                "x:@koho_city: the profile does not name the body (anti-impersonation) [SNS-04]"}));
}

TEST_F(SnsRules, MfaOff) {
  Account a = good();
  a.mfa = false;
  EXPECT_EQ(lines(a),
            std::vector<std::string>{"x:@koho_city: multi-factor authentication is off [SNS-05]"});
}

TEST_F(SnsRules, NoReviewInTwelveMonths) {
  Account a = good();
  a.last_review = Date{2025, 4, 1};  // exactly 12 months: still fine
  EXPECT_TRUE(lines(a).empty());
  a.last_review = Date{2025, 3, 31};
  EXPECT_EQ(lines(a), std::vector<std::string>{
                          "x:@koho_city: not reviewed in 12 months (last review 2025-03-31): check "
                          "who holds the credentials and which apps are linked [SNS-05]"});
  // Never reviewed: counted from when it was added.
  a.last_review.reset();
  a.created_at = "2026-01-01T00:00:00+09:00";
  EXPECT_TRUE(lines(a).empty());
  a.created_at = "2025-01-01T00:00:00+09:00";
  EXPECT_EQ(lines(a).size(), 1U);
  EXPECT_NE(lines(a)[0].find("never reviewed in the 12 months since it was added (2025-01-01)"),
            std::string::npos);
}

TEST_F(SnsRules, Dormant) {
  Account a = good();
  a.last_post = add_days(k_today, -k_dormant_days);
  EXPECT_TRUE(lines(a).empty());
  a.last_post = add_days(k_today, -k_dormant_days - 1);
  EXPECT_EQ(lines(a), std::vector<std::string>{
                          "x:@koho_city: dormant: no post since 2025-10-02; suspend or close it "
                          "against takeover [SNS-06]"});
}

TEST_F(SnsRules, EmergencyAccountWithoutItsOwnSitePage) {
  Account a = good();
  a.emergency = true;
  EXPECT_TRUE(lines(a).empty());
  a.listed_at = "";
  const auto l = lines(a);
  ASSERT_EQ(l.size(), 2U);
  EXPECT_EQ(l[1],
            "x:@koho_city: used for emergency information, but no page of the body's own site is "
            "recorded to carry the same information [SNS-07]");
}

TEST_F(SnsRules, OperatedByAVendorThatIsNotVerified) {
  OperatorInfo op{"株式会社運用", StatusInfo{}};
  op.status.status = VendorStatus::unverified;
  op.status.reason = "no verification recorded";
  EXPECT_EQ(lines(good(), &op),
            std::vector<std::string>{
                "x:@koho_city: operated by '株式会社運用', whose security verification is "
                "unverified (no verification recorded) [SNS-08]"});
  op.status.status = VendorStatus::expired;
  op.status.reason = "verification was due on 2026-03-31";
  EXPECT_EQ(lines(good(), &op).size(), 1U);
  op.status.status = VendorStatus::needs_fix;
  EXPECT_EQ(lines(good(), &op).size(), 1U);
  op.status.status = VendorStatus::verified;
  EXPECT_TRUE(lines(good(), &op).empty());
}

TEST_F(SnsRules, JapaneseMessages) {
  set_ui_lang(Lang::ja);
  Account a = good();
  a.mfa = false;
  EXPECT_EQ(lines(a),
            std::vector<std::string>{"x:@koho_city: 多要素認証が有効になっていません [SNS-05]"});
}
