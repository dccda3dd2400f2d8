#include "data_dir.hpp"

#include "embedded_tree.hpp"

#include <base/i18n.hpp>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <random>
#include <system_error>
#include <vector>

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

// The file an extracted copy ends with; it holds the full hash of what was extracted.
constexpr const char* k_stamp = ".keiyaku-data-sha256";

// Writes `bytes` to a new file `path`; "" on success, else the reason (naming the file).
std::string write_new_file(const fs::path& path, std::string_view bytes) {
  const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
  if (fd < 0) {
    return path.filename().string() + ": " + std::strerror(errno);
  }
  while (!bytes.empty()) {
    const ssize_t n = ::write(fd, bytes.data(), bytes.size());
    if (n < 0 && errno == EINTR) {
      continue;
    }
    if (n <= 0) {
      std::string why = path.filename().string() + ": " + std::strerror(n < 0 ? errno : EIO);
      ::close(fd);
      return why;
    }
    bytes.remove_prefix(static_cast<size_t>(n));
  }
  return ::close(fd) == 0 ? std::string() : path.filename().string() + ": " + std::strerror(errno);
}

// A finished copy of this binary's data: a real folder (not a link) owned by this user, whose
// stamp holds the embedded hash.
bool is_extracted_copy(const fs::path& dir) {
  struct stat st {};
  if (::lstat(dir.c_str(), &st) != 0 || !S_ISDIR(st.st_mode) || st.st_uid != ::getuid()) {
    return false;
  }
  const int fd = ::open((dir / k_stamp).c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    return false;
  }
  const std::string_view want = embedded::data_tree_sha256();
  std::string got(want.size() + 1, '\0');
  const ssize_t n = ::read(fd, got.data(), got.size());
  ::close(fd);
  return n == static_cast<ssize_t>(want.size()) &&
         std::string_view(got).substr(0, want.size()) == want;
}

// Extracts the embedded files into `tmp` (a new folder); "" on success, else the reason.
std::string extract_into(const fs::path& tmp) {
  std::error_code ec;
  if (!fs::create_directory(tmp, ec)) {
    return ec ? ec.message() : std::strerror(EEXIST);
  }
  for (const embedded::EmbeddedFile& f : embedded::data_tree()) {
    const fs::path p = tmp / fs::path(f.path);
    fs::create_directories(p.parent_path(), ec);
    if (ec) {
      return ec.message();
    }
    if (std::string why = write_new_file(p, f.bytes); !why.empty()) {
      return why;
    }
  }
  // The stamp goes last: a folder without it is unfinished.
  return write_new_file(tmp / k_stamp, embedded::data_tree_sha256());
}

std::string random_suffix() {
  std::random_device rd;
  return std::to_string(::getpid()) + "-" + std::to_string(rd());
}

// Makes `target` (in `parent`) hold the embedded data: reused when it does, else extracted into a
// temporary sibling and renamed into place. "" on success, else the reason.
std::string ensure_extracted(const fs::path& parent, const fs::path& target, bool create_parent) {
  if (is_extracted_copy(target)) {
    return {};
  }
  std::error_code ec;
  if (create_parent) {
    fs::create_directories(parent, ec);
    if (ec) {
      return ec.message();
    }
  }
  const fs::path tmp = parent / ("." + target.filename().string() + ".tmp-" + random_suffix());
  if (std::string why = extract_into(tmp); !why.empty()) {
    fs::remove_all(tmp, ec);
    return why;
  }
  for (int attempt = 0; attempt < 2; ++attempt) {
    if (::rename(tmp.c_str(), target.c_str()) == 0) {
      return {};
    }
    const int err = errno;
    if (err != EEXIST && err != ENOTEMPTY) {
      fs::remove_all(tmp, ec);
      return std::strerror(err);
    }
    if (is_extracted_copy(target)) {
      // Another run put the same data in place first: use its folder.
      fs::remove_all(tmp, ec);
      return {};
    }
    // Something else holds the name (an unfinished or altered copy of ours): move it aside, once.
    struct stat st {};
    const fs::path aside = parent / ("." + target.filename().string() + ".old-" + random_suffix());
    if (attempt > 0 || ::lstat(target.c_str(), &st) != 0 || st.st_uid != ::getuid() ||
        ::rename(target.c_str(), aside.c_str()) != 0) {
      break;
    }
    fs::remove_all(aside, ec);
  }
  fs::remove_all(tmp, ec);
  return std::strerror(EEXIST);
}

bool absolute_env(const std::string& v) {
  return !v.empty() && v.front() == '/';
}

}  // namespace

std::string built_in_data_hash() {
  return std::string(embedded::data_tree_sha256().substr(0, 16));
}

Expected<DataDir> extract_built_in_data() {
  const std::string hash = built_in_data_hash();
  struct Place {
    fs::path parent;
    fs::path target;
    bool create_parent;
  };
  std::vector<Place> places;
  if (const std::string v = env("XDG_CACHE_HOME"); absolute_env(v)) {
    places.push_back({fs::path(v) / "keiyaku", fs::path(v) / "keiyaku" / ("data-" + hash), true});
  }
  if (const std::string v = env("HOME"); absolute_env(v)) {
    const fs::path parent = fs::path(v) / ".cache" / "keiyaku";
    places.push_back({parent, parent / ("data-" + hash), true});
  }
  {
    std::string v = env("TMPDIR");
    if (!absolute_env(v)) {
      v = "/tmp";
    }
    places.push_back({fs::path(v),
                      fs::path(v) / ("keiyaku-" + std::to_string(::getuid()) + "-data-" + hash),
                      false});
  }
  std::string tried;
  for (const Place& p : places) {
    const std::string why = ensure_extracted(p.parent, p.target, p.create_parent);
    if (why.empty()) {
      return DataDir{p.target.string(), DataSource::built_in};
    }
    tried += "\n  " + p.target.string() + ": " + why;
  }
  return Error(ErrorCode::usage,
               tr("データフォルダが見つからず、組み込みのデータを展開できる場所もありません。"
                  "--data または KEIYAKU_DATA でデータフォルダ（<prefix>/share/keiyaku）を指定"
                  "するか、XDG_CACHE_HOME に書き込めるフォルダを指定してください。試した場所:",
                  "no data folder found, and nowhere to extract the built-in data to; name a "
                  "data folder (<prefix>/share/keiyaku) with --data or KEIYAKU_DATA, or set "
                  "XDG_CACHE_HOME to a writable folder. Tried:") +
                   tried);
}

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
  return extract_built_in_data();
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
