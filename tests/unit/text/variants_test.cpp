#include <base/file.hpp>
#include <gtest/gtest.h>
#include <support/temp_dir.hpp>
#include <text/normalize.hpp>
#include <text/variants.hpp>

#include <string>

namespace keiyaku::text {
namespace {

using detail::parse_variants;

std::string source_table() {
  auto tsv = file::read(test::source_dir() + "/dictionaries/variants.tsv");
  EXPECT_TRUE(tsv.has_value());
  return tsv ? *tsv : std::string();
}

TEST(Variants, SourceTableParses) {
  auto rows = parse_variants(source_table(), "variants.tsv");
  ASSERT_TRUE(rows.has_value()) << format_error(rows.error());
  EXPECT_GT(rows->size(), 100U);
}

TEST(Variants, EmbeddedTableIsTheSourceTable) {
  auto rows = parse_variants(source_table(), "variants.tsv");
  ASSERT_TRUE(rows.has_value());
  const auto& builtin = detail::builtin_variants().rows();
  ASSERT_EQ(builtin.size(), rows->size());
  for (size_t i = 0; i < builtin.size(); ++i) {
    EXPECT_EQ(builtin[i].line, (*rows)[i].line);
    EXPECT_EQ(builtin[i].canonical, fold((*rows)[i].canonical));
  }
}

TEST(Variants, EveryRowFoldsToItsCanonicalForm) {
  auto rows = parse_variants(source_table(), "variants.tsv");
  ASSERT_TRUE(rows.has_value());
  for (const auto& row : *rows) {
    SCOPED_TRACE("variants.tsv:" + std::to_string(row.line) + ": " + row.variant);
    EXPECT_EQ(fold(row.variant), row.canonical);
    // Canonical forms are fixed points: folding twice changes nothing.
    EXPECT_EQ(fold(row.canonical), row.canonical);
  }
}

TEST(Variants, KeepsWordsThatAreNotSpellingVariants) {
  auto rows = parse_variants(source_table(), "variants.tsv");
  ASSERT_TRUE(rows.has_value());
  for (const auto& row : *rows) {
    for (const char* word : {"返却", "返還", "規程", "規定", "破棄", "廃棄", "承諾", "承認"}) {
      EXPECT_NE(row.variant, word) << "line " << row.line;
    }
  }
}

TEST(Variants, RowsThatCanCompleteAnotherVariantAreMarked) {
  auto flag = [](std::string_view variant) {
    for (const auto& row : detail::builtin_variants().rows()) {
      if (row.variant == variant) {
        return row.may_chain ? 1 : 0;
      }
    }
    return -1;
  };
  EXPECT_EQ(flag("但し"), 1);            // ただし + 書き
  EXPECT_EQ(flag("セキュリティー"), 1);  // セキュリティ + ・ポリシー
  EXPECT_EQ(flag("または"), 0);
  EXPECT_EQ(flag("取り扱い"), 0);
  EXPECT_EQ(flag("漏洩"), 0);
  EXPECT_EQ(flag("取扱い"), 0);  // identity rows never chain
}

TEST(Variants, ParseErrorsNameTheLine) {
  auto missing_tab = parse_variants("# comment\n\nまたは 又は\n", "v.tsv");
  ASSERT_FALSE(missing_tab.has_value());
  EXPECT_EQ(format_error(missing_tab.error()),
            "v.tsv:3:1: expected two columns separated by one tab\n  または 又は\n  ^");
  auto three = parse_variants("a\tb\tc\n", "v.tsv");
  ASSERT_FALSE(three.has_value());
  EXPECT_EQ(three.error().where->line, 1);
  auto empty = parse_variants("\tb\n", "v.tsv");
  ASSERT_FALSE(empty.has_value());
  EXPECT_EQ(empty.error().message, "empty column");
  auto duplicate = parse_variants("a\tb\nx\ty\na\tc\n", "v.tsv");
  ASSERT_FALSE(duplicate.has_value());
  EXPECT_EQ(duplicate.error().message, "duplicate variant 'a' (first on line 1)");
  EXPECT_EQ(duplicate.error().where->line, 3);
  auto crlf = parse_variants("a\tb\r\n", "v.tsv");
  ASSERT_TRUE(crlf.has_value());
  EXPECT_EQ((*crlf)[0].canonical, "b");
}

TEST(Variants, TableMatchesLongestFirst) {
  std::vector<detail::Variant> rows = {{"取扱", "取扱い", 1}, {"取扱い", "取扱い", 2}};
  const detail::VariantTable table(std::move(rows));
  const std::string text = "の取扱いと取扱事務";
  const detail::Variant* first = table.match(text, 3, U'取', 3);
  ASSERT_NE(first, nullptr);
  EXPECT_EQ(first->line, 2);
  const detail::Variant* second = table.match(text, text.find("取扱事務"), U'取', 3);
  ASSERT_NE(second, nullptr);
  EXPECT_EQ(second->line, 1);
  EXPECT_EQ(table.match(text, 0, U'の', 3), nullptr);
}

}  // namespace
}  // namespace keiyaku::text
