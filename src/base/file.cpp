#include "file.hpp"

#include <base/i18n.hpp>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <sys/stat.h>
#include <unistd.h>

namespace keiyaku::file {

Expected<std::string> read(const std::string& path, size_t max_bytes) {
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0) {
    return Error(ErrorCode::io, path + ": " + tr("開けません: ", "cannot open: ") + std::strerror(errno));
  }
  if (S_ISDIR(st.st_mode)) {
    return Error(ErrorCode::io, path + ": " + tr("フォルダです", "is a directory"));
  }
  if (static_cast<unsigned long long>(st.st_size) > max_bytes) {
    return Error(ErrorCode::limit_exceeded,
                 path + ": " + tr("ファイルが大きすぎます", "file too large") + " (" +
                     std::to_string(st.st_size) + " > " + std::to_string(max_bytes) + " bytes)");
  }
  std::FILE* f = std::fopen(path.c_str(), "rb");
  if (f == nullptr) {
    return Error(ErrorCode::io, path + ": " + tr("開けません: ", "cannot open: ") + std::strerror(errno));
  }
  std::string data;
  char buf[65536];
  size_t n = 0;
  while ((n = std::fread(buf, 1, sizeof buf, f)) > 0) {
    data.append(buf, n);
    if (data.size() > max_bytes) {
      std::fclose(f);
      return Error(ErrorCode::limit_exceeded, path + ": " + tr("ファイルが大きすぎます", "file too large"));
    }
  }
  const bool err = std::ferror(f) != 0;
  std::fclose(f);
  if (err) {
    return Error(ErrorCode::io, path + ": " + tr("読み込みエラー", "read error"));
  }
  return data;
}

Status write_atomic(const std::string& path, std::string_view data) {
  const std::string tmp = path + ".tmp-" + std::to_string(::getpid());
  std::FILE* f = std::fopen(tmp.c_str(), "wb");
  if (f == nullptr) {
    return Error(ErrorCode::io, path + ": " + tr("書き込めません: ", "cannot write: ") + std::strerror(errno));
  }
  const bool ok = std::fwrite(data.data(), 1, data.size(), f) == data.size() && std::fflush(f) == 0 &&
                  ::fsync(::fileno(f)) == 0;
  std::fclose(f);
  if (!ok || std::rename(tmp.c_str(), path.c_str()) != 0) {
    std::remove(tmp.c_str());
    return Error(ErrorCode::io, path + ": " + tr("書き込めません: ", "cannot write: ") + std::strerror(errno));
  }
  return {};
}

}  // namespace keiyaku::file
