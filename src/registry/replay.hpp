#pragma once

// Internal to registry/: `db verify` beyond the chain. The history says what every record of the
// ledgers should be now (the `after` of its last row); the live tables must say the same.

#include "db.hpp"

#include <string>
#include <vector>

namespace keiyaku::registry {

/// Replays the history and compares the result with every live row of vendors, certificates,
/// verifications, sub-contracting, contracts, SNS accounts, waivers and reviews (a review by the
/// hash of its content, which covers its verdicts, evidence and risks). Appends one line per row
/// that differs, in table then id order, naming the table, the row and the first field that
/// differs; at most `limit` lines per table, then a count of the rest.
Status compare_with_history(Db& db, std::vector<std::string>& problems, size_t limit = 10);

}  // namespace keiyaku::registry
