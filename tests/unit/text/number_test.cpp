#include <gtest/gtest.h>
#include <text/normalize.hpp>

namespace keiyaku::text {
namespace {

TEST(ParseJapaneseNumber, Kanji) {
  EXPECT_EQ(parse_japanese_number("一"), 1);
  EXPECT_EQ(parse_japanese_number("十"), 10);
  EXPECT_EQ(parse_japanese_number("十二"), 12);
  EXPECT_EQ(parse_japanese_number("二十"), 20);
  EXPECT_EQ(parse_japanese_number("二十一"), 21);
  EXPECT_EQ(parse_japanese_number("百"), 100);
  EXPECT_EQ(parse_japanese_number("百一"), 101);
  EXPECT_EQ(parse_japanese_number("三百五十"), 350);
  EXPECT_EQ(parse_japanese_number("千二百三十四"), 1234);
  EXPECT_EQ(parse_japanese_number("一万二千"), 12000);
  EXPECT_EQ(parse_japanese_number("九千九百九十九万九千九百九十九"), 99999999);
}

TEST(ParseJapaneseNumber, LegalAndPositionalForms) {
  EXPECT_EQ(parse_japanese_number("壱拾"), 10);
  EXPECT_EQ(parse_japanese_number("弐"), 2);
  EXPECT_EQ(parse_japanese_number("二〇二六"), 2026);
  EXPECT_EQ(parse_japanese_number("一〇"), 10);
  EXPECT_EQ(parse_japanese_number("〇"), 0);
}

TEST(ParseJapaneseNumber, Digits) {
  EXPECT_EQ(parse_japanese_number("12"), 12);
  EXPECT_EQ(parse_japanese_number("１２"), 12);
  EXPECT_EQ(parse_japanese_number("0"), 0);
  EXPECT_EQ(parse_japanese_number("1２"), 12);
  EXPECT_EQ(parse_japanese_number("99999999"), 99999999);
}

TEST(ParseJapaneseNumber, NotANumber) {
  EXPECT_EQ(parse_japanese_number(""), -1);
  EXPECT_EQ(parse_japanese_number("一部"), -1);
  EXPECT_EQ(parse_japanese_number("十十"), -1);
  EXPECT_EQ(parse_japanese_number("十百"), -1);
  EXPECT_EQ(parse_japanese_number("二三十"), -1);
  EXPECT_EQ(parse_japanese_number("万"), -1);
  EXPECT_EQ(parse_japanese_number("一万一万"), -1);
  EXPECT_EQ(parse_japanese_number("1十"), -1);
  EXPECT_EQ(parse_japanese_number("12a"), -1);
  EXPECT_EQ(parse_japanese_number("-1"), -1);
  EXPECT_EQ(parse_japanese_number("123456789"), -1);
  EXPECT_EQ(parse_japanese_number("\xFF"), -1);
}

}  // namespace
}  // namespace keiyaku::text
