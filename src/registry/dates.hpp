#pragma once

#include <base/expected.hpp>

#include <compare>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace keiyaku::registry {

/// A calendar date (proleptic Gregorian). Plain value; valid only when made by a parse or
/// from_days, or checked with is_valid().
struct Date {
  int year = 1970;
  int month = 1;
  int day = 1;

  auto operator<=>(const Date&) const = default;
};

/// True when y-m-d is a real date (1 <= year <= 9999).
bool is_valid(int year, int month, int day);
int days_in_month(int year, int month);

/// Days since 1970-01-01 and back.
int64_t to_days(Date d);
Date from_days(int64_t days);

Date add_days(Date d, int64_t n);
/// Adds months, clamping the day to the end of the month (2024-01-31 + 1 month = 2024-02-29).
Date add_months(Date d, int n);
Date add_years(Date d, int n);
/// b − a in days.
int64_t days_between(Date a, Date b);

/// "2026-04-01".
std::string to_iso(Date d);
/// "令和8年4月1日" (令和元年 for year 1); dates before 明治 fall back to ISO.
std::string to_wareki(Date d);

/// Parses a date as staff type it:
///   ISO and variants: 2026-04-01, 2026/4/1, 2026.4.1, 20260401, 2026年4月1日
///   Japanese eras:    令和8年4月1日, 令和元年5月1日, 令和八年四月一日, R8.4.1, R8/4/1, r8-4-1,
///                     H31.4.30, 平成31年4月30日, S64.1.7, T15.12.24, M45.7.29
/// Full-width digits, letters and punctuation are accepted; surrounding spaces are ignored.
/// A date outside its era (平成32年, 令和元年4月30日) or a day that does not exist is an error
/// (ErrorCode::invalid_input) whose message quotes the input. Pure function; thread-safe.
Expected<Date> parse_date(std::string_view text);

/// A length of time for "due within": "30d", "30", "2w", "3m", "1y" (also 30日, 2週, 3か月, 1年).
struct Span {
  int days = 0;
  int months = 0;
};
Expected<Span> parse_span(std::string_view text);
/// d + span.
Date add_span(Date d, Span s);

/// The moment a command runs: the timestamp written to history and the local date that "today",
/// "due" and "expired" are computed against.
struct Clock {
  std::string timestamp;  // ISO 8601, e.g. 2026-04-01T09:30:00+09:00
  Date today;
};

/// Parses --fixed-time / KEIYAKU_NOW: "2026-04-01", "2026-04-01T09:30", "2026-04-01T09:30:00",
/// with an optional "Z" or "+09:00" offset. `today` is the date as written (local to that offset).
Expected<Clock> parse_fixed_time(std::string_view text);

/// The system clock in the local time zone.
Clock system_clock();

}  // namespace keiyaku::registry
