#include "pdf_writer.hpp"

#include <base/strings.hpp>

#include <cstdio>
#include <set>
#include <zlib.h>

namespace keiyaku::test {

namespace {

constexpr double k_page_width = 595;
constexpr double k_page_height = 842;
constexpr double k_font_size = 10.5;
constexpr double k_leading = 18;
constexpr double k_left = 72;
constexpr double k_top = 90;
constexpr double k_last_baseline = 770;

std::u32string decode(std::string_view s) {
  std::u32string out;
  for (size_t i = 0; i < s.size();) {
    const char32_t c = str::next_cp(s, i);
    out += c > 0xFFFF ? U'?' : c;
  }
  return out;
}

// Width in ems: ASCII is half width (the font's /W says so), everything else full width.
double width_of(char32_t c) {
  return c < 0x80 ? 0.5 : 1.0;
}

std::string hex4(unsigned v) {
  char buf[8];
  std::snprintf(buf, sizeof buf, "%04X", v & 0xFFFFU);
  return buf;
}

std::string num(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.2f", v);
  return buf;
}

std::string stream_object(const std::string& dict_extra, const std::string& data) {
  return "<< /Length " + std::to_string(data.size()) + dict_extra + " >>\nstream\n" + data +
         "\nendstream";
}

std::string to_unicode_cmap(const std::set<char32_t>& used) {
  std::string s =
      "/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n"
      "/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n"
      "/CMapName /Adobe-Identity-UCS def\n/CMapType 2 def\n"
      "1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange\n";
  std::vector<char32_t> chars(used.begin(), used.end());
  for (size_t i = 0; i < chars.size(); i += 100) {
    const size_t n = std::min<size_t>(100, chars.size() - i);
    s += std::to_string(n) + " beginbfchar\n";
    for (size_t k = i; k < i + n; ++k) {
      s += "<" + hex4(chars[k]) + "> <" + hex4(chars[k]) + ">\n";
    }
    s += "endbfchar\n";
  }
  s += "endcmap\nCMapName currentdict /CMap defineresource pop\nend\nend\n";
  return s;
}

// The objects written as PDF 1.5 does: those that are not streams in one FlateDecode object
// stream, the streams as they are, and a cross-reference stream (/W [1 4 2]) in place of the
// xref table. `info` is the information dictionary's object number.
std::string with_object_streams(const std::vector<std::string>& objects, size_t info) {
  const size_t packed = objects.size() + 1;  // the object stream's number
  const size_t xref_obj = objects.size() + 2;
  std::string head;
  std::string body;
  std::vector<size_t> index_in_stream(objects.size() + 1, 0);
  size_t n = 0;
  for (size_t i = 0; i < objects.size(); ++i) {
    if (objects[i].find("\nstream\n") != std::string::npos) {
      continue;
    }
    index_in_stream[i + 1] = ++n;  // 1-based, 0 = not in the stream
    head += std::to_string(i + 1) + " " + std::to_string(body.size()) + " ";
    body += objects[i] + "\n";
  }
  const std::string plain = head + "\n" + body;
  uLongf packed_size = compressBound(plain.size());
  std::string deflated(packed_size, '\0');
  compress2(reinterpret_cast<Bytef*>(deflated.data()), &packed_size, reinterpret_cast<const Bytef*>(plain.data()),
            plain.size(), Z_BEST_COMPRESSION);
  deflated.resize(packed_size);

  std::string out = "%PDF-1.7\n%\xE2\xE3\xCF\xD3\n";
  std::vector<size_t> offsets(xref_obj + 1, 0);
  for (size_t i = 0; i < objects.size(); ++i) {
    if (index_in_stream[i + 1] == 0) {
      offsets[i + 1] = out.size();
      out += std::to_string(i + 1) + " 0 obj\n" + objects[i] + "\nendobj\n";
    }
  }
  offsets[packed] = out.size();
  out += std::to_string(packed) + " 0 obj\n<< /Type /ObjStm /N " + std::to_string(n) + " /First " +
         std::to_string(head.size() + 1) + " /Filter /FlateDecode /Length " + std::to_string(deflated.size()) +
         " >>\nstream\n" + deflated + "\nendstream\nendobj\n";
  offsets[xref_obj] = out.size();
  std::string rows;
  const auto row = [&rows](unsigned type, size_t field2, unsigned field3) {
    rows += static_cast<char>(type);
    for (int shift = 24; shift >= 0; shift -= 8) {
      rows += static_cast<char>((field2 >> static_cast<unsigned>(shift)) & 0xFFU);
    }
    rows += static_cast<char>((field3 >> 8U) & 0xFFU);
    rows += static_cast<char>(field3 & 0xFFU);
  };
  row(0, 0, 0xFFFF);
  for (size_t num = 1; num <= xref_obj; ++num) {
    if (num <= objects.size() && index_in_stream[num] != 0) {
      row(2, packed, static_cast<unsigned>(index_in_stream[num] - 1));
    } else {
      row(1, offsets[num], 0);
    }
  }
  out += std::to_string(xref_obj) + " 0 obj\n<< /Type /XRef /Size " + std::to_string(xref_obj + 1) +
         " /W [1 4 2] /Root 1 0 R /Info " + std::to_string(info) + " 0 R /Length " + std::to_string(rows.size()) +
         " >>\nstream\n" + rows + "\nendstream\nendobj\n";
  out += "startxref\n" + std::to_string(offsets[xref_obj]) + "\n%%EOF\n";
  return out;
}

}  // namespace

std::string write_pdf(const std::vector<PdfPage>& pages, const PdfOptions& options) {
  std::set<char32_t> used;
  for (const PdfPage& p : pages) {
    for (const PdfRun& r : p.runs) {
      for (char32_t c : decode(r.text)) {
        used.insert(c);
      }
    }
  }
  // Objects 1..6 are fixed; then each page, its content and (for scans) its image; then the
  // information dictionary and the security handler.
  std::vector<std::string> objects;
  objects.push_back("<< /Type /Catalog /Pages 2 0 R " + options.catalog_extra + " >>");
  std::string kids;
  const int first_page = 7;
  const int per_page = 3;
  for (size_t i = 0; i < pages.size(); ++i) {
    kids += std::to_string(first_page + per_page * static_cast<int>(i)) + " 0 R ";
  }
  objects.push_back("<< /Type /Pages /Kids [" + kids + "] /Count " + std::to_string(pages.size()) +
                    " >>");
  objects.emplace_back(
      "<< /Type /Font /Subtype /Type0 /BaseFont /KyMincho /Encoding /Identity-H "
      "/DescendantFonts [4 0 R] /ToUnicode 6 0 R >>");
  objects.emplace_back(
      "<< /Type /Font /Subtype /CIDFontType2 /BaseFont /KyMincho "
      "/CIDSystemInfo << /Registry (Adobe) /Ordering (Identity) /Supplement 0 >> "
      "/FontDescriptor 5 0 R /DW 1000 /W [32 126 500] /CIDToGIDMap /Identity >>");
  objects.emplace_back(
      "<< /Type /FontDescriptor /FontName /KyMincho /Flags 4 /FontBBox [0 -120 1000 880] "
      "/ItalicAngle 0 /Ascent 880 /Descent -120 /CapHeight 700 /StemV 80 >>");
  objects.push_back(stream_object("", to_unicode_cmap(used)));
  for (size_t i = 0; i < pages.size(); ++i) {
    const int page_obj = first_page + per_page * static_cast<int>(i);
    std::string content;
    if (pages[i].image) {
      content += "q 451 0 0 698 72 72 cm /Im1 Do Q\n";
    }
    for (const PdfRun& r : pages[i].runs) {
      std::string codes;
      for (char32_t c : decode(r.text)) {
        codes += hex4(c);
      }
      content += "BT /F1 " + num(r.size) + " Tf 1 0 0 1 " + num(r.x) + " " +
                 num(k_page_height - r.y) + " Tm <" + codes + "> Tj ET\n";
    }
    objects.push_back("<< /Type /Page /Parent 2 0 R /MediaBox [0 0 " + num(k_page_width) + " " +
                      num(k_page_height) +
                      "] /Resources << /Font << /F1 3 0 R >> /XObject << /Im1 " +
                      std::to_string(page_obj + 2) + " 0 R >> >> /Contents " +
                      std::to_string(page_obj + 1) + " 0 R >>");
    objects.push_back(stream_object("", content));
    std::string pixels;
    for (int p = 0; p < 64; ++p) {
      pixels += static_cast<char>(0x80 + (p * 7) % 64);
    }
    objects.push_back(
        stream_object(" /Type /XObject /Subtype /Image /Width 8 /Height 8 "
                      "/ColorSpace /DeviceGray /BitsPerComponent 8",
                      pixels));
  }
  std::string title_hex = "FEFF";
  for (char32_t c : decode(options.title)) {
    title_hex += hex4(c);
  }
  std::string author;
  if (!options.author.empty()) {
    author = " /Author <FEFF";
    for (char32_t c : decode(options.author)) {
      author += hex4(c);
    }
    author += ">";
  }
  objects.push_back("<< /Title <" + title_hex + ">" + author + " /Producer (keiyaku tests) >>");
  const size_t info = objects.size();
  for (const std::string& o : options.extra_objects) {
    objects.push_back(o);
  }
  for (std::string& o : objects) {
    for (size_t k = 0; k < options.extra_objects.size() && k < 10; ++k) {
      const std::string mark = "{" + std::to_string(k) + "}";
      const std::string ref = std::to_string(info + 1 + k) + " 0 R";
      for (size_t at = o.find(mark); at != std::string::npos; at = o.find(mark, at + ref.size())) {
        o.replace(at, mark.size(), ref);
      }
    }
  }
  if (options.object_streams) {
    return with_object_streams(objects, info);
  }
  size_t encrypt = 0;
  if (options.password) {
    // Revision 2 RC4 handler; /U does not match the empty password, so a password is needed.
    objects.emplace_back(
        "<< /Filter /Standard /V 1 /R 2 /P -44 "
        "/O <6B8D4E2A1F0C3B5A7988E6D4C2B1A09F8E7D6C5B4A39281706F5E4D3C2B1A098> "
        "/U <0F1E2D3C4B5A69788796A5B4C3D2E1F000112233445566778899AABBCCDDEEFF> >>");
    encrypt = objects.size();
  }
  std::string out = "%PDF-1.7\n%\xE2\xE3\xCF\xD3\n";
  std::vector<size_t> offsets;
  for (size_t i = 0; i < objects.size(); ++i) {
    offsets.push_back(out.size());
    out += std::to_string(i + 1) + " 0 obj\n" + objects[i] + "\nendobj\n";
  }
  const size_t xref = out.size();
  out += "xref\n0 " + std::to_string(objects.size() + 1) + "\n0000000000 65535 f \n";
  for (size_t off : offsets) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%010zu 00000 n \n", off);
    out += buf;
  }
  out += "trailer\n<< /Size " + std::to_string(objects.size() + 1) + " /Root 1 0 R /Info " +
         std::to_string(info) + " 0 R";
  if (encrypt != 0) {
    out += " /Encrypt " + std::to_string(encrypt) +
           " 0 R /ID [<00112233445566778899AABBCCDDEEFF> <00112233445566778899AABBCCDDEEFF>]";
  }
  out += " >>\nstartxref\n" + std::to_string(xref) + "\n%%EOF\n";
  return out;
}

std::vector<PdfPage> lay_out_pages(const std::vector<PdfParagraph>& paragraphs,
                                   const PdfLayout& layout) {
  std::vector<PdfPage> pages;
  int line_on_page = layout.lines_per_page;  // start a page at once
  double extra = 0;
  auto new_page = [&] {
    pages.emplace_back();
    PdfPage& p = pages.back();
    const int n = static_cast<int>(pages.size());
    if (!layout.header.empty()) {
      p.runs.push_back({k_left, 50, 9, layout.header});
    }
    if (!layout.footer.empty()) {
      p.runs.push_back({k_left, k_page_height - 50, 9, layout.footer});
    }
    if (layout.page_numbers) {
      const std::string label = "- " + std::to_string(n) + " -";
      p.runs.push_back({k_page_width / 2 - 12, k_page_height - 32, 9, label});
    }
    line_on_page = 0;
    extra = 0;
  };
  for (const PdfParagraph& para : paragraphs) {
    const std::u32string text = decode(para.text);
    if (para.gap_before && line_on_page > 0) {
      extra += k_leading / 2;
    }
    size_t i = 0;
    bool first = true;
    while (i < text.size() || (first && text.empty())) {
      const double indent = first ? para.indent : para.hanging;
      double w = 0;
      std::u32string line;
      while (i < text.size() && w + width_of(text[i]) <= layout.width_em - indent + 1e-9) {
        w += width_of(text[i]);
        line += text[i++];
      }
      if (line_on_page >= layout.lines_per_page ||
          k_top + extra + line_on_page * k_leading > k_last_baseline) {
        new_page();
      }
      std::string utf8;
      for (char32_t c : line) {
        str::append_utf8(utf8, c);
      }
      pages.back().runs.push_back({k_left + indent * k_font_size,
                                   k_top + extra + line_on_page * k_leading, k_font_size, utf8});
      ++line_on_page;
      first = false;
      if (text.empty()) {
        break;
      }
    }
  }
  return pages;
}

}  // namespace keiyaku::test
