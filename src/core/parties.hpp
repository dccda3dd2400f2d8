#pragma once

#include <core/clause.hpp>

#include <string>
#include <string_view>
#include <vector>

namespace keiyaku::core {

/// The names by which a contract refers to its parties, resolved from the contract itself.
struct Parties {
  std::vector<std::string> body;     ///< 甲, 発注者, 本市, お客様, ... (longest first)
  std::vector<std::string> vendor;   ///< 乙, 受注者, 当社, ...
  std::vector<std::string> sub;      ///< 再委託先, 下請負者, ...
  std::string body_term;             ///< the defined term for the body ("甲"), "" if none found
  std::string vendor_term;           ///< the defined term for the vendor ("乙")
  std::string body_name;             ///< what the definition names (北浜市)
  std::string vendor_name;           ///< (株式会社みなと計算センター)
};

/// If `s` starts at `pos` with a party name, its role and the name's byte length.
struct PartyMatch {
  Actor actor = Actor::unknown;
  size_t length = 0;
};
PartyMatch party_at(const Parties& parties, std::string_view s, size_t pos);

}  // namespace keiyaku::core
