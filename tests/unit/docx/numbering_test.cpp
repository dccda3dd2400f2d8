#include <docx/number_format.hpp>
#include <docx/symbols.hpp>

#include <gtest/gtest.h>

using keiyaku::docx::format_number;

TEST(NumberFormat, JapaneseCounting) {
  const std::pair<int, const char*> cases[] = {{1, "一"},       {9, "九"},
                                               {10, "十"},      {11, "十一"},
                                               {12, "十二"},    {20, "二十"},
                                               {99, "九十九"},  {100, "百"},
                                               {101, "百一"},   {110, "百十"},
                                               {1000, "千"},    {2024, "二千二十四"},
                                               {10000, "一万"}, {12345, "一万二千三百四十五"},
                                               {0, "〇"}};
  for (const auto& [n, want] : cases) {
    EXPECT_EQ(format_number(n, "japaneseCounting"), want) << n;
  }
}

TEST(NumberFormat, DigitsAndJapaneseSeries) {
  EXPECT_EQ(format_number(12, "decimal"), "12");
  EXPECT_EQ(format_number(12, "decimalFullWidth"), "１２");
  EXPECT_EQ(format_number(5, "decimalZero"), "05");
  EXPECT_EQ(format_number(1, "aiueoFullWidth"), "ア");
  EXPECT_EQ(format_number(2, "aiueoFullWidth"), "イ");
  EXPECT_EQ(format_number(46, "aiueoFullWidth"), "ン");
  EXPECT_EQ(format_number(47, "aiueoFullWidth"), "ア");
  EXPECT_EQ(format_number(1, "aiueo"), "ｱ");
  EXPECT_EQ(format_number(1, "irohaFullWidth"), "イ");
  EXPECT_EQ(format_number(2, "irohaFullWidth"), "ロ");
  EXPECT_EQ(format_number(3, "irohaFullWidth"), "ハ");
  EXPECT_EQ(format_number(1, "decimalEnclosedCircle"), "①");
  EXPECT_EQ(format_number(20, "decimalEnclosedCircle"), "⑳");
  EXPECT_EQ(format_number(21, "decimalEnclosedCircle"), "21");
  EXPECT_EQ(format_number(3, "decimalEnclosedParen"), "⑶");
  EXPECT_EQ(format_number(2, "ideographTraditional"), "乙");
  EXPECT_EQ(format_number(3, "ideographZodiac"), "寅");
  EXPECT_EQ(format_number(11, "japaneseLegal"), "壱拾壱");
  EXPECT_EQ(format_number(2024, "ideographDigital"), "二〇二四");
  EXPECT_EQ(format_number(27, "upperLetter"), "AA");
  EXPECT_EQ(format_number(4, "lowerRoman"), "iv");
  EXPECT_EQ(format_number(1994, "upperRoman"), "MCMXCIV");
  EXPECT_EQ(format_number(2, "ordinal"), "2nd");
  EXPECT_EQ(format_number(7, "custom", "001, 002, 003, ..."), "007");
  EXPECT_EQ(format_number(3, "none"), "");
  bool known = true;
  EXPECT_EQ(format_number(3, "thaiLetters", {}, &known), "3");
  EXPECT_FALSE(known);
}

TEST(Symbols, FontRelativeCodesMapToUnicode) {
  EXPECT_EQ(keiyaku::docx::map_symbol("Symbol", 0xF0B7), "•");
  EXPECT_EQ(keiyaku::docx::map_symbol("Wingdings", 0xF0FC), "✓");
  EXPECT_EQ(keiyaku::docx::map_symbol("ＭＳ 明朝", 0x203B), "※");
  bool known = true;
  EXPECT_EQ(keiyaku::docx::map_symbol("Marlett", 0xF061, &known), "\uFFFD");
  EXPECT_FALSE(known);
  EXPECT_EQ(keiyaku::docx::map_bullet_text("\uF0B7", "Symbol"), "•");
  EXPECT_EQ(keiyaku::docx::map_bullet_text("\uF0D8", "Wingdings"), "➢");
}

// The check boxes and circled numbers of Wingdings 2 (dictionaries/symbols.tsv), under any
// spelling of the font name; a code the table lacks is U+FFFD, never a private-use character.
TEST(Symbols, WingdingsTwoCheckBoxesAndNumbers) {
  using keiyaku::docx::map_symbol;
  EXPECT_EQ(map_symbol("Wingdings 2", 0xF052), "☑");
  EXPECT_EQ(map_symbol("Wingdings 2", 0xF054), "☒");
  EXPECT_EQ(map_symbol("wingdings2", 0xF0A3), "□");
  EXPECT_EQ(map_symbol("Wingdings 2", 0x6A), "①");
  EXPECT_EQ(map_symbol("Wingdings 2", 0xF0F8), "※");
  bool known = true;
  EXPECT_EQ(map_symbol("Wingdings 2", 0xF07F, &known), "\uFFFD");
  EXPECT_FALSE(known);
  EXPECT_TRUE(keiyaku::docx::is_symbol_font("WINGDINGS 3"));
  EXPECT_FALSE(keiyaku::docx::is_symbol_font("ＭＳ 明朝"));
  int unknown = 0;
  EXPECT_EQ(keiyaku::docx::map_symbol_run("x\uF0FCy\uF06F\uF07Fz", "Wingdings", &unknown),
            "x✓y□\uFFFDz");
  EXPECT_EQ(unknown, 1);
}
