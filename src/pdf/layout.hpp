#pragma once
// From positioned words to the blocks of a core::Document: lines, running headers and footers, page
// numbers, paragraphs. Internal to pdf/ and free of poppler, so that tests can feed it directly.

#include <core/document.hpp>

#include <string>
#include <string_view>
#include <vector>

namespace keiyaku::pdf {

/// A word as poppler reports it, in points from the page's top-left corner.
struct Word {
  double x0 = 0;
  double y0 = 0;  ///< top
  double x1 = 0;
  double y1 = 0;  ///< bottom
  std::string text;
  bool space_after = false;
};

/// One line of text on a page.
struct Line {
  double x0 = 0;
  double y0 = 0;
  double x1 = 0;
  double y1 = 0;
  std::string text;
  /// 0 on a page set in one column; 1 or 2 for the left or right column of a page set in two.
  int column = 0;
  /// The right edge of the line's column when it is the left one (the gutter), else 0.
  double column_right = 0;
  double height() const { return y1 - y0; }
};

struct Page {
  double width = 0;
  double height = 0;
  std::vector<Line> lines;  ///< top to bottom
};

/// The body blocks and the side texts (running headers, footers, page numbers) of a document.
struct Layout {
  std::vector<core::Block> blocks;
  std::vector<core::SideText> headers;
};

/// Groups a page's words into lines, top to bottom and each left to right; words are joined with a
/// space where poppler saw one or where a gap of a third of an em separates them. A page set in two
/// columns (a gutter no word crosses, near the middle, with the left column's lines filled up to
/// it) is read column by column: between two lines that span both columns (a title), the left
/// column top to bottom, then the right one.
std::vector<Line> group_lines(const std::vector<Word>& words);

/// Sets running headers, footers and page numbers apart and joins the remaining lines into blocks.
Layout lay_out(const std::vector<Page>& pages);

/// True for a line that is a page number only: "3", "- 3 -", "－３－", "3 / 20", "p. 3", "Page 3 of
/// 20", "3頁", "3ページ".
bool is_page_number(std::string_view line);

/// True for a line that starts a clause or item, and so always starts a block: 第1条, 第１条（目的）,
/// 第十二条, 第12条の2, 第2 (第 and a number, then 条/章/節/款 or not, then a space, a bracket or
/// the end: not 第3条の規定 or 第1号に, references a line wrap put first), 1., １．, 2 (a number and a
/// space), 2.1 and 5.1.3 (and a space), (1), （１）, (ア), ①, ⑴, ア␣, 一␣, and bullets (・ ● ○ ■ □ ◆
/// ◇ ※ -).
bool starts_block(std::string_view line);

/// Joins a wrapped line to the text before it: directly between Japanese characters (a word split
/// over two lines becomes one), with a space between two Latin words, and without the hyphen of a
/// Latin word hyphenated at the line end.
void append_wrapped(std::string& text, std::string_view next_line);

}  // namespace keiyaku::pdf
