// Writes the seed corpus of pdf_reader_fuzzer: a contract set as a PDF over several pages (mode 0),
// the same with a password, as a scan, and with a script, an action and an embedded file in a
// compressed object stream, and its text (mode 1).
#include "support/pdf_writer.hpp"

#include <cstdio>
#include <filesystem>
#include <fstream>

namespace fs = std::filesystem;

int main(int argc, char** argv) {
  if (argc != 2) {
    std::fprintf(stderr, "usage: make_pdf_seeds OUT_DIR\n");
    return 2;
  }
  const fs::path out = argv[1];
  fs::create_directories(out);
  const std::string text =
      "業務委託契約書\n（秘密の保持）\n第1条　乙は、本業務に関して知り得た秘密を第三者に漏らしては"
      "ならない。\n"
      "2　乙は、L G W A N 接続系の端末を使用し、甲の承諾を得ないで個人情報を複製してはならない。\n"
      "(1)　再委託先の名称\n①　ア　・　information secu-\nrity - 3 -\n";
  std::vector<keiyaku::test::PdfParagraph> paragraphs;
  size_t start = 0;
  for (size_t end = text.find('\n'); end != std::string::npos; end = text.find('\n', start)) {
    paragraphs.push_back({text.substr(start, end - start), 0, 1});
    start = end + 1;
  }
  keiyaku::test::PdfLayout layout;
  layout.header = "業務委託契約書（案）";
  layout.lines_per_page = 4;
  const auto pages = keiyaku::test::lay_out_pages(paragraphs, layout);
  std::ofstream(out / "contract.pdf", std::ios::binary) << '\0' << keiyaku::test::write_pdf(pages);
  keiyaku::test::PdfOptions locked;
  locked.password = true;
  std::ofstream(out / "password.pdf", std::ios::binary)
      << '\0' << keiyaku::test::write_pdf(pages, locked);
  std::vector<keiyaku::test::PdfPage> scan(2);
  scan[0].image = scan[1].image = true;
  std::ofstream(out / "scan.pdf", std::ios::binary) << '\0' << keiyaku::test::write_pdf(scan);
  keiyaku::test::PdfOptions packed;
  packed.object_streams = true;
  packed.catalog_extra = "/OpenAction << /S /JavaScript /JS (app.alert\\(1\\)) >> "
                         "/AA << /WC << /S /Launch /F (calc.exe) >> >> /AF [{0}]";
  packed.extra_objects = {"<< /Type /Filespec /F (a.exe) /EF << /F {1} >> >>",
                          "<< /Type /EmbeddedFile /Length 4 >>\nstream\nMZ\x90!\nendstream"};
  std::ofstream(out / "object_streams.pdf", std::ios::binary) << '\0' << keiyaku::test::write_pdf(pages, packed);
  std::ofstream(out / "contract.txt", std::ios::binary) << '\1' << text;
  std::printf("make_pdf_seeds: 5 seeds in %s\n", out.string().c_str());
  return 0;
}
