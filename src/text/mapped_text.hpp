#pragma once

// The output of one normalisation pass and the writer that builds it (internal to text/).

#include "normalize.hpp"

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace keiyaku::text::detail {

/// Text with its map to original offsets (text.size() + 1 entries).
struct MappedText {
  std::string text;
  std::vector<uint32_t> map;
};

/// Builds the output of a pass from its input, left to right. Unchanged input is copied with its
/// map entries; a replacement maps every byte it produces to the original offset of the first
/// input byte it replaces; dropped input is recorded in `removed` (original coordinates).
class PassWriter {
 public:
  PassWriter(const MappedText& in, std::vector<ByteRange>& removed);

  /// Copies input bytes up to (not including) `pos` unchanged.
  void copy_to(size_t pos);
  /// Replaces input [from, to) by `repl` (from >= the current position). Common leading and
  /// trailing characters are kept as copies, so only the part that really changes is mapped
  /// coarsely, and a replacement never inserts text out of nothing.
  void replace(size_t from, size_t to, std::string_view repl);
  /// Drops input [from, to).
  void drop(size_t from, size_t to);
  /// Whether anything was replaced or dropped so far.
  bool changed() const { return m_changed; }
  /// Copies the rest and returns the result.
  MappedText finish();

 private:
  void replace_exact(size_t from, size_t to, std::string_view repl);

  const MappedText& m_in;
  std::vector<ByteRange>& m_removed;
  MappedText m_out;
  size_t m_pos = 0;
  bool m_changed = false;
};

}  // namespace keiyaku::text::detail
