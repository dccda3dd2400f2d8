#include <base/i18n.hpp>
#include <registry/corporate_number.hpp>

#include <gtest/gtest.h>

using namespace keiyaku;
using namespace keiyaku::registry;

namespace {
std::string parse(std::string_view s) {
  auto r = parse_corporate_number(s);
  return r ? *r : "error: " + r.error().message;
}
}  // namespace

TEST(CorporateNumber, CheckDigitFollowsTheNtaRule) {
  // 国税庁 (7000012050002) and a listed company (1180301018771).
  EXPECT_EQ(corporate_number_check_digit("000012050002"), 7);
  EXPECT_EQ(corporate_number_check_digit("180301018771"), 1);
  // Σ mod 9 == 0 gives 9.
  EXPECT_EQ(corporate_number_check_digit("000000000000"), 9);
}

TEST(CorporateNumber, AcceptsValidNumbersInTheFormsPeopleType) {
  set_ui_lang(Lang::en);
  EXPECT_EQ(parse("7000012050002"), "7000012050002");
  EXPECT_EQ(parse("1180301018771"), "1180301018771");
  EXPECT_EQ(parse("１１８０３０１０１８７７１"), "1180301018771");
  EXPECT_EQ(parse("1-1803-0101-8771"), "1180301018771");
  EXPECT_EQ(parse(" 1180 3010 18771 "), "1180301018771");
}

TEST(CorporateNumber, RejectsAWrongCheckDigitSayingWhatItShouldBe) {
  set_ui_lang(Lang::en);
  EXPECT_EQ(parse("2180301018771"),
            "error: wrong check digit in 法人番号 '2180301018771' (the first digit should be 1)");
  set_ui_lang(Lang::ja);
  EXPECT_EQ(
      parse("2180301018771"),
      "error: 法人番号のチェックデジットが違います: '2180301018771'（先頭の桁は 1 のはずです）");
}

TEST(CorporateNumber, RejectsTheWrongLengthOrLetters) {
  set_ui_lang(Lang::en);
  EXPECT_EQ(parse("180301018771"),
            "error: a corporate number (法人番号) has 13 digits: '180301018771'");
  EXPECT_EQ(parse("11803010187710"),
            "error: a corporate number (法人番号) has 13 digits: '11803010187710'");
  EXPECT_EQ(parse("118030101877A"),
            "error: a corporate number (法人番号) has 13 digits: '118030101877A'");
  EXPECT_FALSE(parse_corporate_number(""));
}
