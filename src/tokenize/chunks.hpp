#pragma once

// How text is cut into the pieces MeCab parses (internal to tokenize/).

#include <cstddef>
#include <string_view>
#include <vector>

namespace keiyaku::tokenize::detail {

/// MeCab's node lengths are 16-bit and a lattice grows with its sentence: parse at most this many
/// bytes at once.
inline constexpr size_t k_max_chunk_bytes = 8192;

struct Chunk {
  size_t begin = 0;
  size_t end = 0;
};

/// Cuts text after every 。 and line break. A run longer than max_bytes without either is cut after
/// its last 、 or space within the limit, else at the last character boundary. Chunks of only
/// ASCII whitespace are left out. The chunks are in order, do not overlap and hold every
/// non-blank byte.
std::vector<Chunk> split_chunks(std::string_view text, size_t max_bytes = k_max_chunk_bytes);

}  // namespace keiyaku::tokenize::detail
