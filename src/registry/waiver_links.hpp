#pragma once

// Internal to registry/: tying waivers (例外承認) to the registered contract of the text they were
// granted on. Used when a review is recorded and by schema 007; runs in the caller's transaction.

#include "db.hpp"

#include <cstdint>
#include <string>

namespace keiyaku::registry {

/// Links every waiver that belongs to no contract yet and was granted on the text `sha256` to
/// `contract_id`, each with a history row ("waiver", "link"). Nothing is written when there is
/// none.
Status link_waivers(Db& db,
                    const std::string& at,
                    const std::string& by,
                    int64_t contract_id,
                    const std::string& sha256);

}  // namespace keiyaku::registry
