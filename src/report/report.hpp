#pragma once

#include <review/review.hpp>

#include <string>
#include <vector>

namespace keiyaku::report {

/// SPEC §3 JSON of one review (an object; scan prints an array for several files).
std::string json_object(const review::ReviewResult& result, int indent);
/// An array of objects.
std::string json_array(const std::vector<review::ReviewResult>& results, int indent);

enum class Color { off, on };

/// The terminal report: a summary line, one line per requirement grouped by family, then the
/// details of every finding with the quoted clause and the suggestion.
std::string text(const review::ReviewResult& result, Color color);

/// Counts of must-requirements by status, for summaries and --fail-on.
struct Summary {
  int must = 0;
  int satisfied = 0;
  int weak = 0;
  int contradicted = 0;
  int missing = 0;
  int not_applicable = 0;
};
Summary summarize(const review::ReviewResult& result);

/// Status name in the UI language (充足 / 不十分 / 矛盾 / 欠落 / 対象外).
std::string status_label(core::Status status);

}  // namespace keiyaku::report
