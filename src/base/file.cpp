#include "file.hpp"

#include <base/i18n.hpp>

#include <fcntl.h>
#include <sys/mman.h>
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

MappedFile::~MappedFile() {
  if (m_data != nullptr) {
    ::munmap(m_data, m_size);
  }
}

MappedFile::MappedFile(MappedFile&& other) noexcept
    : m_data(other.m_data), m_size(other.m_size), m_owned(std::move(other.m_owned)) {
  other.m_data = nullptr;
  other.m_size = 0;
}

MappedFile& MappedFile::operator=(MappedFile&& other) noexcept {
  if (this != &other) {
    if (m_data != nullptr) {
      ::munmap(m_data, m_size);
    }
    m_data = other.m_data;
    m_size = other.m_size;
    m_owned = std::move(other.m_owned);
    other.m_data = nullptr;
    other.m_size = 0;
  }
  return *this;
}

Expected<MappedFile> map(const std::string& path, size_t max_unmapped) {
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    return Error(ErrorCode::io,
                 path + ": " + tr("開けません: ", "cannot open: ") + std::strerror(errno));
  }
  struct stat st {};
  if (::fstat(fd, &st) != 0) {
    const int e = errno;
    ::close(fd);
    return Error(ErrorCode::io,
                 path + ": " + tr("開けません: ", "cannot open: ") + std::strerror(e));
  }
  if (S_ISDIR(st.st_mode)) {
    ::close(fd);
    return Error(ErrorCode::io, path + ": " + tr("フォルダです", "is a directory"));
  }
  MappedFile m;
  if (!S_ISREG(st.st_mode)) {
    ::close(fd);
    auto data = read(path, max_unmapped);
    if (!data) {
      return data.error();
    }
    m.m_owned = std::move(*data);
    return m;
  }
  if (st.st_size > 0) {
    void* p = ::mmap(nullptr, static_cast<size_t>(st.st_size), PROT_READ, MAP_PRIVATE, fd, 0);
    if (p == MAP_FAILED) {
      const int e = errno;
      ::close(fd);
      return Error(ErrorCode::io,
                   path + ": " + tr("読み込みエラー: ", "read error: ") + std::strerror(e));
    }
    m.m_data = p;
    m.m_size = static_cast<size_t>(st.st_size);
  }
  ::close(fd);
  return m;
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

Expected<OutputStream> OutputStream::open(const std::string& path) {
  OutputStream out;
  out.m_path = path;
  if (path == "-" || (!replaced_atomically(path) && same_fd(path, STDOUT_FILENO))) {
    std::fflush(stdout);
    out.m_fd = STDOUT_FILENO;
    return out;
  }
  if (replaced_atomically(path)) {
    out.m_tmp = path + ".tmp-" + std::to_string(::getpid());
    out.m_fd = ::open(out.m_tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0666);
  } else {
    out.m_fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0666);
  }
  if (out.m_fd < 0) {
    out.m_tmp.clear();
    return write_error(path);
  }
  out.m_close = true;
  out.m_buf.reserve(size_t{1} << 16U);
  return out;
}

OutputStream::OutputStream(OutputStream&& other) noexcept
    : m_path(std::move(other.m_path)),
      m_tmp(std::move(other.m_tmp)),
      m_fd(other.m_fd),
      m_close(other.m_close),
      m_buf(std::move(other.m_buf)),
      m_error(std::move(other.m_error)) {
  other.m_fd = -1;
  other.m_close = false;
  other.m_tmp.clear();
}

OutputStream::~OutputStream() {
  if (m_close && m_fd >= 0) {
    ::close(m_fd);
  }
  if (!m_tmp.empty()) {
    std::remove(m_tmp.c_str());  // never committed
  }
}

Status OutputStream::flush() {
  if (m_error) {
    return *m_error;
  }
  if (auto st = write_fd(m_fd, m_buf); !st) {
    m_error =
        Error(ErrorCode::io, (m_path == "-" ? tr("標準出力", "standard output") : m_path) + ": " +
                                 tr("書き込めません: ", "cannot write: ") + st.error().message);
    return *m_error;
  }
  m_buf.clear();
  return {};
}

Status OutputStream::write(std::string_view data) {
  if (m_error) {
    return *m_error;
  }
  m_buf.append(data);
  return m_buf.size() >= (size_t{1} << 16U) ? flush() : Status{};
}

Status OutputStream::commit() {
  if (auto st = flush(); !st) {
    return st;
  }
  if (!m_close) {
    return {};
  }
  const bool synced = m_tmp.empty() || ::fsync(m_fd) == 0;
  const int closed = ::close(m_fd);
  m_fd = -1;
  m_close = false;
  if (!synced || closed != 0) {
    return write_error(m_path);
  }
  if (!m_tmp.empty()) {
    if (std::rename(m_tmp.c_str(), m_path.c_str()) != 0) {
      return write_error(m_path);
    }
    m_tmp.clear();
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
