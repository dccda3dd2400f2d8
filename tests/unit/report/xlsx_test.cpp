// The XLSX workbook: its sheets, frozen headers, filters, coloured status cells, and no formulas.
#include "support/temp_dir.hpp"
#include "unit/report/book_fixture.hpp"
#include "unit/report/zip_read.hpp"

#include <base/file.hpp>
#include <base/i18n.hpp>
#include <report/report.hpp>

#include <gtest/gtest.h>

#include <filesystem>

using namespace keiyaku;

namespace {

bool has(const std::string& s, const std::string& n) { return s.find(n) != std::string::npos; }

}  // namespace

TEST(XlsxReport, SummaryFamilySheetsAndTheLongSheet) {
  set_ui_lang(Lang::ja);
  test::TempDir dir;
  const std::string path = dir.file("report.xlsx");
  ASSERT_TRUE(report::xlsx(test::sample_book(), path));
  auto bytes = file::read(path);
  ASSERT_TRUE(bytes);
  const auto zip = test::read_zip(*bytes);
  ASSERT_TRUE(zip.count("xl/workbook.xml"));
  const std::string& wb = zip.at("xl/workbook.xml").data;
  const size_t cover = wb.find("name=\"表紙\"");
  const size_t summary = wb.find("name=\"概要\"");
  const size_t out = wb.find("name=\"業務委託 (OUT)\"");
  const size_t cld = wb.find("name=\"外部サービス (CLD)\"");
  const size_t all = wb.find("name=\"指摘一覧\"");
  ASSERT_NE(summary, std::string::npos);
  ASSERT_NE(out, std::string::npos);
  ASSERT_NE(cld, std::string::npos);
  ASSERT_NE(all, std::string::npos);
  ASSERT_NE(cover, std::string::npos);
  EXPECT_LT(cover, summary);
  EXPECT_LT(summary, out);
  EXPECT_LT(out, cld);
  EXPECT_LT(cld, all);
  for (int i = 2; i <= 5; ++i) {  // sheet1 is the cover
    const std::string name = "xl/worksheets/sheet" + std::to_string(i) + ".xml";
    ASSERT_TRUE(zip.count(name)) << name;
    const std::string& sheet = zip.at(name).data;
    EXPECT_TRUE(has(sheet, "state=\"frozen\"")) << name;
    EXPECT_TRUE(has(sheet, "<autoFilter ref=\"A1:")) << name;
    EXPECT_FALSE(has(sheet, "<f>")) << name << ": no formulas";
  }
  // Status cells are coloured: the fills are in the styles.
  const std::string& styles = zip.at("xl/styles.xml").data;
  for (const char* rgb : {"FFD7F0D7", "FFFFF0B8", "FFF7CACA", "FFF2D3EC"}) {
    EXPECT_TRUE(has(styles, rgb)) << rgb;
  }
  // Text that would be a formula is a string.
  const std::string& strings = zip.at("xl/sharedStrings.xml").data;
  EXPECT_TRUE(has(strings, "<t>=乙は、あらかじめ甲の書面による承認を得た場合を除き…</t>"));
  EXPECT_TRUE(has(strings, "&lt;script&gt;alert"));
  EXPECT_TRUE(has(strings, "矛盾"));
  // Written beside the target and renamed: nothing else is left behind.
  size_t entries = 0;
  for (const auto& e : std::filesystem::directory_iterator(dir.path())) {
    EXPECT_EQ(e.path().filename(), "report.xlsx");
    ++entries;
  }
  EXPECT_EQ(entries, 1U);
}

TEST(XlsxReport, AnUnwritablePlaceIsAnErrorNamingIt) {
  set_ui_lang(Lang::en);
  auto st = report::xlsx(test::sample_book(), "/nonexistent-dir/report.xlsx");
  ASSERT_FALSE(st);
  EXPECT_EQ(st.error().message.rfind("/nonexistent-dir/report.xlsx: ", 0), 0U) << st.error().message;
}

// LibreOffice Calc opens the workbook: its summary sheet converts to CSV with every contract and
// the Japanese text intact, and text that looks like a formula stays text (skipped without soffice).
TEST(XlsxReport, LibreOfficeOpensTheWorkbook) {
  if (std::system("command -v soffice >/dev/null 2>&1") != 0) {
    GTEST_SKIP() << "soffice is not installed";
  }
  set_ui_lang(Lang::ja);
  test::TempDir dir;
  const std::string path = dir.file("report.xlsx");
  ASSERT_TRUE(report::xlsx(test::sample_book(), path));
  // 44,34,76: comma, double quote, UTF-8; the first sheet (概要).
  const std::string cmd = "cd " + dir.path() + " && HOME=" + dir.path() +
                          " soffice --headless --norestore --convert-to 'csv:Text - txt - csv (StarCalc):44,34,76'"
                          " --outdir " + dir.path() + " " + path + " >/dev/null 2>&1";
  ASSERT_EQ(std::system(cmd.c_str()), 0);
  auto csv = file::read(dir.file("report.csv"));
  ASSERT_TRUE(csv) << "LibreOffice did not convert the workbook";
  EXPECT_TRUE(has(*csv, "業務委託契約書")) << *csv;
  EXPECT_TRUE(has(*csv, "クラウドサービス利用契約書, 2026年度"));
  EXPECT_TRUE(has(*csv, "/contracts/2026/broken.docx"));
  EXPECT_TRUE(has(*csv, "<script>alert"));  // shown as text, never run
  size_t lines = 0;
  for (const char ch : *csv) {
    lines += ch == '\n' ? 1 : 0;
  }
  EXPECT_EQ(lines, 4U) << "a header and three contracts";
}

// Printed for 決裁: every sheet A4 landscape, one page wide, the header row on every page, the
// file, date and profile in the page header and the page number in the footer; a cover sheet first
// with the date, profile, reviewer, legend and counts.
TEST(XlsxReport, PrintsOnA4WithACoverSheet) {
  set_ui_lang(Lang::ja);
  test::TempDir dir;
  const std::string path = dir.file("report.xlsx");
  report::Book book = test::sample_book();
  book.print.date = "2026-04-01";
  book.print.profile = "tsuchiura（土浦市）";
  book.print.reviewer = "情報政策課 & 契約課";
  ASSERT_TRUE(report::xlsx(book, path));
  auto bytes = file::read(path);
  ASSERT_TRUE(bytes);
  const auto zip = test::read_zip(*bytes);
  for (int i = 1; i <= 5; ++i) {
    const std::string name = "xl/worksheets/sheet" + std::to_string(i) + ".xml";
    ASSERT_TRUE(zip.count(name)) << name;
    const std::string& sheet = zip.at(name).data;
    EXPECT_TRUE(has(sheet, "<pageSetUpPr fitToPage=\"1\"/>")) << name;
    EXPECT_TRUE(has(sheet, "paperSize=\"9\"")) << name;
    EXPECT_TRUE(has(sheet, "orientation=\"landscape\"")) << name;
    EXPECT_TRUE(has(sheet, "fitToHeight=\"0\"")) << name;
    EXPECT_TRUE(has(sheet,
                    "<oddHeader>&amp;L&amp;F&amp;Cプロファイル: "
                    "tsuchiura（土浦市）&amp;R2026-04-01</oddHeader>"))
        << name;
    EXPECT_TRUE(has(sheet, "<oddFooter>&amp;Lkeiyaku 審査結果&amp;C&amp;P / &amp;N</oddFooter>"))
        << name;
  }
  // The header row of every data sheet repeats on each printed page; not the cover's.
  const std::string& wb = zip.at("xl/workbook.xml").data;
  size_t titles = 0;
  for (size_t p = 0; (p = wb.find("_xlnm.Print_Titles", p)) != std::string::npos; ++p) {
    ++titles;
    const size_t end = wb.find("</definedName>", p);
    EXPECT_EQ(wb.substr(end - 5, 5), "$1:$1") << wb.substr(p, end - p);
  }
  EXPECT_EQ(titles, 4U) << wb;  // summary, two families, findings
  EXPECT_FALSE(has(wb, "表紙'!$1:$1"));
  EXPECT_FALSE(has(wb, "表紙!$1:$1"));
  // The cover: date, profile, reviewer (an ampersand as text), legend and counts.
  const std::string& strings = zip.at("xl/sharedStrings.xml").data;
  for (const char* s : {"作成日", "2026-04-01", "審査者", "情報政策課 &amp; 契約課", "契約書の数",
                        "該当する条項がない。追加案を示して協議", "必須要件の数"}) {
    EXPECT_TRUE(has(strings, s)) << s;
  }
}
