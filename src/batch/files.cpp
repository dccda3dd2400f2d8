#include "files.hpp"

#include <base/i18n.hpp>
#include <base/strings.hpp>

#include <algorithm>
#include <filesystem>

namespace keiyaku::batch {

namespace fs = std::filesystem;

bool is_contract_file(std::string_view name) {
  const size_t slash = name.find_last_of('/');
  const std::string_view base = slash == std::string_view::npos ? name : name.substr(slash + 1);
  if (str::starts_with(base, "~$")) {
    return false;
  }
  const std::string lower = str::to_lower_ascii(base);
  return str::ends_with(lower, ".docx") || str::ends_with(lower, ".docm") ||
         str::ends_with(lower, ".dotx") || str::ends_with(lower, ".pdf") || str::ends_with(lower, ".txt");
}

Expected<std::vector<FileEntry>> collect_files(const std::vector<std::string>& inputs) {
  std::vector<FileEntry> out;
  for (const std::string& input : inputs) {
    std::error_code ec;
    const fs::path root = fs::absolute(fs::path(input), ec).lexically_normal();
    const fs::file_status st = fs::status(root, ec);
    if (ec || !fs::exists(st)) {
      return Error(ErrorCode::not_found,
                   input + ": " + tr("ファイルもフォルダもありません", "no such file or directory"));
    }
    if (!fs::is_directory(st)) {
      out.push_back({root.string(), fs::file_size(root, ec)});
      continue;
    }
    fs::recursive_directory_iterator it(root, fs::directory_options::skip_permission_denied, ec);
    if (ec) {
      return Error(ErrorCode::io, input + ": " + tr("フォルダを読めません: ", "cannot read the folder: ") +
                                      ec.message());
    }
    for (; it != fs::recursive_directory_iterator(); it.increment(ec)) {
      if (ec) {
        // An entry that vanished or cannot be read: skip it and go on.
        ec.clear();
        continue;
      }
      const fs::directory_entry& e = *it;
      std::error_code fec;
      if (!e.is_regular_file(fec) || !is_contract_file(e.path().filename().string())) {
        continue;
      }
      out.push_back({e.path().lexically_normal().string(), e.file_size(fec)});
    }
  }
  std::sort(out.begin(), out.end(), [](const FileEntry& a, const FileEntry& b) { return a.path < b.path; });
  out.erase(std::unique(out.begin(), out.end(),
                        [](const FileEntry& a, const FileEntry& b) { return a.path == b.path; }),
            out.end());
  return out;
}

}  // namespace keiyaku::batch
