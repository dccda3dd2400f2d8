// Reading the cells of an .xlsx worksheet (ledgers kept in Excel): shared, rich and inline strings,
// numbers, dates by their number format, booleans, gaps, and the sheet chosen by name.

#include "support/temp_dir.hpp"
#include "unit/docx/zip_writer.hpp"

#include <base/i18n.hpp>
#include <docx/sheet.hpp>

#include <gtest/gtest.h>

#include <fstream>

using namespace keiyaku;

namespace {

constexpr const char* k_ns = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";
constexpr const char* k_rel_ns =
    "http://schemas.openxmlformats.org/officeDocument/2006/relationships";

// A workbook as Excel writes one: two sheets, shared strings (one rich, one with furigana), a date
// style (built-in format 14) and a custom 和暦 format.
std::string workbook() {
  test::ZipWriter z;
  z.add("[Content_Types].xml",
        "<?xml version=\"1.0\"?><Types xmlns=\"http://schemas.openxmlformats.org/package/2006/"
        "content-types\"><Default Extension=\"xml\" ContentType=\"application/xml\"/></Types>");
  z.add("xl/workbook.xml",
        std::string("<?xml version=\"1.0\"?><workbook xmlns=\"") + k_ns + "\" xmlns:r=\"" +
            k_rel_ns +
            "\"><sheets><sheet name=\"表紙\" sheetId=\"1\" r:id=\"rId1\"/>"
            "<sheet name=\"事業者\" sheetId=\"2\" r:id=\"rId2\"/></sheets></workbook>");
  z.add("xl/_rels/workbook.xml.rels",
        "<?xml version=\"1.0\"?><Relationships xmlns=\"http://schemas.openxmlformats.org/package/"
        "2006/relationships\"><Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/"
        "officeDocument/2006/relationships/worksheet\" Target=\"worksheets/sheet1.xml\"/>"
        "<Relationship Id=\"rId2\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/"
        "relationships/worksheet\" Target=\"/xl/worksheets/sheet2.xml\"/></Relationships>");
  z.add("xl/sharedStrings.xml",
        std::string("<?xml version=\"1.0\"?><sst xmlns=\"") + k_ns +
            "\"><si><t>事業者名</t></si><si><t>有効期限</t></si>"
            "<si><r><t>株式会社</t></r><r><rPr><b/></rPr><t>アルファ</t></r></si>"
            "<si><t>土浦市</t><rPh sb=\"0\" eb=\"3\"><t>ツチウラシ</t></rPh></si></sst>");
  z.add("xl/styles.xml",
        std::string("<?xml version=\"1.0\"?><styleSheet xmlns=\"") + k_ns +
            "\"><numFmts count=\"1\"><numFmt numFmtId=\"176\" formatCode=\"[$-ja-JP]"
            "ggge&quot;年&quot;m&quot;月&quot;d&quot;日&quot;\"/></numFmts>"
            "<cellXfs count=\"4\"><xf numFmtId=\"0\"/><xf numFmtId=\"14\"/>"
            "<xf numFmtId=\"176\"/><xf numFmtId=\"2\"/></cellXfs></styleSheet>");
  z.add("xl/worksheets/sheet1.xml",
        std::string("<?xml version=\"1.0\"?><worksheet xmlns=\"") + k_ns +
            "\"><sheetData><row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is>"
            "<t>表紙</t></is></c></row></sheetData></worksheet>");
  z.add("xl/worksheets/sheet2.xml",
        std::string("<?xml version=\"1.0\"?><worksheet xmlns=\"") + k_ns +
            "\"><sheetData>"
            "<row r=\"2\"><c r=\"A2\" t=\"s\"><v>0</v></c><c r=\"C2\" t=\"s\"><v>1</v></c></row>"
            "<row r=\"3\"><c r=\"A3\" t=\"s\"><v>2</v></c><c r=\"B3\" s=\"3\"><v>12.5</v></c>"
            "<c r=\"C3\" s=\"1\"><v>46113</v></c><c r=\"D3\" t=\"b\"><v>1</v></c></row>"
            "<row r=\"4\"><c r=\"A4\"/></row>"
            "<row r=\"6\"><c r=\"A6\" t=\"s\"><v>3</v></c><c r=\"C6\" s=\"2\"><v>46112</v></c>"
            "<c r=\"E6\" t=\"str\"><f>A6</f><v>=A6</v></c></row>"
            "</sheetData></worksheet>");
  return z.finish();
}

}  // namespace

TEST(Sheet, ReadsCellsAsText) {
  set_ui_lang(Lang::en);
  test::TempDir dir;
  const std::string path = dir.file("ledger.xlsx");
  std::ofstream(path, std::ios::binary) << workbook();
  auto rows = docx::read_sheet(path, "事業者");
  ASSERT_TRUE(rows) << rows.error().message;
  ASSERT_EQ(rows->size(), 3U);  // row 4 has no value
  EXPECT_EQ((*rows)[0].number, 2);
  EXPECT_EQ((*rows)[0].cells, (std::vector<std::string>{"事業者名", "", "有効期限"}));
  EXPECT_EQ((*rows)[1].number, 3);
  EXPECT_EQ((*rows)[1].cells,
            (std::vector<std::string>{"株式会社アルファ", "12.5", "2026-04-01", "TRUE"}));
  EXPECT_EQ((*rows)[2].number, 6);
  // Furigana left out; a custom 和暦 date format is a date; a formula is its value, as text.
  EXPECT_EQ((*rows)[2].cells, (std::vector<std::string>{"土浦市", "", "2026-03-31", "", "=A6"}));
  auto first = docx::read_sheet(path, "");
  ASSERT_TRUE(first);
  EXPECT_EQ(first->front().cells.front(), "表紙");
}

TEST(Sheet, NamesTheSheetsThereAre) {
  set_ui_lang(Lang::en);
  test::TempDir dir;
  const std::string path = dir.file("ledger.xlsx");
  std::ofstream(path, std::ios::binary) << workbook();
  auto rows = docx::read_sheet(path, "SNS");
  ASSERT_FALSE(rows);
  EXPECT_EQ(rows.error().message, path + ": no such sheet: SNS (sheets: 表紙, 事業者)");
  // A .docx is not a workbook.
  test::ZipWriter z;
  z.add("[Content_Types].xml",
        "<?xml version=\"1.0\"?><Types "
        "xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\"/>");
  z.add("word/document.xml", "<?xml version=\"1.0\"?><document/>");
  std::ofstream(dir.file("a.xlsx"), std::ios::binary) << z.finish();
  rows = docx::read_sheet(dir.file("a.xlsx"), "");
  ASSERT_FALSE(rows);
  EXPECT_EQ(rows.error().message,
            dir.file("a.xlsx") + ": not an Excel workbook (.xlsx): no xl/workbook.xml");
}
