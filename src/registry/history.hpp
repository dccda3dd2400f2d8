#pragma once

// The append-only, hash-chained history. Internal to registry/ (uses Db).

#include "db.hpp"

#include <registry/model.hpp>

#include <optional>
#include <string>
#include <vector>

namespace keiyaku::registry {

/// prev_hash of the first row.
inline constexpr const char* k_genesis_hash =
    "0000000000000000000000000000000000000000000000000000000000000000";

/// The hash of a history row: SHA-256 (hex) of its fields id, at, by, entity, entity_id, action,
/// before, after, prev_hash, each written as "<byte length>:<bytes>;" (NULL as "~;").
std::string history_hash(const HistoryEntry& entry);

/// Appends one row after the current head, inside the caller's transaction.
Status append_history(Db& db,
                      const std::string& at,
                      const std::string& by,
                      const std::string& entity,
                      int64_t entity_id,
                      const std::string& action,
                      const std::optional<std::string>& before,
                      const std::optional<std::string>& after);

/// The result of walking the chain.
struct ChainCheck {
  int64_t rows = 0;
  int64_t last_id = 0;                   // id of the last row (0 when empty)
  std::string head_hash;                 // hash of the last row (genesis when empty)
  std::optional<int64_t> first_bad_row;  // the first row edited or deleted
  std::vector<std::string> problems;     // one line each, the first names first_bad_row
};

/// Walks every row in order, recomputing hashes and links, and compares the end with the head
/// record and the append-only triggers.
Expected<ChainCheck> check_history(Db& db);

/// Rows of one entity (or all when entity is empty), oldest first.
Expected<std::vector<HistoryEntry>> read_history(Db& db,
                                                 const std::string& entity,
                                                 std::optional<int64_t> entity_id);

}  // namespace keiyaku::registry
