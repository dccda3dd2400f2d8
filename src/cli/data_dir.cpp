#include "data_dir.hpp"

#include <base/i18n.hpp>

#include <cstdlib>
#include <filesystem>
#include <system_error>

namespace keiyaku::cli {

namespace fs = std::filesystem;

namespace {

constexpr const char* k_user_dic = "keiyaku-user.dic";

fs::path binary_dir() {
  std::error_code ec;
  const fs::path exe = fs::read_symlink("/proc/self/exe", ec);
  return ec ? fs::path() : exe.parent_path();
}

bool has_catalog(const fs::path& dir) {
  std::error_code ec;
  return fs::is_directory(dir / "requirements", ec);
}

std::string canonical_path(const fs::path& p) {
  std::error_code ec;
  const fs::path c = fs::weakly_canonical(p, ec);
  return ec ? p.string() : c.string();
}

std::string env(const char* name) {
  const char* v = std::getenv(name);
  return v == nullptr ? std::string() : std::string(v);
}

}  // namespace

Expected<DataDir> find_data_dir(const std::string& option) {
  const auto explicit_dir = [](const std::string& dir, DataSource source,
                               const std::string& what) -> Expected<DataDir> {
    if (!has_catalog(dir)) {
      return Error(ErrorCode::usage,
                   what + ": " + dir +
                       tr(": requirements/ のあるデータフォルダではありません（既定は "
                          "<prefix>/share/keiyaku）",
                          ": not a data folder with requirements/ in it (installed: "
                          "<prefix>/share/keiyaku)"));
    }
    return DataDir{canonical_path(dir), source};
  };
  if (!option.empty()) {
    return explicit_dir(option, DataSource::option, "--data");
  }
  if (const std::string v = env("KEIYAKU_DATA"); !v.empty()) {
    return explicit_dir(v, DataSource::environment, "KEIYAKU_DATA");
  }
  const fs::path bin = binary_dir();
  if (!bin.empty()) {
    for (const fs::path& p : {bin / ".." / "share" / "keiyaku", bin}) {
      if (has_catalog(p)) {
        return DataDir{canonical_path(p), DataSource::beside_binary};
      }
    }
  }
  return DataDir{};
}

void use_data_dir(const DataDir& dir) {
  const bool force = dir.source == DataSource::option;
  const auto set = [force](const char* name, const std::string& value) {
    ::setenv(name, value.c_str(), force ? 1 : 0);
  };
  if (dir.path.empty()) {
    // Nothing found: name the installed location rather than fall back to any other path.
    const fs::path bin = binary_dir();
    set("KEIYAKU_REQUIREMENTS", (bin.empty() ? fs::path("share/keiyaku/requirements")
                                             : bin / ".." / "share" / "keiyaku" / "requirements")
                                    .lexically_normal()
                                    .string());
    return;
  }
  const fs::path root(dir.path);
  set("KEIYAKU_REQUIREMENTS", (root / "requirements").string());
  for (const fs::path& p : {root / k_user_dic, root / "dictionaries" / k_user_dic}) {
    std::error_code ec;
    if (fs::is_regular_file(p, ec)) {
      set("KEIYAKU_USER_DIC", p.string());
      break;
    }
  }
}

}  // namespace keiyaku::cli
