#include "support/temp_dir.hpp"

#include <gtest/gtest.h>

using keiyaku::test::build_dir;
using keiyaku::test::run;

namespace {
std::string bin() { return build_dir() + "/keiyaku"; }
}  // namespace

TEST(Cli, VersionPrintsNameAndVersion) {
  const auto r = run(bin() + " --version");
  EXPECT_EQ(r.exit_code, 0);
  EXPECT_EQ(r.out.rfind("keiyaku ", 0), 0U);
}

TEST(Cli, HelpListsEveryCommandInEnglishAndJapanese) {
  const auto en = run(bin() + " help --lang en");
  EXPECT_EQ(en.exit_code, 0);
  for (const char* c : {"scan", "batch", "extract", "diff", "inspect", "vendor", "sns", "profile",
                        "requirements", "db"}) {
    EXPECT_NE(en.out.find(std::string("  ") + c), std::string::npos) << c;
  }
  EXPECT_NE(en.out.find("usage:"), std::string::npos);
  const auto ja = run("LANG=ja_JP.UTF-8 " + bin() + " help");
  EXPECT_NE(ja.out.find("使い方:"), std::string::npos);
  const auto forced = run("LANG=ja_JP.UTF-8 " + bin() + " --lang en help");
  EXPECT_NE(forced.out.find("usage:"), std::string::npos);
}

TEST(Cli, UnknownCommandSuggestsTheClosestAndExits2) {
  const auto r = run(bin() + " --lang en scna");
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("keiyaku: error: unknown command: scna (did you mean 'scan'?)"),
            std::string::npos)
      << r.err;
}

TEST(Cli, BadLangIsAUsageError) {
  const auto r = run(bin() + " --lang fr help");
  EXPECT_EQ(r.exit_code, 2);
}

TEST(Cli, DbBeforeTheCommandNamesTheRegistry) {
  keiyaku::test::TempDir dir;
  const std::string db = dir.file("r.db");
  const auto add = run(bin() + " --db " + db + " vendor add --name 株式会社テスト");
  ASSERT_EQ(add.exit_code, 0) << add.err;
  const auto list = run(bin() + " --db=" + db + " vendor list");
  EXPECT_EQ(list.exit_code, 0) << list.err;
  EXPECT_NE(list.out.find("株式会社テスト"), std::string::npos) << list.out;
}
