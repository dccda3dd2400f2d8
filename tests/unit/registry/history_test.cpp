// The hash-chained history: every change appends a row, and `verify` names the first row that
// was edited or deleted behind keiyaku's back (here with the SQLite C API, as anyone could).

#include "support/temp_dir.hpp"

#include <base/i18n.hpp>
#include <base/sha256.hpp>
#include <registry/registry.hpp>

#include <gtest/gtest.h>
#include <sqlite3.h>

using namespace keiyaku;
using namespace keiyaku::registry;

namespace {

class HistoryTest : public ::testing::Test {
 protected:
  void SetUp() override {
    set_ui_lang(Lang::en);
    m_opts.path = m_dir.file("registry.db");
    m_opts.by = "alice";
    m_opts.clock = *parse_fixed_time("2026-04-01T09:00:00+09:00");
    auto r = Registry::open(m_opts);
    ASSERT_TRUE(r);
    for (const char* name : {"A社", "B社", "C社", "D社"}) {
      Vendor v;
      v.name = name;
      ASSERT_TRUE(r->add_vendor(v));
    }
    VendorPatch p;
    p.contact = "03-0000-0000";
    ASSERT_TRUE(r->edit_vendor(2, p));
  }

  Registry open() { return std::move(Registry::open(m_opts)).value(); }

  // Runs SQL on the file with the plain C API, outside keiyaku.
  void tamper(const std::string& sql) {
    sqlite3* db = nullptr;
    ASSERT_EQ(sqlite3_open(m_opts.path.c_str(), &db), SQLITE_OK);
    char* err = nullptr;
    const int rc = sqlite3_exec(db, sql.c_str(), nullptr, nullptr, &err);
    const std::string msg = err != nullptr ? err : "";
    sqlite3_free(err);
    sqlite3_close(db);
    ASSERT_EQ(rc, SQLITE_OK) << msg;
  }

  VerifyReport verify(const std::optional<std::string>& head = std::nullopt) {
    Registry r = open();
    return *r.verify(head);
  }

  test::TempDir m_dir;
  OpenOptions m_opts;
};

}  // namespace

TEST_F(HistoryTest, EveryChangeAppendsAChainedRow) {
  Registry r = open();
  auto h = r.history("", std::nullopt);
  ASSERT_EQ(h->size(), 5U);
  EXPECT_EQ((*h)[0].prev_hash, std::string(64, '0'));
  for (size_t i = 1; i < h->size(); ++i) {
    EXPECT_EQ((*h)[i].prev_hash, (*h)[i - 1].hash);
    EXPECT_EQ((*h)[i].id, static_cast<int64_t>(i + 1));
  }
  EXPECT_EQ((*h)[4].entity, "vendor");
  EXPECT_EQ((*h)[4].entity_id, 2);
  EXPECT_EQ((*h)[4].action, "edit");
  EXPECT_EQ((*h)[4].by, "alice");
  EXPECT_EQ((*h)[4].at, "2026-04-01T09:00:00+09:00");
  const VerifyReport ok = *r.verify(std::nullopt);
  EXPECT_TRUE(ok.ok());
  EXPECT_EQ(ok.history_rows, 5);
  EXPECT_EQ(ok.head_hash, (*h)[4].hash);
}

TEST_F(HistoryTest, TheHistoryIsAppendOnlyThroughSql) {
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open(m_opts.path.c_str(), &db), SQLITE_OK);
  char* err = nullptr;
  EXPECT_NE(
      sqlite3_exec(db, "UPDATE history SET by = 'mallory' WHERE id = 2", nullptr, nullptr, &err),
      SQLITE_OK);
  EXPECT_STREQ(err, "history is append-only");
  sqlite3_free(err);
  EXPECT_NE(sqlite3_exec(db, "DELETE FROM history WHERE id = 2", nullptr, nullptr, nullptr),
            SQLITE_OK);
  sqlite3_close(db);
  EXPECT_TRUE(verify().ok());
}

TEST_F(HistoryTest, VerifyNamesAnEditedRow) {
  tamper("DROP TRIGGER history_no_update; UPDATE history SET by = 'mallory' WHERE id = 3;");
  const VerifyReport r = verify();
  EXPECT_FALSE(r.ok());
  EXPECT_EQ(r.first_bad_row, 3);
  ASSERT_EQ(r.problems.size(), 2U);
  EXPECT_EQ(r.problems[0], "history row 3 was edited (its hash does not match its content)");
  EXPECT_EQ(r.problems[1], "the append-only triggers of the history were dropped");
}

TEST_F(HistoryTest, VerifyNamesAnEditedRowWhoseHashWasRecomputed) {
  // Edit row 2 and give it a valid hash of its new content: row 3 still links to the old one.
  Registry r = open();
  HistoryEntry row2 = (*r.history("", std::nullopt))[1];
  row2.after = R"({"id":2,"name":"偽物"})";
  tamper("DROP TRIGGER history_no_update;");
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open(m_opts.path.c_str(), &db), SQLITE_OK);
  sqlite3_stmt* st = nullptr;
  ASSERT_EQ(sqlite3_prepare_v2(db, "UPDATE history SET after = ?, hash = ? WHERE id = 2", -1, &st,
                               nullptr),
            SQLITE_OK);
  // The hash a forger would compute, following docs/registry.md.
  auto field = [](std::string& out, const std::optional<std::string>& v) {
    if (!v) {
      out += "~;";
    } else {
      out += std::to_string(v->size()) + ":" + *v + ";";
    }
  };
  std::string buf;
  field(buf, std::to_string(row2.id));
  field(buf, row2.at);
  field(buf, row2.by);
  field(buf, row2.entity);
  field(buf, std::to_string(row2.entity_id));
  field(buf, row2.action);
  field(buf, row2.before);
  field(buf, row2.after);
  field(buf, row2.prev_hash);
  const std::string rehash = sha256_hex(buf);
  sqlite3_bind_text(st, 1, row2.after->c_str(), -1, SQLITE_TRANSIENT);
  sqlite3_bind_text(st, 2, rehash.c_str(), -1, SQLITE_TRANSIENT);
  ASSERT_EQ(sqlite3_step(st), SQLITE_DONE);
  sqlite3_finalize(st);
  sqlite3_close(db);
  const VerifyReport rep = verify();
  EXPECT_EQ(rep.first_bad_row, 2);
  EXPECT_EQ(rep.problems[0],
            "history row 2 was edited (its hash was recomputed, and row 3 still links to the old "
            "one)");
}

TEST_F(HistoryTest, VerifyNamesADeletedRow) {
  tamper("DROP TRIGGER history_no_delete; DELETE FROM history WHERE id = 2;");
  const VerifyReport r = verify();
  EXPECT_EQ(r.first_bad_row, 2);
  EXPECT_EQ(r.problems[0], "history row 2 was deleted");
}

TEST_F(HistoryTest, VerifyNamesRowsDeletedFromTheEnd) {
  tamper("DROP TRIGGER history_no_delete; DELETE FROM history WHERE id >= 4;");
  const VerifyReport r = verify();
  EXPECT_EQ(r.first_bad_row, 4);
  EXPECT_EQ(r.problems[0], "history rows 4–5 were deleted");
}

TEST_F(HistoryTest, VerifyNotesRowsAddedOutsideKeiyaku) {
  tamper(
      "INSERT INTO history (id, at, by, entity, entity_id, action, before, after, prev_hash, hash) "
      "VALUES (6, 'x', 'x', 'vendor', 1, 'remove', NULL, NULL, 'x', 'x');");
  const VerifyReport r = verify();
  EXPECT_EQ(r.first_bad_row, 6);
}

TEST_F(HistoryTest, AnExpectedHeadDetectsAWholesaleRewrite) {
  const std::string head = verify().head_hash;
  EXPECT_TRUE(verify(head).ok());
  // Rewriting every row consistently passes the chain check but not the recorded head.
  tamper(
      "DROP TRIGGER history_no_delete; DELETE FROM history; UPDATE history_head SET last_id = 0, "
      "hash = '" +
      std::string(64, '0') +
      "'; CREATE TRIGGER history_no_delete BEFORE DELETE ON "
      "history BEGIN SELECT RAISE(ABORT, 'history is append-only'); END;");
  // The tables no longer match the (empty) history, and the recorded head is gone.
  EXPECT_FALSE(verify().ok());
  const VerifyReport r = verify(head);
  EXPECT_FALSE(r.ok());
  EXPECT_EQ(r.problems.back(), "the recorded head hash " + head +
                                   " is not in the history: the history was cut back or rewritten");
}

TEST_F(HistoryTest, VerifyReportsForeignKeyViolations) {
  tamper(
      "PRAGMA foreign_keys = OFF; INSERT INTO certificates (vendor_id, kind, number, valid_from, "
      "valid_to, created_at) VALUES (42, 'isms', 'X', '2025-01-01', '2026-01-01', 'x');");
  const VerifyReport r = verify();
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.problems[0],
            "foreign key violation: certificates row 1 refers to a missing vendors row");
}
