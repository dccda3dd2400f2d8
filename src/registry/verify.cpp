// The history and the database as a whole: db verify and db backup.

#include "impl.hpp"
#include "replay.hpp"

#include <unistd.h>

#include <filesystem>

namespace keiyaku::registry {

// --- History and the database ---

Expected<std::vector<HistoryEntry>> Registry::history(const std::string& entity,
                                                      std::optional<int64_t> entity_id) {
  return read_history(m_impl->db, entity, entity_id);
}

Expected<VerifyReport> Registry::verify(const std::optional<std::string>& expect_head) {
  Impl& m = *m_impl;
  VerifyReport report;
  auto version = m.user_version();
  if (!version) {
    return version.error();
  }
  report.schema_version = *version;
  {
    auto st = m.db.prepare("PRAGMA integrity_check(20)");
    auto rows = collect<std::string>(st, [](const Statement& s) { return s.column_text(0); });
    if (!rows) {
      report.problems.push_back("integrity_check: " + rows.error().message);
    } else if (!(rows->size() == 1 && rows->front() == "ok")) {
      for (const std::string& r : *rows) {
        report.problems.push_back("integrity_check: " + r);
      }
    }
  }
  {
    auto st = m.db.prepare("PRAGMA foreign_key_check");
    auto rows = collect<std::string>(st, [](const Statement& s) {
      return tr("外部キー違反: ", "foreign key violation: ") + s.column_text(0) +
             tr(" の行 ", " row ") + s.column_text(1) +
             tr(" が存在しない ", " refers to a missing ") + s.column_text(2) +
             tr(" の行を参照しています", " row");
    });
    if (!rows) {
      report.problems.push_back("foreign_key_check: " + rows.error().message);
    } else {
      report.problems.insert(report.problems.end(), rows->begin(), rows->end());
    }
  }
  auto chain = check_history(m.db);
  if (!chain) {
    return chain.error();
  }
  report.history_rows = chain->rows;
  report.head_hash = chain->head_hash;
  report.head_seq = chain->rows > 0 ? chain->last_id : 0;
  report.first_bad_row = chain->first_bad_row;
  report.problems.insert(report.problems.end(), chain->problems.begin(), chain->problems.end());
  if (auto r = compare_with_history(m.db, report.problems); !r) {
    return r.error();
  }
  if (expect_head && !expect_head->empty()) {
    auto anchor = parse_anchor(*expect_head);
    if (!anchor) {
      return anchor.error();
    }
    auto found = m.db.prepare(
        anchor->seq > 0
            ? "SELECT id, hash FROM history WHERE id = ?1"
            : "SELECT id, hash FROM history WHERE substr(hash, 1, length(?2)) = ?2 ORDER BY id "
              "LIMIT 1");
    if (!found) {
      return found.error();
    }
    if (anchor->seq > 0) {
      found->bind(1, anchor->seq);
    } else {
      found->bind(2, anchor->hash);
    }
    auto row = found->step();
    if (!row) {
      return row.error();
    }
    const std::string recorded = *expect_head;
    if (!*row) {
      report.problems.push_back(
          anchor->seq > 0
              ? tr("記録済みの先頭（", "the recorded head (") + recorded +
                    tr("）の行が履歴にありません: 履歴が切り詰められています（",
                       ") is not in the history: the history was cut back (it has ") +
                    std::to_string(report.history_rows) + tr(" 行）", " rows)")
              : tr("記録済みの先頭ハッシュ ", "the recorded head hash ") + recorded +
                    tr(" が履歴にありません: 履歴が切り詰められたか作り直されています",
                       " is not in the history: the history was cut back or rewritten"));
      if (!report.first_bad_row) {
        report.first_bad_row = anchor->seq > 0 ? anchor->seq : report.history_rows + 1;
      }
    } else if (!str::starts_with(found->column_text(1), anchor->hash)) {
      report.problems.push_back(
          tr("履歴の行 ", "history row ") + std::to_string(anchor->seq) +
          tr(" のハッシュが記録済みの先頭（", " does not match the recorded head (") + recorded +
          tr("）と一致しません: 履歴が作り直されています", "): the history was rewritten"));
      if (!report.first_bad_row || *report.first_bad_row > anchor->seq) {
        report.first_bad_row = anchor->seq;
      }
    }
  }
  return report;
}

Status Registry::backup(const std::string& path, Force overwrite) {
  std::error_code ec;
  if (std::filesystem::exists(path, ec)) {
    if (overwrite == Force::no) {
      return Error(ErrorCode::conflict, path + ": " +
                                            tr("既に存在します（上書きは --force）",
                                               "already exists (--force overwrites it)"));
    }
    if (std::filesystem::equivalent(path, m_impl->opts.path, ec)) {
      return invalid(path + ": " +
                     tr("バックアップ先が元の台帳と同じです",
                        "the backup would overwrite the registry itself"));
    }
  }
  const std::string tmp = path + ".tmp-" + std::to_string(::getpid());
  std::filesystem::remove(tmp, ec);
  if (auto r = m_impl->db.backup_to(tmp); !r) {
    std::filesystem::remove(tmp, ec);
    return r;
  }
  std::filesystem::rename(tmp, path, ec);
  if (ec) {
    std::filesystem::remove(tmp, ec);
    return Error(ErrorCode::io, path + ": " + ec.message());
  }
  return {};
}

Expected<HistoryHead> Registry::head() {
  auto st = m_impl->db.prepare("SELECT id, hash, at FROM history ORDER BY id DESC LIMIT 1");
  if (!st) {
    return st.error();
  }
  auto row = st->step();
  if (!row) {
    return row.error();
  }
  HistoryHead h;
  h.hash = k_genesis_hash;
  if (*row) {
    h.seq = st->column_int(0);
    h.hash = st->column_text(1);
    h.at = st->column_text(2);
  }
  return h;
}

std::string format_anchor(const HistoryHead& head) {
  return std::to_string(head.seq) + ":" + head.hash;
}

Expected<HistoryHead> parse_anchor(std::string_view text) {
  std::string t = str::to_lower_ascii(str::trim(text));
  HistoryHead h;
  if (const size_t colon = t.find(':'); colon != std::string::npos) {
    const std::string seq = t.substr(0, colon);
    if (!all_digits(seq)) {
      return invalid(
          tr("先頭の記録は「連番:ハッシュ」で指定してください: ", "a head is given as SEQ:HASH: ") +
          in_quotes(text));
    }
    h.seq = std::stoll(seq);
    t = t.substr(colon + 1);
  }
  const bool hex = std::all_of(
      t.begin(), t.end(), [](char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'); });
  if (!hex || t.size() < 16 || t.size() > 64) {
    return invalid(tr("先頭ハッシュは16〜64桁の16進数で指定してください: ",
                      "a head hash is 16 to 64 hex digits: ") +
                   in_quotes(text));
  }
  h.hash = t;
  return h;
}

}  // namespace keiyaku::registry
