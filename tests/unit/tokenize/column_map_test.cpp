#include <base/file.hpp>
#include <gtest/gtest.h>
#include <support/temp_dir.hpp>
#include <tokenize/column_map.hpp>

#include <algorithm>
#include <array>

namespace keiyaku::tokenize::detail {
namespace {

TEST(ColumnMap, IpadicMapFromTheSourceTree) {
  auto text = file::read(test::source_dir() + "/dictionaries/ipadic.map");
  ASSERT_TRUE(text.has_value());
  auto map = parse_column_map(*text, "ipadic.map");
  ASSERT_TRUE(map.has_value()) << format_error(map.error());
  EXPECT_EQ(map->name, "ipadic");
  EXPECT_EQ(map->columns, 9U);
  EXPECT_EQ(map->pos_first, 0U);
  EXPECT_EQ(map->pos_last, 3U);
  EXPECT_EQ(map->conjugation, 5);
  EXPECT_EQ(map->lemma, 6);
  EXPECT_EQ(map->reading, 7);
  // The embedded copy is the same file.
  EXPECT_EQ(ipadic_column_map().lemma, map->lemma);
  EXPECT_EQ(ipadic_column_map().coarse.size(), map->coarse.size());
}

core::Pos coarse(std::vector<std::string_view> pos) {
  return ipadic_column_map().coarse_pos(pos.data(), pos.size());
}

TEST(ColumnMap, CoarsePartsOfSpeech) {
  EXPECT_EQ(coarse({"名詞", "サ変接続", "*", "*"}), core::Pos::noun);
  EXPECT_EQ(coarse({"名詞", "接尾", "一般", "*"}), core::Pos::suffix);
  EXPECT_EQ(coarse({"動詞", "非自立", "*", "*"}), core::Pos::verb);
  EXPECT_EQ(coarse({"助動詞", "*", "*", "*"}), core::Pos::auxiliary);
  EXPECT_EQ(coarse({"接頭詞", "名詞接続", "*", "*"}), core::Pos::prefix);
  EXPECT_EQ(coarse({"記号", "句点", "*", "*"}), core::Pos::symbol);
  EXPECT_EQ(coarse({"接続詞", "*", "*", "*"}), core::Pos::other);
  EXPECT_EQ(coarse({}), core::Pos::other);
}

TEST(ColumnMap, ErrorsNameTheLine) {
  auto bad_key = parse_column_map("columns = 9\npos = 0-3\nlema = 6\n", "x.map");
  ASSERT_FALSE(bad_key.has_value());
  EXPECT_EQ(format_error(bad_key.error()), "x.map:3:1: unknown key 'lema'\n  lema = 6\n  ^");
  auto no_eq = parse_column_map("columns 9\n", "x.map");
  ASSERT_FALSE(no_eq.has_value());
  EXPECT_EQ(no_eq.error().message, "expected 'key = value'");
  auto range = parse_column_map("columns = 9\npos = 3-1\nlemma = 6\n", "x.map");
  ASSERT_FALSE(range.has_value());
  EXPECT_EQ(range.error().where->line, 2);
  auto beyond = parse_column_map("columns = 7\npos = 0-3\nlemma = 6\nreading = 7\n", "x.map");
  ASSERT_FALSE(beyond.has_value());
  EXPECT_EQ(beyond.error().message, "column 7 is beyond 'columns' (7)");
  auto missing = parse_column_map("name = x\n", "x.map");
  ASSERT_FALSE(missing.has_value());
  auto coarse = parse_column_map("columns = 9\npos = 0-3\nlemma = 6\ncoarse.nown = 名詞\n", "x.map");
  ASSERT_FALSE(coarse.has_value());
  EXPECT_EQ(coarse.error().message, "unknown coarse part of speech 'nown'");
}

TEST(ColumnMap, SplitFeature) {
  std::array<std::string_view, 16> col{};
  ASSERT_EQ(split_feature(std::string_view("名詞,サ変接続,*,*,*,*,再委託,サイイタク,サイイタク"), col.data(),
                          col.size()),
            9U);
  EXPECT_EQ(col[0], "名詞");
  EXPECT_EQ(col[6], "再委託");
  EXPECT_EQ(col[8], "サイイタク");
  ASSERT_EQ(split_feature(std::string_view("記号,一般,*,*,*,*,\",\",*"), col.data(), col.size()), 8U);
  EXPECT_EQ(col[6], ",");
  ASSERT_EQ(split_feature(std::string_view("a,,b,"), col.data(), col.size()), 4U);
  EXPECT_EQ(col[1], "");
  EXPECT_EQ(col[3], "");
  EXPECT_EQ(split_feature(std::string_view("a,b,c"), col.data(), 2), 2U);
  EXPECT_EQ(split_feature(std::string_view(), col.data(), col.size()), 1U);
}

TEST(ColumnMap, SplitNulTerminatedFeatureMatches) {
  for (const char* f : {"名詞,サ変接続,*,*,*,*,再委託,サイイタク,サイイタク", "記号,一般,*,*,*,*,\",\",*",
                        "a,,b,", "", "\"x,y\"", "\"unterminated,z", "one"}) {
    std::array<std::string_view, 16> a{};
    std::array<std::string_view, 16> b{};
    const size_t na = split_feature(std::string_view(f), a.data(), a.size());
    const size_t nb = split_feature(f, b.data(), b.size());
    ASSERT_EQ(na, nb) << f;
    for (size_t i = 0; i < na; ++i) {
      EXPECT_EQ(a[i], b[i]) << f << " column " << i;
    }
    // Reading fewer columns gives a prefix of them.
    const size_t nc = split_feature(f, b.data(), 2);
    EXPECT_EQ(nc, std::min<size_t>(na, 2)) << f;
  }
  EXPECT_EQ(needed_columns(ipadic_column_map()), 8U);
}

}  // namespace
}  // namespace keiyaku::tokenize::detail
