#include "replay.hpp"

#include "json.hpp"
#include "review_hash.hpp"
#include "rows.hpp"

#include <functional>
#include <map>
#include <optional>

namespace keiyaku::registry {

namespace {

// entity → id → its record after the last history row (nullopt: removed).
using Replayed = std::map<std::string, std::map<int64_t, std::optional<Json>>>;

Expected<Replayed> replay(Db& db) {
  Replayed out;
  auto st = db.prepare("SELECT entity, entity_id, after FROM history ORDER BY id");
  if (!st) {
    return st.error();
  }
  const Status done = st->each_row([&](const Statement& s) {
    std::optional<Json> after;
    if (!s.column_is_null(2)) {
      after = Json::parse(s.column_text(2), nullptr, false);
    }
    out[s.column_text(0)][s.column_int(1)] = std::move(after);
  });
  if (!done) {
    return done.error();
  }
  return out;
}

std::string shown(const Json& j) {
  std::string s = j.is_string() ? j.get<std::string>() : j.dump();
  if (str::cp_count(s) > 40) {
    size_t i = 0;
    for (int n = 0; n < 40; ++n) {
      str::next_cp(s, i);
    }
    s.resize(i);
    s += "…";
  }
  return "'" + s + "'";
}

// The first key whose value differs, in the live record's order.
std::string first_difference(const Json& live, const Json& recorded) {
  for (auto it = live.begin(); it != live.end(); ++it) {
    const auto r = recorded.find(it.key());
    if (r == recorded.end()) {
      return it.key() + tr(" が履歴にありません", " is not in the history");
    }
    if (*r != it.value()) {
      return it.key() + tr(" が ", " is ") + shown(it.value()) +
             tr("（履歴では ", " (the history says ") + shown(*r) + tr("）", ")");
    }
  }
  for (auto it = recorded.begin(); it != recorded.end(); ++it) {
    if (!live.contains(it.key())) {
      return it.key() + tr(" がありません", " is missing");
    }
  }
  return {};
}

struct Table {
  const char* entity;  // as the history names it
  const char* table;   // as SQLite names it
  std::string sql;     // SELECT of every row, id first, in id order
  std::function<Json(const Statement&)> read;
};

}  // namespace

Status compare_with_history(Db& db, std::vector<std::string>& problems, size_t limit) {
  auto replayed = replay(db);
  if (!replayed) {
    return replayed.error();
  }
  auto hashes = review_content_hashes(db, ReviewSet::all, std::nullopt);
  if (!hashes) {
    return hashes.error();
  }
  auto select = [](const char* cols, const char* table) {
    return std::string("SELECT ") + cols + " FROM " + table + " ORDER BY id";
  };
  // Reviews are compared through the hash of what is in them now.
  std::map<int64_t, std::string> stored_hash;
  std::map<int64_t, std::string> review_path;
  const Table tables[] = {
      {"vendor", "vendors", select(k_vendor_cols, "vendors"),
       [](const Statement& s) { return to_json(read_vendor(s)); }},
      {"certificate", "certificates", select(k_cert_cols, "certificates"),
       [](const Statement& s) { return to_json(read_cert(s)); }},
      {"verification", "verifications", select(k_verif_cols, "verifications"),
       [](const Statement& s) { return to_json(read_verif(s)); }},
      {"subcontract", "subcontracts", select(k_sub_cols, "subcontracts"),
       [](const Statement& s) { return to_json(read_sub(s)); }},
      {"contract", "contracts", select(k_contract_cols, "contracts"),
       [](const Statement& s) { return to_json(read_contract(s)); }},
      {"account", "accounts", select(k_account_cols, "accounts"),
       [](const Statement& s) { return to_json(read_account(s)); }},
      {"waiver", "waivers", select(k_waiver_cols, "waivers"),
       [](const Statement& s) { return to_json(read_waiver(s)); }},
      {"review", "reviews",
       "SELECT id, contract_id, content_hash, path, supersedes FROM reviews ORDER BY id",
       [&](const Statement& s) {
         const int64_t id = s.column_int(0);
         stored_hash[id] = s.column_text(2);
         review_path[id] = s.column_text(3);
         const auto h = hashes->find(id);
         return Json::parse(review_history_json(id, s.column_int(1),
                                                h != hashes->end() ? h->second : std::string(),
                                                s.column_opt_int(4)));
       }},
  };
  for (const Table& t : tables) {
    std::map<int64_t, std::optional<Json>>& recorded = (*replayed)[t.entity];
    size_t found = 0;
    auto problem = [&](int64_t id, const std::string& what) {
      if (++found <= limit) {
        problems.push_back(t.table + tr(" の行 ", " row ") + std::to_string(id) + what);
      }
    };
    auto st = db.prepare(t.sql);
    if (!st) {
      return st.error();
    }
    std::map<int64_t, bool> live_ids;
    const Status done = st->each_row([&](const Statement& s) {
      const int64_t id = s.column_int(0);
      live_ids[id] = true;
      const Json live = t.read(s);
      const auto it = recorded.find(id);
      if (it == recorded.end()) {
        problem(id, tr(" は履歴にありません（keiyaku の外で追加されています）",
                       " is not in the history (it was added outside keiyaku)"));
      } else if (!it->second) {
        problem(id, tr(" は履歴では削除されています（keiyaku の外で戻されています）",
                       " was removed according to the history (it was put back outside keiyaku)"));
      } else if (live != *it->second) {
        const auto content = it->second->find("content_hash");
        if (content != it->second->end() && *content != live["content_hash"]) {
          problem(id,
                  tr("（", " (") + review_path[id] +
                      tr("）の審査の行又は判定・証跡・リスク（findings, evidence, risks, "
                         "file_risks）が、記録時のハッシュと一致しません: keiyaku の外で書き換え"
                         "られています",
                         "): the review or its verdicts, evidence or risks (findings, "
                         "evidence, risks, file_risks) do not match the hash recorded with "
                         "it: they were edited outside keiyaku"));
        } else {
          problem(id, tr(" が履歴と一致しません: ", " differs from the history: ") +
                          first_difference(live, *it->second));
        }
      } else if (std::string_view(t.entity) == "review" &&
                 stored_hash[id] != live["content_hash"]) {
        problem(id, tr(" の content_hash が書き換えられています", ": its content_hash was edited"));
      }
    });
    if (!done) {
      return done.error();
    }
    for (const auto& [id, after] : recorded) {
      if (after && live_ids.count(id) == 0) {
        problem(id,
                tr(" が削除されています（履歴にはあります）", " was deleted (the history has it)"));
      }
    }
    if (found > limit) {
      problems.push_back(t.table + tr(" ではほかに ", ": ") + std::to_string(found - limit) +
                         tr(" 行が一致しません", " more rows differ"));
    }
  }
  return {};
}

}  // namespace keiyaku::registry
