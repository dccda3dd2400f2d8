#pragma once

// Internal to registry/: the parts of schema migrations that SQL alone cannot do, because they
// write history rows. Each runs inside its migration's transaction.

#include "db.hpp"

#include <string>

namespace keiyaku::registry {

/// When and by whom, for the history rows a migration writes.
struct UpgradeContext {
  std::string at;
  std::string by;
};

/// Schema 003: every review recorded before gets its content hash, with a history row
/// ("review", "seal") that records it.
Status seal_reviews(Db& db, const UpgradeContext& context);

/// Schema 004: contracts that share a path (two batches that ran at once) become one, the oldest:
/// the others' reviews, waivers and sub-contracting records move to it, it takes the facts of the
/// contract with the newest review, and the others are removed; every change with a history row
/// ("merge"). Then the path can be unique.
Status merge_duplicate_contracts(Db& db, const UpgradeContext& context);

/// Schema 006: every waiver recorded before takes the SHA-256 it was recorded against (its
/// reference, when that is a hash; else the text of its contract's review in force when it was
/// granted) and, when it belongs to no contract and exactly one registered contract was reviewed
/// with that text, that contract; each with a history row ("waiver", "link") that records it.
Status tie_waivers(Db& db, const UpgradeContext& context);

}  // namespace keiyaku::registry
