// The HTML report: self-contained, escaped, a matrix for several contracts and details for each.
#include "unit/report/book_fixture.hpp"

#include "support/temp_dir.hpp"

#include <base/file.hpp>
#include <base/i18n.hpp>
#include <report/report.hpp>

#include <gtest/gtest.h>

#include <cstdlib>

using namespace keiyaku;

namespace {

bool has(const std::string& s, const std::string& n) { return s.find(n) != std::string::npos; }

size_t count(const std::string& s, const std::string& n) {
  size_t c = 0;
  for (size_t p = s.find(n); p != std::string::npos; p = s.find(n, p + 1)) {
    ++c;
  }
  return c;
}

}  // namespace

TEST(HtmlReport, EveryPieceOfDocumentTextIsEscaped) {
  set_ui_lang(Lang::ja);
  const std::string page = report::html(test::sample_book());
  EXPECT_FALSE(has(page, "<script>alert"));
  EXPECT_FALSE(has(page, "<img src=x"));
  EXPECT_TRUE(has(page, "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;業務委託契約書"));
  EXPECT_TRUE(has(page, "秘密を&lt;img src=x onerror=alert(1)&gt;漏らしてはならない。"));
  EXPECT_TRUE(has(page, "/contracts/2026/a&amp;b.docx"));
  // The only script is the page's own: one opening tag.
  EXPECT_EQ(count(page, "<script"), 1U);
}

TEST(HtmlReport, NothingIsFetched) {
  set_ui_lang(Lang::ja);
  const std::string page = report::html(test::sample_book());
  for (const char* external : {"http://", "https://", "src=\"", "<link", "@import", "url(", "<iframe", "<object"}) {
    EXPECT_FALSE(has(page, external)) << external;
  }
  EXPECT_TRUE(has(page, "Content-Security-Policy\" content=\"default-src 'none'"));
  EXPECT_TRUE(has(page, "<meta charset=\"utf-8\">"));
  EXPECT_TRUE(has(page, "@page{size:A4"));
  EXPECT_TRUE(has(page, "@media print"));
}

TEST(HtmlReport, SeveralContractsGiveASortableMatrixLinkingToEachOne) {
  set_ui_lang(Lang::ja);
  const std::string page = report::html(test::sample_book());
  EXPECT_TRUE(has(page, "<table id=\"matrix\">"));
  EXPECT_TRUE(has(page, "id=\"q\""));     // the filter box
  EXPECT_TRUE(has(page, "id=\"only\""));  // the status filter
  for (int i = 1; i <= 3; ++i) {
    EXPECT_TRUE(has(page, "href=\"#c-" + std::to_string(i) + "\"")) << i;
    EXPECT_TRUE(has(page, "id=\"c-" + std::to_string(i) + "\"")) << i;
  }
  // One column per requirement, in catalog order; the cells carry the status for sorting.
  const size_t out08 = page.find(">OUT-08</th>");
  const size_t out09 = page.find(">OUT-09</th>");
  const size_t cld04 = page.find(">CLD-04</th>");
  ASSERT_NE(out08, std::string::npos);
  EXPECT_LT(out08, out09);
  EXPECT_LT(out09, cld04);
  EXPECT_TRUE(has(page, "class=\"m st-contradicted\" data-v=\"4\""));
  EXPECT_TRUE(has(page, "class=\"m st-weak\" data-v=\"2\""));
  EXPECT_TRUE(has(page, "data-has=\"contradicted missing risk\""));
  EXPECT_TRUE(has(page, "data-has=\"failed\""));
  EXPECT_TRUE(has(page, "暗号化されたDOCXは読めません"));
  EXPECT_TRUE(has(page, "確認済"));
}

TEST(HtmlReport, OneContractGivesItsFindingsWithClauseReasonAndSuggestion) {
  set_ui_lang(Lang::ja);
  report::Book b = test::sample_book();
  b.contracts.resize(1);
  const std::string page = report::html(b);
  EXPECT_FALSE(has(page, "id=\"matrix\""));
  EXPECT_FALSE(has(page, "<script"));
  EXPECT_TRUE(has(page, "要件ごとの判定"));
  EXPECT_TRUE(has(page, "<cite>第10条</cite>「+乙は、再委託することができる。」"));
  EXPECT_TRUE(has(page, "甲の承諾なしに認めている"));
  EXPECT_TRUE(has(page, "=乙は、あらかじめ甲の書面による承認を得た場合を除き…"));
  EXPECT_TRUE(has(page, "@乙は、甲の情報を日本国内に保管しなければならない。"));  // the missing one's clause
  EXPECT_TRUE(has(page, "DOCX-MACRO"));
  EXPECT_TRUE(has(page, "word/vbaProject.bin"));
  EXPECT_TRUE(has(page, "RISK-01"));
  EXPECT_TRUE(has(page, "損害賠償の上限・免責"));
  EXPECT_TRUE(has(page, "<span class=\"badge st-missing\">欠落</span>"));
}

// The matrix works in a browser: Chromium, headless, runs the page's own script; a probe typed
// into the filter box and a click on a column header leave their results in the DOM (skipped
// without chromium).
TEST(HtmlReport, TheMatrixFiltersAndSortsInABrowser) {
  if (std::system("command -v chromium >/dev/null 2>&1") != 0) {
    GTEST_SKIP() << "chromium is not installed";
  }
  set_ui_lang(Lang::ja);
  std::string page = report::html(test::sample_book());
  const std::string probe =
      "<script>(function(){var q=document.getElementById('q');q.value='broken';"
      "q.dispatchEvent(new Event('input'));var one=document.getElementById('shown').textContent;"
      "q.value='';q.dispatchEvent(new Event('input'));var all=document.getElementById('shown').textContent;"
      "var th=document.getElementById('matrix').tHead.rows[0].cells[2];th.click();th.click();"
      "document.body.setAttribute('data-probe',one+'|'+all+'|'+th.getAttribute('aria-sort'));})();</script>";
  const size_t end = page.rfind("</body>");
  ASSERT_NE(end, std::string::npos);
  page.insert(end, probe);
  test::TempDir dir;
  const std::string path = dir.file("report.html");
  ASSERT_TRUE(file::write_atomic(path, page));
  const std::string out = dir.file("dom.html");
  const std::string cmd = "HOME=" + dir.path() + " timeout 60 chromium --headless --no-sandbox --disable-gpu " +
                          "--dump-dom file://" + path + " >" + out + " 2>/dev/null";
  ASSERT_EQ(std::system(cmd.c_str()), 0);
  auto dom = file::read(out);
  ASSERT_TRUE(dom);
  // One contract matches 'broken', three are shown again, and two clicks sort the other way.
  EXPECT_TRUE(has(*dom, "data-probe=\"1|3|descending\"")) << dom->substr(0, 400);
}
