#include "waiver_links.hpp"

#include "history.hpp"
#include "rows.hpp"

#include <vector>

namespace keiyaku::registry {

Status link_waivers(Db& db,
                    const std::string& at,
                    const std::string& by,
                    int64_t contract_id,
                    const std::string& sha256) {
  if (sha256.empty()) {
    return {};
  }
  auto st = db.prepare(std::string("SELECT ") + k_waiver_cols +
                       " FROM waivers WHERE contract_id IS NULL AND sha256 = ? ORDER BY id");
  if (st) {
    st->bind(1, sha256);
  }
  auto waivers = collect<Waiver>(st, read_waiver);
  if (!waivers) {
    return waivers.error();
  }
  for (const Waiver& w : *waivers) {
    auto up = db.prepare("UPDATE waivers SET contract_id = ? WHERE id = ?");
    if (!up) {
      return up.error();
    }
    up->bind(1, contract_id).bind(2, w.id);
    if (auto r = up->run(); !r) {
      return r;
    }
    Waiver after = w;
    after.contract.id = contract_id;
    if (auto r = append_history(db, at, by, "waiver", w.id, "link", dump(to_json(w)),
                                dump(to_json(after)));
        !r) {
      return r;
    }
  }
  return {};
}

}  // namespace keiyaku::registry
