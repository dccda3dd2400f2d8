#pragma once

// One batch at a time per registry. Single writes (vendor add, waive, …) are one transaction each
// and need nothing more, but a batch decides which files are new from what the registry held when
// it started: two at once would both record the same new files. A batch therefore holds this lock
// from before it reads the registry until it has written its last file.

#include <base/expected.hpp>

#include <functional>
#include <string>

namespace keiyaku::registry {

/// An exclusive lock on "<registry>.lock" (flock), released when the object is destroyed or the
/// process ends, however it ends (kill -9 included). Move-only.
class WriterLock {
 public:
  /// Called once, before waiting, when another process holds the lock: its pid as written in the
  /// lock file (0 when unknown).
  using OnWait = std::function<void(long pid)>;

  /// Takes the lock for the registry at `registry_path`, waiting for the holder to finish. An
  /// in-memory registry ("" or ":memory:") needs no lock. ErrorCode::io naming the lock file when
  /// it cannot be created.
  static Expected<WriterLock> acquire(const std::string& registry_path, const OnWait& on_wait);

  /// The lock file of a registry.
  static std::string lock_path(const std::string& registry_path);

  WriterLock(WriterLock&& other) noexcept;
  WriterLock& operator=(WriterLock&& other) noexcept;
  WriterLock(const WriterLock&) = delete;
  WriterLock& operator=(const WriterLock&) = delete;
  ~WriterLock();

 private:
  explicit WriterLock(int fd) : m_fd(fd) {}
  int m_fd = -1;
};

}  // namespace keiyaku::registry
