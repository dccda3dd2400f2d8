// The command line in Japanese: CLI11's help frame and usage errors (dictionaries/cli_ja.tsv), and
// option values given by the names people use (dictionaries/option_values.tsv).

#include "support/temp_dir.hpp"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <fstream>
#include <regex>
#include <string>

using keiyaku::test::build_dir;
using keiyaku::test::RunResult;
using keiyaku::test::source_dir;
using keiyaku::test::TempDir;

namespace {

class Localized : public ::testing::Test {
 protected:
  RunResult ky(const std::string& lang, const std::string& args) {
    return keiyaku::test::run("LANG=" + lang +
                              " KEIYAKU_NOW=2026-04-01T09:00:00+09:00 KEIYAKU_DB='" +
                              m_dir.file("keiyaku.db") + "' " + build_dir() + "/keiyaku " + args);
  }
  RunResult ja(const std::string& args) { return ky("ja_JP.UTF-8", args); }
  RunResult en(const std::string& args) { return ky("C", args); }
  TempDir m_dir;
};

}  // namespace

TEST_F(Localized, HelpFrameIsJapanese) {
  const RunResult r = ja("vendor cert add --help");
  EXPECT_EQ(r.exit_code, 0);
  EXPECT_NE(r.out.find("使い方: keiyaku vendor cert add [オプション] vendor\n"), std::string::npos)
      << r.out;
  EXPECT_NE(r.out.find("\n引数:\n"), std::string::npos);
  EXPECT_NE(r.out.find("\nオプション:\n"), std::string::npos);
  EXPECT_NE(r.out.find("このヘルプを表示して終了する"), std::string::npos);
  EXPECT_NE(r.out.find("--number 文字列 （必須）"), std::string::npos) << r.out;
  for (const char* english : {"Usage", "Options:", "Positionals:", "REQUIRED", "Print this help"}) {
    EXPECT_EQ(r.out.find(english), std::string::npos) << english;
  }
  EXPECT_NE(ja("vendor --help").out.find("\nサブコマンド:\n"), std::string::npos);
  // English stays as CLI11 writes it.
  EXPECT_NE(
      en("vendor cert add --help").out.find("Usage: keiyaku vendor cert add [OPTIONS] vendor"),
      std::string::npos);
}

TEST_F(Localized, UsageErrorsAreJapanese) {
  RunResult r = ja("requirements list --bogus");
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("次の引数は使えません: --bogus"), std::string::npos) << r.err;
  r = ja("scan --format yaml x.docx");
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("--format: yaml は次のどれでもありません: {text,json,html,csv,xlsx}"),
            std::string::npos)
      << r.err;
  r = ja("vendor");
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("サブコマンドを指定してください"), std::string::npos) << r.err;
  r = en("requirements list --bogus");
  EXPECT_NE(r.err.find("The following argument was not expected: --bogus"), std::string::npos)
      << r.err;
}

// `sns add` without --url: the help says it is required, and so does the error.
TEST_F(Localized, SnsAddSaysTheUrlIsRequired) {
  RunResult r = ja("sns add --service x --handle koho --department 広報課 --owner 広報課長");
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("--url は必須です"), std::string::npos) << r.err;
  EXPECT_EQ(r.err.find("''"), std::string::npos) << r.err;
  r = en("sns add --service x --handle koho --department d --owner o");
  EXPECT_NE(r.err.find("--url is required"), std::string::npos) << r.err;
  EXPECT_NE(ja("sns add --help").out.find("--url 文字列 （必須）"), std::string::npos);
}

TEST_F(Localized, OptionValuesTakeTheNamesPeopleUse) {
  ASSERT_EQ(en("vendor add --name A社").exit_code, 0);
  for (const char* kind : {"Pマーク", "ＩＳＭＳ", "ISMAP", "プライバシーマーク", "SOC2"}) {
    const RunResult r = ja(std::string("vendor cert add A社 --kind '") + kind +
                           "' --number N-1 --valid-from 2025-04-01 --valid-to 2027-03-31");
    EXPECT_EQ(r.exit_code, 0) << kind << ": " << r.err;
  }
  const auto certs =
      nlohmann::json::parse(en("vendor cert list --format json").out)["certificates"];
  ASSERT_EQ(certs.size(), 5U);
  std::vector<std::string> kinds;
  for (const auto& c : certs) {
    kinds.push_back(c["kind"]);
  }
  std::sort(kinds.begin(), kinds.end());
  EXPECT_EQ(kinds, (std::vector<std::string>{"ismap", "isms", "pmark", "pmark", "soc2"}));
  RunResult r = ja("vendor verify A社 --method 現地確認 --result 要是正 --date 2026-03-01");
  EXPECT_EQ(r.exit_code, 0) << r.err;
  const auto v = nlohmann::json::parse(en("vendor verifications --format json").out);
  EXPECT_EQ(v["verifications"][0]["method"], "onsite");
  EXPECT_EQ(v["verifications"][0]["result"], "needs-fix");
  r =
      en("sns add --service LINE --handle city --url https://line.me/R/ti/p/@city "
         "--department 広報課 --owner 課長");
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(en("sns list").out.find("line"), std::string::npos);
  // A name that is no value still fails the option's check, in Japanese.
  r = ja("vendor cert add A社 --kind 何か --number N --valid-from 2025-04-01");
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("--kind: 何か は次のどれでもありません"), std::string::npos) << r.err;
  // Contract kinds and tiers in Japanese.
  r = en("scan --format json --kind 業務委託 --kind クラウド --tier LGWAN接続系 '" + source_dir() +
         "/samples/outsourcing-tokki.docx'");
  ASSERT_TRUE(r.exit_code == 0 || r.exit_code == 1) << r.err;
  const auto j = nlohmann::json::parse(r.out);
  EXPECT_EQ(j["kinds"], (nlohmann::json{"outsourcing", "cloud"})) << j["kinds"];
}

// Every 法人番号 the README shows passes its check digit.
TEST_F(Localized, ReadmeCorporateNumbersAreValid) {
  std::ifstream f(source_dir() + "/README.md");
  const std::string readme(std::istreambuf_iterator<char>(f), {});
  const std::regex number("--corporate-number ([0-9]{13})");
  int seen = 0;
  for (auto it = std::sregex_iterator(readme.begin(), readme.end(), number);
       it != std::sregex_iterator(); ++it) {
    ++seen;
    const RunResult r =
        en("vendor add --name 例" + std::to_string(seen) + " --corporate-number " + (*it)[1].str());
    EXPECT_EQ(r.exit_code, 0) << (*it)[1].str() << ": " << r.err;
  }
  EXPECT_GT(seen, 0);
}

// The report names kinds and risk levels in Japanese, as it does verdicts.
TEST_F(Localized, ReportSaysKindsAndLevelsInJapanese) {
  const RunResult r = ja("scan --tier lgwan '" + source_dir() + "/samples/outsourcing-tokki.docx'");
  ASSERT_TRUE(r.exit_code == 0 || r.exit_code == 1) << r.err;
  EXPECT_NE(r.out.find("種別: 業務委託 + LGWAN接続系"), std::string::npos) << r.out.substr(0, 400);
  EXPECT_NE(r.out.find("DOCX-METADATA            [低]"), std::string::npos);
  EXPECT_NE(en("scan '" + source_dir() + "/samples/outsourcing-tokki.docx'")
                .out.find("kinds: outsourcing"),
            std::string::npos);
}
