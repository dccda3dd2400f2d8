// libFuzzer target for the PDF reader.
//
// The first byte picks the mode (its value modulo 3):
//   0: the rest is a whole file, fed to pdf::read_bytes as is (poppler's parser, the limits, the
//      refusals);
//   1: the rest is text, one paragraph a line, set as a PDF by tests/support/pdf_writer (a valid
//      file whose text layer is whatever the fuzzer wrote), so that mutations reach the layout;
//   2: the rest is positioned words (per word: four coordinate bytes, a flags byte, text up to a
//      0xFF byte), laid out directly by pdf::group_lines and pdf::lay_out, without poppler.
#include "support/pdf_writer.hpp"

#include <cstddef>
#include <cstdint>
#include <pdf/layout.hpp>
#include <pdf/reader.hpp>
#include <string>
#include <string_view>
#include <vector>

namespace {

void as_text(std::string_view rest) {
  std::vector<keiyaku::test::PdfParagraph> paragraphs;
  size_t start = 0;
  while (start <= rest.size() && paragraphs.size() < 400) {
    size_t end = rest.find('\n', start);
    if (end == std::string_view::npos) {
      end = rest.size();
    }
    const std::string_view line = rest.substr(start, end - start);
    const double indent =
        line.empty() ? 0 : static_cast<double>(static_cast<unsigned char>(line[0]) % 4);
    paragraphs.push_back({std::string(line), indent, indent / 2, line.size() % 5 == 0});
    start = end + 1;
  }
  keiyaku::test::PdfLayout layout;
  layout.header = "契約書";
  layout.lines_per_page = 6;
  const std::string pdf =
      keiyaku::test::write_pdf(keiyaku::test::lay_out_pages(paragraphs, layout));
  (void)keiyaku::pdf::read_bytes(pdf, "fuzz.pdf");
}

void as_words(std::string_view rest) {
  std::vector<keiyaku::pdf::Page> pages(1);
  pages[0].width = 595;
  pages[0].height = 842;
  std::vector<keiyaku::pdf::Word> words;
  size_t i = 0;
  while (i + 5 <= rest.size() && words.size() < 4000) {
    auto at = [&](size_t k) {
      return static_cast<double>(static_cast<unsigned char>(rest[i + k]));
    };
    keiyaku::pdf::Word w;
    w.x0 = at(0) * 2.5;
    w.y0 = at(1) * 3.5;
    w.x1 = w.x0 + at(2) / 4;
    w.y1 = w.y0 + at(3) / 16;
    const auto flags = static_cast<unsigned char>(rest[i + 4]);
    w.space_after = (flags & 1U) != 0;
    i += 5;
    const size_t end = rest.find('\xFF', i);
    const size_t stop = end == std::string_view::npos ? rest.size() : end;
    w.text = std::string(rest.substr(i, stop - i));
    i = stop + 1;
    words.push_back(std::move(w));
    if ((flags & 2U) != 0) {  // next page
      pages.back().lines = keiyaku::pdf::group_lines(words);
      words.clear();
      pages.push_back(pages[0]);
      pages.back().lines.clear();
    }
  }
  pages.back().lines = keiyaku::pdf::group_lines(words);
  (void)keiyaku::pdf::lay_out(pages);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) {
    return 0;
  }
  const std::string_view rest(reinterpret_cast<const char*>(data) + 1, size - 1);
  switch (data[0] % 3) {
    case 0: {
      keiyaku::pdf::ReadOptions options;
      options.limits.max_input_bytes = 4U << 20U;  // smaller caps keep each run fast
      options.limits.max_pages = 200;
      options.limits.max_seconds = 5.0;
      (void)keiyaku::pdf::read_bytes(rest, "fuzz.pdf", options);
      break;
    }
    case 1:
      as_text(rest);
      break;
    default:
      as_words(rest);
      break;
  }
  return 0;
}
