#include <base/kanji.hpp>
#include <base/strings.hpp>
#include <base/utf8.hpp>

#include <gtest/gtest.h>

using namespace keiyaku;

TEST(Utf8, DecodesAndEncodesRoundTrip) {
  const std::string s = "第1条（目的）①ア𠮷";
  std::string out;
  for (size_t i = 0; i < s.size();) {
    str::append_utf8(out, str::next_cp(s, i));
  }
  EXPECT_EQ(out, s);
  EXPECT_EQ(str::cp_count(s), 10U);
}

TEST(Utf8, InvalidBytesAreReplacedAndDetected) {
  const std::string bad = "a\xC3(b\xE3\x81";
  EXPECT_FALSE(str::valid_utf8(bad));
  EXPECT_TRUE(str::valid_utf8("甲と乙"));
  size_t i = 1;
  EXPECT_EQ(str::next_cp(bad, i), 0xFFFDU);
  EXPECT_EQ(i, 2U);
}

TEST(Strings, CsvCellNeutralisesFormulasAndQuotes) {
  EXPECT_EQ(str::csv_cell("=SUM(A1)"), "'=SUM(A1)");
  EXPECT_EQ(str::csv_cell("@cmd"), "'@cmd");
  EXPECT_EQ(str::csv_cell("-1"), "'-1");
  EXPECT_EQ(str::csv_cell("a,\"b\""), "\"a,\"\"b\"\"\"");
  EXPECT_EQ(str::csv_cell("再委託"), "再委託");
}

TEST(Strings, HtmlEscape) {
  EXPECT_EQ(str::html_escape("<a href=\"x\">&'"), "&lt;a href=&quot;x&quot;&gt;&amp;&#39;");
}

TEST(Strings, EditDistance) {
  EXPECT_EQ(str::edit_distance("scan", "scna"), 2U);
  EXPECT_EQ(str::edit_distance("extract", "extract"), 0U);
  EXPECT_EQ(str::edit_distance("", "db"), 2U);
}

TEST(Strings, TrimSplitReplace) {
  EXPECT_EQ(str::trim("  a b \n"), "a b");
  const auto parts = str::split("a,,b", ',');
  ASSERT_EQ(parts.size(), 3U);
  EXPECT_EQ(parts[1], "");
  std::string s = "取扱い取扱い";
  str::replace_all(s, "取扱い", "取り扱い");
  EXPECT_EQ(s, "取り扱い取り扱い");
}

// The one parser of kanji numerals (clause numbers, dates, outlines all read numbers through it).
TEST(Strings, KanjiNumbers) {
  using keiyaku::str::parse_kanji_number;
  EXPECT_EQ(parse_kanji_number("十二"), 12);
  EXPECT_EQ(parse_kanji_number("二十一"), 21);
  EXPECT_EQ(parse_kanji_number("百一"), 101);
  EXPECT_EQ(parse_kanji_number("千二百三十四"), 1234);
  EXPECT_EQ(parse_kanji_number("一万二千"), 12000);
  EXPECT_EQ(parse_kanji_number("二〇二六"), 2026);  // positional
  EXPECT_EQ(parse_kanji_number("三〇"), 30);
  EXPECT_EQ(parse_kanji_number("壱拾"), 10);  // the forms of legal writing
  EXPECT_EQ(parse_kanji_number("弐百参"), 203);
  EXPECT_EQ(parse_kanji_number("零"), 0);
  for (const char* bad :
       {"", "二三十", "十百", "〇十", "万", "一万一万", "十二条", "12", "一二三四五六七八九"}) {
    EXPECT_EQ(parse_kanji_number(bad), -1) << bad;
  }
  EXPECT_EQ(keiyaku::str::kanji_numeral(U'拾'), 10);
  EXPECT_EQ(keiyaku::str::kanji_numeral(U'条'), -1);
}

// The one UTF-8 decoder (base/utf8.hpp): what str::next_cp, str::valid_utf8 and text/'s passes use.
TEST(Strings, Utf8DecodesInOnePlace) {
  size_t len = 0;
  EXPECT_EQ(utf8::decode("a", 0, len), U'a');
  EXPECT_EQ(len, 1U);
  EXPECT_EQ(utf8::decode("\xC3\xA9", 0, len), U'é');
  EXPECT_EQ(len, 2U);
  EXPECT_EQ(utf8::decode("契", 0, len), U'契');
  EXPECT_EQ(len, 3U);
  EXPECT_EQ(utf8::decode("𠮷", 0, len), U'𠮷');
  EXPECT_EQ(len, 4U);
  // Ill-formed: overlong, surrogate, above U+10FFFF, truncated, stray continuation, C0/F5.
  for (const char* bad : {"\xC0\xAF", "\xE0\x80\xAF", "\xED\xA0\x80", "\xF4\x90\x80\x80", "\xE5\xA5",
                          "\x80", "\xF5\x80\x80\x80", "\xF0\x80\x80\x80"}) {
    EXPECT_EQ(utf8::decode(bad, 0, len), 0xFFFDU) << bad;
    EXPECT_EQ(len, 1U) << bad;
    EXPECT_FALSE(str::valid_utf8(bad)) << bad;
  }
  EXPECT_EQ(utf8::first_invalid("契約\xFF書"), 6U);
  EXPECT_EQ(utf8::first_invalid("契約書"), 9U);
  EXPECT_TRUE(str::valid_utf8("\xEF\xBF\xBD"));  // U+FFFD itself is well-formed
  EXPECT_EQ(utf8::sequence_length(0xE5), 3U);
  EXPECT_EQ(utf8::sequence_length(0x85), 1U);
  EXPECT_TRUE(utf8::is_continuation('\x85'));
  size_t i = 0;
  EXPECT_EQ(str::next_cp("\xE5\xA5z", i), 0xFFFDU);  // truncated: one byte at a time
  EXPECT_EQ(i, 1U);
}
