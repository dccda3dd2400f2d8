// What keeps the registry true to its history (schema 003 and 004): one contract per path, live
// rows compared with the history replayed, reviews sealed by the hash of their content, and the
// head anchored outside the database. Tampering is done with the SQLite C API, as anyone could.

#include "support/temp_dir.hpp"

#include <base/i18n.hpp>
#include <base/sha256.hpp>
#include <registry/registry.hpp>
#include <registry/reviews.hpp>

#include <gtest/gtest.h>
#include <sqlite3.h>

#include <algorithm>

using namespace keiyaku;
using namespace keiyaku::registry;

namespace {

class Integrity : public ::testing::Test {
 protected:
  void SetUp() override {
    set_ui_lang(Lang::en);
    m_opts.path = m_dir.file("registry.db");
    m_opts.by = "alice";
    m_opts.clock = *parse_fixed_time("2026-04-01T09:00:00+09:00");
  }

  Registry open() {
    auto r = Registry::open(m_opts);
    EXPECT_TRUE(r) << r.error().message;
    return std::move(r).value();
  }

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

  int64_t count(const std::string& sql) {
    sqlite3* db = nullptr;
    EXPECT_EQ(sqlite3_open(m_opts.path.c_str(), &db), SQLITE_OK);
    sqlite3_stmt* st = nullptr;
    EXPECT_EQ(sqlite3_prepare_v2(db, sql.c_str(), -1, &st, nullptr), SQLITE_OK);
    int64_t n = -1;
    if (sqlite3_step(st) == SQLITE_ROW) {
      n = sqlite3_column_int64(st, 0);
    }
    sqlite3_finalize(st);
    sqlite3_close(db);
    return n;
  }

  static ReviewRecord review_of(const std::string& path) {
    ReviewRecord r;
    r.path = path;
    r.sha256 = std::string(64, 'a');
    r.catalog_version = "c1";
    r.options = "kind=auto tier=";
    r.tool_version = "t";
    r.counts.must = 2;
    r.counts.satisfied = 1;
    r.counts.missing = 1;
    StoredFinding ok;
    ok.requirement_id = "OUT-08";
    ok.family = "outsourcing";
    ok.title = "守秘義務";
    ok.severity = "must";
    ok.status = "satisfied";
    ok.evidence.push_back({"第2条", "乙は、秘密を漏らしてはならない。", 5});
    StoredFinding missing = ok;
    missing.requirement_id = "OUT-09";
    missing.status = "missing";
    missing.evidence.clear();
    r.findings = {ok, missing};
    return r;
  }

  static bool has(const VerifyReport& r, const std::string& line) {
    return std::find(r.problems.begin(), r.problems.end(), line) != r.problems.end();
  }

  static std::string all(const VerifyReport& r) {
    std::string s;
    for (const std::string& p : r.problems) {
      s += p + "\n";
    }
    return s;
  }

  test::TempDir m_dir;
  OpenOptions m_opts;
};

}  // namespace

TEST_F(Integrity, ARecordWithoutAContractIdJoinsTheContractOfItsPath) {
  Registry r = open();
  ReviewStore store(r);
  // Two writers that both saw no contract for the file record it one after the other.
  ASSERT_TRUE(store.record(std::nullopt, {}, review_of("a.docx")));
  auto second = store.record(std::nullopt, {}, review_of("a.docx"));
  ASSERT_TRUE(second) << second.error().message;
  EXPECT_FALSE(second->new_contract);
  auto known = store.known_contracts();
  ASSERT_EQ(known->size(), 1U);
  EXPECT_EQ(store.reviews_of(known->front().id)->size(), 2U);
  EXPECT_TRUE(r.verify(std::nullopt)->ok()) << all(*r.verify(std::nullopt));
}

TEST_F(Integrity, ThePathIsUnique) {
  {
    Registry r = open();
    Contract c;
    c.path = "a.docx";
    ASSERT_TRUE(r.add_contract(c));
  }
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open(m_opts.path.c_str(), &db), SQLITE_OK);
  EXPECT_NE(sqlite3_exec(db, "INSERT INTO contracts (path, created_at) VALUES ('a.docx', 'x')",
                         nullptr, nullptr, nullptr),
            SQLITE_OK);
  sqlite3_close(db);
}

TEST_F(Integrity, TheMigrationMergesContractsRecordedTwice) {
  m_opts.migrate = AutoMigrate::no;
  {
    Registry r = open();
    ASSERT_EQ(r.migrate(2)->to, 2);
    // What two batches at once left in a schema-2 registry: a.docx twice, b.docx once.
    for (const char* path : {"a.docx", "a.docx", "b.docx"}) {
      Contract c;
      c.path = path;
      ASSERT_TRUE(r.add_contract(c));
    }
  }
  // A waiver as schema 2 kept it (this keiyaku writes the columns of the latest schema only).
  tamper(
      "INSERT INTO waivers (contract_id, contract_ref, requirement_id, reason, approver, until, "
      "created_at, created_by) VALUES (2, 'a.docx', 'OUT-09', 'r', 'a', '2027-03-31', 't', 'x');"
      "INSERT INTO reviews (contract_id, reviewed_at, path, sha256, catalog_version, options, "
      "tool_version, outcome) VALUES (1, 't1', 'a.docx', '', 'c', 'o', 'v', 'ok'), "
      "(2, 't2', 'a.docx', '', 'c', 'o', 'v', 'ok'), (3, 't3', 'b.docx', '', 'c', 'o', 'v', 'ok');"
      "INSERT INTO findings (review_id, requirement_id, family, title, severity, status) "
      "VALUES (2, 'OUT-09', 'outsourcing', 't', 'must', 'weak');"
      "UPDATE contracts SET sha256 = 'newest' WHERE id = 2;");
  m_opts.migrate = AutoMigrate::yes;
  Registry r = open();
  EXPECT_EQ(*r.schema_version(), Registry::latest_schema_version());
  EXPECT_EQ(count("SELECT count(*) FROM contracts"), 2);
  EXPECT_EQ(count("SELECT count(*) FROM reviews WHERE contract_id = 1"), 2);
  EXPECT_EQ(count("SELECT contract_id FROM waivers WHERE id = 1"), 1);
  // The merged contract describes the file as its newest review read it.
  EXPECT_EQ(r.get_contract(1)->sha256, "newest");
  const VerifyReport v = *r.verify(std::nullopt);
  EXPECT_TRUE(v.ok()) << all(v);
  auto merged = r.history("contract", 2);
  ASSERT_FALSE(merged->empty());
  EXPECT_EQ(merged->back().action, "merge");
  EXPECT_FALSE(merged->back().after.has_value());
}

TEST_F(Integrity, VerifyNamesAVerificationEditedOutsideKeiyaku) {
  {
    Registry r = open();
    Vendor v;
    v.name = "A社";
    ASSERT_TRUE(r.add_vendor(v));
    Verification x;
    x.vendor_id = 1;
    x.verified_on = *parse_date("2026-03-01");
    x.method = VerifyMethod::checksheet;
    x.result = VerifyResult::needs_fix;
    ASSERT_TRUE(r.add_verification(x));
    EXPECT_TRUE(r.verify(std::nullopt)->ok());
  }
  tamper("UPDATE verifications SET result = 'ok' WHERE id = 1");
  const VerifyReport v = *open().verify(std::nullopt);
  EXPECT_FALSE(v.ok());
  EXPECT_TRUE(has(v,
                  "verifications row 1 differs from the history: result is 'ok' (the history says "
                  "'needs-fix')"))
      << all(v);
}

TEST_F(Integrity, VerifyNamesRowsAddedAndDeletedOutsideKeiyaku) {
  {
    Registry r = open();
    for (const char* name : {"A社", "B社"}) {
      Vendor v;
      v.name = name;
      ASSERT_TRUE(r.add_vendor(v));
    }
  }
  tamper(
      "DELETE FROM vendors WHERE id = 1; INSERT INTO vendors (id, name, created_at, updated_at) "
      "VALUES (9, 'C社', 'x', 'x');"
      "UPDATE accounts SET owner = 'x' WHERE id = 1;");
  const VerifyReport v = *open().verify(std::nullopt);
  EXPECT_TRUE(has(v, "vendors row 1 was deleted (the history has it)")) << all(v);
  EXPECT_TRUE(has(v, "vendors row 9 is not in the history (it was added outside keiyaku)"))
      << all(v);
}

TEST_F(Integrity, AnEditedReviewFailsVerifyAndIsNotSkipped) {
  {
    Registry r = open();
    ReviewStore store(r);
    ASSERT_TRUE(store.record(std::nullopt, {}, review_of("a.docx")));
    ASSERT_TRUE(store.record(std::nullopt, {}, review_of("b.docx")));
    auto known = store.known_contracts();
    ASSERT_EQ(known->size(), 2U);
    EXPECT_TRUE((*known)[0].review_intact);
    EXPECT_TRUE((*known)[1].review_intact);
    EXPECT_TRUE(r.verify(std::nullopt)->ok());
  }
  // A missing verdict made satisfied, and the counts to match: the forgery a hurried reviewer
  // would not notice.
  tamper(
      "UPDATE findings SET status = 'satisfied' WHERE review_id = 1 AND requirement_id = "
      "'OUT-09'; UPDATE reviews SET satisfied = 2, missing = 0 WHERE id = 1;");
  Registry r = open();
  const VerifyReport v = *r.verify(std::nullopt);
  EXPECT_FALSE(v.ok());
  ASSERT_EQ(v.problems.size(), 1U) << all(v);
  EXPECT_EQ(v.problems[0],
            "reviews row 1 (a.docx): the review or its verdicts, evidence or risks (findings, "
            "evidence, risks, file_risks) do not match the hash recorded with it: they were edited "
            "outside keiyaku");
  ReviewStore store(r);
  auto known = store.known_contracts();
  EXPECT_FALSE((*known)[0].review_intact);
  EXPECT_TRUE((*known)[1].review_intact);
}

TEST_F(Integrity, ARecomputedContentHashIsStillCaught) {
  {
    Registry r = open();
    ReviewStore store(r);
    ASSERT_TRUE(store.record(std::nullopt, {}, review_of("a.docx")));
  }
  // Evidence edited, and the stored hash replaced by anything: the history still has the old one.
  tamper(
      "UPDATE evidence SET text = '乙は、秘密を漏らすことができる。' WHERE id = 1;"
      "UPDATE reviews SET content_hash = '" +
      std::string(64, 'b') + "' WHERE id = 1;");
  Registry r = open();
  EXPECT_FALSE(r.verify(std::nullopt)->ok());
  ReviewStore store(r);
  EXPECT_FALSE(store.known_contracts()->front().review_intact);
}

TEST_F(Integrity, AnAnchorCatchesAHistoryCutBack) {
  {
    Registry r = open();
    for (const char* name : {"A社", "B社", "C社", "D社"}) {
      Vendor v;
      v.name = name;
      ASSERT_TRUE(r.add_vendor(v));
    }
    VendorPatch p;
    p.contact = "03-0000-0000";
    ASSERT_TRUE(r.edit_vendor(2, p));
  }
  const std::string anchor = format_anchor(*open().head());
  EXPECT_EQ(anchor.substr(0, 2), "5:");
  EXPECT_TRUE(open().verify(anchor)->ok());
  // The last two changes undone in the tables, their history rows deleted and the head reset:
  // consistent in itself.
  tamper(
      "DROP TRIGGER history_no_delete; DELETE FROM history WHERE id > 3;"
      "UPDATE history_head SET last_id = 3, hash = (SELECT hash FROM history WHERE id = 3);"
      "DELETE FROM vendors WHERE id = 4; UPDATE vendors SET contact = '' WHERE id = 2;"
      "CREATE TRIGGER history_no_delete BEFORE DELETE ON history BEGIN SELECT RAISE(ABORT, "
      "'history is append-only'); END;");
  EXPECT_TRUE(open().verify(std::nullopt)->ok());
  const VerifyReport v = *open().verify(anchor);
  EXPECT_FALSE(v.ok());
  EXPECT_EQ(v.first_bad_row, 5);
  EXPECT_EQ(v.problems.back(), "the recorded head (" + anchor +
                                   ") is not in the history: the history was cut back (it has 3 "
                                   "rows)");
}

TEST_F(Integrity, AnAnchorCatchesARewriteWithRecomputedHashes) {
  {
    Registry r = open();
    for (const char* name : {"A社", "B社"}) {
      Vendor v;
      v.name = name;
      ASSERT_TRUE(r.add_vendor(v));
    }
  }
  Registry before = open();
  const HistoryHead head = *before.head();
  auto rows = *before.history("", std::nullopt);
  // Every row rewritten (another author) with hashes recomputed as docs/registry.md says: the
  // chain holds, only the anchor tells.
  std::string sql = "DROP TRIGGER history_no_update;";
  std::string prev(64, '0');
  for (HistoryEntry& h : rows) {
    h.by = "mallory";
    h.prev_hash = prev;
    auto field = [](std::string& out, const std::optional<std::string>& v) {
      out += v ? std::to_string(v->size()) + ":" + *v + ";" : std::string("~;");
    };
    std::string buf;
    for (const std::optional<std::string>& f :
         {std::optional<std::string>(std::to_string(h.id)), std::optional<std::string>(h.at),
          std::optional<std::string>(h.by), std::optional<std::string>(h.entity),
          std::optional<std::string>(std::to_string(h.entity_id)),
          std::optional<std::string>(h.action), h.before, h.after,
          std::optional<std::string>(h.prev_hash)}) {
      field(buf, f);
    }
    h.hash = sha256_hex(buf);
    sql += "UPDATE history SET by = 'mallory', prev_hash = '" + h.prev_hash + "', hash = '" +
           h.hash + "' WHERE id = " + std::to_string(h.id) + ";";
    prev = h.hash;
  }
  sql += "UPDATE history_head SET hash = '" + prev + "';";
  tamper(sql +
         "CREATE TRIGGER history_no_update BEFORE UPDATE ON history BEGIN SELECT "
         "RAISE(ABORT, 'history is append-only'); END;");
  EXPECT_TRUE(open().verify(std::nullopt)->ok()) << all(*open().verify(std::nullopt));
  const VerifyReport v = *open().verify(format_anchor(head));
  EXPECT_FALSE(v.ok());
  EXPECT_EQ(v.problems.back(), "history row 2 does not match the recorded head (" +
                                   format_anchor(head) + "): the history was rewritten");
  // A shortened hash (16 digits) is enough, and the bare hash too.
  EXPECT_FALSE(open().verify(head.hash.substr(0, 16))->ok());
  EXPECT_TRUE(open().verify(prev.substr(0, 16))->ok());
}

TEST_F(Integrity, AnchorsAreParsedStrictly) {
  EXPECT_EQ(parse_anchor("12:" + std::string(64, 'A'))->seq, 12);
  EXPECT_EQ(parse_anchor(std::string(16, 'f'))->seq, 0);
  EXPECT_FALSE(parse_anchor("12:xyz"));
  EXPECT_FALSE(parse_anchor("x:" + std::string(64, 'a')));
  EXPECT_FALSE(parse_anchor(std::string(15, 'a')));
}

TEST_F(Integrity, VerifyNamesEachLedgerEditedOutsideKeiyaku) {
  {
    Registry r = open();
    Vendor v;
    v.name = "A社";
    ASSERT_TRUE(r.add_vendor(v));
    Certificate c;
    c.vendor_id = 1;
    c.kind = CertKind::isms;
    c.number = "IS 1";
    c.valid_from = *parse_date("2025-04-01");
    c.valid_to = *parse_date("2028-03-31");
    ASSERT_TRUE(r.add_certificate(c));
    Account a;
    a.service = Service::x;
    a.handle = "koho";
    a.url = "https://x.com/koho";
    a.department = "広報課";
    a.owner = "山田";
    ASSERT_TRUE(r.add_account(a));
    Waiver w;
    w.contract.text = "a.docx";
    w.requirement_id = "OUT-09";
    w.reason = "r";
    w.approver = "部長";
    w.until = *parse_date("2026-09-30");
    ASSERT_TRUE(r.add_waiver(w));
    const VerifyReport ok = *r.verify(std::nullopt);
    EXPECT_TRUE(ok.ok()) << all(ok);
  }
  tamper(
      "UPDATE certificates SET valid_to = '2099-03-31' WHERE id = 1;"
      "UPDATE accounts SET owner = 'mallory' WHERE id = 1;"
      "UPDATE waivers SET until = '2099-12-31' WHERE id = 1;"
      "UPDATE vendors SET name = 'B社' WHERE id = 1;");
  const VerifyReport v = *open().verify(std::nullopt);
  ASSERT_EQ(v.problems.size(), 4U) << all(v);
  EXPECT_EQ(v.problems[0],
            "vendors row 1 differs from the history: name is 'B社' (the history says 'A社')");
  EXPECT_EQ(v.problems[1],
            "certificates row 1 differs from the history: valid_to is '2099-03-31' (the history "
            "says '2028-03-31')");
  EXPECT_EQ(
      v.problems[2],
      "accounts row 1 differs from the history: owner is 'mallory' (the history says '山田')");
  EXPECT_EQ(v.problems[3],
            "waivers row 1 differs from the history: until is '2099-12-31' (the history says "
            "'2026-09-30')");
}

// Schema 006: a review names the review of the earlier version it superseded; the link is in the
// review's history record, so an edit of it outside keiyaku is caught, and a review without one
// keeps the record it had before the migration.
TEST_F(Integrity, TheSupersededReviewIsRecordedAndAnEditOfTheLinkIsCaught) {
  int64_t first = 0;
  {
    Registry r = open();
    ReviewStore store(r);
    auto a = store.record(std::nullopt, {}, review_of("a.docx"));
    ASSERT_TRUE(a) << a.error().message;
    first = a->review_id;
    ReviewRecord next = review_of("a.docx");
    next.sha256 = std::string(64, 'b');
    next.supersedes = first;
    auto b = store.record(a->contract_id, {}, next);
    ASSERT_TRUE(b) << b.error().message;
    auto read = store.review(b->review_id);
    ASSERT_TRUE(read && *read);
    EXPECT_EQ((*read)->supersedes, first);
    EXPECT_FALSE((*store.review(first))->supersedes.has_value());
    EXPECT_FALSE(store.review(9999)->has_value());
    const auto history = r.history("review", b->review_id);
    ASSERT_EQ(history->size(), 1U);
    EXPECT_NE(history->front().after->find("\"supersedes\":" + std::to_string(first)), std::string::npos);
    EXPECT_EQ(r.history("review", first)->front().after->find("supersedes"), std::string::npos);
    EXPECT_TRUE(r.verify(std::nullopt)->ok()) << all(*r.verify(std::nullopt));
  }
  tamper("UPDATE reviews SET supersedes = NULL WHERE supersedes IS NOT NULL");
  Registry r = open();
  const VerifyReport v = *r.verify(std::nullopt);
  EXPECT_FALSE(v.ok());
  EXPECT_TRUE(has(v, "reviews row 2 differs from the history: supersedes is missing")) << all(v);
}

TEST_F(Integrity, TheMigrationToSupersededReviewsKeepsReviewsAndTheChain) {
  std::string head_before;
  {
    Registry r = open();
    ReviewStore store(r);
    ASSERT_TRUE(store.record(std::nullopt, {}, review_of("a.docx")));
    ASSERT_TRUE(store.record(std::nullopt, {}, review_of("b.docx")));
    head_before = format_anchor(*r.head());
  }
  // The registry as schema 005 left it: no link column (and no waiver text hash, which 007 adds).
  tamper("DROP INDEX reviews_supersedes; ALTER TABLE reviews DROP COLUMN supersedes; "
         "DROP INDEX waivers_sha256; ALTER TABLE waivers DROP COLUMN sha256; PRAGMA user_version = 5;");
  const int64_t hashes = count("SELECT count(*) FROM reviews WHERE content_hash <> ''");
  Registry r = open();
  EXPECT_EQ(*r.schema_version(), Registry::latest_schema_version());
  EXPECT_EQ(format_anchor(*r.head()), head_before);  // no history row written, none changed
  EXPECT_EQ(count("SELECT count(*) FROM reviews WHERE supersedes IS NULL"), 2);
  EXPECT_EQ(count("SELECT count(*) FROM reviews WHERE content_hash <> ''"), hashes);
  const VerifyReport v = *r.verify(std::nullopt);
  EXPECT_TRUE(v.ok()) << all(v);
  ReviewStore store(r);
  auto known = store.known_contracts();
  ASSERT_EQ(known->size(), 2U);
  EXPECT_TRUE(known->front().review_intact);
}
