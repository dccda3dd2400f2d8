#include "file.hpp"

#include <base/i18n.hpp>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>

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

Expected<std::string> read_head(const std::string& path, size_t n) {
  std::FILE* f = std::fopen(path.c_str(), "rb");
  if (f == nullptr) {
    return Error(ErrorCode::io,
                 path + ": " + tr("開けません: ", "cannot open: ") + std::strerror(errno));
  }
  std::string data(n, '\0');
  data.resize(std::fread(data.data(), 1, n, f));
  std::fclose(f);
  return data;
}

bool exists(const std::string& path) {
  struct stat st {};
  return ::lstat(path.c_str(), &st) == 0;
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

bool replaced_atomically(const std::string& path) {
  struct stat st {};
  if (::lstat(path.c_str(), &st) != 0) {
    return errno == ENOENT;
  }
  return S_ISREG(st.st_mode);
}

namespace {

Error write_error(const std::string& path) {
  return Error(ErrorCode::io,
               path + ": " + tr("書き込めません: ", "cannot write: ") + std::strerror(errno));
}

bool same_fd(const std::string& path, int fd) {
  struct stat sp {};
  struct stat sf {};
  return ::stat(path.c_str(), &sp) == 0 && ::fstat(fd, &sf) == 0 && sp.st_dev == sf.st_dev &&
         sp.st_ino == sf.st_ino;
}

Status write_fd(int fd, std::string_view data) {
  size_t done = 0;
  while (done < data.size()) {
    const ssize_t n = ::write(fd, data.data() + done, data.size() - done);
    if (n < 0 && errno == EINTR) {
      continue;
    }
    if (n <= 0) {
      return Error(ErrorCode::io, std::strerror(errno));
    }
    done += static_cast<size_t>(n);
  }
  return {};
}

}  // namespace

Status write_output(const std::string& path, std::string_view data) {
  if (path == "-") {
    std::fflush(stdout);
    if (auto st = write_fd(STDOUT_FILENO, data); !st) {
      return Error(ErrorCode::io,
                   tr("標準出力に書き込めません: ", "cannot write to standard output: ") +
                       st.error().message);
    }
    return {};
  }
  if (replaced_atomically(path)) {
    return write_atomic(path, data);
  }
  // /dev/stdout (or a link to wherever stdout goes): written through stdout itself, so that its
  // position and append mode are kept (`-o /dev/stdout >> log` appends, never truncates the log).
  if (same_fd(path, STDOUT_FILENO)) {
    return write_output("-", data);
  }
  // A device, a pipe or a link: the file the name leads to is written, the name stays what it is.
  const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0666);
  if (fd < 0) {
    return write_error(path);
  }
  const Status st = write_fd(fd, data);
  if (::close(fd) != 0 && st) {
    return write_error(path);
  }
  if (!st) {
    return Error(ErrorCode::io,
                 path + ": " + tr("書き込めません: ", "cannot write: ") + st.error().message);
  }
  return {};
}

bool same_file(const std::string& a, const std::string& b) {
  struct stat sa {};
  struct stat sb {};
  return ::stat(a.c_str(), &sa) == 0 && ::stat(b.c_str(), &sb) == 0 && sa.st_dev == sb.st_dev &&
         sa.st_ino == sb.st_ino;
}

Status refuse_overlap(const std::vector<std::string>& outputs,
                      const std::vector<std::string>& inputs) {
  for (const std::string& out : outputs) {
    if (out.empty() || out == "-") {
      continue;
    }
    for (const std::string& in : inputs) {
      if (!in.empty() && (out == in || same_file(out, in))) {
        return Error(ErrorCode::usage,
                     out + ": " +
                         tr("出力先が入力と同じファイルです（",
                            "the output is the same file as an input (") +
                         in + tr("）。別の出力先を指定してください", "); name another output"));
      }
    }
  }
  return {};
}

}  // namespace keiyaku::file
