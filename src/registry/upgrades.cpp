#include "upgrades.hpp"

#include "history.hpp"
#include "review_hash.hpp"
#include "rows.hpp"

#include <map>
#include <vector>

namespace keiyaku::registry {

namespace {

// Runs one statement with an id bound to ?1 and another to ?2.
Status run_ids(Db& db, const char* sql, int64_t a, int64_t b) {
  auto st = db.prepare(sql);
  if (!st) {
    return st.error();
  }
  st->bind(1, a).bind(2, b);
  return st->run();
}

struct ReviewRef {
  int64_t id = 0;
  std::string hash;
};

Expected<std::vector<ReviewRef>> reviews_of(Db& db, int64_t contract_id) {
  auto st = db.prepare("SELECT id, content_hash FROM reviews WHERE contract_id = ? ORDER BY id");
  if (st) {
    st->bind(1, contract_id);
  }
  return collect<ReviewRef>(st, [](const Statement& s) {
    return ReviewRef{s.column_int(0), s.column_text(1)};
  });
}

// The text a waiver by contract id was granted on: the newest successful review of the contract
// recorded at or before the waiver.
Expected<std::string> text_at(Db& db, int64_t contract_id, const std::string& when) {
  auto st = db.prepare(
      "SELECT sha256 FROM reviews WHERE contract_id = ? AND outcome = 'ok' AND sha256 <> '' AND "
      "reviewed_at <= ? ORDER BY id DESC LIMIT 1");
  if (st) {
    st->bind(1, contract_id).bind(2, when);
  }
  auto row = first<std::string>(st, [](const Statement& s) { return s.column_text(0); });
  if (!row) {
    return row.error();
  }
  return row->value_or(std::string());
}

// The one contract reviewed with the text `sha256`; none when no contract or more than one was.
Expected<std::optional<int64_t>> only_contract_with(Db& db, const std::string& sha256) {
  auto st = db.prepare("SELECT DISTINCT contract_id FROM reviews WHERE sha256 = ? LIMIT 2");
  if (st) {
    st->bind(1, sha256);
  }
  auto ids = collect<int64_t>(st, [](const Statement& s) { return s.column_int(0); });
  if (!ids) {
    return ids.error();
  }
  return ids->size() == 1 ? std::optional<int64_t>(ids->front()) : std::nullopt;
}

}  // namespace

Status tie_waivers(Db& db, const UpgradeContext& context) {
  auto st = db.prepare(std::string("SELECT ") + k_waiver_cols + " FROM waivers ORDER BY id");
  auto waivers = collect<Waiver>(st, read_waiver);
  if (!waivers) {
    return waivers.error();
  }
  for (const Waiver& w : *waivers) {
    Waiver after = w;
    if (is_sha256(w.contract.text)) {
      after.sha256 = str::to_lower_ascii(w.contract.text);
    } else if (w.contract.id) {
      auto text = text_at(db, *w.contract.id, w.created_at);
      if (!text) {
        return text.error();
      }
      after.sha256 = *text;
    }
    if (!after.contract.id && !after.sha256.empty()) {
      auto only = only_contract_with(db, after.sha256);
      if (!only) {
        return only.error();
      }
      after.contract.id = *only;
    }
    auto up = db.prepare("UPDATE waivers SET sha256 = ?, contract_id = ? WHERE id = ?");
    if (!up) {
      return up.error();
    }
    up->bind(1, after.sha256).bind(2, after.contract.id).bind(3, w.id);
    if (auto r = up->run(); !r) {
      return r;
    }
    // Every waiver gets a row, changed or not: its record now has the text it was granted on, and
    // `db verify` compares the live row with the last one of its history.
    if (auto r = append_history(db, context.at, context.by, "waiver", w.id, "link",
                                dump(to_json(w)), dump(to_json(after)));
        !r) {
      return r;
    }
  }
  return {};
}

Status seal_reviews(Db& db, const UpgradeContext& context) {
  auto st = db.prepare("SELECT id, contract_id FROM reviews WHERE content_hash = '' ORDER BY id");
  auto rows = collect<std::pair<int64_t, int64_t>>(st, [](const Statement& s) {
    return std::pair<int64_t, int64_t>(s.column_int(0), s.column_int(1));
  });
  if (!rows) {
    return rows.error();
  }
  for (const auto& [id, contract_id] : *rows) {
    auto hashes = review_content_hashes(db, ReviewSet::one, id);
    if (!hashes) {
      return hashes.error();
    }
    const std::string& hash = (*hashes)[id];
    if (auto r = db.prepare("UPDATE reviews SET content_hash = ? WHERE id = ?"); !r) {
      return r.error();
    } else {
      r->bind(1, hash).bind(2, id);
      if (auto u = r->run(); !u) {
        return u;
      }
    }
    if (auto r = append_history(db, context.at, context.by, "review", id, "seal", std::nullopt,
                                review_history_json(id, contract_id, hash));
        !r) {
      return r;
    }
  }
  return {};
}

Status merge_duplicate_contracts(Db& db, const UpgradeContext& context) {
  auto paths_st =
      db.prepare("SELECT path FROM contracts GROUP BY path HAVING count(*) > 1 ORDER BY path");
  auto paths = collect<std::string>(paths_st, [](const Statement& s) { return s.column_text(0); });
  if (!paths) {
    return paths.error();
  }
  auto log = [&](const char* entity, int64_t id, const std::optional<std::string>& before,
                 const std::optional<std::string>& after) {
    return append_history(db, context.at, context.by, entity, id, "merge", before, after);
  };
  for (const std::string& path : *paths) {
    auto st = db.prepare(std::string("SELECT ") + k_contract_cols +
                         " FROM contracts WHERE path = ? ORDER BY id");
    if (st) {
      st->bind(1, path);
    }
    auto group = collect<Contract>(st, read_contract);
    if (!group) {
      return group.error();
    }
    const Contract keep = group->front();
    // The contract whose review is the newest gives the facts (sha256, title, vendor, parties):
    // they describe the file as it was last read.
    int64_t newest_review = 0;
    int64_t source = keep.id;
    for (const Contract& c : *group) {
      auto reviews = reviews_of(db, c.id);
      if (!reviews) {
        return reviews.error();
      }
      if (!reviews->empty() && reviews->back().id > newest_review) {
        newest_review = reviews->back().id;
        source = c.id;
      }
    }
    if (source != keep.id) {
      if (auto r =
              run_ids(db,
                      "UPDATE contracts SET (sha256, title, vendor_id, body_term, vendor_term, "
                      "body_name, vendor_name, updated_at) = (SELECT sha256, title, "
                      "coalesce(vendor_id, (SELECT vendor_id FROM contracts WHERE id = ?1)), "
                      "body_term, vendor_term, body_name, vendor_name, updated_at FROM "
                      "contracts WHERE id = ?2) WHERE id = ?1",
                      keep.id, source);
          !r) {
        return r;
      }
      auto after_st =
          db.prepare(std::string("SELECT ") + k_contract_cols + " FROM contracts WHERE id = ?");
      if (after_st) {
        after_st->bind(1, keep.id);
      }
      auto after = first<Contract>(after_st, read_contract);
      if (!after) {
        return after.error();
      }
      if (*after && to_json(**after) != to_json(keep)) {
        if (auto r = log("contract", keep.id, dump(to_json(keep)), dump(to_json(**after))); !r) {
          return r;
        }
      }
    }
    for (size_t i = 1; i < group->size(); ++i) {
      const Contract& dup = (*group)[i];
      auto reviews = reviews_of(db, dup.id);
      if (!reviews) {
        return reviews.error();
      }
      for (const ReviewRef& r : *reviews) {
        if (auto u =
                run_ids(db, "UPDATE reviews SET contract_id = ?1 WHERE id = ?2", keep.id, r.id);
            !u) {
          return u;
        }
        if (auto h = log("review", r.id, review_history_json(r.id, dup.id, r.hash),
                         review_history_json(r.id, keep.id, r.hash));
            !h) {
          return h;
        }
      }
      // The columns waivers had at schema 4 (sha256 comes with 007), in read_waiver's order.
      auto ws = db.prepare(
          "SELECT id, contract_id, contract_ref, requirement_id, reason, approver, until, "
          "created_at, created_by, '' FROM waivers WHERE contract_id = ? ORDER BY id");
      if (ws) {
        ws->bind(1, dup.id);
      }
      auto waivers = collect<Waiver>(ws, read_waiver);
      if (!waivers) {
        return waivers.error();
      }
      for (const Waiver& w : *waivers) {
        Waiver after = w;
        after.contract.id = keep.id;
        if (auto u =
                run_ids(db, "UPDATE waivers SET contract_id = ?1 WHERE id = ?2", keep.id, w.id);
            !u) {
          return u;
        }
        if (auto h = log("waiver", w.id, dump(to_json(w)), dump(to_json(after))); !h) {
          return h;
        }
      }
      auto ss = db.prepare(std::string("SELECT ") + k_sub_cols +
                           " FROM subcontracts WHERE contract_id = ? ORDER BY id");
      if (ss) {
        ss->bind(1, dup.id);
      }
      auto subs = collect<Subcontract>(ss, read_sub);
      if (!subs) {
        return subs.error();
      }
      for (const Subcontract& s : *subs) {
        Subcontract after = s;
        after.contract.id = keep.id;
        if (auto u = run_ids(db, "UPDATE subcontracts SET contract_id = ?1 WHERE id = ?2", keep.id,
                             s.id);
            !u) {
          return u;
        }
        if (auto h = log("subcontract", s.id, dump(to_json(s)), dump(to_json(after))); !h) {
          return h;
        }
      }
      auto del = db.prepare("DELETE FROM contracts WHERE id = ?");
      if (!del) {
        return del.error();
      }
      del->bind(1, dup.id);
      if (auto r = del->run(); !r) {
        return r;
      }
      if (auto h = log("contract", dup.id, dump(to_json(dup)), std::nullopt); !h) {
        return h;
      }
    }
  }
  return {};
}

}  // namespace keiyaku::registry
