// Writes the seed corpus of docx_reader_fuzzer from the fixtures in tests/data/docx:
// each case once as a whole file (mode byte 0) and once as its XML parts (mode byte 1).
#include "unit/docx/zip_writer.hpp"

#include <cstdio>
#include <filesystem>
#include <fstream>

namespace fs = std::filesystem;

int main(int argc, char** argv) {
  if (argc != 3) {
    std::fprintf(stderr, "usage: make_docx_seeds FIXTURES_DIR OUT_DIR\n");
    return 2;
  }
  const fs::path in = argv[1];
  const fs::path out = argv[2];
  fs::create_directories(out);
  int n = 0;
  for (const auto& e : fs::directory_iterator(in)) {
    if (!e.is_directory()) {
      continue;
    }
    const std::string name = e.path().filename().string();
    std::ofstream(out / (name + ".raw"), std::ios::binary)
        << '\0' << keiyaku::test::zip_tree(e.path());
    std::string parts;
    const char* files[] = {"word/document.xml",  "word/styles.xml",   "word/numbering.xml",
                           "word/footnotes.xml", "word/comments.xml", "word/header1.xml"};
    size_t last = 0;
    for (size_t i = 0; i < std::size(files); ++i) {
      if (fs::exists(e.path() / files[i])) {
        last = i;
      }
    }
    for (size_t i = 0; i <= last; ++i) {
      if (i > 0) {
        parts += "\n--part--\n";
      }
      if (fs::exists(e.path() / files[i])) {
        parts += keiyaku::test::slurp(e.path() / files[i]);
      }
    }
    if (fs::exists(e.path() / "word/document.xml")) {
      std::ofstream(out / (name + ".xml"), std::ios::binary) << '\x01' << parts;
    }
    ++n;
  }
  std::printf("make_docx_seeds: %d cases -> %s\n", n, out.string().c_str());
  return 0;
}
