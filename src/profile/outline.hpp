#pragma once

// The numbered structure of a policy text (a 基本方針 extracted from PDF, Markdown or DOCX): which
// provision each sentence belongs to, and the reference people cite it by (第6条(8), 6(8), 7(8)ア,
// 第4条第2項, 5.8.1). Pure functions over UTF-8 text; thread-safe.

#include <string>
#include <string_view>
#include <vector>

namespace keiyaku::profile {

/// The numbering styles a provision can start with.
enum class LabelKind {
  chapter,        ///< 第1章, 第2節 (grouping only; not part of a reference)
  supplement,     ///< 附則
  article,        ///< 第6条, 第6条の2
  dai,            ///< 第6 (要綱 and 仕様書 style, no 条): 第6の1(2)
  section,        ///< 6, 6., 6．(a bare number where there are no 第N条 articles)
  decimal,        ///< 5.8, 5.8.1
  paragraph,      ///< a bare number inside a 第N条 article: 第N項
  kanji_item,     ///< 一, 二 … (第N号 inside an article)
  paren_number,   ///< (8)
  half_paren,     ///< 8)
  circled,        ///< ①
  katakana,       ///< ア, イ … (also イ, ロ, ハ)
  paren_katakana, ///< (ア)
  paren_kanji,    ///< (一)
  alpha,          ///< a. a)
  paren_alpha,    ///< (a)
};

struct Label {
  LabelKind kind = LabelKind::section;
  std::string text;  ///< as written, normalised: "第6条", "6", "(8)", "①", "ア", "5.8"
  int value = 0;     ///< the number it stands for where there is one (6, 8, 1), else 0
  int depth = 1;     ///< decimal: number of components (5.8.1 → 3)
  std::string caption;  ///< 第6条(業務委託) written on the label's own line: 業務委託
};

/// One numbered provision and the text that follows its label up to the next label.
struct Unit {
  std::vector<Label> path;              ///< outermost first; its own label last
  std::string ref;                      ///< as the policy numbers it: 第6条(8), 6(8), 7(8)ア
  std::string heading;                  ///< (目的) above 第1条, or a short title on the label line
  std::vector<std::string> paragraphs;  ///< body text, repaired; one entry per paragraph
  std::vector<int> paragraph_lines;     ///< 1-based line where each paragraph starts
  int parent = -1;                      ///< index of the enclosing provision, -1 at the top
  int line = 0;                         ///< 1-based line of the label in the input
};

/// A policy text split into its numbered units.
struct Outline {
  std::vector<std::string> front;       ///< paragraphs before the first label (title, date, body)
  std::vector<Unit> units;    ///< in document order
};

/// Reads the numbered structure of a policy. Each line is normalised (NFKC, spaced letters
/// 「L G W A N」, kanji numerals in 第十二条), Markdown markers and table-of-contents lines are
/// dropped, lines broken inside a sentence are joined again (a long line that does not end a
/// sentence continues on the next, across blank lines and page breaks), a character repeated
/// across such a break is dropped, and duplicated words (「ものとするものとする」) are repaired.
Outline parse_outline(std::string_view text);

/// Parses the label at the start of a normalised line; returns the number of bytes it takes
/// (label and the spaces after it), or 0 when the line does not start with one. `in_article`
/// says whether a 第N条 article encloses the line (a bare number is then a 項).
size_t parse_label(std::string_view line, bool in_article, Label& out);

/// The reference of a label path: 第6条 + (8) → 第6条(8); 6 + (8) + ア → 6(8)ア; 第4条 + 2 →
/// 第4条第2項; 第6条 + 八 → 第6条第8号; 5 + 5.8 + (1) → 5.8(1); 第2 + 1 + (1) → 第2の1(1).
std::string reference(const std::vector<Label>& path);

/// Splits a paragraph into sentences after 。 (a 。 inside （…） or 「…」 does not end one).
std::vector<std::string> sentences(std::string_view paragraph);

/// Repairs a word duplicated by a drafting or extraction slip: 「ものとするものとする」 →
/// 「ものとする」, 「ことこと」 → 「こと」, and any run of four or more characters repeated at once.
std::string repair_duplicates(std::string_view text);

}  // namespace keiyaku::profile
