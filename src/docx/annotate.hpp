#pragma once

#include <base/expected.hpp>
#include <docx/reader.hpp>

#include <string>
#include <string_view>
#include <vector>

namespace keiyaku::docx {

/// A Word comment to add to a document.
struct Comment {
  /// The paragraph it belongs to: core::Block::source_paragraph, the ordinal of the w:p element in
  /// the main part (every w:p counted, in document order).
  int paragraph = -1;
  /// Plain text; each '\n' starts a new paragraph of the comment.
  std::string text;
};

struct AnnotateOptions {
  std::string author = "keiyaku";
  std::string initials = "KY";
  std::string date;  ///< w:date, ISO 8601 ("2026-04-01T09:30:00Z"); "" leaves it out
  Limits limits{};   ///< what reading the package may cost
};

/// A copy of the .docx in `bytes` with `comments` added. Each comment spans the whole of its
/// paragraph (w:commentRangeStart after the paragraph properties, w:commentRangeEnd and a
/// w:commentReference run at the end). The comments go into the document's comments part, which
/// is extended when there is one and otherwise created with its relationship and content-type
/// override. Only the main part, the comments part, the main part's relationships and
/// [Content_Types].xml change; every other entry is copied unchanged (its compressed bytes
/// included). `name` is used in messages. A comment whose paragraph does not exist is an error.
/// Thread-safe.
Expected<std::string> annotate(std::string_view bytes,
                               const std::string& name,
                               const std::vector<Comment>& comments,
                               const AnnotateOptions& options);

}  // namespace keiyaku::docx
