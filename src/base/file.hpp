#pragma once

#include <base/expected.hpp>

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace keiyaku::file {

/// Reads a whole file, refusing files larger than max_bytes (ErrorCode::limit_exceeded).
Expected<std::string> read(const std::string& path, size_t max_bytes = 256U << 20U);

/// A regular file mapped read-only into memory: its pages are read only when touched, so a large
/// file whose parts are mostly skipped (a DOCX's images) costs only what is looked at. Move-only;
/// the view is valid while the object lives. The file must not be truncated while mapped.
class MappedFile {
 public:
  MappedFile() = default;
  ~MappedFile();
  MappedFile(MappedFile&& other) noexcept;
  MappedFile& operator=(MappedFile&& other) noexcept;
  MappedFile(const MappedFile&) = delete;
  MappedFile& operator=(const MappedFile&) = delete;

  std::string_view bytes() const {
    return m_data != nullptr ? std::string_view(static_cast<const char*>(m_data), m_size)
                             : std::string_view(m_owned);
  }

 private:
  friend Expected<MappedFile> map(const std::string& path, size_t max_unmapped);
  void* m_data = nullptr;
  size_t m_size = 0;
  std::string m_owned;  ///< what was read from a file that cannot be mapped (a pipe)
};

/// Maps a regular file. Anything else that can be read (a named pipe, /dev/stdin, a process
/// substitution) is read into memory instead, refused past `max_unmapped` bytes
/// (ErrorCode::limit_exceeded). A directory is ErrorCode::io.
Expected<MappedFile> map(const std::string& path, size_t max_unmapped);

/// The first `n` bytes of a file (fewer when it is shorter).
Expected<std::string> read_head(const std::string& path, size_t n);

/// True when something (a file, a directory, a link even dangling) has this name.
bool exists(const std::string& path);

/// Writes atomically: to "path.tmp-PID" then rename, so a reader never sees half a file.
Status write_atomic(const std::string& path, std::string_view data);

/// True when `path` would be replaced atomically by write_output(): a regular file, or a name
/// that does not exist yet. A symbolic link, a device, a named pipe or a socket is not.
bool replaced_atomically(const std::string& path);

/// Writes an output the user named: "-" is stdout; a regular file (or a new name) is replaced
/// atomically (write_atomic); anything else — /dev/null, /dev/stdout, a named pipe, a symbolic
/// link — is opened and written in place, never replaced; a name that leads to the file stdout is
/// already open on (/dev/stdout) is written through stdout, keeping its position and append mode.
Status write_output(const std::string& path, std::string_view data);

/// An output the user named, written piece by piece with write_output()'s rules: "-" is stdout; a
/// regular file (or a new name) is written beside it and renamed over it by commit(), so a reader
/// never sees half of it and a failure leaves the old file; anything else (a device, a pipe, a
/// link, /dev/stdout) is opened and written in place. Writes are buffered; memory stays bounded
/// whatever is written. Destroyed without commit(), the temporary file is removed. Move-only.
class OutputStream {
 public:
  static Expected<OutputStream> open(const std::string& path);
  OutputStream(OutputStream&& other) noexcept;
  OutputStream& operator=(OutputStream&& other) = delete;
  OutputStream(const OutputStream&) = delete;
  OutputStream& operator=(const OutputStream&) = delete;
  ~OutputStream();

  Status write(std::string_view data);
  /// Flushes; for a regular file, syncs and renames it into place.
  Status commit();

 private:
  OutputStream() = default;
  Status flush();
  std::string m_path;  ///< as the user named it
  std::string m_tmp;   ///< the temporary name, for a regular file
  int m_fd = -1;
  bool m_close = false;  ///< m_fd is ours (not stdout)
  std::string m_buf;
  std::optional<Error> m_error;
};

/// True when both names exist and are the same file: same device and inode, symbolic links
/// followed.
bool same_file(const std::string& a, const std::string& b);

/// Refuses (ErrorCode::usage) the first output that is the same file as one of `inputs`, naming
/// both, so that nothing is written over a contract, a registry or another output. A name that
/// does not exist yet is the same file only as the very same name.
Status refuse_overlap(const std::vector<std::string>& outputs,
                      const std::vector<std::string>& inputs);

}  // namespace keiyaku::file
