// Issue 12 item 9: names, handles and file names from outside reach the terminal escaped, never
// as control sequences (ESC, OSC, C1, bidi overrides); issue 12 item 10 end to end.
#include "support/temp_dir.hpp"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <filesystem>
#include <fstream>

using keiyaku::test::build_dir;
using keiyaku::test::run;
using keiyaku::test::source_dir;
using keiyaku::test::TempDir;
namespace fs = std::filesystem;

namespace {

std::string ky(const TempDir& dir, const std::string& args) {
  return "KEIYAKU_DB=" + dir.file("k.db") + " KEIYAKU_NOW=2026-04-01T09:00:00+09:00 " +
         build_dir() + "/keiyaku --lang en " + args;
}

// No control character other than line breaks (and the tabs of a table) in what was printed.
void expect_no_controls(const std::string& text, const std::string& what) {
  for (size_t i = 0; i < text.size(); ++i) {
    const auto c = static_cast<unsigned char>(text[i]);
    EXPECT_FALSE((c < 0x20 && c != '\n') || c == 0x7F)
        << what << ": byte " << int(c) << " at " << i << "\n"
        << text;
    if (c == 0xC2 && i + 1 < text.size()) {
      const auto d = static_cast<unsigned char>(text[i + 1]);
      EXPECT_FALSE(d >= 0x80 && d <= 0x9F) << what << ": a C1 control at " << i;
    }
    EXPECT_NE(text.substr(i, 3), "\xE2\x80\xAE") << what << ": U+202E at " << i;
  }
}

}  // namespace

TEST(CliTerminal, VendorNamesAreEscapedInAddShowAndList) {
  TempDir dir;
  const std::string name =
      "\"$(printf '株式会社\\033]0;owned\\007みなと\\033[2J\\302\\233\\342\\200\\256')\"";
  const auto add = run(ky(dir, "vendor add --name " + name));
  ASSERT_EQ(add.exit_code, 0) << add.err;
  expect_no_controls(add.out, "vendor add");
  EXPECT_EQ(add.out, "added vendor #1 株式会社\\x1B]0;owned\\x07みなと\\x1B[2J\\u009B\\u202E\n");
  for (const char* cmd : {"vendor show 1", "vendor list", "vendor due", "report"}) {
    const auto r = run(ky(dir, cmd));
    expect_no_controls(r.out, cmd);
    expect_no_controls(r.err, cmd);
  }
  EXPECT_NE(run(ky(dir, "vendor show 1")).out.find("株式会社\\x1B]0;owned\\x07みなと"),
            std::string::npos);
  // JSON keeps the name as it is (escaped by JSON itself).
  const auto j = nlohmann::json::parse(run(ky(dir, "vendor list --format json")).out);
  EXPECT_EQ(j.at("vendors").at(0).at("name"),
            "株式会社\x1b]0;owned\x07みなと\x1b[2J\xc2\x9b\xe2\x80\xae");
}

TEST(CliTerminal, SnsHandlesAndOwnersAreEscapedInShow) {
  TempDir dir;
  const auto add =
      run(ky(dir,
             "sns add --service other --handle \"$(printf 'city\\033[8m')\" --url "
             "https://example.com/city "
             "--department 広報課 --owner \"$(printf '山田\\033]52;c;ZXZpbA==\\007')\""));
  ASSERT_EQ(add.exit_code, 0) << add.err;
  expect_no_controls(add.out, "sns add");
  for (const char* cmd : {"sns show 1", "sns list", "sns check"}) {
    const auto r = run(ky(dir, cmd));
    expect_no_controls(r.out, cmd);
    expect_no_controls(r.err, cmd);
  }
  EXPECT_NE(run(ky(dir, "sns show 1")).out.find("山田\\x1B]52;c;ZXZpbA==\\x07"), std::string::npos);
}

TEST(CliTerminal, FileNamesAreEscapedInTheBatchSummaryAndErrors) {
  TempDir dir;
  fs::create_directory(dir.file("t"));
  fs::copy_file(source_dir() + "/samples/outsourcing-tokki.docx", dir.file("t/evil\x1b[2J.docx"));
  fs::copy_file(source_dir() + "/samples/outsourcing-tokki.docx", dir.file("t/bad\x9b.docx"));
  { std::ofstream(dir.file("t/broken\x1b]0;x\x07.docx")) << "not a zip"; }
  const auto r = run(ky(dir, "batch " + dir.file("t")));
  EXPECT_EQ(r.exit_code, 2) << r.err;
  expect_no_controls(r.out, "batch summary");
  expect_no_controls(r.err, "batch errors");
  EXPECT_NE(r.out.find("evil\\x1B[2J.docx"), std::string::npos) << r.out;
  EXPECT_NE(r.err.find("broken\\x1B]0;x\\x07.docx"), std::string::npos) << r.err;
  const auto scan = run(ky(dir, "scan --fail-on never " + dir.file("t/evil\x1b[2J.docx")));
  expect_no_controls(scan.out, "scan");
}

TEST(CliTerminal, PolicySentencesAreEscapedInProfileDerive) {
  TempDir dir;
  std::ofstream(dir.file("policy.txt")) << "若葉野市\x1b[2J情報セキュリティ基本方針\n"
                                           "第1条 この方針は、若葉野市の情報資産を守るために定める。\n";
  const auto r = run(ky(dir, "profile derive " + dir.file("policy.txt")));
  expect_no_controls(r.out, "profile derive");
  expect_no_controls(r.err, "profile derive");
  EXPECT_NE(r.out.find("若葉野市\\x1B[2J情報セキュリティ基本方針"), std::string::npos) << r.out;
}

// Item 10: the URL of an account, and handles typed in full width.
TEST(CliTerminal, SnsUrlsMustBeOnTheServicesDomainsAndFullWidthHandlesAreDuplicates) {
  TempDir dir;
  const std::string rest = " --department 広報課 --owner 山田";
  auto r = run(ky(
      dir, "sns add --service x --handle wakabano_city --url https://evil.example/wakabano_city" +
               rest));
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_EQ(r.err,
            "keiyaku: error: the account's URL must be https:// on x.com, twitter.com: "
            "'https://evil.example/wakabano_city'\n");
  EXPECT_EQ(
      run(ky(dir,
             "sns add --service x --handle wakabano_city --url http://x.com/wakabano_city" + rest))
          .exit_code,
      2);
  EXPECT_FALSE(fs::exists(dir.file("k.db")));
  ASSERT_EQ(
      run(ky(dir,
             "sns add --service x --handle wakabano_city --url https://x.com/wakabano_city" + rest))
          .exit_code,
      0);
  r = run(ky(
      dir,
      "sns add --service x --handle ｗａｋａｂａｎｏ＿ｃｉｔｙ --url https://x.com/wakabano_city" +
          rest));
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("duplicate handle"), std::string::npos) << r.err;
  EXPECT_EQ(run(ky(dir, "sns show x:Ｗａｋａｂａｎｏ＿Ｃｉｔｙ")).exit_code, 0);
  const auto ja = run(
      "KEIYAKU_DB=" + dir.file("k.db") + " " + build_dir() +
      "/keiyaku --lang ja sns add --service instagram --handle city --url https://evil.example/" +
      rest);
  EXPECT_EQ(ja.err,
            "keiyaku: error: アカウントの URL は https:// で instagram.com の URL にしてください: "
            "'https://evil.example/'\n");
}
