#include "dates.hpp"

#include <base/i18n.hpp>
#include <base/kanji.hpp>
#include <base/strings.hpp>

#include <algorithm>
#include <array>
#include <chrono>
#include <cstdio>
#include <ctime>
#include <vector>

namespace keiyaku::registry {

namespace {

struct Era {
  const char* name;   // 令和
  char letter;        // R
  char32_t ligature;  // ㋿
  Date start;
};

// Newest first. Each era ends the day before the next one starts.
constexpr std::array<Era, 5> k_eras = {{
    {"令和", 'R', U'\u32FF', {2019, 5, 1}},
    {"平成", 'H', U'\u337B', {1989, 1, 8}},
    {"昭和", 'S', U'\u337C', {1926, 12, 25}},
    {"大正", 'T', U'\u337D', {1912, 7, 30}},
    {"明治", 'M', U'\u337E', {1868, 1, 25}},
}};

namespace chr = std::chrono;

chr::year_month_day ymd(Date d) {
  return chr::year{d.year} / chr::month{static_cast<unsigned>(d.month)} /
         chr::day{static_cast<unsigned>(d.day)};
}

// Full-width ASCII to ASCII, ideographic space to space; everything else unchanged.
std::string fold_width(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  size_t i = 0;
  while (i < s.size()) {
    char32_t cp = str::next_cp(s, i);
    if (cp >= 0xFF01 && cp <= 0xFF5E) {
      cp -= 0xFEE0;
    } else if (cp == 0x3000) {
      cp = U' ';
    } else if (cp == U'\u30FC' || cp == U'\u2010' || cp == U'\u2212' || cp == U'\u2015') {
      cp = U'-';  // ー ‐ − ― typed as a separator
    }
    str::append_utf8(out, cp);
  }
  return out;
}

struct Tok {
  enum class Kind { num, sep, era } kind;
  long value = 0;       // num: the number; era: index into k_eras
  std::string text;     // sep: the separator; num: the digits as typed
  bool gannen = false;  // num: 元
};

// Reads a run of kanji numerals (二十六, 二〇二六, 十二, 元) at s[i]; the value is the one parser's
// (str::parse_kanji_number), -1 when the run is not a numeral.
bool read_kanji_number(std::string_view s, size_t& i, Tok& tok) {
  size_t j = i;
  while (j < s.size()) {
    size_t k = j;
    const char32_t cp = str::next_cp(s, k);
    const int v = str::kanji_numeral(cp);
    if ((v < 0 || v > 10) && cp != U'元') {
      break;
    }
    j = k;
  }
  if (j == i) {
    return false;
  }
  tok.kind = Tok::Kind::num;
  tok.text = std::string(s.substr(i, j - i));
  i = j;
  if (tok.text == "元") {
    tok.value = 1;
    tok.gannen = true;
    return true;
  }
  tok.value = static_cast<long>(str::parse_kanji_number(tok.text));
  return true;
}

bool tokenize(std::string_view s, std::vector<Tok>& toks) {
  size_t i = 0;
  while (i < s.size()) {
    const auto c = static_cast<unsigned char>(s[i]);
    if (c == ' ' || c == '\t') {
      ++i;
      continue;
    }
    if (c >= '0' && c <= '9') {
      Tok t{Tok::Kind::num, 0, "", false};
      size_t j = i;
      while (j < s.size() && s[j] >= '0' && s[j] <= '9') {
        ++j;
      }
      t.text = std::string(s.substr(i, j - i));
      if (t.text.size() > 9) {
        return false;
      }
      t.value = std::stol(t.text);
      toks.push_back(std::move(t));
      i = j;
      continue;
    }
    if (c == '-' || c == '/' || c == '.') {
      toks.push_back({Tok::Kind::sep, 0, std::string(1, static_cast<char>(c)), false});
      ++i;
      continue;
    }
    if (toks.empty() && ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z'))) {
      const char up = static_cast<char>(c >= 'a' ? c - 'a' + 'A' : c);
      bool found = false;
      for (size_t e = 0; e < k_eras.size(); ++e) {
        if (k_eras[e].letter == up) {
          toks.push_back({Tok::Kind::era, static_cast<long>(e), "", false});
          found = true;
        }
      }
      if (!found) {
        return false;
      }
      ++i;
      continue;
    }
    bool matched = false;
    if (toks.empty()) {
      for (size_t e = 0; e < k_eras.size() && !matched; ++e) {
        const std::string_view name = k_eras[e].name;
        if (s.substr(i, name.size()) == name) {
          toks.push_back({Tok::Kind::era, static_cast<long>(e), "", false});
          i += name.size();
          matched = true;
        }
      }
      if (matched) {
        continue;
      }
    }
    size_t k = i;
    const char32_t cp = str::next_cp(s, k);
    if (toks.empty()) {
      for (size_t e = 0; e < k_eras.size(); ++e) {
        if (k_eras[e].ligature == cp) {
          toks.push_back({Tok::Kind::era, static_cast<long>(e), "", false});
          matched = true;
        }
      }
      if (matched) {
        i = k;
        continue;
      }
    }
    if (cp == U'年' || cp == U'月' || cp == U'日') {
      toks.push_back({Tok::Kind::sep, 0, std::string(s.substr(i, k - i)), false});
      i = k;
      continue;
    }
    Tok t{Tok::Kind::num, 0, "", false};
    if (read_kanji_number(s, i, t)) {
      toks.push_back(std::move(t));
      continue;
    }
    return false;
  }
  return true;
}

Error not_a_date(std::string_view text) {
  return Error(ErrorCode::invalid_input, tr("日付として読めません: '", "not a date: '") +
                                             std::string(text) +
                                             tr("'（例: 2026-04-01, 令和8年4月1日, R8.4.1）",
                                                "' (e.g. 2026-04-01, 令和8年4月1日, R8.4.1)"));
}

Error no_such_date(std::string_view text) {
  return Error(ErrorCode::invalid_input,
               tr("存在しない日付です: '", "no such date: '") + std::string(text) + "'");
}

}  // namespace

bool is_valid(int year, int month, int day) {
  return year >= 1 && year <= 9999 && month >= 1 && month <= 12 && day >= 1 && day <= 31 &&
         ymd(Date{year, month, day}).ok();
}

int days_in_month(int year, int month) {
  if (month < 1 || month > 12) {
    return 0;
  }
  const chr::year_month_day_last last{
      chr::year{year}, chr::month_day_last{chr::month{static_cast<unsigned>(month)}}};
  return static_cast<int>(static_cast<unsigned>(last.day()));
}

int64_t to_days(Date d) {
  return chr::sys_days{ymd(d)}.time_since_epoch().count();
}

Date from_days(int64_t z) {
  const chr::year_month_day r{chr::sys_days{chr::days{z}}};
  return Date{static_cast<int>(r.year()), static_cast<int>(static_cast<unsigned>(r.month())),
              static_cast<int>(static_cast<unsigned>(r.day()))};
}

Date add_days(Date d, int64_t n) {
  return from_days(to_days(d) + n);
}

Date add_months(Date d, int n) {
  // Months are added to the year and month alone; a day past the new month's end is clamped to it.
  const chr::year_month ym =
      chr::year{d.year} / chr::month{static_cast<unsigned>(d.month)} + chr::months{n};
  Date r{static_cast<int>(ym.year()), static_cast<int>(static_cast<unsigned>(ym.month())), d.day};
  r.day = std::min(r.day, days_in_month(r.year, r.month));
  return r;
}

Date add_years(Date d, int n) {
  return add_months(d, 12 * n);
}

int64_t days_between(Date a, Date b) {
  return (chr::sys_days{ymd(b)} - chr::sys_days{ymd(a)}).count();
}

std::string to_iso(Date d) {
  std::array<char, 16> buf{};
  std::snprintf(buf.data(), buf.size(), "%04d-%02d-%02d", d.year, d.month, d.day);
  return buf.data();
}

std::string to_wareki(Date d) {
  for (const Era& e : k_eras) {
    if (d >= e.start) {
      const int y = d.year - e.start.year + 1;
      return std::string(e.name) + (y == 1 ? std::string("元") : std::to_string(y)) + "年" +
             std::to_string(d.month) + "月" + std::to_string(d.day) + "日";
    }
  }
  return to_iso(d);
}

Expected<Date> parse_date(std::string_view text) {
  const std::string folded = fold_width(str::trim(text));
  std::vector<Tok> toks;
  if (folded.empty() || !tokenize(folded, toks)) {
    return not_a_date(text);
  }
  size_t p = 0;
  std::optional<size_t> era;
  if (toks[p].kind == Tok::Kind::era) {
    era = static_cast<size_t>(toks[p].value);
    ++p;
  }
  auto is_num = [&](size_t k) { return k < toks.size() && toks[k].kind == Tok::Kind::num; };
  auto is_sep = [&](size_t k) { return k < toks.size() && toks[k].kind == Tok::Kind::sep; };

  long y = 0;
  long m = 0;
  long d = 0;
  bool gannen = false;
  // 20260401
  if (!era && toks.size() == 1 && is_num(0) && toks[0].text.size() == 8) {
    y = toks[0].value / 10000;
    m = toks[0].value / 100 % 100;
    d = toks[0].value % 100;
  } else {
    if (!is_num(p) || !is_sep(p + 1) || !is_num(p + 2) || !is_sep(p + 3) || !is_num(p + 4)) {
      return not_a_date(text);
    }
    const std::string& s1 = toks[p + 1].text;
    const std::string& s2 = toks[p + 3].text;
    size_t end = p + 5;
    if (s1 == "年") {
      if (s2 != "月") {
        return not_a_date(text);
      }
      if (is_sep(end) && toks[end].text == "日") {
        ++end;
      }
    } else if (s1 != s2 || s1 == "月" || s1 == "日") {
      return not_a_date(text);
    }
    if (end != toks.size()) {
      return not_a_date(text);
    }
    gannen = toks[p].gannen;
    y = toks[p].value;
    m = toks[p + 2].value;
    d = toks[p + 4].value;
    if (toks[p + 2].gannen || toks[p + 4].gannen || (gannen && !era)) {
      return not_a_date(text);
    }
  }
  if (y < 0 || m < 0 || d < 0) {
    return not_a_date(text);
  }
  if (era) {
    const Era& e = k_eras[*era];
    if (y < 1 || y > 200) {
      return not_a_date(text);
    }
    y = e.start.year + y - 1;
    if (!is_valid(static_cast<int>(y), static_cast<int>(m), static_cast<int>(d))) {
      return no_such_date(text);
    }
    const Date date{static_cast<int>(y), static_cast<int>(m), static_cast<int>(d)};
    const std::optional<Date> end =
        *era == 0 ? std::nullopt : std::optional<Date>(add_days(k_eras[*era - 1].start, -1));
    if (date < e.start || (end && date > *end)) {
      std::string range =
          to_iso(e.start) + tr(" から ", " to ") + (end ? to_iso(*end) : tr("現在", "now"));
      return Error(ErrorCode::invalid_input,
                   tr("'", "'") + std::string(text) + tr("' は", "' is outside ") + e.name +
                       tr("の範囲外です（", " (") + range + tr("）", ")"));
    }
    return date;
  }
  if (y < 1000) {  // "26-4-1" is ambiguous
    return not_a_date(text);
  }
  if (!is_valid(static_cast<int>(y), static_cast<int>(m), static_cast<int>(d))) {
    return no_such_date(text);
  }
  return Date{static_cast<int>(y), static_cast<int>(m), static_cast<int>(d)};
}

Expected<Span> parse_span(std::string_view text) {
  const std::string folded = fold_width(str::trim(text));
  size_t i = 0;
  while (i < folded.size() && folded[i] >= '0' && folded[i] <= '9') {
    ++i;
  }
  auto bad = [&] {
    return Error(ErrorCode::invalid_input,
                 tr("期間として読めません: '", "not a length of time: '") + std::string(text) +
                     tr("'（例: 30d, 2w, 3m, 1y）", "' (e.g. 30d, 2w, 3m, 1y)"));
  };
  if (i == 0 || i > 5) {
    return bad();
  }
  const int n = std::stoi(folded.substr(0, i));
  const std::string unit = str::to_lower_ascii(str::trim(std::string_view(folded).substr(i)));
  if (unit.empty() || unit == "d" || unit == "day" || unit == "days" || unit == "日") {
    return Span{n, 0};
  }
  if (unit == "w" || unit == "week" || unit == "weeks" || unit == "週" || unit == "週間") {
    return Span{n * 7, 0};
  }
  if (unit == "m" || unit == "month" || unit == "months" || unit == "か月" || unit == "ヶ月" ||
      unit == "カ月" || unit == "ヵ月" || unit == "箇月" || unit == "月") {
    return Span{0, n};
  }
  if (unit == "y" || unit == "year" || unit == "years" || unit == "年") {
    return Span{0, n * 12};
  }
  return bad();
}

Date add_span(Date d, Span s) {
  return add_days(add_months(d, s.months), s.days);
}

Expected<Clock> parse_fixed_time(std::string_view text) {
  const std::string s(str::trim(text));
  auto bad = [&] {
    return Error(ErrorCode::invalid_input,
                 tr("--fixed-time / KEIYAKU_NOW は ISO 8601 で指定してください: '",
                    "--fixed-time / KEIYAKU_NOW must be ISO 8601: '") +
                     s + "' (2026-04-01T09:00:00+09:00)");
  };
  auto digits = [&](size_t pos, size_t n) {
    if (pos + n > s.size()) {
      return -1;
    }
    int v = 0;
    for (size_t k = pos; k < pos + n; ++k) {
      if (s[k] < '0' || s[k] > '9') {
        return -1;
      }
      v = v * 10 + (s[k] - '0');
    }
    return v;
  };
  if (s.size() < 10 || s[4] != '-' || s[7] != '-') {
    return bad();
  }
  const int y = digits(0, 4);
  const int mo = digits(5, 2);
  const int d = digits(8, 2);
  if (y < 0 || mo < 0 || d < 0 || !is_valid(y, mo, d)) {
    return bad();
  }
  int hh = 0;
  int mm = 0;
  int ss = 0;
  size_t p = 10;
  std::string offset;
  if (p < s.size()) {
    if (s[p] != 'T' && s[p] != 't' && s[p] != ' ') {
      return bad();
    }
    ++p;
    hh = digits(p, 2);
    if (hh < 0 || p + 2 >= s.size() || s[p + 2] != ':') {
      return bad();
    }
    mm = digits(p + 3, 2);
    if (mm < 0) {
      return bad();
    }
    p += 5;
    if (p < s.size() && s[p] == ':') {
      ss = digits(p + 1, 2);
      if (ss < 0) {
        return bad();
      }
      p += 3;
      if (p < s.size() && s[p] == '.') {  // fractions are accepted and dropped
        ++p;
        while (p < s.size() && s[p] >= '0' && s[p] <= '9') {
          ++p;
        }
      }
    }
    if (hh > 23 || mm > 59 || ss > 60) {
      return bad();
    }
    if (p < s.size()) {
      if (s[p] == 'Z' || s[p] == 'z') {
        offset = "Z";
        ++p;
      } else if (s[p] == '+' || s[p] == '-') {
        const int oh = digits(p + 1, 2);
        size_t q = p + 3;
        if (q < s.size() && s[q] == ':') {
          ++q;
        }
        const int om = digits(q, 2);
        if (oh < 0 || om < 0 || oh > 14 || om > 59) {
          return bad();
        }
        std::array<char, 8> buf{};
        std::snprintf(buf.data(), buf.size(), "%c%02d:%02d", s[p], oh, om);
        offset = buf.data();
        p = q + 2;
      }
    }
    if (p != s.size()) {
      return bad();
    }
  }
  std::array<char, 32> buf{};
  std::snprintf(buf.data(), buf.size(), "%04d-%02d-%02dT%02d:%02d:%02d", y, mo, d, hh, mm, ss);
  return Clock{std::string(buf.data()) + offset, Date{y, mo, d}};
}

Clock system_clock() {
  const std::time_t t = std::time(nullptr);
  std::tm tm{};
  ::localtime_r(&t, &tm);
  std::array<char, 40> buf{};
  std::strftime(buf.data(), buf.size(), "%Y-%m-%dT%H:%M:%S%z", &tm);
  std::string ts = buf.data();
  if (ts.size() >= 5) {  // +0900 -> +09:00
    ts.insert(ts.size() - 2, ":");
  }
  return Clock{ts, Date{tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday}};
}

}  // namespace keiyaku::registry
