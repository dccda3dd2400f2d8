// CSV for Excel: BOM, CRLF, one row per contract and one column per requirement, the long form,
// and cells that a spreadsheet would run neutralised.
#include "unit/report/book_fixture.hpp"

#include <base/i18n.hpp>
#include <base/strings.hpp>
#include <report/report.hpp>

#include <gtest/gtest.h>

using namespace keiyaku;

namespace {

std::vector<std::string> lines(const std::string& csv) {
  std::vector<std::string> out;
  size_t at = 0;
  for (size_t p = csv.find("\r\n"); p != std::string::npos; p = csv.find("\r\n", at)) {
    out.push_back(csv.substr(at, p - at));
    at = p + 2;
  }
  EXPECT_EQ(at, csv.size()) << "every line ends with CRLF";
  return out;
}

}  // namespace

TEST(CsvReport, MatrixHasARowPerContractAndAColumnPerRequirement) {
  set_ui_lang(Lang::ja);
  const std::string csv = report::csv_matrix(test::sample_book());
  ASSERT_EQ(csv.substr(0, 3), "\xEF\xBB\xBF");
  const auto rows = lines(csv.substr(3));
  ASSERT_EQ(rows.size(), 4U);
  EXPECT_NE(rows[0].find("OUT-08 守秘義務,OUT-09 再委託の制限,CLD-04 データの保管場所"), std::string::npos);
  EXPECT_EQ(rows[1].substr(rows[1].size() - std::string(",充足,矛盾,欠落").size()), ",充足,矛盾,欠落");
  // A title with a comma is quoted; the second contract was not checked against OUT-08/09.
  EXPECT_NE(rows[2].find("\"クラウドサービス利用契約書, 2026年度\""), std::string::npos);
  EXPECT_EQ(rows[2].substr(rows[2].size() - std::string(",,,不十分").size()), ",,,不十分");
  EXPECT_NE(rows[3].find("失敗: /contracts/2026/broken.docx: 暗号化されたDOCXは読めません"), std::string::npos);
}

TEST(CsvReport, CellsASpreadsheetWouldEvaluateAreNeutralised) {
  set_ui_lang(Lang::ja);
  const std::string csv = report::csv_findings(test::sample_book());
  ASSERT_EQ(csv.substr(0, 3), "\xEF\xBB\xBF");
  EXPECT_EQ(csv.find(",=乙"), std::string::npos);
  EXPECT_NE(csv.find(",'=乙は、あらかじめ"), std::string::npos);
  EXPECT_NE(csv.find(",'+乙は、再委託することができる。"), std::string::npos);
  EXPECT_NE(csv.find(",'@乙は、甲の情報"), std::string::npos);
  EXPECT_NE(csv.find(",'-損害賠償の上限"), std::string::npos);
  // Every verdict, risk and file risk of each contract, and one line for the failed file.
  const auto rows = lines(csv.substr(3));
  EXPECT_EQ(rows.size(), 1U + 3 + 1 + 1 + 1 + 1);
}

TEST(CsvReport, TheLongFormGoesBesideTheMatrix) {
  EXPECT_EQ(report::findings_csv_path("out/report.csv"), "out/report-findings.csv");
  EXPECT_EQ(report::findings_csv_path("out/REPORT.CSV"), "out/REPORT-findings.csv");
  EXPECT_EQ(report::findings_csv_path("report"), "report-findings.csv");
}

namespace {

// The sample book with its first contract a new version: OUT-09 satisfied → contradicted, a risk
// clause added and one removed.
report::Book book_with_a_new_version() {
  report::Book book = test::sample_book();
  report::PreviousVersion p;
  p.path = "/contracts/2025/a.docx";
  p.regressions.push_back(
      {"OUT-09",
       "再委託の制限",
       "must",
       {core::Status::satisfied, "第10条", "乙は、承諾を得る。", 14},
       {core::Status::contradicted, "第10条", "+乙は、再委託することができる。", 14}});
  p.risks.push_back({"RISK-01",
                     true,
                     {"第21条", "損害賠償の上限は委託料の額とする。", 40},
                     "損害賠償の上限・免責"});
  p.risks.push_back({"RISK-06", false, {"第30条", "自動的に更新する。", 52}, "自動更新"});
  book.contracts[0].previous_version = p;
  return book;
}

}  // namespace

TEST(CsvReport, ANewVersionShowsItsPreviousFileAndWhatGotWorse) {
  set_ui_lang(Lang::ja);
  const report::Book book = book_with_a_new_version();
  const auto matrix = lines(report::csv_matrix(book).substr(3));
  ASSERT_EQ(matrix.size(), 4U);
  EXPECT_NE(
      matrix[0].find(
          ",ファイルのリスク,前の版のファイル,前の版から悪化した要件,追加されたRISK条項,OUT-08 "),
      std::string::npos)
      << matrix[0];
  EXPECT_NE(matrix[1].find(",/contracts/2025/a.docx,1,1,充足,矛盾,欠落"), std::string::npos)
      << matrix[1];
  // Not a new version: the three cells are empty.
  EXPECT_NE(matrix[2].find(",,,,,,不十分"), std::string::npos) << matrix[2];

  const auto rows = lines(report::csv_findings(book).substr(3));
  EXPECT_EQ(rows.size(), 1U + 3 + 1 + 1 + 3 + 1 + 1);
  std::vector<std::string> version;
  for (const std::string& r : rows) {
    if (r.find(",version,") != std::string::npos) {
      version.push_back(r);
    }
  }
  ASSERT_EQ(version.size(), 3U);
  EXPECT_NE(
      version[0].find(",OUT-09,再委託の制限,version,must,充足 → "
                      "矛盾,第10条,14,'+乙は、再委託することができる。,"
                      "前の版: /contracts/2025/a.docx（前の条項: 第10条「乙は、承諾を得る。」）,,"),
      std::string::npos)
      << version[0];
  EXPECT_NE(version[1].find(",RISK-01,損害賠償の上限・免責,version,,RISK条項の追加,第21条,40,"),
            std::string::npos)
      << version[1];
  EXPECT_NE(version[2].find(",RISK-06,自動更新,version,,RISK条項の削除,第30条,52,"),
            std::string::npos)
      << version[2];
}

TEST(TextReport, ANewVersionIsListedWithEachRegressionAndRiskClause) {
  set_ui_lang(Lang::en);
  const report::Book book = book_with_a_new_version();
  const std::string text =
      report::version_text("/contracts/2026/a.docx", *book.contracts[0].previous_version);
  EXPECT_EQ(text,
            "  /contracts/2026/a.docx (previous version: /contracts/2025/a.docx)\n"
            "    OUT-09   再委託の制限 [must]  satisfied → contradicted  第10条 → 第10条\n"
            "    RISK-01  + risk clause added: 損害賠償の上限・免責  "
            "第21条「損害賠償の上限は委託料の額とする。」\n"
            "    RISK-06  - risk clause removed: 自動更新  第30条「自動的に更新する。」\n");
  EXPECT_EQ(report::version_text("x.docx", report::PreviousVersion{}), "");
}
