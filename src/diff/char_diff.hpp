#pragma once
// A character diff: the shortest edit script between two texts (Myers' O(ND) algorithm over code
// points), as runs of kept, deleted and inserted text.

#include <string>
#include <string_view>
#include <vector>

namespace keiyaku::diff {

/// One run of a character diff.
struct Piece {
  enum class Op { equal, del, ins };
  Op op = Op::equal;
  std::string text;  ///< UTF-8
};

/// The runs that turn `before` into `after`: concatenating the equal and del pieces gives `before`,
/// the equal and ins pieces `after`. Adjacent runs of one kind are merged, and a deletion comes
/// before the insertion that replaces it. Above `max_edits` differing characters the middle is one
/// deletion and one insertion (the common start and end are still kept). Thread-safe.
std::vector<Piece> char_diff(std::string_view before, std::string_view after, size_t max_edits = 500);

/// The pieces as one line: 「[-削除-]{+挿入+}」 around what changed (as wdiff writes it).
std::string inline_diff(const std::vector<Piece>& pieces);

}  // namespace keiyaku::diff
