// New versions of a contract: which stored contract a file is a version of, and what it lost
// against the review it supersedes (core::compare_verdicts on stored verdicts).
#include <base/i18n.hpp>
#include <batch/versions.hpp>

#include <gtest/gtest.h>

using namespace keiyaku;

namespace {

registry::StoredFinding finding(const std::string& id, const std::string& severity, const std::string& status,
                                const std::string& clause = "", const std::string& text = "") {
  registry::StoredFinding f;
  f.requirement_id = id;
  f.title = "title of " + id;
  f.severity = severity;
  f.status = status;
  if (!clause.empty()) {
    f.evidence.push_back({clause, text, 3});
  }
  return f;
}

}  // namespace

TEST(Versions, OnlyRegressionsAreListedMustFirstWithTheClauseOnEachSide) {
  registry::ReviewRecord before;
  before.id = 7;
  before.path = "docs/a.docx";
  before.findings = {finding("OUT-08", "must", "satisfied", "第2条", "秘密"),
                     finding("OUT-09", "must", "satisfied", "第3条第2項", "承諾を得る"),
                     finding("OUT-11", "should", "weak", "第5条", "努める"),
                     finding("OUT-12", "should", "not_applicable"),
                     finding("OUT-14", "must", "missing"),
                     finding("OUT-20", "must", "weak", "第9条", "gone")};
  registry::ReviewRecord after;
  after.findings = {finding("OUT-08", "must", "satisfied", "第2条", "秘密（改）"),  // text only
                    finding("OUT-09", "must", "weak", "第3条", "一括して"),       // worse
                    finding("OUT-11", "should", "contradicted", "第5条", "できる"),  // worse
                    finding("OUT-12", "should", "missing"),                       // applies now, not met
                    finding("OUT-14", "must", "satisfied", "第7条", "公表")};    // better
  const report::PreviousVersion p = batch::compare_versions(before, after);
  EXPECT_EQ(p.review_id, 7);
  EXPECT_EQ(p.path, "docs/a.docx");
  std::vector<std::string> ids;
  for (const report::VersionRegression& g : p.regressions) {
    ids.push_back(g.id);
  }
  // OUT-20 (only in the old review: no longer checked) is a change of applicability, not listed.
  EXPECT_EQ(ids, (std::vector<std::string>{"OUT-09", "OUT-11", "OUT-12"}));
  const report::VersionRegression& g = p.regressions[0];
  EXPECT_EQ(g.title, "title of OUT-09");
  EXPECT_EQ(g.before.status, core::Status::satisfied);
  EXPECT_EQ(g.before.clause, "第3条第2項");
  EXPECT_EQ(g.before.text, "承諾を得る");
  EXPECT_EQ(g.after.status, core::Status::weak);
  EXPECT_EQ(g.after.clause, "第3条");
  EXPECT_EQ(p.regressions[2].before.status, core::Status::not_applicable);
  EXPECT_TRUE(p.regressions[2].before.clause.empty());
}

TEST(Versions, TheSameTitleAndVendorByRegisteredVendorOrByName) {
  registry::KnownContract k;
  k.title = "業務委託契約書";
  k.vendor_name = "株式会社ミナモ情報システム";
  registry::ContractFacts f;
  f.title = "業務委託契約書";
  f.vendor_name = "株式会社ミナモ情報システム";
  EXPECT_TRUE(batch::same_title_and_vendor(k, f));
  f.title = "保守業務委託契約書";
  EXPECT_FALSE(batch::same_title_and_vendor(k, f));
  f.title = k.title;
  f.vendor_name = "株式会社ミナト";
  EXPECT_FALSE(batch::same_title_and_vendor(k, f));
  // Both linked: the registered vendor decides, whatever the name as written.
  k.vendor_id = 4;
  f.vendor_id = 4;
  EXPECT_TRUE(batch::same_title_and_vendor(k, f));
  f.vendor_id = 5;
  f.vendor_name = k.vendor_name;
  EXPECT_FALSE(batch::same_title_and_vendor(k, f));
  // No vendor named on either side, or no title: never the same contract.
  registry::KnownContract blank;
  blank.title = "業務委託契約書";
  registry::ContractFacts unnamed;
  unnamed.title = "業務委託契約書";
  EXPECT_FALSE(batch::same_title_and_vendor(blank, unnamed));
  registry::KnownContract untitled;
  untitled.vendor_name = "x";
  registry::ContractFacts untitled_facts;
  untitled_facts.vendor_name = "x";
  EXPECT_FALSE(batch::same_title_and_vendor(untitled, untitled_facts));
}

TEST(Versions, SameFolder) {
  EXPECT_TRUE(batch::same_folder("docs/a.docx", "docs/b.docx"));
  EXPECT_FALSE(batch::same_folder("docs/a.docx", "docs/old/a.docx"));
  EXPECT_TRUE(batch::same_folder("a.docx", "b.docx"));
}

TEST(Versions, SimilarLengthIsWithinTwiceEitherWay) {
  EXPECT_TRUE(batch::similar_length(1000, 1000));
  EXPECT_TRUE(batch::similar_length(1000, 2000));
  EXPECT_TRUE(batch::similar_length(2000, 1000));
  EXPECT_FALSE(batch::similar_length(1000, 2001));
  EXPECT_FALSE(batch::similar_length(2001, 1000));
  EXPECT_FALSE(batch::similar_length(0, 0));  // nothing read: no version of anything
}

namespace {

registry::StoredRisk risk(const std::string& id,
                          const std::string& clause,
                          const std::string& text) {
  return {id, {clause, text, 5}, "message of " + id};
}

}  // namespace

// Risk clauses compared without the documents: the same risk in the clause of the same number, or
// with much the same sentence under another number, is kept; the rest is added or removed.
TEST(Versions, RiskClausesAddedOrRemovedAreListedAndAnAddedOneMakesTheVersionWorse) {
  registry::ReviewRecord before;
  before.findings = {finding("OUT-09", "must", "satisfied", "第3条", "承諾を得る")};
  before.risks = {
      risk("RISK-01", "第4条", "乙の賠償責任は、委託料の額を上限とする。"),
      risk("RISK-09", "第6条", "乙は、本業務の一部を自由に第三者に委託することができる。"),
      risk("RISK-03", "第8条", "乙は、甲のデータを統計の作成に利用することができる。")};
  registry::ReviewRecord after;
  after.findings = before.findings;
  after.risks = {
      risk("RISK-01", "第4条",
           "乙の賠償責任は、通常かつ直接の損害に限るものとする。"),  // same clause
      risk("RISK-09", "第7条",
           "乙は、本業務の一部を自由に第三者に委託することができる。"),  // renumbered
      risk("RISK-12", "第9条", "乙は、契約の終了後も甲のデータを保管することができる。")};
  report::PreviousVersion p = batch::compare_versions(before, after);
  EXPECT_TRUE(p.regressions.empty());
  ASSERT_EQ(p.risks.size(), 2U);
  EXPECT_EQ(p.risks[0].id, "RISK-12");
  EXPECT_TRUE(p.risks[0].added);
  EXPECT_EQ(p.risks[0].evidence.clause, "第9条");
  EXPECT_EQ(p.risks[0].message, "message of RISK-12");
  EXPECT_EQ(p.risks[1].id, "RISK-03");
  EXPECT_FALSE(p.risks[1].added);
  EXPECT_EQ(p.risks[1].evidence.clause, "第8条");
  EXPECT_TRUE(p.worse());
  EXPECT_TRUE(p.changed());

  // Only one taken out: a change to show, but nothing worse.
  after.risks.pop_back();
  p = batch::compare_versions(before, after);
  ASSERT_EQ(p.risks.size(), 1U);
  EXPECT_FALSE(p.risks[0].added);
  EXPECT_FALSE(p.worse());
  EXPECT_TRUE(p.changed());

  // The same risks in the same places: nothing.
  p = batch::compare_versions(before, before);
  EXPECT_TRUE(p.risks.empty());
  EXPECT_FALSE(p.changed());
}
