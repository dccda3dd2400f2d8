#pragma once
// Contracts as DOCX written at test time: one paragraph per string, and tracked changes written
// inline as 「[-deleted-]{+inserted+}」 (w:del and w:ins runs by one author on one date).

#include "unit/docx/zip_writer.hpp"

#include <string>
#include <vector>

namespace keiyaku::test {

struct Revision {
  std::string author = "ミナモ法務";
  std::string date = "2026-03-10T09:00:00Z";
};

inline std::string xml_text(const std::string& s) {
  std::string out;
  for (const char c : s) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      default: out += c;
    }
  }
  return out;
}

/// One w:p; 「[-…-]」 becomes a deletion and 「{+…+}」 an insertion.
inline std::string tracked_paragraph(const std::string& text, const Revision& rev, int& id) {
  std::string body;
  size_t i = 0;
  const auto plain = [&](const std::string& t) {
    if (!t.empty()) {
      body += "<w:r><w:t xml:space=\"preserve\">" + xml_text(t) + "</w:t></w:r>";
    }
  };
  while (i < text.size()) {
    const size_t del = text.find("[-", i);
    const size_t ins = text.find("{+", i);
    const size_t next = std::min(del, ins);
    if (next == std::string::npos) {
      plain(text.substr(i));
      break;
    }
    plain(text.substr(i, next - i));
    const bool is_del = next == del;
    const size_t end = text.find(is_del ? "-]" : "+}", next + 2);
    const std::string inner = text.substr(next + 2, end - next - 2);
    const std::string attrs = " w:id=\"" + std::to_string(id++) + "\" w:author=\"" + rev.author + "\" w:date=\"" +
                              rev.date + "\"";
    body += is_del ? "<w:del" + attrs + "><w:r><w:delText xml:space=\"preserve\">" + xml_text(inner) +
                         "</w:delText></w:r></w:del>"
                   : "<w:ins" + attrs + "><w:r><w:t xml:space=\"preserve\">" + xml_text(inner) + "</w:t></w:r></w:ins>";
    i = end + 2;
  }
  return "<w:p>" + body + "</w:p>";
}

/// A minimal DOCX package with these paragraphs.
inline std::string make_contract_docx(const std::vector<std::string>& paragraphs, const Revision& rev = {}) {
  std::string body;
  int id = 1;
  for (const std::string& p : paragraphs) {
    body += tracked_paragraph(p, rev, id);
  }
  ZipWriter zip;
  zip.add("[Content_Types].xml",
          "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>"
          "<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">"
          "<Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/>"
          "<Default Extension=\"xml\" ContentType=\"application/xml\"/>"
          "<Override PartName=\"/word/document.xml\" "
          "ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml\"/>"
          "</Types>");
  zip.add("_rels/.rels",
          "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>"
          "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
          "<Relationship Id=\"rId1\" "
          "Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument\" "
          "Target=\"word/document.xml\"/></Relationships>");
  zip.add("word/document.xml",
          "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>"
          "<w:document xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\"><w:body>" +
              body + "</w:body></w:document>");
  return zip.finish();
}

}  // namespace keiyaku::test
