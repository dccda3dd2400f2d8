#pragma once

#include <base/expected.hpp>

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace keiyaku::batch {

/// A file to review.
struct FileEntry {
  std::string path;   ///< absolute, lexically normal (symlinks not resolved)
  uint64_t size = 0;  ///< bytes, when walked
};

/// True for the names a folder walk keeps: .docx, .docm, .dotx, .pdf and .txt in any case, except
/// Word's owner files ("~$契約書.docx", left beside a document that is open).
bool is_contract_file(std::string_view name);

/// Collects the files to review: every contract file under each directory (recursively; symbolic
/// links to directories are not followed, unreadable directories are skipped) and each file named
/// directly, whatever its extension. Sorted by path, each once. A name that does not exist is an
/// error naming it (ErrorCode::not_found); nothing is read.
Expected<std::vector<FileEntry>> collect_files(const std::vector<std::string>& inputs);

}  // namespace keiyaku::batch
