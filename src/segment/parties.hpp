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

/// Every word a contract may call the party of `role` by (乙, 受託者, 当社, … for the vendor; 甲,
/// 発注者, お客様, … for the body), from dictionaries/parties.tsv: requirement terms written with
/// {vendor} or {body} stand for each of them.
const std::vector<std::string>& party_words(core::Actor role);

}  // namespace keiyaku::segment
