#pragma once

#include "support/temp_dir.hpp"
#include "unit/docx/zip_writer.hpp"

#include <docx/reader.hpp>

#include <string>
#include <vector>

namespace keiyaku::test {

inline std::string docx_fixture_dir(const std::string& name) {
  return source_dir() + "/tests/data/docx/" + name;
}

/// The fixture tree zipped into .docx bytes.
inline std::string docx_fixture(const std::string& name) {
  return zip_tree(docx_fixture_dir(name));
}

inline Expected<core::Document> read_fixture(const std::string& name,
                                             const docx::ReadOptions& options = {}) {
  return docx::read_bytes(docx_fixture(name), name + ".docx", options);
}

/// "label|text" of every block, the form most assertions use.
inline std::vector<std::string> lines(const core::Document& d) {
  std::vector<std::string> out;
  for (const core::Block& b : d.blocks) {
    out.push_back(b.label.empty() ? b.text : b.label + "|" + b.text);
  }
  return out;
}

inline const core::FileRisk* find_risk(const core::Document& d, const std::string& id) {
  for (const core::FileRisk& r : d.file_risks) {
    if (r.id == id) {
      return &r;
    }
  }
  return nullptr;
}

}  // namespace keiyaku::test
