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
/// what the archive declares. Exceeding any of them is ErrorCode::limit_exceeded.
struct Limits {
  size_t max_input_bytes = size_t{50} << 20U;      ///< the .docx file itself
  size_t max_entries = 10000;                      ///< ZIP entries
  size_t max_main_part_bytes = size_t{64} << 20U;  ///< inflated main document part
  size_t max_part_bytes = size_t{16} << 20U;       ///< any other inflated part
  size_t max_total_bytes = size_t{128} << 20U;     ///< all parts read (altChunk included)
  size_t max_ratio = 1000;                         ///< inflated:compressed, once past the grace
  size_t ratio_grace_bytes = size_t{1} << 20U;     ///< ratio is not checked below this size
  int max_xml_depth = 192;                         ///< element nesting in any XML part
  int max_table_depth = 32;                        ///< nested tables
  size_t max_text_chars = 10'000'000;              ///< characters of extracted text
  double max_seconds = 10.0;                       ///< wall clock for one file
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
