#pragma once

// The data folder compiled into the binary (dictionaries/Embed.cmake, ky_embed_tree): every file
// of requirements/ and the compiled user dictionary keiyaku-user.dic, under the relative paths an
// installed data folder (<prefix>/share/keiyaku) has.

#include <span>
#include <string_view>

namespace keiyaku::embedded {

struct EmbeddedFile {
  std::string_view path;   ///< relative, '/'-separated: "requirements/concepts.toml"
  std::string_view bytes;  ///< the file's content
};

/// Every embedded file, in a fixed order.
std::span<const EmbeddedFile> data_tree();

/// Hex SHA-256 of the embedded files (each relative path with its content's SHA-256).
std::string_view data_tree_sha256();

}  // namespace keiyaku::embedded
