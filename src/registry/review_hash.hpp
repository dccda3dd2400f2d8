#pragma once

// Internal to registry/: the hash of a stored review's content (schema 003). A review is written
// once and never changed by keiyaku, so the hash taken when it was recorded must match its rows
// for as long as it exists: `db verify` compares every review with it, and `batch` recomputes it
// before it skips a file as unchanged.

#include "db.hpp"

#include <cstdint>
#include <map>
#include <optional>
#include <string>

namespace keiyaku::registry {

/// Which reviews to hash: one by id, the latest review of every contract, or all.
enum class ReviewSet { one, latest_of_each_contract, all };

/// SHA-256 (hex) of the content of each review in `set` (`id` names the review for
/// ReviewSet::one): the review row without its id, contract and hash, then each verdict with its
/// evidence, each risk and each file risk, in id order, every value written as "<byte length>:
/// <bytes>;" (NULL as "~;") and every row opened by a letter naming its table. Row ids are left
/// out, so that the hash survives a VACUUM; the review's contract is recorded beside the hash in
/// the history instead.
Expected<std::map<int64_t, std::string>> review_content_hashes(Db& db,
                                                               ReviewSet set,
                                                               std::optional<int64_t> id);

/// The history record of a review: {"id", "contract_id", "content_hash"}, and "supersedes" (the
/// review of the earlier version it superseded, schema 006) only when there is one, so that the
/// records of reviews without one read as they did before.
std::string review_history_json(int64_t id,
                                int64_t contract_id,
                                const std::string& hash,
                                std::optional<int64_t> supersedes = std::nullopt);

}  // namespace keiyaku::registry
