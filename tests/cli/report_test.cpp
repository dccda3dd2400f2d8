// keiyaku report: the latest review of every contract in the registry, with vendor status.
#include "support/temp_dir.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

using keiyaku::test::build_dir;
using keiyaku::test::run;
using keiyaku::test::source_dir;
using keiyaku::test::TempDir;
namespace fs = std::filesystem;

namespace {

std::string bin() { return build_dir() + "/keiyaku --lang en"; }

std::string slurp(const std::string& path) {
  std::ifstream f(path, std::ios::binary);
  return std::string((std::istreambuf_iterator<char>(f)), std::istreambuf_iterator<char>());
}

// A registry with the three samples, a plain-text contract whose title a spreadsheet would run,
// and the vendor of the outsourcing sample registered and verified.
std::string make_registry(const TempDir& dir) {
  const std::string db = dir.file("k.db");
  const std::string by = " --db " + db + " --fixed-time 2026-04-01T09:00:00+09:00";
  EXPECT_EQ(run(bin() + " vendor add --name 株式会社ミナモ情報システム" + by).exit_code, 0);
  EXPECT_EQ(run(bin() + " vendor verify 株式会社ミナモ情報システム --method checksheet --result ok --date 2026-03-01 "
                        "--next-due 2027-03-01" + by).exit_code,
            0);
  std::ofstream(dir.file("formula.txt"))
      << "=HYPERLINK(\"x\")業務委託契約書\n北浜市(以下「甲」という。)と株式会社港(以下「乙」という。)は、次のとおり契約する。\n"
         "第1条 乙は、本業務に関して知り得た秘密を第三者に漏らしてはならない。\n";
  const auto b = run(bin() + " batch " + source_dir() + "/samples " + dir.file("formula.txt") + by + " --quiet");
  EXPECT_EQ(b.exit_code, 0) << b.err;
  return by;
}

}  // namespace

TEST(CliReport, ListsTheLatestReviewOfEveryContractWithItsVendorStatus) {
  TempDir dir;
  const std::string by = make_registry(dir);
  const auto r = run(bin() + " report" + by);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("株式会社ミナモ情報システム"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("verified"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("not in the registry"), std::string::npos);
  EXPECT_NE(r.out.find("samples/cloud-service.docx"), std::string::npos);
  EXPECT_NE(r.out.find("formula.txt"), std::string::npos);
}

TEST(CliReport, HtmlCsvAndXlsx) {
  TempDir dir;
  const std::string by = make_registry(dir);
  ASSERT_EQ(run(bin() + " report --format html -o " + dir.file("r.html") + by).exit_code, 0);
  const std::string page = slurp(dir.file("r.html"));
  EXPECT_NE(page.find("<table id=\"matrix\">"), std::string::npos);
  EXPECT_NE(page.find("verified"), std::string::npos);
  EXPECT_EQ(page.find("https://"), std::string::npos);
  EXPECT_NE(page.find("=HYPERLINK(&quot;x&quot;)"), std::string::npos);

  const auto csv = run(bin() + " report --format csv" + by);
  ASSERT_EQ(csv.exit_code, 0);
  EXPECT_EQ(csv.out.substr(0, 3), "\xEF\xBB\xBF");
  EXPECT_NE(csv.out.find(",\"'=HYPERLINK(\"\"x\"\")業務委託契約書\","), std::string::npos) << csv.out.substr(0, 2000);
  EXPECT_EQ(csv.out.find(",=HYPERLINK"), std::string::npos);

  ASSERT_EQ(run(bin() + " report --format xlsx -o " + dir.file("r.xlsx") + by).exit_code, 0);
  EXPECT_EQ(slurp(dir.file("r.xlsx")).substr(0, 2), "PK");
  // To a pipe, through a temporary file.
  const auto piped = run(bin() + " report --format xlsx" + by);
  EXPECT_EQ(piped.exit_code, 0);
  EXPECT_EQ(piped.out.substr(0, 2), "PK");
}

TEST(CliReport, NoRegistryIsAnErrorAndAnEmptyOneSaysSo) {
  TempDir dir;
  const auto missing = run(bin() + " report --db " + dir.file("none.db"));
  EXPECT_EQ(missing.exit_code, 2);
  EXPECT_NE(missing.err.find(dir.file("none.db")), std::string::npos);
  EXPECT_FALSE(fs::exists(dir.file("none.db")));
  ASSERT_EQ(run(bin() + " vendor add --name X株式会社 --db " + dir.file("k.db")).exit_code, 0);
  const auto empty = run(bin() + " report --db " + dir.file("k.db"));
  EXPECT_EQ(empty.exit_code, 0);
  EXPECT_NE(empty.out.find("no reviews"), std::string::npos);
}

TEST(CliScan, HtmlCsvXlsxAndAnnotate) {
  TempDir dir;
  const std::string s = source_dir() + "/samples/outsourcing-tokki.docx";
  ASSERT_EQ(run(bin() + " scan --format html -o " + dir.file("one.html") + " " + s).exit_code, 1);
  const std::string page = slurp(dir.file("one.html"));
  EXPECT_EQ(page.find("id=\"matrix\""), std::string::npos);
  EXPECT_NE(page.find("OUT-09"), std::string::npos);
  ASSERT_EQ(run(bin() + " scan --format csv -o " + dir.file("s.csv") + " " + s).exit_code, 1);
  EXPECT_NE(slurp(dir.file("s-findings.csv")).find("OUT-14"), std::string::npos);
  ASSERT_EQ(run(bin() + " scan --format xlsx -o " + dir.file("s.xlsx") + " " + s).exit_code, 1);
  EXPECT_EQ(slurp(dir.file("s.xlsx")).substr(0, 2), "PK");
  const auto a = run(bin() + " scan --annotate " + dir.file("a.docx") + " " + s);
  EXPECT_EQ(a.exit_code, 1) << a.err;
  const auto inspect = run(bin() + " inspect --format json " + dir.file("a.docx"));
  EXPECT_EQ(inspect.exit_code, 0) << inspect.err;
  EXPECT_NE(inspect.out.find("DOCX-COMMENTS"), std::string::npos);
  EXPECT_NE(inspect.out.find("keiyaku"), std::string::npos);
  // One file only, and only a Word file.
  EXPECT_EQ(run(bin() + " scan --annotate " + dir.file("b.docx") + " " + s + " " + s).exit_code, 2);
  std::ofstream(dir.file("c.txt")) << "業務委託契約書\n";
  EXPECT_EQ(run(bin() + " scan --annotate " + dir.file("c2.docx") + " " + dir.file("c.txt")).exit_code, 2);
  EXPECT_FALSE(fs::exists(dir.file("c2.docx")));
}
