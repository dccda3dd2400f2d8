// End-to-end tests of `keiyaku sns`: the ledger, `sns check` (SNS-01…08) and the public export.

#include "support/temp_dir.hpp"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <filesystem>
#include <fstream>
#include <sstream>

using keiyaku::test::build_dir;
using keiyaku::test::RunResult;
using keiyaku::test::TempDir;

namespace {

// An account page on the service's own domain.
std::string page_of(const std::string& service, const std::string& handle) {
  const std::string domain = service == "x"       ? "x.com"
                             : service == "line"  ? "line.me"
                             : service == "note"  ? "note.com"
                             : service == "other" ? "example.com"
                                                  : "www." + service + ".com";
  return "https://" + domain + "/" + handle;
}

class SnsCli : public ::testing::Test {
 protected:
  RunResult ky(const std::string& args, const std::string& now = "2026-04-01T09:00:00+09:00") {
    return keiyaku::test::run("LANG=C USER=tester KEIYAKU_NOW=" + now + " KEIYAKU_DB='" + db() +
                              "' " + build_dir() + "/keiyaku " + args);
  }
  std::string db() const { return m_dir.file("keiyaku.db"); }

  // An account that breaks no rule, plus extra options.
  RunResult add_good(const std::string& service,
                     const std::string& handle,
                     const std::string& extra = "") {
    return ky("sns add --service " + service + " --handle " + handle + " --url " +
              page_of(service, handle) +
              " --department 広報課 --owner 山田 --deputy 佐藤 --procedure SNS運用方針.pdf "
              "--listed-at https://www.city.example.lg.jp/sns.html --profile-names-body --mfa " +
              extra);
  }
  TempDir m_dir;
};

}  // namespace

TEST_F(SnsCli, AnAccountWithoutAnOwnerCannotBeSaved) {
  const auto r =
      ky("sns add --service x --handle koho --url https://x.com/koho --department 広報課");
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_EQ(r.out, "");
  EXPECT_EQ(r.err, "keiyaku: error: an account must have an owner (--owner)\n");
  EXPECT_FALSE(std::filesystem::exists(db()));
}

TEST_F(SnsCli, DuplicateHandleIsExit2) {
  auto r = add_good("x", "@Koho_City");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out, "added account #1 x:@Koho_City\n");
  r = add_good("x", "koho_city");
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_EQ(r.err, "keiyaku: error: duplicate handle: x:@koho_city is already account #1\n");
  EXPECT_EQ(add_good("instagram", "koho_city").exit_code, 0);
  r =
      ky("sns add --service x --handle other --url https://x.com/other --department 広報課 "
         "--owner 山田 --operator ない会社");
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_EQ(r.err, "keiyaku: error: --operator: unknown vendor: 'ない会社'\n");
  r = ky("sns add --service myspace --handle a --url https://a --department d --owner o");
  EXPECT_EQ(r.exit_code, 2);
}

TEST_F(SnsCli, CheckReportsEveryBrokenRuleWithItsId) {
  ASSERT_EQ(ky("vendor add --name 運用代行株式会社").exit_code, 0);
  ASSERT_EQ(add_good("x", "good").exit_code, 0);
  ASSERT_EQ(ky("sns add --service instagram --handle bare --url https://instagram.com/bare "
               "--department 観光課 --owner 鈴木 --operator 運用代行株式会社 --emergency "
               "--last-post 2025-09-01")
                .exit_code,
            0);
  auto r = ky("sns check");
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_EQ(
      r.out,
      "instagram:@bare (#2): no operating procedure (運用手順) document recorded [SNS-01]\n"
      "instagram:@bare (#2): no deputy recorded [SNS-02]\n"
      "instagram:@bare (#2): not listed on the body's own website (anti-impersonation) [SNS-04]\n"
      "instagram:@bare (#2): the profile does not name the body (anti-impersonation) [SNS-04]\n"
      "instagram:@bare (#2): multi-factor authentication is off [SNS-05]\n"
      "instagram:@bare (#2): dormant: no post since 2025-09-01; suspend or close it against "
      "takeover [SNS-06]\n"
      "instagram:@bare (#2): used for emergency information, but no page of the body's own "
      "site is recorded to carry the same information [SNS-07]\n"
      "instagram:@bare (#2): operated by '運用代行株式会社', whose security verification is "
      "unverified (no verification recorded) [SNS-08]\n");
  const auto j = nlohmann::json::parse(ky("sns check --format json").out);
  EXPECT_EQ(j["problems"].size(), 8U);
  EXPECT_EQ(j["problems"][7]["rule"], "SNS-08");

  // Fix each problem; the check goes quiet and exits 0.
  ASSERT_EQ(
      ky("vendor verify 運用代行株式会社 --method checksheet --result ok --next-due 2027-03-31")
          .exit_code,
      0);
  r =
      ky("sns edit instagram:bare --deputy 高橋 --procedure 方針.pdf --listed-at "
         "https://www.city.example.lg.jp/sns.html --profile-names-body --mfa");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  ASSERT_EQ(ky("sns review 2 --last-post R8.3.31").exit_code, 0);
  r = ky("sns check");
  EXPECT_EQ(r.exit_code, 0) << r.out;
  EXPECT_EQ(r.out, "");
  // Then the operator's verification falls due.
  r = ky("sns check", "2027-04-02");
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.out.find("whose security verification is expired (verification was due on "
                       "2027-03-31) [SNS-08]"),
            std::string::npos)
      << r.out;
  // And a year without review.
  EXPECT_NE(r.out.find("x:@good (#1): never reviewed in the 12 months since it was added "
                       "(2026-04-01): check who holds the credentials and which apps are linked "
                       "[SNS-05]"),
            std::string::npos)
      << r.out;
}

TEST_F(SnsCli, ADepartmentChangeNeedsTheOwnerConfirmed) {
  ASSERT_EQ(add_good("x", "koho").exit_code, 0);
  auto r = ky("sns edit koho --department 秘書広報課");
  EXPECT_EQ(r.exit_code, 0);
  EXPECT_NE(r.err.find("[SNS-02]"), std::string::npos);
  r = ky("sns check");
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_EQ(r.out,
            "x:@koho (#1): the department changed from '広報課' to '秘書広報課' but the owner "
            "(山田) was not changed or confirmed (keiyaku sns set-owner) [SNS-02]\n");
  r = ky("sns set-owner koho 田中 --deputy 中村");
  EXPECT_EQ(r.exit_code, 0);
  EXPECT_EQ(r.out, "set the owner of #1 x:@koho: 田中 / 中村\n");
  EXPECT_EQ(ky("sns check").exit_code, 0);
}

TEST_F(SnsCli, ListShowRetire) {
  ASSERT_EQ(add_good("x", "koho", "--purpose 市政情報").exit_code, 0);
  ASSERT_EQ(add_good("line", "CityLine").exit_code, 0);
  auto r = ky("sns list");
  EXPECT_EQ(r.out,
            "ID  ACCOUNT        DEPARTMENT  OWNER  DEPUTY  MFA  OPERATOR  REVIEWED\n"
            "2   line:CityLine  広報課      山田   佐藤    on   -         -\n"
            "1   x:@koho        広報課      山田   佐藤    on   -         -\n");
  r = ky("sns show x:koho --format json");
  const auto j = nlohmann::json::parse(r.out)["account"];
  EXPECT_EQ(j["purpose"], "市政情報");
  EXPECT_EQ(j["mfa"], true);
  EXPECT_EQ(j["problems"].size(), 0U);
  ASSERT_EQ(ky("sns retire koho --reason 統合").exit_code, 0);
  EXPECT_EQ(ky("sns retire koho").exit_code, 2);
  r = ky("sns list --format csv");
  EXPECT_EQ(r.out.substr(0, 3), "\xEF\xBB\xBF");
  EXPECT_EQ(r.out.find("koho"), std::string::npos);
  r = ky("sns list --all --format json");
  EXPECT_EQ(nlohmann::json::parse(r.out)["accounts"].size(), 2U);
  r = ky("sns show nobody");
  EXPECT_EQ(r.exit_code, 2);
}

TEST_F(SnsCli, ExportIsSelfContainedAndEscaped) {
  ASSERT_EQ(ky("sns add --service x --handle koho --url 'https://x.com/koho?a=1&b=\"2\"' "
               "--department '<script>alert(1)</script>課' --owner 山田")
                .exit_code,
            0);
  ASSERT_EQ(add_good("youtube", "cityTV").exit_code, 0);
  ASSERT_EQ(add_good("facebook", "old").exit_code, 0);
  ASSERT_EQ(ky("sns retire facebook:old").exit_code, 0);
  const std::string out = m_dir.file("accounts.html");
  auto r = ky("sns export --format html --title '○○市 公式SNSアカウント一覧' -o '" + out + "'");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  std::ifstream f(out);
  std::stringstream ss;
  ss << f.rdbuf();
  const std::string html = ss.str();
  EXPECT_EQ(html.rfind("<!DOCTYPE html>\n<html lang=\"ja\">", 0), 0U);
  EXPECT_NE(html.find("<title>○○市 公式SNSアカウント一覧</title>"), std::string::npos);
  EXPECT_NE(html.find("<td>&lt;script&gt;alert(1)&lt;/script&gt;課</td>"), std::string::npos);
  EXPECT_EQ(html.find("<script"), std::string::npos);
  EXPECT_NE(html.find("href=\"https://x.com/koho?a=1&amp;b=&quot;2&quot;\""), std::string::npos);
  EXPECT_NE(html.find("<td>YouTube</td><td>@cityTV</td>"), std::string::npos);
  EXPECT_EQ(html.find("old"), std::string::npos);  // retired accounts are not listed
  EXPECT_EQ(html.find("<link"), std::string::npos);
  EXPECT_EQ(html.find("src="), std::string::npos);
  EXPECT_NE(html.find("令和8年4月1日現在"), std::string::npos);
  r = ky("sns export --format csv");
  EXPECT_EQ(r.exit_code, 0);
  EXPECT_EQ(r.out,
            "\xEF\xBB\xBFサービス,アカウント,URL,所管課\r\n"
            "X,koho,\"https://x.com/koho?a=1&b=\"\"2\"\"\",<script>alert(1)</script>課\r\n"
            "YouTube,cityTV,https://www.youtube.com/cityTV,広報課\r\n");
  EXPECT_EQ(ky("sns export --format pdf").exit_code, 2);
}
