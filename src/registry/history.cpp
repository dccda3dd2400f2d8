#include "history.hpp"

#include <base/i18n.hpp>
#include <base/sha256.hpp>

namespace keiyaku::registry {

namespace {

void field(std::string& out, const std::optional<std::string>& v) {
  if (!v) {
    out += "~;";
    return;
  }
  out += std::to_string(v->size());
  out += ':';
  out += *v;
  out += ';';
}

constexpr const char* k_select =
    "SELECT id, at, by, entity, entity_id, action, before, after, prev_hash, hash FROM history";

HistoryEntry read_row(const Statement& st) {
  HistoryEntry h;
  h.id = st.column_int(0);
  h.at = st.column_text(1);
  h.by = st.column_text(2);
  h.entity = st.column_text(3);
  h.entity_id = st.column_int(4);
  h.action = st.column_text(5);
  h.before = st.column_opt_text(6);
  h.after = st.column_opt_text(7);
  h.prev_hash = st.column_text(8);
  h.hash = st.column_text(9);
  return h;
}

std::string row_name(int64_t id) {
  return tr("履歴の行 ", "history row ") + std::to_string(id);
}

std::string rows_name(int64_t first, int64_t last) {
  return tr("履歴の行 ", "history rows ") + std::to_string(first) + "–" + std::to_string(last);
}

}  // namespace

std::string history_hash(const HistoryEntry& e) {
  std::string buf;
  field(buf, std::to_string(e.id));
  field(buf, e.at);
  field(buf, e.by);
  field(buf, e.entity);
  field(buf, std::to_string(e.entity_id));
  field(buf, e.action);
  field(buf, e.before);
  field(buf, e.after);
  field(buf, e.prev_hash);
  return sha256_hex(buf);
}

Status append_history(Db& db,
                      const std::string& at,
                      const std::string& by,
                      const std::string& entity,
                      int64_t entity_id,
                      const std::string& action,
                      const std::optional<std::string>& before,
                      const std::optional<std::string>& after) {
  auto head = db.prepare("SELECT last_id, hash FROM history_head WHERE one = 1");
  if (!head) {
    return head.error();
  }
  auto row = head->step();
  if (!row) {
    return row.error();
  }
  if (!*row) {
    return Error(ErrorCode::database,
                 tr("履歴の先頭記録がありません（db verify を実行してください）",
                    "the history head record is missing (run db verify)"));
  }
  HistoryEntry e;
  e.id = head->column_int(0) + 1;
  e.prev_hash = head->column_text(1);
  e.at = at;
  e.by = by;
  e.entity = entity;
  e.entity_id = entity_id;
  e.action = action;
  e.before = before;
  e.after = after;
  e.hash = history_hash(e);
  auto ins = db.prepare(
      "INSERT INTO history (id, at, by, entity, entity_id, action, before, after, prev_hash, hash)"
      " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
  if (!ins) {
    return ins.error();
  }
  ins->bind(1, e.id).bind(2, e.at).bind(3, e.by).bind(4, e.entity).bind(5, e.entity_id);
  ins->bind(6, e.action).bind(7, e.before).bind(8, e.after).bind(9, e.prev_hash).bind(10, e.hash);
  if (auto r = ins->run(); !r) {
    return r.error();
  }
  auto upd = db.prepare("UPDATE history_head SET last_id = ?, hash = ? WHERE one = 1");
  if (!upd) {
    return upd.error();
  }
  upd->bind(1, e.id).bind(2, e.hash);
  return upd->run();
}

Expected<ChainCheck> check_history(Db& db) {
  ChainCheck out;
  out.head_hash = k_genesis_hash;
  auto st = db.prepare(std::string(k_select) + " ORDER BY id");
  if (!st) {
    return st.error();
  }
  int64_t expect_id = 1;
  std::string prev = k_genesis_hash;
  auto problem = [&](int64_t row, std::string message) {
    if (!out.first_bad_row) {
      out.first_bad_row = row;
    }
    out.problems.push_back(std::move(message));
  };
  for (;;) {
    auto r = st->step();
    if (!r) {
      return r.error();
    }
    if (!*r) {
      break;
    }
    const HistoryEntry h = read_row(*st);
    ++out.rows;
    if (!out.first_bad_row) {
      if (h.id != expect_id) {
        problem(expect_id,
                expect_id + 1 == h.id
                    ? row_name(expect_id) + tr(" が削除されています", " was deleted")
                    : rows_name(expect_id, h.id - 1) + tr(" が削除されています", " were deleted"));
      } else if (history_hash(h) != h.hash) {
        problem(h.id, row_name(h.id) + tr(" が書き換えられています（ハッシュ不一致）",
                                          " was edited (its hash does not match its content)"));
      } else if (h.prev_hash != prev) {
        problem(h.id - 1, row_name(h.id - 1) +
                              tr(" が書き換えられています（ハッシュが再計算され、行 ",
                                 " was edited (its hash was recomputed, and row ") +
                              std::to_string(h.id) +
                              tr(" の参照と一致しません）", " still links to the old one)"));
      }
    }
    prev = h.hash;
    expect_id = h.id + 1;
    out.head_hash = h.hash;
    out.last_id = h.id;
  }
  // The head record catches rows deleted from the end, and rows added outside keiyaku.
  auto head = db.prepare("SELECT last_id, hash FROM history_head WHERE one = 1");
  if (!head) {
    return head.error();
  }
  auto hr = head->step();
  if (!hr) {
    return hr.error();
  }
  const int64_t last_seen = expect_id - 1;
  if (!*hr) {
    problem(last_seen + 1, tr("履歴の先頭記録（history_head）が削除されています",
                              "the history head record (history_head) was deleted"));
  } else {
    const int64_t head_id = head->column_int(0);
    const std::string head_hash = head->column_text(1);
    if (head_id > last_seen) {
      problem(last_seen + 1, (head_id == last_seen + 1
                                  ? row_name(head_id) + tr(" が削除されています", " was deleted")
                                  : rows_name(last_seen + 1, head_id) +
                                        tr(" が削除されています", " were deleted")));
    } else if (head_id < last_seen) {
      problem(head_id + 1, row_name(head_id + 1) + tr(" 以降は keiyaku の外で追加されています",
                                                      " and after were added outside keiyaku"));
    } else if (head_hash != out.head_hash) {
      problem(last_seen, row_name(last_seen) +
                             tr(" が書き換えられています（先頭記録のハッシュと一致しません）",
                                " was edited (it does not match the head record)"));
    }
  }
  auto triggers = db.query_int(
      "SELECT count(*) FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'history' AND "
      "name IN ('history_no_update', 'history_no_delete')");
  if (!triggers) {
    return triggers.error();
  }
  if (*triggers != 2) {
    out.problems.push_back(tr("履歴の追記専用トリガーが削除されています",
                              "the append-only triggers of the history were dropped"));
  }
  return out;
}

Expected<std::vector<HistoryEntry>> read_history(Db& db,
                                                 const std::string& entity,
                                                 std::optional<int64_t> entity_id) {
  std::string sql = k_select;
  if (!entity.empty()) {
    sql += entity_id ? " WHERE entity = ?1 AND entity_id = ?2" : " WHERE entity = ?1";
  }
  sql += " ORDER BY id";
  auto st = db.prepare(sql);
  if (!st) {
    return st.error();
  }
  if (!entity.empty()) {
    st->bind(1, entity);
    if (entity_id) {
      st->bind(2, *entity_id);
    }
  }
  std::vector<HistoryEntry> out;
  const Status done = st->each_row([&](const Statement& s) { out.push_back(read_row(s)); });
  if (!done) {
    return done.error();
  }
  return out;
}

}  // namespace keiyaku::registry
