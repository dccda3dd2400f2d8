#include <base/word_table.hpp>

#include <gtest/gtest.h>

#include <stdexcept>

using keiyaku::WordTable;

TEST(WordTable, ReadsCategoriesInFileOrder) {
  const WordTable t("t.tsv", "# comment\n\nfruit\tapple\nfruit\tpear\r\ncolour\tred\n");
  ASSERT_EQ(t.list("fruit").size(), 2U);
  EXPECT_EQ(t.list("fruit")[1], "pear");
  EXPECT_TRUE(t.is("colour", "red"));
  EXPECT_FALSE(t.is("colour", "apple"));
  EXPECT_EQ(t.find_in("fruit", "a pear tree"), "pear");
  EXPECT_EQ(t.find_in("fruit", "a plum"), "");
}

TEST(WordTable, MalformedRowsAndUnknownCategoriesNameTheFile) {
  try {
    const WordTable t("t.tsv", "fruit\tapple\nno tab here\n");
    FAIL();
  } catch (const std::logic_error& e) {
    EXPECT_STREQ(e.what(), "t.tsv:2: expected category<TAB>word[<TAB>value]");
  }
  const WordTable t("t.tsv", "fruit\tapple\n");
  EXPECT_THROW(t.list("veg"), std::logic_error);
  EXPECT_THROW(t.values("veg"), std::logic_error);
  EXPECT_THROW(WordTable("t.tsv", "fruit\tapple\tred\tround\n"), std::logic_error);
}

// A row may carry a value in a third column (dictionaries/grammar.tsv: ending, modality).
TEST(WordTable, ValuesRunBesideTheWords) {
  const WordTable t("t.tsv", "ending\tする\tobligation\nending\tない\tnegative\nlead\t次の\n");
  EXPECT_EQ(t.values("ending"), (std::vector<std::string>{"obligation", "negative"}));
  EXPECT_EQ(t.values("lead"), (std::vector<std::string>{""}));
}
