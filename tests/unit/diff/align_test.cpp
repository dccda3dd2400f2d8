#include <diff/align.hpp>

#include <gtest/gtest.h>

namespace keiyaku::diff {
namespace {

// Articles as (unit reference, paragraphs): 第N条 with its 項 cited 第N条第M項 from the second on.
using Article = std::pair<std::string, std::vector<std::string>>;

std::vector<core::Clause> clauses(const std::vector<Article>& articles) {
  std::vector<core::Clause> out;
  int unit = 0;
  for (const auto& [ref, paragraphs] : articles) {
    for (size_t p = 0; p < paragraphs.size(); ++p) {
      core::Clause c;
      c.unit = unit;
      c.unit_ref = ref;
      c.ref = p == 0 ? ref : ref + "第" + std::to_string(p + 1) + "項";
      c.text = paragraphs[p];
      c.original = paragraphs[p];
      c.paragraph = static_cast<int>(out.size());
      out.push_back(c);
    }
    ++unit;
  }
  return out;
}

const std::string k_purpose = "この契約は、甲が乙に委託する住民情報システムの運用保守業務について必要な事項を定める。";
const std::string k_secret = "乙は、本業務の履行に当たり知り得た秘密を第三者に漏らしてはならない。本業務の終了後も同様とする。";
const std::string k_sub = "乙は、本業務の一部を第三者に委託しようとするときは、あらかじめ甲の書面による承認を得なければならない。";
const std::string k_sub2 = "乙は、再委託先の行為について、甲に対しすべての責任を負うものとする。";
const std::string k_accident = "乙は、個人情報の漏えい等の事故が発生したときは、直ちに甲に報告し、その指示に従わなければならない。";
const std::string k_audit = "甲は、必要があると認めるときは、乙の事業所に立ち入り、本業務の実施状況を検査することができる。";

struct Line {
  std::string old_ref;
  std::string new_ref;
  UnitChange change;
  bool renumbered;
  bool moved;
};

std::vector<Line> lines(const Alignment& al) {
  std::vector<Line> out;
  for (const UnitPair& p : al.pairs) {
    out.push_back({p.old_unit >= 0 ? al.old_units[static_cast<size_t>(p.old_unit)].ref : "",
                   p.new_unit >= 0 ? al.new_units[static_cast<size_t>(p.new_unit)].ref : "", p.change, p.renumbered,
                   p.moved});
  }
  return out;
}

void expect_lines(const Alignment& al, const std::vector<Line>& want) {
  const std::vector<Line> got = lines(al);
  ASSERT_EQ(got.size(), want.size());
  for (size_t i = 0; i < want.size(); ++i) {
    EXPECT_EQ(got[i].old_ref, want[i].old_ref) << i;
    EXPECT_EQ(got[i].new_ref, want[i].new_ref) << i;
    EXPECT_EQ(unit_change_name(got[i].change), std::string(unit_change_name(want[i].change))) << i;
    EXPECT_EQ(got[i].renumbered, want[i].renumbered) << i;
    EXPECT_EQ(got[i].moved, want[i].moved) << i;
  }
}

TEST(Align, AnInsertedArticleRenumbersTheOnesAfterIt) {
  const auto old_c = clauses({{"第1条", {k_purpose}}, {"第2条", {k_secret}}, {"第3条", {k_sub, k_sub2}}});
  const auto new_c = clauses({{"第1条", {k_purpose}}, {"第2条", {k_audit}}, {"第3条", {k_secret}},
                              {"第4条", {k_sub, k_sub2}}});
  const Alignment al = align(old_c, new_c);
  expect_lines(al, {{"第1条", "第1条", UnitChange::same, false, false},
                    {"", "第2条", UnitChange::inserted, false, false},
                    {"第2条", "第3条", UnitChange::same, true, false},
                    {"第3条", "第4条", UnitChange::same, true, false}});
  // 第3条第2項 is now 第4条第2項.
  EXPECT_EQ(new_c[static_cast<size_t>(al.old_to_new_clause[3])].ref, "第4条第2項");
  EXPECT_EQ(al.new_to_old_clause[1], -1);
}

TEST(Align, AMovedDeletedAndModifiedArticle) {
  const auto old_c = clauses({{"第1条", {k_purpose}}, {"第2条", {k_secret}}, {"第3条", {k_sub, k_sub2}},
                              {"第4条", {k_accident}}, {"第5条", {k_audit}}});
  std::string weakened = k_sub;
  weakened.replace(weakened.find("あらかじめ甲の書面による承認を得"), std::string("あらかじめ甲の書面による承認を得").size(),
                   "事前に甲に通知し");
  const auto new_c = clauses({{"第1条", {k_purpose}}, {"第2条", {k_accident}}, {"第3条", {k_secret}},
                              {"第4条", {weakened, k_sub2}}});
  const Alignment al = align(old_c, new_c);
  expect_lines(al, {{"第1条", "第1条", UnitChange::same, false, false},
                    {"第4条", "第2条", UnitChange::same, true, true},
                    {"第2条", "第3条", UnitChange::same, true, false},
                    {"第3条", "第4条", UnitChange::modified, true, false},
                    {"第5条", "", UnitChange::deleted, false, false}});
  EXPECT_EQ(al.old_to_new_clause[2], 3);  // 第3条 (weakened) is 第4条
  EXPECT_EQ(al.old_to_new_clause[3], 4);  // 第3条第2項 is 第4条第2項
  EXPECT_EQ(al.old_to_new_clause[5], -1);
}

TEST(Align, AnArticleSplitInTwoAndTwoMergedIntoOne) {
  const auto old_c = clauses({{"第1条", {k_purpose}}, {"第2条", {k_sub, k_sub2}}, {"第3条", {k_secret}},
                              {"第4条", {k_accident}}});
  const auto new_c = clauses({{"第1条", {k_purpose}}, {"第2条", {k_sub}}, {"第3条", {k_sub2}},
                              {"第4条", {k_secret, k_accident}}});
  const Alignment al = align(old_c, new_c);
  ASSERT_EQ(al.pairs.size(), 4U);
  EXPECT_EQ(al.pairs[1].change, UnitChange::split);
  EXPECT_EQ(al.pairs[1].others, std::vector<int>{2});
  EXPECT_EQ(al.pairs[2].change, UnitChange::split);  // the further part
  EXPECT_EQ(al.pairs[2].old_unit, 1);
  EXPECT_EQ(al.pairs[3].change, UnitChange::merged);
  EXPECT_EQ(al.pairs[3].others.size(), 1U);
  // Each paragraph still finds itself: old 第2条第2項 is new 第3条, old 第4条 is new 第4条第2項.
  EXPECT_EQ(new_c[static_cast<size_t>(al.old_to_new_clause[2])].ref, "第3条");
  EXPECT_EQ(new_c[static_cast<size_t>(al.old_to_new_clause[4])].ref, "第4条第2項");
}

TEST(Align, AgainstAnEmptyVersionEverythingIsInsertedOrDeleted) {
  const auto some = clauses({{"第1条", {k_purpose}}, {"第2条", {k_secret, k_sub}}});
  const Alignment added = align({}, some);
  expect_lines(added, {{"", "第1条", UnitChange::inserted, false, false}, {"", "第2条", UnitChange::inserted, false, false}});
  EXPECT_EQ(added.new_to_old_clause, (std::vector<int>{-1, -1, -1}));
  const Alignment removed = align(some, {});
  expect_lines(removed, {{"第1条", "", UnitChange::deleted, false, false}, {"第2条", "", UnitChange::deleted, false, false}});
  EXPECT_TRUE(align({}, {}).pairs.empty());
}

TEST(Align, SimilarityOfTexts) {
  EXPECT_DOUBLE_EQ(similarity(k_secret, k_secret), 1.0);
  EXPECT_LT(similarity(k_secret, k_audit), 0.3);
  EXPECT_GT(similarity(k_sub, "乙は、本業務の一部を第三者に委託しようとするときは、事前に甲に通知しなければならない。"), 0.6);
}

}  // namespace
}  // namespace keiyaku::diff
