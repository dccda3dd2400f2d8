#pragma once

// Waivers (例外承認) as scan and batch show them: read from the registry, matched to findings by
// the contract's SHA-256.

#include <base/expected.hpp>
#include <review/review.hpp>

#include <string>
#include <vector>

namespace keiyaku::cli {

/// Marks every finding that an unexpired waiver covers (Finding::waived), on the registry's
/// today ($KEIYAKU_NOW, else the system clock). The registry is `db_flag`, else $KEIYAKU_DB when
/// that names an existing file; with neither, nothing is marked. A --db that does not exist is an
/// error.
Status mark_waivers(std::vector<review::ReviewResult>& results, const std::string& db_flag);

/// The registry mark_waivers() reads: `db_flag`, else $KEIYAKU_DB when that names an existing
/// file, else "" (none).
std::string waivers_path(const std::string& db_flag);

}  // namespace keiyaku::cli
