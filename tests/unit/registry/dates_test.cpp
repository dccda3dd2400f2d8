#include <base/i18n.hpp>
#include <registry/dates.hpp>

#include <gtest/gtest.h>

using namespace keiyaku;
using namespace keiyaku::registry;

namespace {

std::string iso(std::string_view text) {
  auto d = parse_date(text);
  return d ? to_iso(*d) : "error: " + d.error().message;
}

class DatesTest : public ::testing::Test {
 protected:
  void SetUp() override { set_ui_lang(Lang::en); }
};

}  // namespace

TEST_F(DatesTest, ParsesIsoAndItsVariants) {
  EXPECT_EQ(iso("2026-04-01"), "2026-04-01");
  EXPECT_EQ(iso("2026/4/1"), "2026-04-01");
  EXPECT_EQ(iso("2026.4.1"), "2026-04-01");
  EXPECT_EQ(iso("20260401"), "2026-04-01");
  EXPECT_EQ(iso("2026年4月1日"), "2026-04-01");
  EXPECT_EQ(iso("  2026-04-01 "), "2026-04-01");
  EXPECT_EQ(iso("2024-02-29"), "2024-02-29");
}

TEST_F(DatesTest, ParsesJapaneseEras) {
  EXPECT_EQ(iso("令和8年4月1日"), "2026-04-01");
  EXPECT_EQ(iso("令和 8 年 4 月 1 日"), "2026-04-01");
  EXPECT_EQ(iso("令和元年5月1日"), "2019-05-01");
  EXPECT_EQ(iso("R8.4.1"), "2026-04-01");
  EXPECT_EQ(iso("r8/4/1"), "2026-04-01");
  EXPECT_EQ(iso("R8-4-1"), "2026-04-01");
  EXPECT_EQ(iso("H31.4.30"), "2019-04-30");
  EXPECT_EQ(iso("平成31年4月30日"), "2019-04-30");
  EXPECT_EQ(iso("平成元年1月8日"), "1989-01-08");
  EXPECT_EQ(iso("S64.1.7"), "1989-01-07");
  EXPECT_EQ(iso("昭和51年12月3日"), "1976-12-03");
  EXPECT_EQ(iso("T15.12.24"), "1926-12-24");
  EXPECT_EQ(iso("M45.7.29"), "1912-07-29");
  EXPECT_EQ(iso("㋿8.4.1"), "2026-04-01");
  EXPECT_EQ(iso("㍻31.4.1"), "2019-04-01");
}

TEST_F(DatesTest, AcceptsFullWidthAndKanjiNumerals) {
  EXPECT_EQ(iso("令和８年４月１日"), "2026-04-01");
  EXPECT_EQ(iso("Ｒ８．４．１"), "2026-04-01");
  EXPECT_EQ(iso("２０２６－０４－０１"), "2026-04-01");
  EXPECT_EQ(iso("２０２６年１２月３１日"), "2026-12-31");
  EXPECT_EQ(iso("令和八年四月一日"), "2026-04-01");
  EXPECT_EQ(iso("令和十年十二月三十一日"), "2028-12-31");
  EXPECT_EQ(iso("令和元年十月二十二日"), "2019-10-22");
  EXPECT_EQ(iso("二〇二六年四月一日"), "2026-04-01");
  // The kanji of legal writing, read by the one parser of kanji numerals (str::parse_kanji_number).
  EXPECT_EQ(iso("令和八年拾月壱日"), "2026-10-01");
  EXPECT_EQ(iso("令和弐年参月参拾壱日"), "2020-03-31");
}

// Day arithmetic on <chrono>'s calendar: the Gregorian leap rules, the epoch, and days back to
// dates over four centuries.
TEST_F(DatesTest, DaysAreTheCalendarsDays) {
  EXPECT_EQ(days_in_month(1900, 2), 28);
  EXPECT_EQ(days_in_month(2000, 2), 29);
  EXPECT_EQ(days_in_month(2026, 4), 30);
  EXPECT_EQ(days_in_month(2026, 13), 0);
  EXPECT_FALSE(is_valid(2025, 2, 29));
  EXPECT_TRUE(is_valid(2024, 2, 29));
  EXPECT_EQ(to_days({1970, 1, 1}), 0);
  EXPECT_EQ(to_days({2000, 3, 1}), 11017);
  EXPECT_EQ(days_between({2024, 2, 28}, {2024, 3, 1}), 2);
  EXPECT_EQ(days_between({2026, 4, 1}, {2025, 4, 1}), -365);
  for (int64_t d = to_days({1800, 1, 1}); d < to_days({2200, 1, 1}); d += 37) {
    ASSERT_EQ(to_days(from_days(d)), d);
  }
  EXPECT_EQ(add_days({2026, 12, 31}, 1), (Date{2027, 1, 1}));
  EXPECT_EQ(add_months({2026, 11, 30}, 3), (Date{2027, 2, 28}));
}

TEST_F(DatesTest, RejectsDatesOutsideTheirEraWithTheRange) {
  EXPECT_EQ(iso("H31.5.1"), "error: 'H31.5.1' is outside 平成 (1989-01-08 to 2019-04-30)");
  EXPECT_EQ(iso("令和元年4月30日"), "error: '令和元年4月30日' is outside 令和 (2019-05-01 to now)");
  EXPECT_EQ(iso("平成32年1月1日"),
            "error: '平成32年1月1日' is outside 平成 (1989-01-08 to 2019-04-30)");
  EXPECT_EQ(iso("S64.1.8"), "error: 'S64.1.8' is outside 昭和 (1926-12-25 to 1989-01-07)");
  set_ui_lang(Lang::ja);
  EXPECT_EQ(iso("H31.5.1"), "error: 'H31.5.1' は平成の範囲外です（1989-01-08 から 2019-04-30）");
}

TEST_F(DatesTest, RejectsWhatIsNotADate) {
  const std::string hint = "' (e.g. 2026-04-01, 令和8年4月1日, R8.4.1)";
  EXPECT_EQ(iso("2026-02-30"), "error: no such date: '2026-02-30'");
  EXPECT_EQ(iso("2025-02-29"), "error: no such date: '2025-02-29'");
  EXPECT_EQ(iso("令和8年2月30日"), "error: no such date: '令和8年2月30日'");
  EXPECT_EQ(iso("tomorrow"), "error: not a date: 'tomorrow" + hint);
  EXPECT_EQ(iso(""), "error: not a date: '" + hint);
  EXPECT_EQ(iso("2026-04"), "error: not a date: '2026-04" + hint);
  EXPECT_EQ(iso("26-4-1"), "error: not a date: '26-4-1" + hint);
  EXPECT_EQ(iso("2026-04/01"), "error: not a date: '2026-04/01" + hint);
  EXPECT_EQ(iso("2026年4月1日x"), "error: not a date: '2026年4月1日x" + hint);
  EXPECT_EQ(iso("X8.4.1"), "error: not a date: 'X8.4.1" + hint);
  EXPECT_EQ(iso("2026元年4月1日"), "error: not a date: '2026元年4月1日" + hint);
  EXPECT_EQ(iso("令和8年4月元日"), "error: not a date: '令和8年4月元日" + hint);
  EXPECT_EQ(iso("99999999999-1-1"), "error: not a date: '99999999999-1-1" + hint);
  EXPECT_FALSE(parse_date("2026-13-01"));
  EXPECT_FALSE(parse_date("2026-00-10"));
}

TEST_F(DatesTest, ArithmeticClampsToTheEndOfTheMonth) {
  EXPECT_EQ(add_months({2024, 1, 31}, 1), (Date{2024, 2, 29}));
  EXPECT_EQ(add_months({2025, 1, 31}, 1), (Date{2025, 2, 28}));
  EXPECT_EQ(add_months({2025, 11, 15}, 3), (Date{2026, 2, 15}));
  EXPECT_EQ(add_months({2026, 3, 15}, -3), (Date{2025, 12, 15}));
  EXPECT_EQ(add_years({2024, 2, 29}, 1), (Date{2025, 2, 28}));
  EXPECT_EQ(add_days({2026, 12, 31}, 1), (Date{2027, 1, 1}));
  EXPECT_EQ(days_between({2026, 1, 1}, {2026, 3, 1}), 59);
  EXPECT_EQ(days_between({2026, 3, 1}, {2026, 1, 1}), -59);
  for (int64_t n = -800000; n < 800000; n += 997) {
    EXPECT_EQ(to_days(from_days(n)), n);
  }
  EXPECT_EQ(to_days({1970, 1, 1}), 0);
}

TEST_F(DatesTest, FormatsInWareki) {
  EXPECT_EQ(to_wareki({2026, 4, 1}), "令和8年4月1日");
  EXPECT_EQ(to_wareki({2019, 5, 1}), "令和元年5月1日");
  EXPECT_EQ(to_wareki({2019, 4, 30}), "平成31年4月30日");
  EXPECT_EQ(to_wareki({1800, 1, 1}), "1800-01-01");
}

TEST_F(DatesTest, ParsesSpans) {
  auto days = [](std::string_view s) {
    auto sp = parse_span(s);
    return sp ? to_iso(add_span({2026, 1, 31}, *sp)) : "error: " + sp.error().message;
  };
  EXPECT_EQ(days("30d"), "2026-03-02");
  EXPECT_EQ(days("30"), "2026-03-02");
  EXPECT_EQ(days("2w"), "2026-02-14");
  EXPECT_EQ(days("1m"), "2026-02-28");
  EXPECT_EQ(days("3 months"), "2026-04-30");
  EXPECT_EQ(days("1y"), "2027-01-31");
  EXPECT_EQ(days("１４日"), "2026-02-14");
  EXPECT_EQ(days("3か月"), "2026-04-30");
  EXPECT_EQ(days("soon"), "error: not a length of time: 'soon' (e.g. 30d, 2w, 3m, 1y)");
  EXPECT_EQ(days("30x"), "error: not a length of time: '30x' (e.g. 30d, 2w, 3m, 1y)");
}

TEST_F(DatesTest, ParsesFixedTime) {
  auto ts = [](std::string_view s) {
    auto c = parse_fixed_time(s);
    return c ? c->timestamp + " " + to_iso(c->today) : "error";
  };
  EXPECT_EQ(ts("2026-04-01"), "2026-04-01T00:00:00 2026-04-01");
  EXPECT_EQ(ts("2026-04-01T09:30"), "2026-04-01T09:30:00 2026-04-01");
  EXPECT_EQ(ts("2026-04-01T09:30:15+09:00"), "2026-04-01T09:30:15+09:00 2026-04-01");
  EXPECT_EQ(ts("2026-04-01 23:59:59Z"), "2026-04-01T23:59:59Z 2026-04-01");
  EXPECT_EQ(ts("2026-04-01T00:00:00.123-0500"), "2026-04-01T00:00:00-05:00 2026-04-01");
  EXPECT_EQ(ts("2026-04-31"), "error");
  EXPECT_EQ(ts("2026-04-01T25:00"), "error");
  EXPECT_EQ(ts("R8.4.1"), "error");
  EXPECT_EQ(ts("2026-04-01T09:30:00+09:00junk"), "error");
}
