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
