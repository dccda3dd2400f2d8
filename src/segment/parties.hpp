#pragma once

#include <core/parties.hpp>

#include <string>
#include <string_view>
#include <vector>

namespace keiyaku::segment {

using core::Parties;

/// Finds 「…（以下「甲」という。）」-style definitions and 「「当社」とは…」 in the first blocks of the
/// normalised texts and adds the catalog's generic names (CATALOG §2.1).
Parties resolve_parties(const std::vector<std::string>& normalized_blocks);

}  // namespace keiyaku::segment
