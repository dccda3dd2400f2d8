// Lines, running headers and paragraphs from positioned words, without poppler.
#include <gtest/gtest.h>

#include <pdf/layout.hpp>

namespace keiyaku::pdf {
namespace {

TEST(PdfLayout, PageNumbers) {
  for (const char* s : {"3", "- 3 -", "－３－", "— 12 —", "3 / 20", "3/20", "p. 3", "P.3",
                        "Page 3 of 20", "3頁", "3ページ", "  ７  ", "iv", "- XII -"}) {
    EXPECT_TRUE(is_page_number(s)) << s;
  }
  for (const char* s : {"", "-", "第3条", "3. 乙は", "(3)", "2026年", "12345", "3 乙は", "page",
                        "3/20条", "Iv", "vivid"}) {
    EXPECT_FALSE(is_page_number(s)) << s;
  }
}

TEST(PdfLayout, LinesThatStartAClauseOrAnItem) {
  for (const char* s :
       {"第1条 甲は",     "第１条（目的）", "第十二条　乙は", "第2 乙は",   "第3（秘密の保持）",
        "1. 乙は",        "１．乙は",       "2 乙は",         "２　乙は",   "3) 乙は",
        "(1) 乙は",       "（１）乙は",     "(ア) 乙は",      "（一）乙は", "① 乙は",
        "⑴ 乙は",         "ア 本仕様書",    "イ．乙は",       "一 乙は",    "二、乙は",
        "・ 乙は",        "● 乙は",         "■ 体制",         "- 乙は",     "　第4条　乙は",
        "第12条の2 乙は", "第5条",          "2.1 作業体制",   "5.1.3 報告", "1.2. 目的"}) {
    EXPECT_TRUE(starts_block(s)) << s;
  }
  for (const char* s :
       {"", "第三者に提供して", "第", "10日以内に", "1.5倍の", "（以下「乙」という。）は、",
        "ついて必要な", "アクセス権限を", "一部を", "2026年", "ア", "2.1倍の", "第3条の規定により",
        "第1号に該当する", "第2項の", "第十二条第1項"}) {
    EXPECT_FALSE(starts_block(s)) << s;
  }
}

TEST(PdfLayout, WrappedLinesAreJoined) {
  auto join = [](std::string a, std::string_view b) {
    append_wrapped(a, b);
    return a;
  };
  EXPECT_EQ(join("ソーシャルメ", "ディアの"),
            "ソーシャルメディアの");  // a word split over two lines
  EXPECT_EQ(join("乙は、本業務を", "  第三者に"), "乙は、本業務を第三者に");
  EXPECT_EQ(join("ISMS", "認証"), "ISMS認証");
  EXPECT_EQ(join("information", "security"), "information security");
  EXPECT_EQ(join("the secu-", "rity policy"), "the security policy");
  EXPECT_EQ(join("ISO/IEC 27001-", "2022"), "ISO/IEC 27001-2022");  // a number's hyphen stays
  EXPECT_EQ(join("", "乙は"), "乙は");
  EXPECT_EQ(join("乙は", ""), "乙は");
}

Word word(double x0, double y0, std::string text, bool space_after = false) {
  const double size = 10;
  const double w = static_cast<double>(text.size()) / 3 * size;  // Japanese: 3 bytes a character
  return Word{x0, y0, x0 + w, y0 + size, std::move(text), space_after};
}

TEST(PdfLayout, WordsOnOneBaselineMakeALine) {
  const std::vector<Line> lines = group_lines({
      word(72, 100, "第1条", true), word(112, 100, "甲は、"),
      word(142, 101, "乙に"),       // a baseline a point lower: still the same line
      word(72, 118, "委託する。"),  // the next line
      word(200, 118, "（注）"),     // a gap of an em and more: a space
  });
  ASSERT_EQ(lines.size(), 2U);
  EXPECT_EQ(lines[0].text, "第1条 甲は、乙に");
  EXPECT_EQ(lines[0].x0, 72);
  EXPECT_EQ(lines[0].x1, 162);
  EXPECT_EQ(lines[1].text, "委託する。 （注）");
}

// A page set in two columns (72-272 and 292-492) under a title across both: the left column is read
// top to bottom before the right one, and a sentence goes on from the foot of one to the head of
// the other. A table of short labels beside their text is no pair of columns.
TEST(PdfLayout, TwoColumnsAreReadColumnByColumn) {
  // 19 characters of 10.5 pt fill a column of 200 pt.
  const std::string full = "乙は、本業務の履行に当たり知り得た秘密を";
  std::vector<Word> words = {word(240, 60, "業務委託契約書")};
  const std::vector<std::string> left = {"第1条 乙は、本業務を誠実に履行しな", "ければならない。",
                                         "第2条 " + full.substr(0, 16 * 3), full.substr(0, 19 * 3)};
  const std::vector<std::string> right = {"第三者に漏らしてはならない。", "第3条 乙は、再委託してはなら",
                                          "ない。", "第4条 乙は、事故を報告する。"};
  for (size_t i = 0; i < 4; ++i) {
    words.push_back(word(72, 90 + 18 * static_cast<double>(i), left[i]));
    words.push_back(word(292, 90 + 18 * static_cast<double>(i), right[i]));
  }
  words[1].x1 = words[5].x1 = words[7].x1 = 271.5;  // filled lines end at the gutter
  words[4].x1 = words[8].x1 = 492;  // and at the right edge
  const std::vector<Line> lines = group_lines(words);
  std::vector<std::string> texts;
  for (const Line& l : lines) {
    texts.push_back(l.text);
  }
  EXPECT_EQ(texts, (std::vector<std::string>{"業務委託契約書", left[0], left[1], left[2], left[3], right[0],
                                             right[1], right[2], right[3]}));
  EXPECT_EQ(lines[1].column, 1);
  EXPECT_EQ(lines[5].column, 2);
  Page page;
  page.width = 595;
  page.height = 842;
  page.lines = lines;
  const Layout laid = lay_out({page});
  std::vector<std::string> blocks;
  for (const core::Block& b : laid.blocks) {
    blocks.push_back(b.text);
  }
  EXPECT_EQ(blocks, (std::vector<std::string>{"業務委託契約書", "第1条 乙は、本業務を誠実に履行しなければならない。",
                                              "第2条 " + full.substr(0, 16 * 3) + full.substr(0, 19 * 3) +
                                                  "第三者に漏らしてはならない。",
                                              "第3条 乙は、再委託してはならない。", "第4条 乙は、事故を報告する。"}));

  // 「項目」 cells beside their contents: read row by row.
  std::vector<Word> table;
  for (int i = 0; i < 4; ++i) {
    table.push_back(word(72, 90 + 18 * i, "再委託"));
    table.push_back(word(292, 90 + 18 * i, "乙は、承認なく再委託しない。"));
  }
  const std::vector<Line> rows = group_lines(table);
  ASSERT_EQ(rows.size(), 4U);
  EXPECT_EQ(rows[0].text, "再委託 乙は、承認なく再委託しない。");
  EXPECT_EQ(rows[0].column, 0);
}

// Paragraphs set in `columns` columns of `per_column` lines each, 12 characters of 10 pt to a line
// (a column 120 pt wide, 12 pt between columns; or `chars` characters), from x = 72 and y = top:
// the words of the page and each paragraph's lines.
struct Columns {
  std::vector<Word> words;
  std::vector<std::string> lines;  // in reading order: column by column
};

Columns set_in_columns(const std::vector<std::string>& paragraphs, size_t columns, size_t per_column, double x = 72,
                       double top = 90, size_t chars = 12) {
  Columns out;
  const double width = static_cast<double>(chars) * 10;
  size_t at = 0;  // lines set so far
  for (const std::string& p : paragraphs) {
    for (size_t from = 0; from < p.size(); from += chars * 3) {  // 3 bytes a character
      const std::string text = p.substr(from, chars * 3);
      const size_t column = at / per_column;
      const double x0 = x + static_cast<double>(column) * (width + 12);
      Word w = word(x0, top + 18 * static_cast<double>(at % per_column), text);
      if (text.size() == chars * 3) {
        w.x1 = x0 + width;  // a full line reaches the column's edge
      }
      out.words.push_back(w);
      out.lines.push_back(text);
      ++at;
    }
  }
  EXPECT_LE(at, columns * per_column);
  return out;
}

std::vector<std::string> texts_of(const std::vector<Line>& lines) {
  std::vector<std::string> out;
  for (const Line& l : lines) {
    out.push_back(l.text);
  }
  return out;
}

std::vector<std::string> blocks_of(const std::vector<Line>& lines) {
  Page page;
  page.width = 595;
  page.height = 842;
  page.lines = lines;
  std::vector<std::string> out;
  for (const core::Block& b : lay_out({page}).blocks) {
    out.push_back(b.text);
  }
  return out;
}

// Three columns under a title across them: each column top to bottom, then the next, and a
// sentence goes on from the foot of one column to the head of the next.
TEST(PdfLayout, ThreeColumnsAreReadColumnByColumn) {
  const std::vector<std::string> paragraphs = {
      "第一条　乙は、本業務を誠実に履行しなければならない。",
      "第二条　乙は、本業務の履行に当たり知り得た秘密を第三者に漏らしてはならない。本業務の終了後も同様とする。",
      "第三条　乙は、甲の承認を得ずに再委託してはならない。",
      "第四条　乙は、事故が生じたときは、直ちに甲に報告しなければならない。"};
  Columns c = set_in_columns(paragraphs, 3, 5);
  c.words.insert(c.words.begin(), word(220, 60, "業務委託契約書"));
  const std::vector<Line> lines = group_lines(c.words);
  std::vector<std::string> expected = {"業務委託契約書"};
  expected.insert(expected.end(), c.lines.begin(), c.lines.end());
  EXPECT_EQ(texts_of(lines), expected);
  ASSERT_EQ(lines.size(), 15U);
  EXPECT_EQ(lines[1].column, 1);
  EXPECT_EQ(lines[6].column, 2);
  EXPECT_EQ(lines[11].column, 3);
  EXPECT_EQ(lines[1].column_right, 192);
  EXPECT_EQ(lines[6].column_right, 324);
  std::vector<std::string> blocks = {"業務委託契約書"};
  blocks.insert(blocks.end(), paragraphs.begin(), paragraphs.end());
  EXPECT_EQ(blocks_of(lines), blocks);
}

// Four and five narrow columns are read each whole, left to right, as three are.
TEST(PdfLayout, FourAndFiveColumnsAreReadColumnByColumn) {
  const std::vector<std::string> paragraphs = {
      "第一条　乙は、本業務を誠実に履行しなければならない。",
      "第二条　乙は、本業務の履行に当たり知り得た秘密を第三者に漏らしてはならない。本業務の終了後も同様とする。",
      "第三条　乙は、甲の承認を得ずに再委託してはならない。",
      "第四条　乙は、事故が生じたときは、直ちに甲に報告しなければならない。",
      "第五条　乙は、個人情報を目的外に利用してはならない。",
      "第六条　乙は、業務の終了後、資料を甲に返還しなければならない。"};
  const size_t total = set_in_columns(paragraphs, 1, 100, 40, 90, 8).lines.size();
  for (const size_t columns : {4U, 5U}) {
    Columns c = set_in_columns(paragraphs, columns, (total + columns - 1) / columns, 40, 90, 8);
    c.words.insert(c.words.begin(), word(200, 60, "業務委託契約書"));
    const std::vector<Line> lines = group_lines(c.words);
    std::vector<std::string> expected = {"業務委託契約書"};
    expected.insert(expected.end(), c.lines.begin(), c.lines.end());
    EXPECT_EQ(texts_of(lines), expected) << columns << " columns";
    ASSERT_GT(lines.size(), 1U);
    EXPECT_EQ(lines[1].column, 1) << columns << " columns";
    EXPECT_EQ(lines.back().column, static_cast<int>(columns)) << columns << " columns";
    std::vector<std::string> blocks = {"業務委託契約書"};
    blocks.insert(blocks.end(), paragraphs.begin(), paragraphs.end());
    EXPECT_EQ(blocks_of(lines), blocks) << columns << " columns";
  }
}

// A page that starts across its width and goes on in two columns, with a line across the width
// under them: the lines across in their place, each column whole between them.
TEST(PdfLayout, APageMixingOneAndTwoColumns) {
  const std::vector<std::string> wide = {"第一条　この契約は、甲が乙に委託する住民情報システムの運用保守業務について必要",
                                         "な事項を定める。",
                                         "第二条　乙は、本業務の履行に当たり知り得た秘密を第三者に漏らしてはならない。本",
                                         "業務の終了後も同様とする。"};
  std::vector<Word> words;
  for (size_t i = 0; i < wide.size(); ++i) {
    words.push_back(word(72, 90 + 18 * static_cast<double>(i), wide[i]));
    if (i % 2 == 0) {
      words.back().x1 = 464;  // full lines across the width
    }
  }
  const std::vector<std::string> paragraphs = {
      "第三条　乙は、甲の承認を得ずに再委託してはならない。",
      "第四条　乙は、事故が生じたときは、直ちに甲に報告しなければならない。",
      "第五条　乙は、個人情報を目的外に利用してはならない。",
      "第六条　乙は、業務の終了後、資料を返還する。"};
  // 19 characters of 10 pt to a line of a column (190 pt), 12 pt between the columns.
  Columns c = set_in_columns(paragraphs, 2, 5, 72, 180, 19);
  words.insert(words.end(), c.words.begin(), c.words.end());
  words.push_back(word(72, 290, "第七条　この契約に定めのない事項は、甲乙協議して定める。"));
  const std::vector<Line> lines = group_lines(words);
  std::vector<std::string> expected = wide;
  expected.insert(expected.end(), c.lines.begin(), c.lines.end());
  expected.push_back("第七条　この契約に定めのない事項は、甲乙協議して定める。");
  EXPECT_EQ(texts_of(lines), expected);
  std::vector<std::string> blocks = {wide[0] + wide[1], wide[2] + wide[3]};
  blocks.insert(blocks.end(), paragraphs.begin(), paragraphs.end());
  blocks.push_back(expected.back());
  EXPECT_EQ(blocks_of(lines), blocks);
}

// A page of lines at the usual places: a header at the top, the body from y = 80, 18 pt apart and
// 400 pt wide when full, and a page number at the bottom.
Page page(const std::string& header,
          const std::vector<std::pair<std::string, double>>& body,
          int number) {
  Page p;
  p.width = 595;
  p.height = 842;
  if (!header.empty()) {
    p.lines.push_back({72, 40, 72 + 90, 49, header});
  }
  double y = 80;
  for (const auto& [text, right] : body) {
    p.lines.push_back({72, y, right, y + 10.5, text});
    y += 18;
  }
  const std::string n = "- " + std::to_string(number) + " -";
  p.lines.push_back({290, 800, 310, 809, n});
  return p;
}

constexpr double k_full = 472;   // a full line
constexpr double k_short = 300;  // the last line of a paragraph

TEST(PdfLayout, RunningHeadersAndPageNumbersAreSetApartAndSentencesGoOnOverThePageBreak) {
  const std::vector<Page> pages = {
      page("業務委託契約書",
           {{"（秘密の保持）", 140},
            {"第2条 乙は、本業務に関して知り得た秘密を", k_full},
            {"第三者に漏らしてはならない。", k_short},
            {"第3条 乙は、あらかじめ甲の承認を得ないで", k_full}},
           1),
      page("業務委託契約書",
           {{"本業務を第三者に委託してはならない。", k_short},
            {"2 乙は、再委託先に", k_full},
            {"この契約と同等の義務を負わせなければならない。", k_short}},
           2),
      page("業務委託契約書", {{"（検査）", 120}, {"第4条 甲は、検査を行う。", k_short}}, 3),
  };
  const Layout out = lay_out(pages);
  std::vector<std::string> texts;
  for (const core::Block& b : out.blocks) {
    texts.push_back(b.text);
    EXPECT_EQ(b.paragraph, static_cast<int>(texts.size()) - 1);
    EXPECT_EQ(b.part, core::Part::body);
  }
  EXPECT_EQ(texts,
            (std::vector<std::string>{
                "（秘密の保持）",
                "第2条 乙は、本業務に関して知り得た秘密を第三者に漏らしてはならない。",
                "第3条 乙は、あらかじめ甲の承認を得ないで本業務を第三者に委託してはならない。",
                "2 乙は、再委託先にこの契約と同等の義務を負わせなければならない。",
                "（検査）",
                "第4条 甲は、検査を行う。",
            }));
  ASSERT_EQ(out.headers.size(), 2U);
  EXPECT_EQ(out.headers[0].text, "業務委託契約書");
  EXPECT_EQ(out.headers[0].part, core::Part::header);
  EXPECT_EQ(out.headers[1].id, "page numbers");
  EXPECT_EQ(out.headers[1].part, core::Part::footer);
  EXPECT_EQ(out.headers[1].text, "- 1 -\n- 2 -\n- 3 -");
}

TEST(PdfLayout, ALineOnlyOnePageShowsAtTheTopStaysInTheBody) {
  const std::vector<Page> pages = {
      page("", {{"業務委託契約書", 200}, {"第1条 甲は、乙に委託する。", k_short}}, 1),
      page("", {{"第2条 乙は、誠実に履行する。", k_short}}, 2),
  };
  const Layout out = lay_out(pages);
  ASSERT_EQ(out.blocks.size(), 3U);
  EXPECT_EQ(out.blocks[0].text, "業務委託契約書");
  ASSERT_EQ(out.headers.size(), 1U);
  EXPECT_EQ(out.headers[0].id, "page numbers");
}

TEST(PdfLayout, AFirstLineIndentOrASpaceBetweenLinesStartsAParagraph) {
  Page p;
  p.width = 595;
  p.height = 842;
  auto add = [&](double x0, double y, double x1, std::string text) {
    p.lines.push_back({x0, y, x1, y + 10.5, std::move(text)});
  };
  add(82.5, 100, k_full, "甲及び乙は、信義に従い誠実にこの契約を");
  add(72, 118, k_full, "履行しなければならない。この契約に定めのない");
  add(72, 136, k_full, "事項は、甲乙協議して定める。");
  add(82.5, 154, k_full, "この契約の締結を証するため、本書二通を作成し、");
  add(72, 172, k_short, "各自一通を保有する。");
  add(72, 220, k_short, "令和8年4月1日");  // after a blank line
  const Layout out = lay_out({p});
  ASSERT_EQ(out.blocks.size(), 3U);
  EXPECT_EQ(out.blocks[0].text,
            "甲及び乙は、信義に従い誠実にこの契約を履行しなければならない。この契約に定めのない事項"
            "は、甲乙協議して定める。");
  EXPECT_EQ(out.blocks[1].text,
            "この契約の締結を証するため、本書二通を作成し、各自一通を保有する。");
  EXPECT_EQ(out.blocks[2].text, "令和8年4月1日");
}

TEST(PdfLayout, AHangingIndentContinuesTheItem) {
  Page p;
  p.width = 595;
  p.height = 842;
  auto add = [&](double x0, double y, double x1, std::string text) {
    p.lines.push_back({x0, y, x1, y + 10.5, std::move(text)});
  };
  add(72, 100, k_full, "(1) 乙は、本業務の従事者に対し、情報セキュリティに");
  add(93, 118, k_full, "関する研修を年1回以上実施しなければならない。");
  add(93, 136, k_short, "その記録は、甲に提出する。");
  add(72, 154, k_short, "(2) 乙は、従事者名簿を提出する。");
  const Layout out = lay_out({p});
  ASSERT_EQ(out.blocks.size(), 2U);
  EXPECT_EQ(out.blocks[0].text,
            "(1) "
            "乙は、本業務の従事者に対し、情報セキュリティに関する研修を年1回以上実施しなければなら"
            "ない。その記録は、甲に提出する。");
}

TEST(PdfLayout, ANarrowerBlockAndRaggedLatinLinesAreJoined) {
  Page p;
  p.width = 595;
  p.height = 842;
  auto add = [&](double x0, double y, double x1, std::string text) {
    p.lines.push_back({x0, y, x1, y + 10.5, std::move(text)});
  };
  add(72, 100, k_full, "第1条 甲は、乙に委託する。甲は、乙に委託する。甲は、乙に");
  add(72, 118, k_short, "委託する。");
  // An indented quotation, justified to its own narrower edge.
  add(114, 136, 430, "この契約の締結を証するため、本書二通を");
  add(114, 154, 430, "作成し、甲乙記名押印の上、各自一通を");
  add(114, 172, 250, "保有する。");
  // Ragged-right English: "security" (8 letters) would not have fitted after "information".
  add(72, 190, 420, "2 The contractor shall protect the information");
  add(72, 208, 300, "security of the body.");
  const Layout out = lay_out({p});
  std::vector<std::string> texts;
  for (const core::Block& b : out.blocks) {
    texts.push_back(b.text);
  }
  EXPECT_EQ(
      texts,
      (std::vector<std::string>{
          "第1条 甲は、乙に委託する。甲は、乙に委託する。甲は、乙に委託する。",
          "この契約の締結を証するため、本書二通を作成し、甲乙記名押印の上、各自一通を保有する。",
          "2 The contractor shall protect the information security of the body.",
      }));
}

TEST(PdfLayout, AJapaneseLineOneCharacterShortEndsAParagraph) {
  Page p;
  p.width = 595;
  p.height = 842;
  auto add = [&](double x0, double y, double x1, std::string text) {
    p.lines.push_back({x0, y, x1, y + 10.5, std::move(text)});
  };
  add(72, 100, k_full, "甲及び乙は、この契約に定めのない事項について協議する。");
  add(72, 118, k_full - 10.5,
      "甲及び乙は、信義に従い誠実にこの契約を履行する。");  // one character short
  add(72, 136, k_full, "この契約の締結を証するため、本書二通を作成する。");
  const Layout out = lay_out({p});
  ASSERT_EQ(out.blocks.size(), 2U);
  EXPECT_EQ(out.blocks[1].text, "この契約の締結を証するため、本書二通を作成する。");
}

// Heads that change with the chapter but carry consecutive page numbers are set apart; the
// articles at the top of each page, alike but for their numbers, stay in the body.
TEST(PdfLayout, RunningHeadsThatCarryThePageNumber) {
  std::vector<Page> pages;
  for (int n = 0; n < 6; ++n) {
    const std::string head =
        n % 2 == 0 ? "第" + std::to_string(n / 2 + 1) + "章 業務の内容 " + std::to_string(n + 1)
                   : std::to_string(n + 1) + " 業務委託契約書";
    pages.push_back(
        page(head, {{"第" + std::to_string(n + 1) + "条 甲は、乙に委託する。", k_short}}, n + 1));
  }
  const Layout out = lay_out(pages);
  ASSERT_EQ(out.blocks.size(), 6U);
  for (const core::Block& b : out.blocks) {
    EXPECT_EQ(b.text.find("業務の内容"), std::string::npos) << b.text;
    EXPECT_EQ(b.text.find("業務委託契約書"), std::string::npos) << b.text;
  }
}

// A paragraph whose last sentence ends at the very end of a line, then 「別紙」 and a title: the
// short lines are blocks of their own, not the paragraph's last words.
TEST(PdfLayout, AShortLineAfterASentenceThatFillsItsLineIsNotJoined) {
  Page p;
  p.width = 595;
  p.height = 842;
  auto add = [&](double x0, double y, double x1, std::string text) {
    p.lines.push_back({x0, y, x1, y + 10.5, std::move(text)});
  };
  add(72, 100, k_full, "受注者は、障害が発生したときは、可能な限り早期に");
  add(72, 118, k_full, "復旧するよう努めるものとする。");
  add(72, 136, 93, "別紙");
  add(72, 154, 240, "戸籍情報システム保守業務仕様書");
  add(72, 172, k_full, "本仕様書は、発注者が受注者に委託する業務（以下「本業");
  add(72, 190, k_full, "務」という。）の実施に関し必要な事項を定めるものである。");
  add(72, 208, 200, "（以下「本件」という。）");
  const Layout out = lay_out({p});
  std::vector<std::string> texts;
  for (const core::Block& b : out.blocks) {
    texts.push_back(b.text);
  }
  EXPECT_EQ(texts,
            (std::vector<std::string>{
                "受注者は、障害が発生したときは、可能な限り早期に復旧するよう努めるものとする。",
                "別紙",
                "戸籍情報システム保守業務仕様書",
                "本仕様書は、発注者が受注者に委託する業務（以下「本業務」という。）の実施に関し必要"
                "な事項を定めるものである。（以下「本件」という。）",
            }));
}

TEST(PdfLayout, NothingToLayOut) {
  EXPECT_TRUE(lay_out({}).blocks.empty());
  EXPECT_TRUE(lay_out({Page{}}).blocks.empty());
  EXPECT_TRUE(group_lines({}).empty());
}

}  // namespace
}  // namespace keiyaku::pdf
