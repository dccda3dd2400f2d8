// The HTML report: self-contained, escaped, a matrix for several contracts and details for each.
#include "unit/report/book_fixture.hpp"

#include "support/temp_dir.hpp"

#include <base/file.hpp>
#include <base/i18n.hpp>
#include <report/report.hpp>

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <vector>

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

// Issue 14: the batch report prints for 決裁: A4 landscape, one contract per row with readable
// columns (the requirement columns give way to one cell naming what to act on), no row split
// across pages, the header row repeated, and what each requirement id means.
TEST(HtmlReport, TheMatrixPrintsOneContractPerRowOnA4Landscape) {
  set_ui_lang(Lang::ja);
  report::Book b = test::sample_book();
  b.contracts[0].verdicts[1].waived = core::Waived{"別紙で承認", "課長", "2026-09-30", false};
  const std::string page = report::html(b);
  EXPECT_TRUE(has(page, "@page{size:A4 landscape;margin:10mm}"));
  // Each contract's details on portrait pages of their own, as the report of one contract.
  EXPECT_TRUE(has(page, "@page detail{size:A4 portrait;margin:12mm}"));
  const size_t print = page.find("@media print{");
  ASSERT_NE(print, std::string::npos);
  const std::string rules = page.substr(print);
  for (const char* rule :
       {"#matrix{table-layout:fixed;width:100%", "#matrix thead{display:table-header-group}",
        "#matrix tr{break-inside:avoid", "#matrix th.r,#matrix td.m{display:none}", "#matrix .todo{display:table-cell}",
        "#matrix th.title{width:64mm}", "#matrix th.vendor{width:34mm}", ".idkey{display:block",
        "section.contract{page:detail}", "section.contract{break-before:page"}) {
    EXPECT_TRUE(has(rules, rule)) << rule;
  }
  // On screen the cell that replaces the requirement columns is hidden.
  EXPECT_TRUE(has(page.substr(0, print), "#matrix .todo,.idkey{display:none}"));
  // The header names each column by its class, the widths above apply to.
  for (const char* th : {"<th class=\"no\"", "<th class=\"title\"", "<th class=\"vendor\"", "<th class=\"vstatus\"",
                         "<th class=\"todo\" data-type=\"text\">対応が必要な要件</th>"}) {
    EXPECT_TRUE(has(page, th)) << th;
  }
  EXPECT_EQ(count(page, "<th class=\"cnt\""), 3U);
  // One cell per contract read: the ids to act on, by verdict, the waived one marked.
  EXPECT_EQ(count(page, "<td class=\"todo\"><span"), 2U);
  EXPECT_TRUE(has(page,
                  "<td class=\"todo\"><span class=\"badge st-contradicted\">矛盾</span>OUT-09（例外承認）<br>"
                  "<span class=\"badge st-missing\">欠落</span>CLD-04</td>"));
  EXPECT_TRUE(has(page, "<td class=\"todo\"><span class=\"badge st-weak\">不十分</span>CLD-04</td>"));
  // A file that could not be read: its error in the cell on paper, across the requirement columns
  // on screen; no cell spans both, which would add columns to the printed table.
  const std::string error = "/contracts/2026/broken.docx: 暗号化されたDOCXは読めません";
  EXPECT_TRUE(has(page, "<td colspan=\"3\"></td><td class=\"todo\">" + error + "</td><td class=\"m\" colspan=\"3\">" +
                            error + "</td>"));
  // What each id means, once, for the printed page.
  EXPECT_TRUE(has(page, "<p class=\"idkey\"><span><b>OUT-08</b> 守秘義務</span><span><b>OUT-09</b> 再委託の制限</span>"
                        "<span><b>CLD-04</b> データの保管場所</span></p>"));
}

// The same in a browser: Chromium lays out the page with its print rules (copied to the screen
// by the probe, on a sheet as wide as A4 landscape less its margins, 277 mm) and the probe
// measures the columns. Widths come from the fixed layout, not from the fonts installed.
TEST(HtmlReport, PrintedColumnsAreReadableInABrowser) {
  if (std::system("command -v chromium >/dev/null 2>&1") != 0) {
    GTEST_SKIP() << "chromium is not installed";
  }
  set_ui_lang(Lang::ja);
  std::string page = report::html(test::sample_book());
  const std::string probe =
      "<script>(function(){var css='';for(var i=0;i<document.styleSheets.length;i++){"
      "var rs=document.styleSheets[i].cssRules;for(var j=0;j<rs.length;j++){"
      "if(rs[j].media&&rs[j].media.mediaText==='print'){for(var k=0;k<rs[j].cssRules.length;k++)"
      "css+=rs[j].cssRules[k].cssText+'\\n';}}}"
      "var st=document.createElement('style');st.textContent=css+'body{width:277mm;margin:0}';"
      "document.head.appendChild(st);var t=document.getElementById('matrix');"
      "var mm=t.offsetWidth/277;var h=t.tHead.rows[0].cells;var title=0,todo=0,shown=0;"
      "for(var c=0;c<h.length;c++){if(h[c].offsetWidth>0)shown++;"
      "if(h[c].className==='title')title=h[c].offsetWidth/mm;if(h[c].className==='todo')todo=h[c].offsetWidth/mm;}"
      "var rep=getComputedStyle(t.tHead).display+'|'+getComputedStyle(t.tBodies[0].rows[0]).breakInside;"
      "document.body.setAttribute('data-probe',Math.round(title)+'|'+Math.round(todo)+'|'+shown+'|'+rep);})();"
      "</script>";
  const size_t end = page.rfind("</body>");
  ASSERT_NE(end, std::string::npos);
  page.insert(end, probe);
  test::TempDir dir;
  const std::string path = dir.file("report.html");
  ASSERT_TRUE(file::write_atomic(path, page));
  const std::string out = dir.file("dom.html");
  const std::string cmd = "HOME=" + dir.path() + " timeout 60 chromium --headless --no-sandbox --disable-gpu " +
                          "--window-size=1200,800 --dump-dom file://" + path + " >" + out + " 2>/dev/null";
  ASSERT_EQ(std::system(cmd.c_str()), 0);
  auto dom = file::read(out);
  ASSERT_TRUE(dom);
  const size_t at = dom->find("data-probe=\"");
  ASSERT_NE(at, std::string::npos) << dom->substr(0, 400);
  const std::string probe_value = dom->substr(at + 12, dom->find('"', at + 12) - at - 12);
  int title = 0;
  int todo = 0;
  int shown = 0;
  char rest[64] = {};
  ASSERT_EQ(std::sscanf(probe_value.c_str(), "%d|%d|%d|%63s", &title, &todo, &shown, rest), 4) << probe_value;
  EXPECT_EQ(title, 64) << probe_value;  // the title column: 64 mm, not two characters
  EXPECT_GE(todo, 90) << probe_value;   // the rest of the line for the requirements to act on
  EXPECT_EQ(shown, 8) << probe_value;   // #, title, vendor, status, three counts, the cell: no requirement column
  EXPECT_EQ(std::string(rest), "table-header-group|avoid") << probe_value;
}

// Printed to PDF by Chromium: the matrix on A4 landscape, then each contract's details from a
// page of its own, A4 portrait. Page sizes do not depend on the fonts; the number of pages does,
// and is not asserted (bench/print_pages.sh measures it).
TEST(HtmlReport, PrintsTheMatrixLandscapeAndEachContractPortrait) {
  if (std::system("command -v chromium >/dev/null 2>&1") != 0) {
    GTEST_SKIP() << "chromium is not installed";
  }
  set_ui_lang(Lang::ja);
  test::TempDir dir;
  const std::string path = dir.file("report.html");
  ASSERT_TRUE(file::write_atomic(path, report::html(test::sample_book())));
  const std::string pdf = dir.file("report.pdf");
  const std::string cmd = "HOME=" + dir.path() + " timeout 60 chromium --headless --no-sandbox --disable-gpu " +
                          "--no-pdf-header-footer --print-to-pdf=" + pdf + " file://" + path + " >/dev/null 2>&1";
  ASSERT_EQ(std::system(cmd.c_str()), 0);
  auto bytes = file::read(pdf);
  ASSERT_TRUE(bytes);
  // The pages' sizes in order: A4 is 595 x 842 points.
  std::vector<char> orientation;
  const std::string key = "/MediaBox";
  for (size_t at = bytes->find(key); at != std::string::npos; at = bytes->find(key, at + 1)) {
    double x0 = 0;
    double y0 = 0;
    double w = 0;
    double h = 0;
    if (std::sscanf(bytes->c_str() + at + key.size(), " [%lf %lf %lf %lf", &x0, &y0, &w, &h) == 4) {
      orientation.push_back(w > h ? 'L' : 'P');
    }
  }
  ASSERT_GE(orientation.size(), 4U);
  EXPECT_EQ(orientation.front(), 'L');
  // Three contracts (one that could not be read), each from a page of its own.
  EXPECT_GE(std::count(orientation.begin(), orientation.end(), 'P'), 3);
  EXPECT_TRUE(std::is_sorted(orientation.begin(), orientation.end()))  // 'L' < 'P': landscape first
      << std::string(orientation.begin(), orientation.end());
}
