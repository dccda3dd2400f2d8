#include "parties.hpp"

namespace keiyaku::core {

PartyMatch party_at(const Parties& parties, std::string_view s, size_t pos) {
  const std::string_view rest = s.substr(pos);
  PartyMatch best;
  auto try_list = [&](const std::vector<std::string>& names, Actor actor) {
    for (const std::string& n : names) {
      // The first byte decides most candidates; compare the rest only when it matches.
      if (n.size() > best.length && n.size() <= rest.size() && !n.empty() && n[0] == rest[0] &&
          rest.starts_with(n)) {
        best = {actor, n.size()};
      }
    }
  };
  try_list(parties.sub, Actor::subcontractor);
  try_list(parties.body, Actor::body);
  try_list(parties.vendor, Actor::vendor);
  return best;
}

}  // namespace keiyaku::core
