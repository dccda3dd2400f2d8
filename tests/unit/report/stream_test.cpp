// The HTML report written as a stream (report::write_html): every contract in the matrix and in
// the details exactly once, every file well-formed, paged beside a regular file and one stream into
// a pipe. How much memory it takes is measured by bench/report_bench.sh, never asserted here.
#include "support/temp_dir.hpp"

#include <base/file.hpp>
#include <base/i18n.hpp>
#include <report/report.hpp>

#include <gtest/gtest.h>

#include <sys/stat.h>

#include <cctype>
#include <set>
#include <thread>
#include <vector>

using namespace keiyaku;

namespace {

// A report header with only its generation time.
report::Book stamped(const std::string& generated_at) {
  report::Book header;
  header.generated_at = generated_at;
  return header;
}

size_t count(const std::string& s, const std::string& n) {
  size_t c = 0;
  for (size_t p = s.find(n); p != std::string::npos; p = s.find(n, p + 1)) {
    ++c;
  }
  return c;
}

// Contracts made one at a time as the writer asks, never held together: every seventh could not be
// read, the others have three verdicts with text to escape.
class Generated final : public report::ContractSource {
 public:
  explicit Generated(size_t n) : m_n(n) {}
  Status for_each(const std::function<Status(const report::ContractReport&)>& visit) override {
    ++passes;
    for (size_t i = 1; i <= m_n; ++i) {
      report::ContractReport c;
      c.path = "/contracts/" + std::to_string(i) + "<&>.docx";
      c.title = "契約書 " + std::to_string(i);
      if (i % 7 == 0) {
        c.failed = true;
        c.error = c.path + ": 読めません";
      } else {
        const report::Column out08{"OUT-08", "outsourcing", "守秘義務", "must"};
        const report::Column out09{"OUT-09", "outsourcing", "再委託の制限", "must"};
        const report::Column cld04{"CLD-04", "cloud", "データの保管場所", "must"};
        c.summary.must = 3;
        c.summary.satisfied = 1;
        c.summary.weak = 1;
        c.summary.missing = 1;
        c.verdicts = {report::Verdict{out08,
                                      core::Status::satisfied,
                                      "",
                                      "",
                                      {},
                                      {{"第9条", "乙は<秘密>を漏らしてはならない。", 3}},
                                      std::nullopt},
                      report::Verdict{out09,
                                      core::Status::weak,
                                      "通知のみ",
                                      "乙は、あらかじめ…",
                                      {},
                                      {{"第10条", "通知する。", 4}},
                                      std::nullopt},
                      report::Verdict{cld04,
                                      core::Status::missing,
                                      "",
                                      "乙は、国内に保管しなければならない。",
                                      {},
                                      {},
                                      std::nullopt}};
      }
      if (Status st = visit(c); !st) {
        return st;
      }
    }
    return {};
  }
  int passes = 0;

 private:
  size_t m_n;
};

// Tags open and close in order (void elements aside; script and style bodies skipped), the page
// ends with </html>, and nothing follows.
::testing::AssertionResult well_formed(const std::string& page) {
  static const std::set<std::string> k_void = {"meta", "br", "input", "img", "hr", "link"};
  std::vector<std::string> open;
  size_t i = 0;
  while ((i = page.find('<', i)) != std::string::npos) {
    if (page.compare(i, 2, "<!") == 0) {
      i = page.find('>', i);
      continue;
    }
    const bool closing = page.compare(i, 2, "</") == 0;
    const size_t name_at = i + (closing ? 2 : 1);
    size_t end = name_at;
    while (end < page.size() && (std::isalnum(static_cast<unsigned char>(page[end])) != 0)) {
      ++end;
    }
    const std::string name = page.substr(name_at, end - name_at);
    if (name.empty()) {
      return ::testing::AssertionFailure() << "a bare '<' at " << i;
    }
    const size_t gt = page.find('>', end);
    if (gt == std::string::npos) {
      return ::testing::AssertionFailure() << "unterminated tag at " << i;
    }
    if (closing) {
      if (open.empty() || open.back() != name) {
        return ::testing::AssertionFailure()
               << "</" << name << "> closes <" << (open.empty() ? "" : open.back()) << "> at " << i;
      }
      open.pop_back();
    } else if (k_void.count(name) == 0) {
      open.push_back(name);
      if (name == "script" || name == "style") {
        const size_t close = page.find("</" + name + ">", gt);
        if (close == std::string::npos) {
          return ::testing::AssertionFailure() << "<" << name << "> never closed";
        }
        i = close;
        continue;
      }
    }
    i = gt + 1;
  }
  if (!open.empty()) {
    return ::testing::AssertionFailure() << "<" << open.back() << "> never closed";
  }
  if (page.size() < 8 || page.compare(page.size() - 8, 8, "</html>\n") != 0) {
    return ::testing::AssertionFailure() << "does not end with </html>";
  }
  return ::testing::AssertionSuccess();
}

std::string read(const std::string& path) {
  auto data = file::read(path);
  EXPECT_TRUE(data) << path;
  return data ? *data : std::string();
}

}  // namespace

// 1,201 contracts into a file: the index holds the matrix of all of them, three pages beside it
// hold their details (500, 500, 201), each linked from its row, and every file is well-formed.
TEST(StreamedHtmlReport, PagedBesideARegularFileEveryContractOnce) {
  set_ui_lang(Lang::ja);
  test::TempDir dir;
  const std::string path = dir.file("all.html");
  Generated source(1201);
  ASSERT_TRUE(report::write_html(source, stamped("2026-04-01T09:00:00+09:00"), path));
  EXPECT_LE(source.passes, 3);
  const std::string index = read(path);
  EXPECT_TRUE(well_formed(index));
  EXPECT_EQ(count(index, "<tr data-text="), 1201U);
  EXPECT_EQ(count(index, "data-has=\"failed\""), 1201U / 7);
  EXPECT_EQ(count(index, "<section"), 0U);
  EXPECT_EQ(report::html_page_path(path, 2), dir.file("all-002.html"));
  std::string pages;
  for (size_t p = 1; p <= 3; ++p) {
    const std::string page = read(report::html_page_path(path, p));
    EXPECT_TRUE(well_formed(page)) << "page " << p;
    EXPECT_EQ(count(page, "<section class=\"contract\""), p < 3 ? 500U : 201U) << "page " << p;
    EXPECT_NE(page.find("href=\"all.html#top\""), std::string::npos);
    pages += page;
  }
  EXPECT_FALSE(file::exists(report::html_page_path(path, 4)));
  for (size_t i = 1; i <= 1201; ++i) {
    const std::string page = "all-00" + std::to_string((i - 1) / 500 + 1) + ".html";
    ASSERT_EQ(count(index, "href=\"" + page + "#c-" + std::to_string(i) + "\""), 1U) << i;
    ASSERT_EQ(count(pages, "id=\"c-" + std::to_string(i) + "\""), 1U) << i;
  }
  EXPECT_EQ(count(index + pages, "<秘密>"), 0U);  // escaped everywhere
  // Written again (the pages are keiyaku's own): replaced.
  ASSERT_TRUE(report::write_html(source, stamped(""), path));
}

// A page would replace a file keiyaku did not write: refused before anything is written.
TEST(StreamedHtmlReport, APageNeverReplacesAForeignFile) {
  set_ui_lang(Lang::en);
  test::TempDir dir;
  const std::string path = dir.file("all.html");
  ASSERT_TRUE(file::write_atomic(dir.file("all-002.html"), "my notes"));
  Generated source(600);
  const Status st = report::write_html(source, stamped(""), path);
  ASSERT_FALSE(st);
  EXPECT_EQ(st.error().code, ErrorCode::conflict);
  EXPECT_EQ(read(dir.file("all-002.html")), "my notes");
  EXPECT_FALSE(file::exists(path));
  EXPECT_FALSE(file::exists(dir.file("all-001.html")));
}

// Into a pipe the report is one stream: the matrix, then every contract's details.
TEST(StreamedHtmlReport, OneStreamIntoAPipe) {
  set_ui_lang(Lang::ja);
  test::TempDir dir;
  const std::string fifo = dir.file("pipe");
  ASSERT_EQ(::mkfifo(fifo.c_str(), 0600), 0);
  std::string got;
  std::thread reader([&] {
    auto data = file::read(fifo);
    if (data) {
      got = std::move(*data);
    }
  });
  Generated source(700);
  const Status st = report::write_html(source, stamped(""), fifo);
  reader.join();
  ASSERT_TRUE(st);
  EXPECT_TRUE(well_formed(got));
  EXPECT_EQ(count(got, "<tr data-text="), 700U);
  EXPECT_EQ(count(got, "<section class=\"contract\""), 700U);
  EXPECT_EQ(count(got, "href=\"#c-700\""), 1U);
  EXPECT_FALSE(file::exists(report::html_page_path(fifo, 1)));
}

// csv is written as a stream too: the matrix and, beside it, the long form, every contract once.
TEST(StreamedCsvReport, MatrixAndLongFormEveryContractOnce) {
  set_ui_lang(Lang::en);
  test::TempDir dir;
  const std::string path = dir.file("all.csv");
  Generated source(1201);
  ASSERT_TRUE(report::write_report(source, stamped(""), "csv", path));
  EXPECT_LE(source.passes, 3);
  const std::string matrix = read(path);
  const std::string findings = read(report::findings_csv_path(path));
  EXPECT_EQ(matrix.rfind("\xEF\xBB\xBF", 0), 0U);
  EXPECT_EQ(count(matrix, "\r\n"), 1U + 1201U);
  EXPECT_NE(matrix.find("OUT-08 守秘義務,OUT-09 再委託の制限,CLD-04 データの保管場所"),
            std::string::npos);
  const size_t failed = 1201 / 7;
  EXPECT_EQ(count(findings, "\r\n"), 1U + failed + (1201U - failed) * 3U);
  EXPECT_TRUE(report::is_findings_csv(findings));
  EXPECT_EQ(count(matrix, "/contracts/1201<&>.docx"), 1U);
}
