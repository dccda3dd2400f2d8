// The development contracts in ../shared/eval/dev (not copied into the repo) and a timing check.
#include "unit/docx/fixtures.hpp"

#include <gtest/gtest.h>

#include <zlib.h>

#include <chrono>
#include <ctime>
#include <cstdio>
#include <filesystem>

using namespace keiyaku::test;
namespace fs = std::filesystem;

namespace {

std::string dev_dir() {
  return source_dir() + "/../shared/eval/dev";
}

std::vector<std::string> labels(const keiyaku::core::Document& d) {
  std::vector<std::string> out;
  for (const auto& b : d.blocks) {
    if (!b.label.empty()) {
      out.push_back(b.label);
    }
  }
  return out;
}

}  // namespace

TEST(DevContracts, AllReadWithoutError) {
  if (!fs::exists(dev_dir())) {
    GTEST_SKIP() << "no " << dev_dir();
  }
  int n = 0;
  for (const auto& e : fs::directory_iterator(dev_dir())) {
    if (e.path().extension() != ".docx") {
      continue;
    }
    ++n;
    const auto d = keiyaku::docx::read_file(e.path().string());
    ASSERT_TRUE(d) << d.error().message;
    EXPECT_GT(d->blocks.size(), 20U) << e.path();
    EXPECT_FALSE(d->title.empty()) << e.path();
  }
  EXPECT_EQ(n, 24);
}

TEST(DevContracts, AutoNumberedArticlesRenderAsWordShowsThem) {
  const std::string f = dev_dir() + "/d01-itaku-tokki.docx";
  if (!fs::exists(f)) {
    GTEST_SKIP();
  }
  const auto d = keiyaku::docx::read_file(f);
  ASSERT_TRUE(d) << d.error().message;
  const std::vector<std::string> got = labels(*d);
  // 第一条…第十五条 in the contract, then the 特記事項 restarts (a second num with startOverride).
  ASSERT_EQ(got.size(), 24U);
  EXPECT_EQ(got[0], "第一条");
  EXPECT_EQ(got[11], "第十二条");
  EXPECT_EQ(got[14], "第十五条");
  EXPECT_EQ(got[15], "第一条");
  EXPECT_EQ(got[23], "第九条");
  EXPECT_EQ(d->blocks[3].label, "第一条");
  EXPECT_EQ(d->blocks[3].text.rfind("　甲は、", 0), 0U);
  EXPECT_EQ(d->blocks[4].text.rfind("２　乙は", 0), 0U);  // typed paragraph number, no label
  EXPECT_EQ(d->revisions.insertions, 3);

  const auto d14 = keiyaku::docx::read_file(dev_dir() + "/d14-hoshu-shiyo.docx");
  ASSERT_TRUE(d14);
  const std::vector<std::string> l14 = labels(*d14);
  ASSERT_GE(l14.size(), 4U);
  EXPECT_EQ(l14[0], "1.");
  EXPECT_EQ(l14[1], "(1)");
  EXPECT_EQ(l14[2], "2.");
  EXPECT_EQ(l14[3], "(1)");
}

TEST(DocxPerformance, TypicalContractReadsInAFewMilliseconds) {
  // ~500 KB of document.xml in the shape Word writes (numPr, rsids, rFonts, split runs), deflated.
  std::string doc =
      R"(<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><w:body>)";
  int i = 0;
  while (doc.size() < 500 * 1024) {
    doc +=
        R"(<w:p w:rsidR="00A1B2C3" w:rsidRDefault="00A1B2C3"><w:pPr><w:numPr><w:ilvl w:val="0"/><w:numId w:val="1"/></w:numPr><w:ind w:left="210" w:hanging="210"/></w:pPr><w:r><w:rPr><w:rFonts w:hint="eastAsia"/></w:rPr><w:t xml:space="preserve">乙は、本業務の実施に当たり、</w:t></w:r><w:proofErr w:type="gramStart"/><w:r w:rsidR="00D4E5F6"><w:rPr><w:rFonts w:hint="eastAsia"/></w:rPr><w:t>甲の情報セキュリティポリシーを遵守しなければならない。</w:t></w:r><w:bookmarkStart w:id=")" +
        std::to_string(i) + R"(" w:name="_Ref"/><w:bookmarkEnd w:id=")" + std::to_string(i) +
        R"("/></w:p>)";
    ++i;
  }
  doc += "</w:body></w:document>";
  const std::string numbering =
      R"(<?xml version="1.0"?><w:numbering xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:abstractNum w:abstractNumId="0"><w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="japaneseCounting"/><w:suff w:val="nothing"/><w:lvlText w:val="第%1条"/></w:lvl></w:abstractNum><w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num></w:numbering>)";
  auto deflated = [](const std::string& s) {
    uLongf n = compressBound(static_cast<uLong>(s.size()));
    std::string out(n, '\0');
    z_stream z{};
    deflateInit2(&z, 6, Z_DEFLATED, -15, 8, Z_DEFAULT_STRATEGY);
    z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(s.data()));
    z.avail_in = static_cast<uInt>(s.size());
    z.next_out = reinterpret_cast<Bytef*>(out.data());
    z.avail_out = static_cast<uInt>(out.size());
    deflate(&z, Z_FINISH);
    out.resize(z.total_out);
    deflateEnd(&z);
    return out;
  };
  ZipWriter z;
  z.add(
      "[Content_Types].xml",
      R"(<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>)");
  z.add(
      "_rels/.rels",
      R"(<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>)");
  z.add(
      "word/_rels/document.xml.rels",
      R"(<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/numbering" Target="numbering.xml"/></Relationships>)");
  z.add_raw("word/document.xml", 8, deflated(doc), crc32(doc), static_cast<uint32_t>(doc.size()));
  z.add("word/numbering.xml", numbering);
  const std::string bytes = z.finish();

  auto first = keiyaku::docx::read_bytes(bytes, "typical.docx");
  ASSERT_TRUE(first) << first.error().message;
  EXPECT_EQ(first->blocks.size(), static_cast<size_t>(i));
  EXPECT_EQ(first->blocks[99].label, "第百条");
  // CPU time of this process: robust against other tests running beside this one.
  auto cpu_ms = [] {
    timespec t{};
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t);
    return static_cast<double>(t.tv_sec) * 1e3 + static_cast<double>(t.tv_nsec) / 1e6;
  };
  const int runs = 20;
  const double t0 = cpu_ms();
  for (int r = 0; r < runs; ++r) {
    auto d = keiyaku::docx::read_bytes(bytes, "typical.docx");
    ASSERT_TRUE(d);
  }
  const double ms = (cpu_ms() - t0) / runs;
  std::printf("[ perf ] %zu KB document.xml (%zu KB .docx, %d paragraphs): %.2f ms CPU per read\n",
              doc.size() / 1024, bytes.size() / 1024, i, ms);
}
