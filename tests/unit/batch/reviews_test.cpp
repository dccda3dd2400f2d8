// Review results in the registry (schema 002): contracts, reviews, findings, history.
#include <base/i18n.hpp>
#include <registry/registry.hpp>
#include <registry/reviews.hpp>

#include <gtest/gtest.h>

using namespace keiyaku;
using namespace keiyaku::registry;

namespace {

Registry open_memory() {
  set_ui_lang(Lang::en);
  OpenOptions o;
  o.path = ":memory:";
  o.by = "tester";
  o.clock = *parse_fixed_time("2026-04-01T09:00:00+09:00");
  auto r = Registry::open(o);
  EXPECT_TRUE(r) << (r ? "" : r.error().message);
  return std::move(r).value();
}

ReviewRecord review(const std::string& path, const std::string& sha_char) {
  ReviewRecord r;
  r.path = path;
  r.sha256 = std::string(64, sha_char[0]);
  r.catalog_version = "v1";
  r.options = "kind=auto tier=";
  r.tool_version = "0.1.0";
  r.kinds = {"outsourcing", "cloud"};
  r.clauses = 12;
  r.counts.must = 2;
  r.counts.satisfied = 1;
  r.counts.missing = 1;
  StoredFinding ok;
  ok.requirement_id = "OUT-08";
  ok.family = "outsourcing";
  ok.title = "守秘義務";
  ok.severity = "must";
  ok.status = "satisfied";
  ok.basis = {"総務省ガイドライン 8.1", "土浦市 6(8)"};
  ok.evidence = {{"第9条第2項", "乙は、秘密を漏らしてはならない。", 41}, {"特記事項第3条", "乙は、…", 90}};
  StoredFinding miss;
  miss.requirement_id = "OUT-14";
  miss.family = "outsourcing";
  miss.title = "公表";
  miss.severity = "must";
  miss.status = "missing";
  miss.suggestion = "乙は、…公表することができる。";
  r.findings = {ok, miss};
  r.risks = {{"RISK-01", {"第21条", "損害賠償の上限", 70}, "上限がある"}};
  r.file_risks = {{"DOCX-MACRO", "high", "macro", "word/vbaProject.bin"}};
  return r;
}

ContractFacts facts(const std::string& title) {
  ContractFacts f;
  f.title = title;
  f.body_term = "甲";
  f.vendor_term = "乙";
  f.body_name = "北浜市";
  f.vendor_name = "株式会社みなと";
  return f;
}

}  // namespace

TEST(ReviewStore, TheSchemaHasTheReviewTables) {
  Registry reg = open_memory();
  EXPECT_GE(*reg.schema_version(), 2);
  EXPECT_GE(Registry::latest_schema_version(), 2);
}

TEST(ReviewStore, RecordsAContractItsReviewAndEveryVerdict) {
  Registry reg = open_memory();
  ReviewStore store(reg);
  auto rec = store.record(std::nullopt, facts("業務委託契約書"), review("/c/a.docx", "a"));
  ASSERT_TRUE(rec) << rec.error().message;
  EXPECT_TRUE(rec->new_contract);
  auto latest = store.latest();
  ASSERT_TRUE(latest);
  ASSERT_EQ(latest->size(), 1U);
  const ContractReview& c = (*latest)[0];
  EXPECT_EQ(c.contract_id, rec->contract_id);
  EXPECT_EQ(c.path, "/c/a.docx");
  EXPECT_EQ(c.facts.title, "業務委託契約書");
  EXPECT_EQ(c.facts.vendor_name, "株式会社みなと");
  EXPECT_EQ(c.reviews, 1);
  EXPECT_EQ(c.review.reviewed_at, "2026-04-01T09:00:00+09:00");
  EXPECT_EQ(c.review.kinds, (std::vector<std::string>{"outsourcing", "cloud"}));
  EXPECT_EQ(c.review.counts.missing, 1);
  ASSERT_EQ(c.review.findings.size(), 2U);
  EXPECT_EQ(c.review.findings[0].requirement_id, "OUT-08");
  EXPECT_EQ(c.review.findings[0].basis, (std::vector<std::string>{"総務省ガイドライン 8.1", "土浦市 6(8)"}));
  ASSERT_EQ(c.review.findings[0].evidence.size(), 2U);
  EXPECT_EQ(c.review.findings[0].evidence[1].clause, "特記事項第3条");
  EXPECT_EQ(c.review.findings[0].evidence[0].paragraph, 41);
  EXPECT_TRUE(c.review.findings[1].evidence.empty());
  EXPECT_EQ(c.review.findings[1].suggestion, "乙は、…公表することができる。");
  ASSERT_EQ(c.review.risks.size(), 1U);
  EXPECT_EQ(c.review.risks[0].evidence.paragraph, 70);
  ASSERT_EQ(c.review.file_risks.size(), 1U);
  EXPECT_EQ(c.review.file_risks[0].detail, "word/vbaProject.bin");
  // The new contract is in the hash-chained history, and the database verifies.
  auto h = reg.history("contract", rec->contract_id);
  ASSERT_TRUE(h);
  ASSERT_EQ(h->size(), 1U);
  EXPECT_EQ((*h)[0].action, "add");
  EXPECT_TRUE(reg.verify(std::nullopt)->ok());
}

TEST(ReviewStore, HistoryOfReviewsIsKeptAndTheLatestIsReported) {
  Registry reg = open_memory();
  ReviewStore store(reg);
  const int64_t id = store.record(std::nullopt, facts("A"), review("/c/a.docx", "a"))->contract_id;
  ReviewRecord second = review("/c/a.docx", "b");  // the file changed
  second.findings[1].status = "satisfied";
  second.counts.missing = 0;
  second.counts.satisfied = 2;
  auto rec = store.record(id, facts("A (改訂)"), second);
  ASSERT_TRUE(rec);
  EXPECT_FALSE(rec->new_contract);
  EXPECT_EQ(rec->contract_id, id);
  auto all = store.reviews_of(id);
  ASSERT_TRUE(all);
  ASSERT_EQ(all->size(), 2U);
  EXPECT_EQ((*all)[0].sha256, std::string(64, 'a'));
  EXPECT_EQ((*all)[1].sha256, std::string(64, 'b'));
  const auto latest = store.latest();
  ASSERT_EQ(latest->size(), 1U);
  EXPECT_EQ((*latest)[0].reviews, 2);
  EXPECT_EQ((*latest)[0].sha256, std::string(64, 'b'));
  EXPECT_EQ((*latest)[0].facts.title, "A (改訂)");
  EXPECT_EQ((*latest)[0].review.findings[1].status, "satisfied");
  auto h = reg.history("contract", id);
  ASSERT_EQ(h->size(), 2U);
  EXPECT_EQ((*h)[1].action, "edit");
  EXPECT_TRUE(reg.verify(std::nullopt)->ok());
}

TEST(ReviewStore, KnownContractsCarryTheLatestReviewKey) {
  Registry reg = open_memory();
  ReviewStore store(reg);
  const int64_t a = store.record(std::nullopt, facts("A"), review("/c/a.docx", "a"))->contract_id;
  ReviewRecord failed;
  failed.path = "/c/broken.docx";
  failed.failed = true;
  failed.error = "/c/broken.docx: not a ZIP archive";
  failed.catalog_version = "v1";
  failed.options = "kind=auto tier=";
  const int64_t b = store.record(std::nullopt, {}, failed)->contract_id;
  auto known = store.known_contracts();
  ASSERT_TRUE(known);
  ASSERT_EQ(known->size(), 2U);
  EXPECT_EQ((*known)[0].id, a);
  EXPECT_EQ((*known)[0].sha256, std::string(64, 'a'));
  EXPECT_EQ((*known)[0].catalog_version, "v1");
  EXPECT_FALSE((*known)[0].review_failed);
  EXPECT_EQ((*known)[0].counts.missing, 1);
  EXPECT_EQ((*known)[0].title, "A");
  EXPECT_EQ((*known)[1].id, b);
  EXPECT_TRUE((*known)[1].review_failed);
  const auto latest = store.latest();
  ASSERT_EQ(latest->size(), 2U);
  EXPECT_FALSE((*latest)[0].review.failed);  // by path: /c/a.docx first
  EXPECT_TRUE((*latest)[1].review.failed);
  EXPECT_EQ((*latest)[1].review.error, "/c/broken.docx: not a ZIP archive");
  EXPECT_TRUE((*latest)[1].review.findings.empty());
}

TEST(ReviewStore, TouchMovesAContractWithAHistoryRow) {
  Registry reg = open_memory();
  ReviewStore store(reg);
  const int64_t id = store.record(std::nullopt, facts("A"), review("/c/a.docx", "a"))->contract_id;
  ASSERT_TRUE(store.touch(id, "/c/a.docx"));  // unchanged: nothing written
  EXPECT_EQ(reg.history("contract", id)->size(), 1U);
  ASSERT_TRUE(store.touch(id, "/archive/2026/a.docx"));
  EXPECT_EQ(store.known_contracts()->at(0).path, "/archive/2026/a.docx");
  EXPECT_EQ(reg.history("contract", id)->size(), 2U);
  EXPECT_FALSE(store.touch(id + 100, "/x.docx"));
}

TEST(ReviewStore, AVendorLinkShowsTheVendorsStatus) {
  Registry reg = open_memory();
  Vendor v;
  v.name = "株式会社みなと";
  const int64_t vid = reg.add_vendor(v)->id;
  ReviewStore store(reg);
  ContractFacts f = facts("A");
  f.vendor_id = vid;
  const int64_t id = store.record(std::nullopt, f, review("/c/a.docx", "a"))->contract_id;
  auto latest = store.latest();
  ASSERT_EQ(latest->size(), 1U);
  EXPECT_EQ((*latest)[0].vendor, "株式会社みなと");
  ASSERT_TRUE((*latest)[0].vendor_status);
  EXPECT_EQ((*latest)[0].vendor_status->status, VendorStatus::unverified);
  // A later review that finds no vendor keeps the link.
  ASSERT_TRUE(store.record(id, facts("A"), review("/c/a.docx", "b")));
  EXPECT_EQ(store.known_contracts()->at(0).vendor_id, std::optional<int64_t>(vid));
  EXPECT_EQ(reg.vendor_refs(vid)->contracts, 1);
}
