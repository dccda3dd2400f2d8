#pragma once

#include <base/expected.hpp>

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace keiyaku::file {

/// Reads a whole file, refusing files larger than max_bytes (ErrorCode::limit_exceeded).
Expected<std::string> read(const std::string& path, size_t max_bytes = 256U << 20U);

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

/// True when both names exist and are the same file: same device and inode, symbolic links
/// followed.
bool same_file(const std::string& a, const std::string& b);

/// Refuses (ErrorCode::usage) the first output that is the same file as one of `inputs`, naming
/// both, so that nothing is written over a contract, a registry or another output. A name that
/// does not exist yet is the same file only as the very same name.
Status refuse_overlap(const std::vector<std::string>& outputs,
                      const std::vector<std::string>& inputs);

}  // namespace keiyaku::file
