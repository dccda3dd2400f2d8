// pdf::read on PDFs written at test time (tests/support/pdf_writer: a Type0 font with Identity-H
// and a ToUnicode CMap, so that poppler extracts the Japanese text with no font installed).
#include <base/i18n.hpp>

#include <gtest/gtest.h>

#include <fstream>
#include <map>
#include <pdf/reader.hpp>
#include <random>
#include <support/pdf_writer.hpp>
#include <support/temp_dir.hpp>

namespace keiyaku::pdf {
namespace {

using test::PdfLayout;
using test::PdfPage;
using test::PdfParagraph;

// A contract as a word processor sets it: a title, the preamble, headings, articles with their
// paragraphs (hanging indent), an article whose second paragraph runs over a page break.
std::vector<PdfParagraph> contract() {
  return {
      {"業務委託契約書", 14, 14},
      {"土浦市（以下「甲」という。）と株式会社みなと計算センター（以下「乙」という。）は、次のとお"
       "り業務委託契約を締結する。",
       1, 0},
      {"（目的）", 0, 0, true},
      {"第1条　この契約は、甲が乙に委託する住民情報システムの運用保守業務（以下「本業務」という。）"
       "について必要な事項を定める。",
       0, 1},
      {"（秘密の保持）", 0, 0, true},
      // A one-line first paragraph: poppler reads 「第2条」 and 「2」 at the margin as a column of
      // their own, before the text beside them.
      {"第2条　乙は、本業務を誠実に履行しなければならない。", 0, 1},
      {"2　乙は、本業務の履行に当たり知り得た秘密を第三者に漏らしてはならない。本業務の終了後も同様"
       "とする。",
       0, 1},
      {"3　乙は、L G W A N "
       "接続系の端末で取り扱う個人情報を、甲の承諾を得ないで目的外に利用し、又は第三者に提供しては"
       "ならない。",
       0, 1},
      {"（再委託の禁止）", 0, 0, true},
      {"第3条　乙は、あらかじめ甲の書面による承認を得た場合を除き、本業務の全部又は一部を第三者に委"
       "託してはならない。",
       0, 1},
      {"2　乙は、前項の承認を得て再委託するときは、再委託先にこの契約に基づく一切の義務を遵守させる"
       "とともに、甲に対し、再委託先の全ての行為及びその結果について責任を負うものとする。",
       0, 1},
      {"(1)　再委託先の名称及び所在地", 1, 3},
      {"(2)　再委託する業務の範囲", 1, 3},
  };
}

// The same texts as blocks: the ideographic space after a number is read as a space.
std::vector<std::string> expected_blocks() {
  std::vector<std::string> out;
  for (const PdfParagraph& p : contract()) {
    std::string t = p.text;
    for (size_t at = t.find("　"); at != std::string::npos; at = t.find("　")) {
      t.replace(at, 3, " ");
    }
    out.push_back(t);
  }
  return out;
}

std::vector<std::string> texts(const core::Document& d) {
  std::vector<std::string> out;
  for (const core::Block& b : d.blocks) {
    out.push_back(b.text);
  }
  return out;
}

PdfLayout running(int lines_per_page) {
  PdfLayout layout;
  layout.header = "業務委託契約書（案）";
  layout.footer = "土浦市 総務部";
  layout.lines_per_page = lines_per_page;
  return layout;
}

// One page: its header and footer are told from the text by their smaller print and the space
// around them.
TEST(PdfReader, ReadsArticlesParagraphsAndItemsAsBlocks) {
  const std::string bytes =
      test::write_pdf(test::lay_out_pages(contract(), running(40)), {"業務委託契約書"});
  auto doc = read_bytes(bytes, "contract.pdf");
  ASSERT_TRUE(doc) << doc.error().message;
  EXPECT_EQ(texts(*doc), expected_blocks());
  EXPECT_EQ(doc->path, "contract.pdf");
  EXPECT_EQ(doc->sha256.size(), 64U);
  EXPECT_EQ(doc->content_type, "application/pdf");
  EXPECT_EQ(doc->title, "業務委託契約書");
  ASSERT_EQ(doc->headers.size(), 3U);
  EXPECT_EQ(doc->headers[0].text, "業務委託契約書（案）");
  EXPECT_EQ(doc->headers[1].text, "土浦市 総務部");
  EXPECT_EQ(doc->headers[2].text, "- 1 -");
  for (size_t i = 0; i < doc->blocks.size(); ++i) {
    EXPECT_EQ(doc->blocks[i].paragraph, static_cast<int>(i));
    EXPECT_EQ(doc->blocks[i].label, "");
    EXPECT_EQ(doc->blocks[i].source_paragraph, -1);
  }
}

// Six lines to a page: the preamble and several paragraphs run over a page break.
TEST(PdfReader, SentencesRunOverPageBreaksAndRunningHeadersStayOutOfTheBody) {
  const std::vector<PdfPage> pages = test::lay_out_pages(contract(), running(6));
  ASSERT_GE(pages.size(), 4U);
  auto doc = read_bytes(test::write_pdf(pages), "contract.pdf");
  ASSERT_TRUE(doc) << doc.error().message;
  EXPECT_EQ(texts(*doc), expected_blocks());
  for (const core::Block& b : doc->blocks) {
    EXPECT_EQ(b.text.find("（案）"), std::string::npos) << b.text;
    EXPECT_EQ(b.text.find("総務部"), std::string::npos) << b.text;
    EXPECT_EQ(b.text.find("- "), std::string::npos) << b.text;
  }
  ASSERT_EQ(doc->headers.size(), 3U);
  EXPECT_EQ(doc->headers[0].text, "業務委託契約書（案）");
  EXPECT_EQ(doc->headers[0].part, core::Part::header);
  EXPECT_EQ(doc->headers[1].text, "土浦市 総務部");
  EXPECT_EQ(doc->headers[1].part, core::Part::footer);
  EXPECT_EQ(doc->headers[2].id, "page numbers");
  std::string numbers;
  for (size_t i = 1; i <= pages.size(); ++i) {
    numbers += (i > 1 ? "\n- " : "- ") + std::to_string(i) + " -";
  }
  EXPECT_EQ(doc->headers[2].text, numbers);
}

TEST(PdfReader, ReadsAFile) {
  test::TempDir dir;
  const std::string path = dir.file("契約書.pdf");
  std::ofstream(path, std::ios::binary) << test::write_pdf(test::lay_out_pages(contract()));
  auto doc = read_file(path);
  ASSERT_TRUE(doc) << doc.error().message;
  EXPECT_EQ(doc->path, path);
  EXPECT_EQ(texts(*doc), expected_blocks());
  auto missing = read_file(dir.file("none.pdf"));
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.error().code, ErrorCode::io);
}

void expect_error(const std::string& bytes,
                  ErrorCode code,
                  const std::string& message,
                  const ReadOptions& options = {}) {
  auto doc = read_bytes(bytes, "x.pdf", options);
  ASSERT_FALSE(doc);
  EXPECT_EQ(doc.error().code, code);
  EXPECT_EQ(doc.error().message, message);
}

TEST(PdfReader, AScanWithoutTextNeedsOcr) {
  std::vector<PdfPage> scan(3);
  for (PdfPage& p : scan) {
    p.image = true;
  }
  scan[1].runs.push_back(
      {500, 820, 9, "2"});  // a page number stamped on the scan is not text enough
  expect_error(test::write_pdf(scan), ErrorCode::unsupported,
               "x.pdf: this PDF has no text layer (a scanned image): run OCR on it first");
  set_ui_lang(Lang::ja);
  auto doc = read_bytes(test::write_pdf(scan), "x.pdf");
  set_ui_lang(Lang::en);
  ASSERT_FALSE(doc);
  EXPECT_EQ(doc.error().message,
            "x.pdf: 文字情報のないPDF（スキャン画像）です: "
            "OCRで文字を認識させたPDFにしてから読み込んでください");
}

TEST(PdfReader, APasswordProtectedPdfIsRefused) {
  test::PdfOptions options;
  options.password = true;
  expect_error(
      test::write_pdf(test::lay_out_pages(contract()), options), ErrorCode::encrypted,
      "x.pdf: cannot read a password-protected PDF: remove the password and save it again");
}

TEST(PdfReader, TruncatedAndDamagedPdfsAreRefused) {
  const std::string good = test::write_pdf(test::lay_out_pages(contract()));
  expect_error(good.substr(0, good.size() / 2), ErrorCode::corrupt_pdf,
               "x.pdf: the PDF is truncated (its end is missing): obtain the file again");
  expect_error("%PDF-1.7\nthis is not a PDF at all\n%%EOF\n", ErrorCode::corrupt_pdf,
               "x.pdf: cannot read the PDF: it is damaged or truncated");
  expect_error("PK\x03\x04 a zip", ErrorCode::corrupt_pdf, "x.pdf: not a PDF");
  expect_error("", ErrorCode::corrupt_pdf, "x.pdf: not a PDF");
  // Leading bytes before the header are accepted, as PDF readers do.
  auto doc = read_bytes("\r\n\r\n" + good, "x.pdf");
  EXPECT_TRUE(doc) << doc.error().message;
}

// Damaged in many places: never a crash, a hang or a sanitizer report; either text or an error.
TEST(PdfReader, RandomDamageNeverCrashes) {
  const std::string good = test::write_pdf(test::lay_out_pages(contract(), running(6)));
  std::mt19937 rng(20260401);
  for (int round = 0; round < 150; ++round) {
    std::string bad = good;
    const int edits = 1 + static_cast<int>(rng() % 8);
    for (int e = 0; e < edits; ++e) {
      const size_t at = rng() % bad.size();
      switch (rng() % 3) {
        case 0:
          bad[at] = static_cast<char>(rng());
          break;
        case 1:
          bad.erase(at, 1 + rng() % 64);
          break;
        default:
          bad.insert(at, std::string(1 + rng() % 16, static_cast<char>(rng())));
          break;
      }
    }
    auto doc = read_bytes(bad, "x.pdf");
    if (!doc) {
      EXPECT_EQ(doc.error().message.rfind("x.pdf: ", 0), 0U) << doc.error().message;
    }
  }
}

TEST(PdfReader, Limits) {
  const std::string bytes = test::write_pdf(test::lay_out_pages(contract(), running(6)));
  ReadOptions small;
  small.limits.max_pages = 2;
  expect_error(bytes, ErrorCode::limit_exceeded, "x.pdf: too many pages: 4", small);
  ReadOptions tiny;
  tiny.limits.max_input_bytes = 1000;
  expect_error(bytes, ErrorCode::limit_exceeded, "x.pdf: the PDF is too large", tiny);
  ReadOptions short_text;
  short_text.limits.max_text_chars = 100;
  expect_error(bytes, ErrorCode::limit_exceeded, "x.pdf: too much text", short_text);
  ReadOptions no_time;
  no_time.limits.max_seconds = 0;
  expect_error(bytes, ErrorCode::limit_exceeded, "x.pdf: reading took longer than the time limit",
               no_time);
}

// The risks a PDF's objects carry are found through poppler's parser, also when the objects sit in
// a compressed object stream (PDF 1.5 /ObjStm), where the file's bytes do not show their names.
TEST(PdfReader, RisksInCompressedObjectStreamsAreFound) {
  test::PdfOptions risky;
  risky.author = "山田 太郎";
  risky.catalog_extra = "/OpenAction << /S /JavaScript /JS (app.alert\\(1\\)) >> "
                        "/AA << /WC << /S /Launch /F (calc.exe) >> >> /AF [{0}]";
  // A file attached as an associated file (not in the document's list of embedded files).
  risky.extra_objects = {"<< /Type /Filespec /F (a.exe) /UF (a.exe) /EF << /F {1} >> >>",
                         "<< /Type /EmbeddedFile /Length 4 >>\nstream\nMZ\x90!\nendstream"};
  const auto risks_of = [](const std::string& bytes) {
    auto doc = read_bytes(bytes, "x.pdf");
    EXPECT_TRUE(doc) << doc.error().message;
    std::map<std::string, std::string> risks;
    if (doc) {
      EXPECT_EQ(texts(*doc), expected_blocks());
      for (const core::FileRisk& r : doc->file_risks) {
        risks[r.id] = r.detail;
      }
    }
    return risks;
  };
  const std::map<std::string, std::string> expected{{"PDF-JAVASCRIPT", "/JavaScript, /JS"},
                                                    {"PDF-EXTERNAL-ACTION", "/Launch"},
                                                    {"PDF-EMBEDDED-FILE", "1"},
                                                    {"PDF-METADATA", "Author: 山田 太郎"}};
  EXPECT_EQ(risks_of(test::write_pdf(test::lay_out_pages(contract()), risky)), expected);
  risky.object_streams = true;
  const std::string packed = test::write_pdf(test::lay_out_pages(contract()), risky);
  for (const char* hidden : {"JavaScript", "/JS", "Launch", "/EF", "/Catalog"}) {
    EXPECT_EQ(packed.find(hidden), std::string::npos) << hidden;
  }
  EXPECT_NE(packed.find("/ObjStm"), std::string::npos);
  EXPECT_EQ(risks_of(packed), expected);
  // An object stream that claims more objects than the file has is not unpacked; the rest is read.
  std::string claims = packed;
  const size_t n = claims.find("/ObjStm /N ");
  ASSERT_NE(n, std::string::npos);
  claims.replace(n + 11, claims.find(' ', n + 11) - (n + 11), "99999999");
  auto doc = read_bytes(claims, "x.pdf");
  if (doc) {
    EXPECT_TRUE(doc->file_risks.empty() || doc->file_risks[0].id == "PDF-METADATA");
  } else {
    EXPECT_EQ(doc.error().code, ErrorCode::corrupt_pdf);
  }
}

TEST(PdfReader, IsPdf) {
  EXPECT_TRUE(is_pdf("%PDF-1.4\n"));
  EXPECT_TRUE(is_pdf(std::string(100, ' ') + "%PDF-1.7"));
  EXPECT_FALSE(is_pdf(std::string(1100, ' ') + "%PDF-1.7"));
  EXPECT_FALSE(is_pdf("PK\x03\x04"));
  EXPECT_FALSE(is_pdf(""));
}

}  // namespace
}  // namespace keiyaku::pdf
