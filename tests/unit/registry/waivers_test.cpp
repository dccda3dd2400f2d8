// Waivers (例外承認) tied to the registered contract as well as to the text they were granted on
// (schema 007): they follow the contract to a version saved again, say which text they were
// granted on, never cover another contract, and the migration ties the waivers recorded before.

#include "support/temp_dir.hpp"

#include <base/i18n.hpp>
#include <registry/registry.hpp>
#include <registry/reviews.hpp>

#include <gtest/gtest.h>
#include <sqlite3.h>

#include <map>
#include <string>

using namespace keiyaku;
using namespace keiyaku::registry;

namespace {

const std::string k_first(64, 'a');   // the text the waiver is granted on
const std::string k_second(64, 'b');  // the same contract saved again
const std::string k_other(64, 'c');   // another contract

class Waivers : public ::testing::Test {
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

  void sql(const std::string& text) {
    sqlite3* db = nullptr;
    ASSERT_EQ(sqlite3_open(m_opts.path.c_str(), &db), SQLITE_OK);
    char* err = nullptr;
    const int rc = sqlite3_exec(db, text.c_str(), nullptr, nullptr, &err);
    const std::string msg = err != nullptr ? err : "";
    sqlite3_free(err);
    sqlite3_close(db);
    ASSERT_EQ(rc, SQLITE_OK) << msg;
  }

  static ReviewRecord review_of(const std::string& path, const std::string& sha256) {
    ReviewRecord r;
    r.path = path;
    r.sha256 = sha256;
    r.catalog_version = "c1";
    r.options = "kind=auto tier=";
    r.tool_version = "t";
    r.counts.must = 1;
    r.counts.contradicted = 1;
    StoredFinding f;
    f.requirement_id = "OUT-09";
    f.family = "outsourcing";
    f.title = "再委託の制限";
    f.severity = "must";
    f.status = "contradicted";
    r.findings = {f};
    return r;
  }

  static int64_t record(Registry& r, const std::string& path, const std::string& sha256) {
    ReviewStore store(r);
    auto rec = store.record(std::nullopt, {}, review_of(path, sha256));
    EXPECT_TRUE(rec) << rec.error().message;
    return rec ? rec->contract_id : 0;
  }

  static Waiver out09(const ContractRef& contract, const std::string& sha256) {
    Waiver w;
    w.contract = contract;
    w.sha256 = sha256;
    w.requirement_id = "OUT-09";
    w.reason = "再委託先は別紙で承認済み";
    w.approver = "情報政策課長";
    w.until = {2026, 9, 30};
    return w;
  }

  static std::string all(const VerifyReport& v) {
    std::string s;
    for (const std::string& p : v.problems) {
      s += p + "\n";
    }
    return s;
  }

  test::TempDir m_dir;
  OpenOptions m_opts;
};

}  // namespace

TEST_F(Waivers, AWaiverFollowsItsContractToAVersionSavedAgain) {
  Registry r = open();
  const int64_t id = record(r, "/k/a.docx", k_first);
  // As `keiyaku waive /k/a.docx` finds the contract: by the path batch recorded.
  auto found = r.contract_of_file("/k/a.docx", k_second);
  ASSERT_TRUE(found && *found);
  EXPECT_EQ((*found)->id, id);
  ASSERT_TRUE(r.add_waiver(out09(ContractRef{id, k_first}, k_first)));

  record(r, "/k/a.docx", k_second);  // the file saved again, with other bytes
  auto after = r.active_waivers(ContractRef{id, k_second}, {2026, 4, 2});
  ASSERT_TRUE(after) << after.error().message;
  ASSERT_EQ(after->size(), 1U);
  EXPECT_EQ(after->front().sha256, k_first);  // granted on the earlier text: the report says so
  EXPECT_EQ(after->front().contract.id, id);
  // Found by its text alone too (a copy of the first version elsewhere).
  EXPECT_EQ(r.active_waivers(ContractRef{std::nullopt, k_first}, {2026, 4, 2})->size(), 1U);
  // Without the contract, the new text is not covered: the tie to the contract is what carries it.
  EXPECT_TRUE(r.active_waivers(ContractRef{std::nullopt, k_second}, {2026, 4, 2})->empty());
  EXPECT_TRUE(r.verify(std::nullopt)->ok()) << all(*r.verify(std::nullopt));
}

TEST_F(Waivers, AWaiverOnAnotherContractDoesNotCoverThisOne) {
  Registry r = open();
  const int64_t a = record(r, "/k/a.docx", k_first);
  const int64_t b = record(r, "/k/b.docx", k_other);
  ASSERT_TRUE(r.add_waiver(out09(ContractRef{a, k_first}, k_first)));
  EXPECT_TRUE(r.active_waivers(ContractRef{b, k_other}, {2026, 4, 2})->empty());
  record(r, "/k/b.docx", k_second);  // b saved again: still not a's
  EXPECT_TRUE(r.active_waivers(ContractRef{b, k_second}, {2026, 4, 2})->empty());
  auto of_b = r.contract_of_file("/k/b.docx", k_first);  // its path decides, not a's old text
  ASSERT_TRUE(of_b && *of_b);
  EXPECT_EQ((*of_b)->id, b);
  EXPECT_EQ(r.active_waivers(ContractRef{a, k_first}, {2026, 4, 2})->size(), 1U);
}

TEST_F(Waivers, AWaiverOnATextNotYetRegisteredJoinsItsContractWhenBatchRecordsIt) {
  Registry r = open();
  auto none = r.contract_of_file("/k/a.docx", k_first);
  ASSERT_TRUE(none);
  EXPECT_FALSE(*none);
  auto added = r.add_waiver(out09(ContractRef{std::nullopt, k_first}, ""));
  ASSERT_TRUE(added) << added.error().message;
  EXPECT_EQ(added->sha256, k_first);  // the reference is the hash
  EXPECT_FALSE(added->contract.id);
  record(r, "/k/other.docx", k_other);  // another text: left alone
  EXPECT_FALSE(r.list_waivers()->front().contract.id);
  const int64_t id = record(r, "/k/a.docx", k_first);
  EXPECT_EQ(r.list_waivers()->front().contract.id, id);
  auto h = r.history("waiver", added->id);
  ASSERT_EQ(h->size(), 2U);
  EXPECT_EQ(h->back().action, "link");
  record(r, "/k/a.docx", k_second);
  EXPECT_EQ(r.active_waivers(ContractRef{id, k_second}, {2026, 4, 2})->size(), 1U);
  EXPECT_TRUE(r.verify(std::nullopt)->ok()) << all(*r.verify(std::nullopt));
}

TEST_F(Waivers, AWaiverByContractIdTakesTheTextLastReviewed) {
  Registry r = open();
  const int64_t id = record(r, "/k/a.docx", k_first);
  auto added = r.add_waiver(out09(ContractRef{id, ""}, ""));
  ASSERT_TRUE(added) << added.error().message;
  EXPECT_EQ(added->sha256, k_first);
  EXPECT_EQ(added->contract.text, "/k/a.docx");
  EXPECT_EQ(r.add_waiver(out09(ContractRef{id, ""}, "xyz")).error().message, "not a SHA-256: xyz");
}

TEST_F(Waivers, TheMigrationTiesTheWaiversRecordedBefore) {
  m_opts.migrate = AutoMigrate::no;
  {
    Registry r = open();
    ASSERT_EQ(r.migrate(5)->to, 5);
    for (const char* path : {"/k/a.docx", "/k/b.docx", "/k/c.docx", "/k/d.docx"}) {
      Contract c;
      c.path = path;
      ASSERT_TRUE(r.add_contract(c));
    }
  }
  // Reviews as schema 5 kept them (this keiyaku writes the columns of the latest schema only); the
  // same text at c and d, so that a waiver on it is tied to neither.
  std::string reviews;
  const std::pair<int, std::string> texts[] = {{1, k_first}, {2, k_other}, {3, k_second}, {4, k_second}};
  for (const auto& [id, sha] : texts) {
    reviews += std::string(reviews.empty() ? "" : ",") + "(" + std::to_string(id) +
               ", '2026-03-01T09:00:00+09:00', 'p', '" + sha + "', 'c', 'o', 'v', 'ok')";
  }
  sql("INSERT INTO reviews (contract_id, reviewed_at, path, sha256, catalog_version, options, "
      "tool_version, outcome) VALUES " + reviews + ";");
  // Waivers as schema 5 kept them: by hash (any case), by contract id, by a free reference.
  std::string upper = k_first;
  for (char& c : upper) {
    c = static_cast<char>(c - 'a' + 'A');
  }
  sql("INSERT INTO waivers (contract_id, contract_ref, requirement_id, reason, approver, until, "
      "created_at, created_by) VALUES "
      "(NULL, '" + upper + "', 'OUT-09', 'r', 'a', '2026-09-30', '2026-04-01T09:00:00+09:00', 'x'),"
      "(2, '/k/b.docx', 'OUT-09', 'r', 'a', '2026-09-30', '2026-04-01T09:00:00+09:00', 'x'),"
      "(NULL, '第13号', 'OUT-09', 'r', 'a', '2026-09-30', '2026-04-01T09:00:00+09:00', 'x'),"
      "(NULL, '" + k_second + "', 'OUT-09', 'r', 'a', '2026-09-30', '2026-04-01T09:00:00+09:00', 'x');");
  m_opts.migrate = AutoMigrate::yes;
  Registry r = open();
  EXPECT_EQ(*r.schema_version(), Registry::latest_schema_version());
  auto ws = r.list_waivers();
  ASSERT_TRUE(ws);
  ASSERT_EQ(ws->size(), 4U);
  std::map<std::string, Waiver> by_ref;
  for (const Waiver& w : *ws) {
    by_ref[w.contract.text] = w;
  }
  EXPECT_EQ(by_ref[upper].sha256, k_first);
  EXPECT_EQ(by_ref[upper].contract.id, std::optional<int64_t>(1));
  EXPECT_EQ(by_ref["/k/b.docx"].sha256, k_other);
  EXPECT_EQ(by_ref["/k/b.docx"].contract.id, std::optional<int64_t>(2));
  EXPECT_EQ(by_ref["第13号"].sha256, "");
  EXPECT_FALSE(by_ref["第13号"].contract.id);
  EXPECT_EQ(by_ref[k_second].sha256, k_second);
  EXPECT_FALSE(by_ref[k_second].contract.id);  // two contracts had that text
  for (const Waiver& w : *ws) {
    auto h = r.history("waiver", w.id);
    ASSERT_FALSE(h->empty());
    EXPECT_EQ(h->back().action, "link");
  }
  // Every waiver now matches the last row of its history, and the chain holds (the reviews put in
  // above by hand are not in it: only they are named).
  const VerifyReport v = *r.verify(std::nullopt);
  for (const std::string& p : v.problems) {
    EXPECT_EQ(p.rfind("reviews row", 0), 0U) << all(v);
  }
  // The tied waiver now follows contract 1 to its next version.
  const std::string next(64, 'd');
  record(r, "/k/a.docx", next);
  EXPECT_EQ(r.active_waivers(ContractRef{1, next}, {2026, 4, 2})->size(), 1U);
}
