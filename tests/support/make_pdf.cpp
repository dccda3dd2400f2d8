// ky_make_pdf IN.txt OUT.pdf [--header TEXT] [--footer TEXT] [--no-page-numbers] [--max-pages N]:
// sets a text file (one paragraph per line, UTF-8) as an A4 PDF with test::write_pdf, as a word
// processor would: an article or a numbered paragraph with a hanging indent, other paragraphs with
// a first-line indent, headings flush left. For the PDF benchmark (docs/pdf.md) and for trying
// keiyaku on a PDF.
#include "pdf_writer.hpp"

#include <base/file.hpp>
#include <base/strings.hpp>

#include <cstdio>
#include <fstream>
#include <string>

namespace {

// An article, a numbered paragraph or an item: set with a hanging indent.
bool numbered(std::string_view line) {
  using keiyaku::str::starts_with;
  if (line.empty()) {
    return false;
  }
  const auto c = static_cast<unsigned char>(line[0]);
  if ((c >= '0' && c <= '9') || c == '(') {
    return true;
  }
  for (std::string_view p :
       {"第", "（", "１", "２", "３", "４", "５", "６", "７", "８", "９", "ア", "イ", "ウ"}) {
    if (starts_with(line, p)) {
      return true;
    }
  }
  return false;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 3) {
    std::fprintf(
        stderr,
        "usage: ky_make_pdf IN.txt OUT.pdf [--header TEXT] [--footer TEXT] [--no-page-numbers] "
        "[--max-pages N]\n");
    return 2;
  }
  keiyaku::test::PdfLayout layout;
  size_t max_pages = 0;
  for (int i = 3; i < argc; ++i) {
    const std::string a = argv[i];
    if (a == "--header" && i + 1 < argc) {
      layout.header = argv[++i];
    } else if (a == "--footer" && i + 1 < argc) {
      layout.footer = argv[++i];
    } else if (a == "--max-pages" && i + 1 < argc) {
      max_pages = std::stoul(argv[++i]);
    } else if (a == "--no-page-numbers") {
      layout.page_numbers = false;
    }
  }
  auto text = keiyaku::file::read(argv[1]);
  if (!text) {
    std::fprintf(stderr, "ky_make_pdf: %s\n", text.error().message.c_str());
    return 2;
  }
  std::vector<keiyaku::test::PdfParagraph> paragraphs;
  for (std::string_view line : keiyaku::str::split(*text, '\n')) {
    line = keiyaku::str::trim(line);
    if (line.empty()) {
      continue;
    }
    keiyaku::test::PdfParagraph p;
    p.text = std::string(line);
    const bool heading =
        keiyaku::str::starts_with(line, "（") && keiyaku::str::ends_with(line, "）");
    if (numbered(line) && !heading) {
      p.hanging = 1;
    } else if (!heading) {
      p.indent = 1;
    }
    paragraphs.push_back(std::move(p));
  }
  std::vector<keiyaku::test::PdfPage> pages = keiyaku::test::lay_out_pages(paragraphs, layout);
  if (max_pages > 0 && pages.size() > max_pages) {
    pages.resize(max_pages);
  }
  const std::string pdf = keiyaku::test::write_pdf(pages);
  std::ofstream out(argv[2], std::ios::binary);
  out << pdf;
  return out ? 0 : 1;
}
