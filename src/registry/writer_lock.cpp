#include "writer_lock.hpp"

#include <base/i18n.hpp>

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <utility>

namespace keiyaku::registry {

std::string WriterLock::lock_path(const std::string& registry_path) {
  return registry_path + ".lock";
}

Expected<WriterLock> WriterLock::acquire(const std::string& registry_path, const OnWait& on_wait) {
  if (registry_path.empty() || registry_path == ":memory:") {
    return WriterLock(-1);
  }
  const std::string path = lock_path(registry_path);
  // NOLINTNEXTLINE(cppcoreguidelines-pro-type-vararg): open(2) is variadic
  const int fd = ::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
  if (fd < 0) {
    return Error(ErrorCode::io, path + ": " +
                                    tr("台帳の書き込みロックを作れません: ",
                                       "cannot create the registry's writer lock: ") +
                                    std::strerror(errno));
  }
  WriterLock lock(fd);
  if (::flock(fd, LOCK_EX | LOCK_NB) != 0) {
    if (errno != EWOULDBLOCK) {
      return Error(ErrorCode::io, path + ": " + std::strerror(errno));
    }
    if (on_wait) {
      char buf[32] = {};
      const ssize_t n = ::pread(fd, buf, sizeof(buf) - 1, 0);
      on_wait(n > 0 ? std::strtol(buf, nullptr, 10) : 0);
    }
    int rc = 0;
    while ((rc = ::flock(fd, LOCK_EX)) != 0 && errno == EINTR) {
    }
    if (rc != 0) {
      return Error(ErrorCode::io, path + ": " + std::strerror(errno));
    }
  }
  // The holder's pid, for the message another batch shows while it waits.
  const std::string pid = std::to_string(::getpid()) + "\n";
  if (::ftruncate(fd, 0) == 0) {
    (void)!::pwrite(fd, pid.data(), pid.size(), 0);
  }
  return lock;
}

WriterLock::WriterLock(WriterLock&& other) noexcept : m_fd(std::exchange(other.m_fd, -1)) {}

WriterLock& WriterLock::operator=(WriterLock&& other) noexcept {
  if (this != &other) {
    if (m_fd >= 0) {
      ::close(m_fd);
    }
    m_fd = std::exchange(other.m_fd, -1);
  }
  return *this;
}

WriterLock::~WriterLock() {
  if (m_fd >= 0) {
    ::close(m_fd);  // releases the flock
  }
}

}  // namespace keiyaku::registry
