// libFuzzer target for the DOCX reader.
//
// The first byte picks the mode:
//   even: the rest is a whole file, fed to read_bytes as is (sniffing, CFB, ZIP, everything);
//   odd:  the rest is up to six XML parts separated by "\n--part--\n" (document, styles,
//         numbering, footnotes, comments, header), wrapped here into a valid stored package, so
//         that mutations reach the XML layer instead of failing the ZIP CRC check.
// Bit 1 of the first byte selects the original view of tracked changes.
#include "unit/docx/zip_writer.hpp"

#include <docx/reader.hpp>

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace {

constexpr std::string_view k_separator = "\n--part--\n";

const char* k_parts[] = {"word/document.xml",  "word/styles.xml",   "word/numbering.xml",
                         "word/footnotes.xml", "word/comments.xml", "word/header1.xml"};

std::string package(std::string_view rest) {
  std::vector<std::string_view> parts;
  while (parts.size() + 1 < std::size(k_parts)) {
    const size_t at = rest.find(k_separator);
    if (at == std::string_view::npos) {
      break;
    }
    parts.push_back(rest.substr(0, at));
    rest.remove_prefix(at + k_separator.size());
  }
  parts.push_back(rest);
  keiyaku::test::ZipWriter z;
  z.add(
      "[Content_Types].xml",
      R"(<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>)");
  z.add(
      "_rels/.rels",
      R"(<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>)");
  z.add(
      "word/_rels/document.xml.rels",
      R"(<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/numbering" Target="numbering.xml"/><Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/footnotes" Target="footnotes.xml"/><Relationship Id="rId4" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/comments" Target="comments.xml"/><Relationship Id="rId5" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/header" Target="header1.xml"/><Relationship Id="rId6" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/aFChunk" Target="chunk.docx"/></Relationships>)");
  for (size_t i = 0; i < parts.size(); ++i) {
    z.add(k_parts[i], parts[i]);
  }
  return z.finish();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) {
    return 0;
  }
  const std::string_view rest(reinterpret_cast<const char*>(data) + 1, size - 1);
  keiyaku::docx::ReadOptions options;
  options.revisions = (data[0] & 2U) != 0 ? keiyaku::docx::RevisionView::original
                                          : keiyaku::docx::RevisionView::accepted;
  // Smaller caps keep each run fast; the code paths are the same.
  options.limits.max_read_bytes = 8U << 20U;
  options.limits.max_seconds = 5.0;
  if ((data[0] & 1U) == 0) {
    (void)keiyaku::docx::read_bytes(rest, "fuzz.docx", options);
  } else {
    (void)keiyaku::docx::read_bytes(package(rest), "fuzz.docx", options);
  }
  return 0;
}
