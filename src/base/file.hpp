#pragma once

#include <base/expected.hpp>

#include <cstddef>
#include <string>
#include <string_view>

namespace keiyaku::file {

/// Reads a whole file, refusing files larger than max_bytes (ErrorCode::limit_exceeded).
Expected<std::string> read(const std::string& path, size_t max_bytes = 256U << 20U);

/// Writes atomically: to "path.tmp-PID" then rename, so a reader never sees half a file.
Status write_atomic(const std::string& path, std::string_view data);

}  // namespace keiyaku::file
