// Malformed and hostile inputs: each ends in its own error code, quickly, never a crash.
#include "unit/docx/fixtures.hpp"

#include <base/i18n.hpp>

#include <gtest/gtest.h>

#include <zlib.h>

#include <chrono>

using keiyaku::ErrorCode;
using keiyaku::docx::read_bytes;
using keiyaku::docx::ReadOptions;
using namespace keiyaku::test;

namespace {

const char* k_ct =
    R"(<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>)";
const char* k_rels =
    R"(<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>)";
const char* k_doc_head =
    R"(<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body><w:p><w:r><w:t>)";
const char* k_doc_tail = "</w:t></w:r></w:p></w:body></w:document>";

// Raw deflate of `repeat` copies of chunk between head and tail, without holding it all.
std::string deflate_stream(const std::string& head,
                           const std::string& chunk,
                           size_t repeat,
                           const std::string& tail,
                           uint32_t& crc,
                           size_t& size) {
  z_stream z{};
  deflateInit2(&z, 9, Z_DEFLATED, -15, 9, Z_DEFAULT_STRATEGY);
  std::string out;
  char buf[1 << 16];
  crc = static_cast<uint32_t>(::crc32(0L, Z_NULL, 0));
  size = 0;
  auto feed = [&](const std::string& s, int flush) {
    crc = static_cast<uint32_t>(
        ::crc32(crc, reinterpret_cast<const Bytef*>(s.data()), static_cast<uInt>(s.size())));
    size += s.size();
    z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(s.data()));
    z.avail_in = static_cast<uInt>(s.size());
    do {
      z.next_out = reinterpret_cast<Bytef*>(buf);
      z.avail_out = sizeof buf;
      deflate(&z, flush);
      out.append(buf, sizeof buf - z.avail_out);
    } while (z.avail_out == 0);
  };
  feed(head, Z_NO_FLUSH);
  for (size_t i = 0; i < repeat; ++i) {
    feed(chunk, Z_NO_FLUSH);
  }
  feed(tail, Z_FINISH);
  deflateEnd(&z);
  return out;
}

std::string package_with_document(const std::string& document_xml) {
  ZipWriter z;
  z.add("[Content_Types].xml", k_ct);
  z.add("_rels/.rels", k_rels);
  z.add("word/document.xml", document_xml);
  return z.finish();
}

// A minimal valid CFB v3 file: header, one FAT sector, one directory sector.
std::string make_cfb(const std::vector<std::string>& names) {
  std::string f(512 * 3, '\0');
  auto put16 = [&](size_t off, uint16_t v) {
    f[off] = static_cast<char>(v & 0xFF);
    f[off + 1] = static_cast<char>(v >> 8);
  };
  auto put32 = [&](size_t off, uint32_t v) {
    put16(off, static_cast<uint16_t>(v & 0xFFFF));
    put16(off + 2, static_cast<uint16_t>(v >> 16));
  };
  const unsigned char sig[8] = {0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1};
  for (int i = 0; i < 8; ++i) {
    f[static_cast<size_t>(i)] = static_cast<char>(sig[i]);
  }
  put16(0x18, 0x3E);
  put16(0x1A, 3);
  put16(0x1C, 0xFFFE);
  put16(0x1E, 9);
  put16(0x20, 6);
  put32(0x2C, 1);  // FAT sectors
  put32(0x30, 1);  // first directory sector
  put32(0x38, 4096);
  put32(0x3C, 0xFFFFFFFE);  // no mini FAT
  put32(0x44, 0xFFFFFFFE);  // no DIFAT chain
  put32(0x4C, 0);           // FAT in sector 0
  for (size_t i = 1; i < 109; ++i) {
    put32(0x4C + i * 4, 0xFFFFFFFF);
  }
  const size_t fat = 512;
  for (size_t i = 0; i < 128; ++i) {
    put32(fat + i * 4, 0xFFFFFFFF);
  }
  put32(fat, 0xFFFFFFFD);      // sector 0 is the FAT
  put32(fat + 4, 0xFFFFFFFE);  // sector 1: directory, end of chain
  const size_t dir = 1024;
  std::vector<std::string> all = {"Root Entry"};
  all.insert(all.end(), names.begin(), names.end());
  for (size_t e = 0; e < all.size() && e < 4; ++e) {
    const size_t off = dir + e * 128;
    for (size_t i = 0; i < all[e].size(); ++i) {
      put16(off + i * 2, static_cast<unsigned char>(all[e][i]));
    }
    put16(off + 0x40, static_cast<uint16_t>((all[e].size() + 1) * 2));
    f[off + 0x42] = static_cast<char>(e == 0 ? 5 : 2);
    put32(off + 0x44, 0xFFFFFFFF);
    put32(off + 0x48, 0xFFFFFFFF);
    put32(off + 0x4C, e == 0 && all.size() > 1 ? 1 : 0xFFFFFFFF);
  }
  return f;
}

struct Outcome {
  ErrorCode code = ErrorCode::internal;
  std::string message;
  double seconds = 0;
  bool ok = false;
};

Outcome try_read(const std::string& bytes, const ReadOptions& o = {}) {
  const auto t0 = std::chrono::steady_clock::now();
  auto d = read_bytes(bytes, "bad.docx", o);
  Outcome out;
  out.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  out.ok = d.has_value();
  if (!d) {
    out.code = d.error().code;
    out.message = d.error().message;
  }
  return out;
}

void expect_error(const std::string& bytes, ErrorCode code, const ReadOptions& o = {}) {
  const Outcome r = try_read(bytes, o);
  ASSERT_FALSE(r.ok);
  EXPECT_EQ(static_cast<int>(r.code), static_cast<int>(code)) << r.message;
  EXPECT_EQ(r.message.rfind("bad.docx: ", 0), 0U) << r.message;     // names the file
  EXPECT_EQ(r.message.find('\n'), std::string::npos) << r.message;  // one line
  // How long it took is measured by bench/, never asserted here (CI machines differ).
  ::testing::Test::RecordProperty("seconds", std::to_string(r.seconds));
}

class Hostile : public ::testing::Test {
 protected:
  void SetUp() override { keiyaku::set_ui_lang(keiyaku::Lang::en); }
};

}  // namespace

TEST_F(Hostile, NotDocxAtAll) {
  expect_error("", ErrorCode::not_zip);
  expect_error("これはただのテキストです。\n", ErrorCode::not_zip);
  expect_error("{\\rtf1\\ansi\\deff0 {\\fonttbl}契約}", ErrorCode::rtf);
  expect_error("%PDF-1.7\n%\xE2\xE3\xCF\xD3\n1 0 obj\n", ErrorCode::pdf);
  expect_error(std::string("PK\x05\x06", 4) + std::string(18, '\0'), ErrorCode::not_zip);
  expect_error("<?xml version=\"1.0\"?><w:wordDocument/>", ErrorCode::not_zip);
  expect_error("<html><body>契約</body></html>", ErrorCode::not_zip);
}

TEST_F(Hostile, CompoundFilesEncryptedLegacyAndOther) {
  expect_error(make_cfb({"EncryptionInfo", "EncryptedPackage",
                         "\x06"
                         "DataSpaces"}),
               ErrorCode::encrypted);
  expect_error(make_cfb({"WordDocument", "1Table"}), ErrorCode::legacy_doc);
  expect_error(make_cfb({"Workbook"}), ErrorCode::not_zip);
  // A truncated CFB still says what it is when the names can be seen.
  std::string cut = make_cfb({"EncryptedPackage"});
  cut.resize(1200);
  expect_error(cut, ErrorCode::encrypted);
}

TEST_F(Hostile, EncryptedMessageInJapanese) {
  keiyaku::set_ui_lang(keiyaku::Lang::ja);
  const Outcome r = try_read(make_cfb({"EncryptionInfo", "EncryptedPackage"}));
  EXPECT_EQ(r.message,
            "bad.docx: 暗号化されたDOCXは読めません: パスワードを解除して保存し直してください");
}

TEST_F(Hostile, TruncatedAndCorruptZips) {
  const std::string good = docx_fixture("runs");
  expect_error(good.substr(0, good.size() / 2), ErrorCode::corrupt_zip);
  expect_error(good.substr(0, good.size() - 10), ErrorCode::corrupt_zip);
  std::string broken_cd = good;
  broken_cd[broken_cd.size() - 8] ^= 0x55;  // central directory offset
  expect_error(broken_cd, ErrorCode::corrupt_zip);
  expect_error(std::string("PK\x07\x08", 4) + good, ErrorCode::corrupt_zip);
}

TEST_F(Hostile, CrcMismatchDiscardsTheEntry) {
  ZipWriter z;
  z.add("[Content_Types].xml", k_ct);
  z.add("_rels/.rels", k_rels);
  const std::string doc = std::string(k_doc_head) + "x" + k_doc_tail;
  z.add_raw("word/document.xml", 0, doc, crc32(doc) ^ 1U, static_cast<uint32_t>(doc.size()));
  expect_error(z.finish(), ErrorCode::corrupt_zip);
}

TEST_F(Hostile, DuplicateNamesExactAndCaseVariant) {
  const std::string doc = std::string(k_doc_head) + "x" + k_doc_tail;
  ZipWriter exact;
  exact.add("[Content_Types].xml", k_ct);
  exact.add("_rels/.rels", k_rels);
  exact.add("word/document.xml", doc);
  exact.add("word/document.xml", std::string(k_doc_head) + "evil" + k_doc_tail);
  expect_error(exact.finish(), ErrorCode::corrupt_zip);
  ZipWriter variant;
  variant.add("[Content_Types].xml", k_ct);
  variant.add("_rels/.rels", k_rels);
  variant.add("word/document.xml", doc);
  variant.add("word/Document.xml", std::string(k_doc_head) + "evil" + k_doc_tail);
  expect_error(variant.finish(), ErrorCode::corrupt_zip);
}

TEST_F(Hostile, OnlyStoredAndDeflate) {
  ZipWriter z;
  z.add("[Content_Types].xml", k_ct);
  z.add("_rels/.rels", k_rels);
  z.add_raw("word/document.xml", 12, "BZh9", 0, 4);  // bzip2
  expect_error(z.finish(), ErrorCode::unsupported);
}

TEST_F(Hostile, ZipBombIsStoppedByActualBytes) {
  uint32_t crc = 0;
  size_t size = 0;
  const std::string chunk(1 << 20, ' ');
  const std::string data = deflate_stream(k_doc_head, chunk, 200, k_doc_tail, crc, size);
  ZipWriter z;
  z.add("[Content_Types].xml", k_ct);
  z.add("_rels/.rels", k_rels);
  z.add_raw("word/document.xml", 8, data, crc, static_cast<uint32_t>(size));
  expect_error(z.finish(), ErrorCode::limit_exceeded);
}

// An entry that inflates past the size the central directory declares is stopped there, by the
// bytes actually inflated, whatever the limits: 8 MB under a claim of 2 KB is well inside the
// default caps, and is still refused as a tampered archive.
TEST_F(Hostile, DeclaredSizeLieIsNotTrusted) {
  uint32_t crc = 0;
  size_t size = 0;
  std::string chunk(1 << 20, 'a');  // letters that do not compress past the ratio limit
  uint32_t x = 2463534242U;
  for (char& c : chunk) {
    x ^= x << 13U;
    x ^= x >> 17U;
    x ^= x << 5U;
    c = static_cast<char>('a' + x % 26);
  }
  const std::string data = deflate_stream(k_doc_head, chunk, 8, k_doc_tail, crc, size);
  ZipWriter z;
  z.add("[Content_Types].xml", k_ct);
  z.add("_rels/.rels", k_rels);
  z.add_raw("word/document.xml", 8, data, crc, 2048);  // claims 2 KB, inflates to 8 MB
  const std::string lying = z.finish();
  expect_error(lying, ErrorCode::corrupt_zip);
  const Outcome r = try_read(lying);
  EXPECT_NE(r.message.find("word/document.xml"), std::string::npos) << r.message;
  EXPECT_NE(r.message.find("declared size of 2048 bytes"), std::string::npos) << r.message;
  // The same entry with its true size is read.
  ZipWriter honest;
  honest.add("[Content_Types].xml", k_ct);
  honest.add("_rels/.rels", k_rels);
  honest.add_raw("word/document.xml", 8, data, crc, static_cast<uint32_t>(size));
  const Outcome read = try_read(honest.finish());
  EXPECT_TRUE(read.ok) << read.message;
}

TEST_F(Hostile, TooManyEntries) {
  ZipWriter z;
  z.add("[Content_Types].xml", k_ct);
  z.add("_rels/.rels", k_rels);
  z.add("word/document.xml", std::string(k_doc_head) + "x" + k_doc_tail);
  for (int i = 0; i < 10001; ++i) {
    z.add("media/" + std::to_string(i), "");
  }
  expect_error(z.finish(), ErrorCode::limit_exceeded);
}

// The input limit counts the XML inflated, every part together; a small limit stops even a small
// file, and says which option changes it.
TEST_F(Hostile, InputSizeLimit) {
  ReadOptions o;
  o.limits.max_read_bytes = 100;
  expect_error(docx_fixture("runs"), ErrorCode::limit_exceeded, o);
  EXPECT_NE(try_read(docx_fixture("runs"), o).message.find("--input-limit"), std::string::npos);
}

// A DOCX whose size is one large image is read: media parts are never inflated, so only its XML
// counts against the input limit, however large the file. (Before, the file's own size was capped
// at 50 MiB.) The image here is 70 MiB stored, the XML a few hundred bytes.
TEST_F(Hostile, MediaPartsDoNotCountAgainstTheInputLimit) {
  ZipWriter z;
  z.add("[Content_Types].xml", k_ct);
  z.add("_rels/.rels", k_rels);
  z.add("word/document.xml", std::string(k_doc_head) + "第1条 本契約の目的" + k_doc_tail);
  std::string image(size_t{70} << 20U, '\0');
  for (size_t i = 0; i < image.size(); i += 4096) {
    image[i] = static_cast<char>(i >> 12U);
  }
  z.add("word/media/image1.png", image);
  const std::string bytes = z.finish();
  ASSERT_GT(bytes.size(), keiyaku::core::k_default_input_limit);
  const Outcome r = try_read(bytes);
  EXPECT_TRUE(r.ok) << r.message;
}

TEST_F(Hostile, DoctypeXxeAndBillionLaughsAreInvalidXml) {
  expect_error(docx_fixture("doctype_xxe"), ErrorCode::invalid_xml);
  expect_error(docx_fixture("billion_laughs"), ErrorCode::invalid_xml);
  expect_error(docx_fixture("doctype_in_styles"), ErrorCode::invalid_xml);
  expect_error(docx_fixture("invalid_xml"), ErrorCode::invalid_xml);
  const Outcome r = try_read(docx_fixture("doctype_xxe"));
  EXPECT_NE(r.message.find("DOCTYPE"), std::string::npos) << r.message;
  EXPECT_NE(r.message.find("word/document.xml"), std::string::npos) << r.message;
}

TEST_F(Hostile, DeepNestingIsALimit) {
  for (int depth : {300, 5000}) {
    std::string doc =
        R"(<?xml version="1.0"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>)";
    for (int i = 0; i < depth; ++i) {
      doc += "<w:sdt><w:sdtContent>";
    }
    for (int i = 0; i < depth; ++i) {
      doc += "</w:sdtContent></w:sdt>";
    }
    doc += "</w:body></w:document>";
    expect_error(package_with_document(doc), ErrorCode::limit_exceeded);
  }
  std::string tables =
      R"(<?xml version="1.0"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>)";
  for (int i = 0; i < 40; ++i) {
    tables += "<w:tbl><w:tr><w:tc>";
  }
  for (int i = 0; i < 40; ++i) {
    tables += "<w:p/></w:tc></w:tr></w:tbl>";
  }
  tables += "</w:body></w:document>";
  expect_error(package_with_document(tables), ErrorCode::limit_exceeded);
}

TEST_F(Hostile, EncodingOtherThanUtf8IsRefused) {
  const std::string sjis =
      std::string(
          R"(<?xml version="1.0" encoding="Shift_JIS"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body><w:p><w:r><w:t>)") +
      "\x8C\x5F\x96\xF1" + k_doc_tail;
  expect_error(package_with_document(sjis), ErrorCode::invalid_xml);
  expect_error(package_with_document(std::string(k_doc_head) + "\xFF\xFE" + k_doc_tail),
               ErrorCode::invalid_xml);
}

TEST_F(Hostile, MissingOrWrongMainPart) {
  expect_error(docx_fixture("missing_main"), ErrorCode::no_main_part);
  expect_error(docx_fixture("wrong_main_type"), ErrorCode::no_main_part);
  ZipWriter z;
  z.add("[Content_Types].xml", k_ct);
  z.add("_rels/.rels", k_rels);
  expect_error(z.finish(), ErrorCode::no_main_part);
  ZipWriter climb;
  climb.add("[Content_Types].xml", k_ct);
  climb.add(
      "_rels/.rels",
      R"(<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="../../etc/passwd"/></Relationships>)");
  expect_error(climb.finish(), ErrorCode::no_main_part);
}

TEST_F(Hostile, TimeLimit) {
  ReadOptions o;
  o.limits.max_seconds = 0;
  const Outcome r = try_read(docx_fixture("runs"), o);
  EXPECT_FALSE(r.ok);
  EXPECT_EQ(static_cast<int>(r.code), static_cast<int>(ErrorCode::limit_exceeded));
}

TEST_F(Hostile, TextLimit) {
  ReadOptions o;
  o.limits.max_text_chars = 10;
  expect_error(docx_fixture("numbering_japanese"), ErrorCode::limit_exceeded, o);
}
