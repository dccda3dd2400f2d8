// PDF and plain-text input end to end: scan, extract and batch on PDFs written at test time
// (tests/support/pdf_writer) and on a Shift_JIS text made with iconv (libc-bin).
#include "support/pdf_writer.hpp"
#include "support/temp_dir.hpp"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <filesystem>
#include <fstream>
#include <map>

using keiyaku::test::build_dir;
using keiyaku::test::PdfLayout;
using keiyaku::test::PdfPage;
using keiyaku::test::PdfParagraph;
using keiyaku::test::run;
using keiyaku::test::source_dir;
using keiyaku::test::TempDir;

namespace fs = std::filesystem;

namespace {

std::string bin() {
  return build_dir() + "/keiyaku --lang en";
}

// Each paragraph as a line of a text file, and as a PDF paragraph.
const std::vector<std::string> k_contract = {
    "業務委託契約書",
    "土浦市（以下「甲」という。）と株式会社みなと計算センター（以下「乙」という。）は、住民情報シス"
    "テム運用保守業務について、次のとおり委託契約を締結する。",
    "（目的）",
    "第1条　この契約は、甲が乙に委託する住民情報システムの運用保守業務（以下「本業務」という。）に"
    "ついて必要な事項を定める。",
    "（秘密の保持）",
    "第2条　乙は、本業務を誠実に履行しなければならない。",
    "2　乙は、本業務の履行に当たり知り得た秘密を第三者に漏らしてはならない。本業務の終了後も同様と"
    "する。",
    "（再委託の禁止）",
    "第3条　乙は、本業務の処理に当たり、その全部又は一部を第三者に委託することができる。",
    "2　乙は、前項の規定により再委託したときは、その旨を甲に通知するものとする。",
    "（事故の報告）",
    "第4条　乙は、本業務に関し個人情報の漏えい等の事故が発生したときは、直ちに甲に報告し、その指示"
    "に従わなければならない。",
};

std::string contract_text() {
  std::string out;
  for (const std::string& line : k_contract) {
    out += line + "\r\n";
  }
  return out;
}

// The contract set eight lines to a page, so that paragraphs run over page breaks, under a running
// header and footer and page numbers.
std::string contract_pdf() {
  std::vector<PdfParagraph> paragraphs;
  for (const std::string& line : k_contract) {
    const bool numbered = line.rfind("第", 0) == 0 || line.rfind("2", 0) == 0;
    const bool heading = line.rfind("（", 0) == 0;
    paragraphs.push_back({line, numbered || heading ? 0.0 : 1.0, numbered ? 1.0 : 0.0});
  }
  PdfLayout layout;
  layout.header = "業務委託契約書（案）";
  layout.footer = "土浦市 総務部";
  layout.lines_per_page = 8;
  return keiyaku::test::write_pdf(keiyaku::test::lay_out_pages(paragraphs, layout));
}

// The contract set in two columns of 19 ems (a gutter of 2 ems) under a title across both, eight
// lines to a column, so that sentences run from the foot of the left column to the head of the
// right one and over the page break.
std::string two_column_pdf() {
  std::vector<PdfParagraph> paragraphs;
  for (size_t i = 1; i < k_contract.size(); ++i) {
    const std::string& line = k_contract[i];
    const bool numbered = line.rfind("第", 0) == 0 || line.rfind("2", 0) == 0;
    const bool heading = line.rfind("（", 0) == 0;
    paragraphs.push_back({line, numbered || heading ? 0.0 : 1.0, numbered ? 1.0 : 0.0});
  }
  PdfLayout column;
  column.width_em = 19;
  column.lines_per_page = 8;
  column.page_numbers = false;
  const std::vector<PdfPage> columns = keiyaku::test::lay_out_pages(paragraphs, column);
  std::vector<PdfPage> pages;
  for (size_t c = 0; c < columns.size(); ++c) {
    if (c % 2 == 0) {
      pages.emplace_back();
      const std::string number = "- " + std::to_string(pages.size()) + " -";
      pages.back().runs.push_back({285, 810, 9, number});
      if (c == 0) {
        pages.back().runs.push_back({260, 60, 10.5, k_contract[0]});
      }
    }
    for (keiyaku::test::PdfRun r : columns[c].runs) {
      r.x += c % 2 == 0 ? 0 : 21 * 10.5;
      pages.back().runs.push_back(r);
    }
  }
  return keiyaku::test::write_pdf(pages);
}

// The contract's first `wide` paragraphs after the title set across the page (40 ems), then the
// rest in `columns` columns of `width_em` ems (a gutter of 2 ems), `per_column` lines to a column,
// over as many pages as they need: a page of three columns, or a page that starts in one column
// and goes on in two.
std::string columned_pdf(size_t columns, double width_em, int per_column, size_t wide) {
  const auto paragraph = [](const std::string& line) {
    const bool numbered = line.rfind("第", 0) == 0 || line.rfind("2", 0) == 0;
    const bool heading = line.rfind("（", 0) == 0;
    return PdfParagraph{line, numbered || heading ? 0.0 : 1.0, numbered ? 1.0 : 0.0};
  };
  std::vector<PdfParagraph> head;
  std::vector<PdfParagraph> rest;
  for (size_t i = 1; i < k_contract.size(); ++i) {
    (i <= wide ? head : rest).push_back(paragraph(k_contract[i]));
  }
  PdfLayout across;
  across.page_numbers = false;
  std::vector<keiyaku::test::PdfRun> head_runs;
  double shift = 0;  // the columns of the first page start two lines under the text across it
  if (!head.empty()) {
    head_runs = keiyaku::test::lay_out_pages(head, across).at(0).runs;
    for (const keiyaku::test::PdfRun& r : head_runs) {
      shift = std::max(shift, r.y + 36 - 90);
    }
  }
  PdfLayout column;
  column.width_em = width_em;
  column.lines_per_page = per_column;
  column.page_numbers = false;
  const std::vector<PdfPage> in_columns = keiyaku::test::lay_out_pages(rest, column);
  std::vector<PdfPage> pages;
  for (size_t c = 0; c < in_columns.size(); ++c) {
    if (c % columns == 0) {
      pages.emplace_back();
      const std::string number = "- " + std::to_string(pages.size()) + " -";
      pages.back().runs.push_back({285, 810, 9, number});
      if (c == 0) {
        pages.back().runs.push_back({260, 60, 10.5, k_contract[0]});
        pages.back().runs.insert(pages.back().runs.end(), head_runs.begin(), head_runs.end());
      }
    }
    for (keiyaku::test::PdfRun r : in_columns[c].runs) {
      r.x += static_cast<double>(c % columns) * (width_em + 2) * 10.5;
      r.y += c < columns ? shift : 0;
      pages.back().runs.push_back(r);
    }
  }
  return keiyaku::test::write_pdf(pages);
}

// UTF-8 text as UTF-16 with its byte order mark, as Windows' Notepad saves 「Unicode」.
std::string utf16(const std::string& utf8, bool little_endian) {
  std::string out = little_endian ? "\xFF\xFE" : "\xFE\xFF";
  std::u16string units;
  for (size_t i = 0; i < utf8.size();) {
    const auto b = static_cast<unsigned char>(utf8[i]);
    const size_t n = b < 0x80 ? 1 : b < 0xE0 ? 2 : b < 0xF0 ? 3 : 4;
    char32_t c = n == 1 ? b : n == 2 ? b & 0x1FU : n == 3 ? b & 0x0FU : b & 0x07U;
    for (size_t k = 1; k < n; ++k) {
      c = (c << 6U) | (static_cast<unsigned char>(utf8[i + k]) & 0x3FU);
    }
    i += n;
    if (c > 0xFFFF) {
      units += static_cast<char16_t>(0xD800 + ((c - 0x10000) >> 10U));
      units += static_cast<char16_t>(0xDC00 + ((c - 0x10000) & 0x3FFU));
    } else {
      units += static_cast<char16_t>(c);
    }
  }
  for (const char16_t u : units) {
    const char lo = static_cast<char>(u & 0xFFU);
    const char hi = static_cast<char>(u >> 8U);
    out += little_endian ? std::string{lo, hi} : std::string{hi, lo};
  }
  return out;
}

std::string scan_pdf() {
  std::vector<PdfPage> pages(2);
  pages[0].image = true;
  pages[1].image = true;
  return keiyaku::test::write_pdf(pages);
}

std::string write(const TempDir& dir, const std::string& name, const std::string& bytes) {
  const std::string path = dir.file(name);
  fs::create_directories(fs::path(path).parent_path());
  std::ofstream(path, std::ios::binary) << bytes;
  return path;
}

// "OUT-08" -> {status, first evidence clause}
std::map<std::string, std::pair<std::string, std::string>> verdicts(const std::string& json) {
  std::map<std::string, std::pair<std::string, std::string>> out;
  const nlohmann::json j = nlohmann::json::parse(json);
  for (const auto& r : j.at("requirements")) {
    const auto ev = r.value("evidence", nlohmann::json::array());
    out[r.at("id").get<std::string>()] = {r.at("status").get<std::string>(),
                                          ev.empty() ? "" : ev[0].at("clause").get<std::string>()};
  }
  return out;
}

}  // namespace

TEST(CliPdf, ScanReadsArticlesAndCitesParagraphs) {
  TempDir dir;
  const auto r = run(bin() + " scan --format json --kind outsourcing " +
                     write(dir, "契約書.pdf", contract_pdf()));
  ASSERT_EQ(r.exit_code, 1) << r.err;
  const auto j = nlohmann::json::parse(r.out);
  EXPECT_EQ(j["parties"]["body"], "甲");
  EXPECT_EQ(j["parties"]["vendor"], "乙");
  EXPECT_EQ(j["parties"]["vendor_name"], "株式会社みなと計算センター");
  const auto v = verdicts(r.out);
  EXPECT_EQ(v.at("OUT-08"), std::make_pair(std::string("satisfied"), std::string("第2条第2項")));
  EXPECT_EQ(v.at("OUT-09"), std::make_pair(std::string("contradicted"), std::string("第3条")));
  EXPECT_EQ(v.at("OUT-12").second, "第4条");
  // The header, the footer and the page numbers are not text of the contract.
  for (const auto& req : j["requirements"]) {
    for (const auto& ev : req["evidence"]) {
      const std::string text = ev["text"];
      EXPECT_EQ(text.find("（案）"), std::string::npos) << text;
      EXPECT_EQ(text.find("総務部"), std::string::npos) << text;
    }
  }
  // The same contract as UTF-8 text reads the same.
  const auto t = run(bin() + " scan --format json --kind outsourcing " +
                     write(dir, "契約書.txt", contract_text()));
  ASSERT_EQ(t.exit_code, 1) << t.err;
  EXPECT_EQ(verdicts(t.out), v);
}

TEST(CliPdf, ExtractShowsTheBodyAndSetsHeadersApart) {
  TempDir dir;
  const auto r = run(bin() + " extract " + write(dir, "c.pdf", contract_pdf()));
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("    6  2 "
                       "乙は、本業務の履行に当たり知り得た秘密を第三者に漏らしてはならない。本業務"
                       "の終了後も同様とする。\n"),
            std::string::npos)
      << r.out;
  EXPECT_NE(
      r.out.find("-- headers and footers\n  header (page 1) [header]: 業務委託契約書（案）\n"
                 "  footer (page 1) [footer]: 土浦市 総務部\n  page numbers [footer]: - 1 -↵- 2 -"),
      std::string::npos)
      << r.out;
  const auto j = run(bin() + " extract --format json " + dir.file("c.pdf"));
  ASSERT_EQ(j.exit_code, 0) << j.err;
  EXPECT_EQ(nlohmann::json::parse(j.out)["content_type"], "application/pdf");
}

TEST(CliPdf, AScanOrAPasswordIsAOneLineErrorAndExitTwo) {
  TempDir dir;
  const std::string scan = write(dir, "scan.pdf", scan_pdf());
  const auto en = run(bin() + " scan " + scan);
  EXPECT_EQ(en.exit_code, 2);
  EXPECT_EQ(en.err, "keiyaku: error: " + scan +
                        ": this PDF has no text layer (a scanned image): run OCR on it first\n");
  const auto ja = run(build_dir() + "/keiyaku --lang ja scan " + scan);
  EXPECT_EQ(ja.exit_code, 2);
  EXPECT_NE(ja.err.find(scan + ": 文字情報のないPDF（スキャン画像）です: OCRで"), std::string::npos)
      << ja.err;
  EXPECT_EQ(std::count(ja.err.begin(), ja.err.end(), '\n'), 1);

  keiyaku::test::PdfOptions locked;
  locked.password = true;
  const std::string secret =
      write(dir, "secret.pdf", keiyaku::test::write_pdf({PdfPage{}}, locked));
  const auto pw = run(bin() + " extract " + secret);
  EXPECT_EQ(pw.exit_code, 2);
  EXPECT_EQ(pw.err,
            "keiyaku: error: " + secret +
                ": cannot read a password-protected PDF: remove the password and save it again\n");

  const std::string cut = contract_pdf();
  const auto truncated =
      run(bin() + " scan " + write(dir, "cut.pdf", cut.substr(0, cut.size() / 3)));
  EXPECT_EQ(truncated.exit_code, 2);
  EXPECT_NE(truncated.err.find("cut.pdf: the PDF is truncated"), std::string::npos)
      << truncated.err;
}

TEST(CliText, ShiftJisTextReadsLikeUtf8) {
  TempDir dir;
  const std::string utf8 = write(dir, "utf8.txt", contract_text());
  const std::string sjis = dir.file("sjis.txt");
  if (run("iconv -f UTF-8 -t CP932 -o " + sjis + " " + utf8).exit_code != 0) {
    GTEST_SKIP() << "iconv (libc-bin) is needed to write Shift_JIS";
  }
  const auto a = run(bin() + " scan --format json --kind outsourcing " + utf8);
  const auto b = run(bin() + " scan --format json --kind outsourcing " + sjis);
  ASSERT_EQ(b.exit_code, 1) << b.err;
  EXPECT_EQ(verdicts(a.out), verdicts(b.out));
  EXPECT_EQ(verdicts(b.out).at("OUT-08").second, "第2条第2項");
  const auto x = run(bin() + " extract --format json " + sjis);
  const auto j = nlohmann::json::parse(x.out);
  EXPECT_EQ(j["content_type"], "text/plain; charset=Shift_JIS (CP932)");
  EXPECT_EQ(j["blocks"][0]["text"], "業務委託契約書");
}

TEST(CliText, Utf16TextReadsLikeUtf8) {
  TempDir dir;
  const auto a = run(bin() + " scan --format json --kind outsourcing " + write(dir, "utf8.txt", contract_text()));
  for (const bool le : {true, false}) {
    const std::string path = write(dir, le ? "le.txt" : "be.txt", utf16(contract_text(), le));
    const auto b = run(bin() + " scan --format json --kind outsourcing " + path);
    ASSERT_EQ(b.exit_code, 1) << b.err;
    EXPECT_EQ(verdicts(a.out), verdicts(b.out));
    EXPECT_EQ(verdicts(b.out).at("OUT-08"), std::make_pair(std::string("satisfied"), std::string("第2条第2項")));
    EXPECT_EQ(verdicts(b.out).at("OUT-09"), std::make_pair(std::string("contradicted"), std::string("第3条")));
    const auto x = run(bin() + " extract --format json " + path);
    const auto j = nlohmann::json::parse(x.out);
    EXPECT_EQ(j["content_type"], le ? "text/plain; charset=UTF-16LE (BOM)" : "text/plain; charset=UTF-16BE (BOM)");
    EXPECT_EQ(j["blocks"][0]["text"], "業務委託契約書");
  }
}

TEST(CliText, Utf16WithoutAByteOrderMarkReadsLikeUtf8) {
  TempDir dir;
  const auto a = run(bin() + " scan --format json --kind outsourcing " + write(dir, "utf8.txt", contract_text()));
  for (const bool le : {true, false}) {
    const std::string path = write(dir, le ? "le.txt" : "be.txt", utf16(contract_text(), le).substr(2));
    const auto b = run(bin() + " scan --format json --kind outsourcing " + path);
    ASSERT_EQ(b.exit_code, 1) << b.err;
    EXPECT_EQ(verdicts(a.out), verdicts(b.out));
    EXPECT_EQ(verdicts(b.out).at("OUT-08"), std::make_pair(std::string("satisfied"), std::string("第2条第2項")));
    const auto x = run(bin() + " extract --format json " + path);
    const auto j = nlohmann::json::parse(x.out);
    EXPECT_EQ(j["content_type"], le ? "text/plain; charset=UTF-16LE" : "text/plain; charset=UTF-16BE");
    EXPECT_EQ(j["blocks"][0]["text"], "業務委託契約書");
  }
  // Both byte orders in one file: a one-line Japanese message naming the file, exit 2.
  const std::string both =
      write(dir, "both.txt", utf16(contract_text(), true).substr(2) + utf16(contract_text(), false).substr(2));
  const auto r = run(build_dir() + "/keiyaku --lang ja scan " + both);
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find(both + ": UTF-16 のテキストのようですが、バイト順（LE/BE）を判定できません"), std::string::npos)
      << r.err;
  EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 1);
}

TEST(CliPdf, TwoColumnPagesAreReadColumnByColumn) {
  TempDir dir;
  const std::string pdf = write(dir, "二段組.pdf", two_column_pdf());
  const auto r = run(bin() + " scan --format json --kind outsourcing " + pdf);
  ASSERT_EQ(r.exit_code, 1) << r.err;
  const auto t = run(bin() + " scan --format json --kind outsourcing " + write(dir, "c.txt", contract_text()));
  EXPECT_EQ(verdicts(r.out), verdicts(t.out));
  EXPECT_EQ(verdicts(r.out).at("OUT-08"), std::make_pair(std::string("satisfied"), std::string("第2条第2項")));
  EXPECT_EQ(verdicts(r.out).at("OUT-09"), std::make_pair(std::string("contradicted"), std::string("第3条")));
  EXPECT_EQ(verdicts(r.out).at("OUT-12").second, "第4条");
  // Every paragraph whole and in the order of the text, whichever column and page it ran over.
  const auto x = run(bin() + " extract --format json " + pdf);
  ASSERT_EQ(x.exit_code, 0) << x.err;
  const auto j = nlohmann::json::parse(x.out);
  ASSERT_EQ(j["blocks"].size(), k_contract.size()) << x.out;
  for (size_t i = 0; i < k_contract.size(); ++i) {
    std::string want = k_contract[i];
    for (const std::string& space : {std::string("\u3000")}) {
      for (size_t at = want.find(space); at != std::string::npos; at = want.find(space)) {
        want.replace(at, space.size(), " ");
      }
    }
    EXPECT_EQ(j["blocks"][i]["text"], want) << i;
  }
}

// Three columns to a page, and a first page that starts across its width and goes on in two
// columns: every paragraph whole and in the order of the text, and the citations of the text.
TEST(CliPdf, ThreeColumnFourColumnAndMixedPagesAreReadInOrder) {
  TempDir dir;
  const auto t = run(bin() + " scan --format json --kind outsourcing " + write(dir, "c.txt", contract_text()));
  for (const auto& [name, pdf] : {std::pair<std::string, std::string>{"三段組.pdf", columned_pdf(3, 12, 7, 0)},
                                  std::pair<std::string, std::string>{"四段組.pdf", columned_pdf(4, 9, 14, 0)},
                                  std::pair<std::string, std::string>{"一段と二段.pdf", columned_pdf(2, 19, 8, 4)}}) {
    const std::string path = write(dir, name, pdf);
    const auto r = run(bin() + " scan --format json --kind outsourcing " + path);
    ASSERT_EQ(r.exit_code, 1) << r.err;
    EXPECT_EQ(verdicts(r.out), verdicts(t.out)) << name;
    EXPECT_EQ(verdicts(r.out).at("OUT-08"), std::make_pair(std::string("satisfied"), std::string("第2条第2項")));
    EXPECT_EQ(verdicts(r.out).at("OUT-09"), std::make_pair(std::string("contradicted"), std::string("第3条")));
    const auto x = run(bin() + " extract --format json " + path);
    ASSERT_EQ(x.exit_code, 0) << x.err;
    const auto j = nlohmann::json::parse(x.out);
    ASSERT_EQ(j["blocks"].size(), k_contract.size()) << name << x.out;
    for (size_t i = 0; i < k_contract.size(); ++i) {
      std::string want = k_contract[i];
      for (size_t at = want.find("\u3000"); at != std::string::npos; at = want.find("\u3000")) {
        want.replace(at, 3, " ");
      }
      EXPECT_EQ(j["blocks"][i]["text"], want) << name << " " << i;
    }
  }
}

TEST(CliPdf, InspectReadsAPdf) {
  TempDir dir;
  keiyaku::test::PdfOptions risky;
  risky.author = "山田 太郎";
  risky.catalog_extra = "/OpenAction << /S /J#61vaScript /JS (app.alert\\(1\\)) >> "
                        "/Names << /Foo << /S /Launch /F (calc.exe) >> >>";
  const std::string pdf = write(dir, "risky.pdf", keiyaku::test::write_pdf(keiyaku::test::lay_out_pages({{k_contract[6]}}), risky));
  const auto r = run(bin() + " inspect --format json " + pdf);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const auto j = nlohmann::json::parse(r.out);
  std::map<std::string, std::string> risks;
  for (const auto& k : (j.is_array() ? j[0] : j)["file_risks"]) {
    risks[k["id"].get<std::string>()] = k["detail"].get<std::string>();
  }
  EXPECT_EQ(risks, (std::map<std::string, std::string>{{"PDF-JAVASCRIPT", "/JavaScript, /JS"},
                                                       {"PDF-EXTERNAL-ACTION", "/Launch"},
                                                       {"PDF-METADATA", "Author: 山田 太郎"}}));
  EXPECT_EQ(run(bin() + " inspect --fail-on high " + pdf).exit_code, 1);
  const std::string clean = write(dir, "clean.pdf", contract_pdf());
  const auto c = run(bin() + " inspect " + clean);
  EXPECT_EQ(c.exit_code, 0) << c.err;
  EXPECT_EQ(c.out, clean + ": no file-level risks found\n");
  const auto scanned = run(bin() + " inspect " + write(dir, "scan.pdf", scan_pdf()));
  EXPECT_EQ(scanned.exit_code, 2);
}

TEST(CliBatch, AFolderMixingDocxPdfAndText) {
  TempDir dir;
  fs::create_directories(dir.file("docs/pdf"));
  fs::copy_file(source_dir() + "/samples/outsourcing-tokki.docx",
                dir.file("docs/outsourcing.docx"));
  write(dir, "docs/pdf/契約書.pdf", contract_pdf());
  write(dir, "docs/pdf/scan.pdf", scan_pdf());
  write(dir, "docs/契約書.txt", contract_text());
  write(dir, "docs/README.md", "# not a contract\n");
  const auto r =
      run(bin() + " batch " + dir.file("docs") + " --db " + dir.file("k.db") + " --format json");
  EXPECT_EQ(r.exit_code, 2) << r.err;  // the scan failed
  const auto j = nlohmann::json::parse(r.out);
  EXPECT_EQ(j["files"], 4);
  EXPECT_EQ(j["reviewed"], 3);
  EXPECT_EQ(j["failed"], 1);
  ASSERT_EQ(j["failures"].size(), 1U);
  EXPECT_EQ(j["failures"][0]["path"], dir.file("docs/pdf/scan.pdf"));
  EXPECT_NE(j["failures"][0].dump().find("run OCR on it first"), std::string::npos)
      << j["failures"][0].dump();
  const auto again =
      run(bin() + " batch " + dir.file("docs") + " --db " + dir.file("k.db") + " --format json");
  EXPECT_EQ(nlohmann::json::parse(again.out)["unchanged"], 3);
  const auto report = run(bin() + " report --db " + dir.file("k.db") + " --format csv");
  ASSERT_EQ(report.exit_code, 0) << report.err;
  EXPECT_NE(report.out.find("契約書.pdf"), std::string::npos);
  EXPECT_NE(report.out.find("契約書.txt"), std::string::npos);
  EXPECT_NE(report.out.find("outsourcing.docx"), std::string::npos);
}

TEST(CliPdf, OnlyADocxCanBeAnnotated) {
  TempDir dir;
  for (const auto& [name, bytes] :
       {std::pair<std::string, std::string>{"c.pdf", contract_pdf()}, {"c.txt", contract_text()}}) {
    const auto r =
        run(bin() + " scan --annotate " + dir.file("out.docx") + " " + write(dir, name, bytes));
    EXPECT_EQ(r.exit_code, 2) << name;
    EXPECT_NE(r.err.find(name + ": only a .docx/.docm/.dotx can be annotated"), std::string::npos)
        << r.err;
    EXPECT_FALSE(fs::exists(dir.file("out.docx")));
  }
}

// A basic policy published as PDF gives the profile its text gives.
TEST(CliPdf, ProfileDeriveReadsAPolicyPdf) {
  TempDir dir;
  std::ifstream in(source_dir() + "/tests/data/policies/midoridai-byoin.txt");
  std::vector<PdfParagraph> paragraphs;
  for (std::string line; std::getline(in, line);) {
    if (!line.empty()) {
      paragraphs.push_back({line, 0, line.rfind("第", 0) == 0 ? 1.0 : 0.0});
    }
  }
  PdfLayout layout;
  layout.header = "みどり台広域病院企業団";
  const std::string pdf =
      write(dir, "policy.pdf",
            keiyaku::test::write_pdf(keiyaku::test::lay_out_pages(paragraphs, layout)));
  const auto r = run(bin() + " profile derive " + pdf);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  for (const char* found :
       {"outsourcing (outsourcing): 第6条", "external services (cloud): 第7条",
        "social media (sns): 第5条第4号", "the three-tier model (three_tier): 第5条第2号",
        "binds contractors directly: 第4条第2項", "protected data: 患者情報"}) {
    EXPECT_NE(r.out.find(found), std::string::npos) << found << "\n" << r.out;
  }
}
