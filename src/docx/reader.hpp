#pragma once

#include <base/expected.hpp>
#include <core/document.hpp>

#include <cstddef>
#include <string>
#include <string_view>

namespace keiyaku::docx {

/// Which view of tracked changes to read: Word's "No Markup" (accepted) or "Original".
enum class RevisionView { accepted, original };

/// Caps on what one file may cost. Every cap counts what is actually read or inflated, never
/// what the archive declares (an entry that inflates past its declared size is refused as
/// ErrorCode::corrupt_zip). Exceeding any of them is ErrorCode::limit_exceeded.
struct Limits {
  /// Bytes of XML inflated, every part read counted (altChunk included): the one input limit
  /// (core::k_default_input_limit). The .docx file itself is not limited: images and other media
  /// parts are never inflated, and only the parts read are looked at.
  size_t max_read_bytes = core::k_default_input_limit;
  size_t max_entries = 10000;                   ///< ZIP entries
  size_t max_ratio = 1000;                      ///< inflated:compressed, once past the grace
  size_t ratio_grace_bytes = size_t{1} << 20U;  ///< ratio is not checked below this size
  int max_xml_depth = 192;                      ///< element nesting in any XML part
  int max_table_depth = 32;                     ///< nested tables
  size_t max_text_chars = 10'000'000;           ///< characters of extracted text
  double max_seconds = 10.0;                    ///< wall clock for one file
};

struct ReadOptions {
  RevisionView revisions = RevisionView::accepted;
  Limits limits{};
};

/// Reads a .docx/.docm/.dotx file (transitional or strict OOXML) into a core::Document with
/// Document::path and Document::sha256 filled. Errors (ErrorCode not_zip, corrupt_zip, legacy_doc,
/// rtf, pdf, encrypted, no_main_part, invalid_xml, limit_exceeded, io, unsupported) carry a
/// one-line message that starts with the file name.
/// Thread-safe: no shared mutable state; any number of threads may read files at once.
Expected<core::Document> read_file(const std::string& path, const ReadOptions& options = {});

/// Same, from bytes in memory. display_name is used in messages and as Document::path.
Expected<core::Document> read_bytes(std::string_view bytes,
                                    const std::string& display_name,
                                    const ReadOptions& options = {});

}  // namespace keiyaku::docx
