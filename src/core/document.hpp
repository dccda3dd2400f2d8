#pragma once

#include <cstddef>
#include <string>
#include <vector>

namespace keiyaku::core {

/// The one limit on what is read of an input file, the same for every command that reads a
/// document (`--input-limit` changes it): the XML parts of a DOCX as they are inflated, all of them
/// together (images and other media are never inflated, so they do not count); a PDF or a text
/// file whole.
inline constexpr size_t k_default_input_limit = size_t{64} << 20U;

/// Where a block was read from.
enum class Part { body, textbox, header, footer, footnote, endnote, comment };
const char* part_name(Part part);

/// One paragraph (or one paragraph inside a table cell) as Word shows it.
struct Block {
  int paragraph = 0;          ///< 0-based index in Document::blocks; what evidence cites
  std::string label;          ///< rendered auto-number label ("第1条", "（１）", "ア"); "" if none
  std::string text;           ///< visible text, without the label; in the document's own characters
  std::string style;          ///< paragraph style name ("heading 1", "List Paragraph"), "" if none
  int outline_level = -1;     ///< 0..8 for headings, -1 for body text
  bool in_table = false;      ///< inside a table cell
  int table = -1;             ///< table number (0-based, document order) when in_table
  int row = -1;               ///< row within that table
  int col = -1;               ///< grid column within that row
  int depth = 0;              ///< table nesting depth (0 = not in a table)
  Part part = Part::body;     ///< body or textbox (textboxes follow their anchor paragraph)
  bool tracked_insert = false;  ///< contains text from an unaccepted insertion (accepted view)
  int list_level = -1;        ///< auto-numbered paragraphs: the list level (ilvl, 0-based)
  int list_value = -1;        ///< auto-numbered paragraphs: the counter shown (11 for 第十一条)
  /// Where the block starts in the main part: the 0-based ordinal of its w:p element among every
  /// w:p element of the part in document order (deleted, hidden and untaken mc branches counted
  /// too). A paragraph joined to the next one (a deleted or hidden mark) keeps the first w:p.
  /// -1 when the block does not come from the main part (an altChunk, a plain-text input).
  int source_paragraph = -1;
};

/// A comment, footnote, endnote, header or footer: a side story, never part of the body.
struct SideText {
  std::string id;      ///< comment/note id, or header/footer part name
  std::string author;  ///< comments: author
  std::string date;    ///< comments: date as written
  std::string text;    ///< all paragraphs joined with '\n'
  int anchor = -1;     ///< body paragraph that references it, -1 if unknown
  Part part = Part::comment;  ///< comment, footnote, endnote, header or footer
};

enum class RiskSeverity { info, low, medium, high, critical };
const char* risk_severity_name(RiskSeverity severity);

/// A file-level risk (DOCX-MACRO, DOCX-EXTERNAL-TEMPLATE, ...).
struct FileRisk {
  std::string id;
  RiskSeverity severity = RiskSeverity::medium;
  std::string message;  ///< one line, UI language
  std::string detail;   ///< what was found (part name, URL, field code), never fetched
};

/// One tracked change of the body's text (w:ins, w:del, w:moveFrom, w:moveTo, or of a paragraph
/// mark or a table row), where it is and who made it.
struct RevisionMark {
  std::string kind;    ///< ins | del | move
  std::string author;  ///< w:author as written
  std::string date;    ///< w:date as written (ISO 8601), "" when absent
  /// The w:p it is in, counted as Block::source_paragraph is; -1 outside a paragraph.
  int source_paragraph = -1;
};

/// Unaccepted tracked changes found in the document.
struct Revisions {
  int insertions = 0;
  int deletions = 0;
  int moves = 0;
  int formatting = 0;  ///< rPrChange/pPrChange/...
  std::vector<std::string> authors;
  std::vector<RevisionMark> marks;  ///< the main part's insertions, deletions and moves (at most 10,000)
  int total() const { return insertions + deletions + moves + formatting; }
};

/// The document as keiyaku reads it: the output of docx::read and the input of every later stage.
struct Document {
  std::string path;
  std::string sha256;           ///< of the file's bytes
  std::string content_type;     ///< of the main part
  std::vector<Block> blocks;    ///< body (and text boxes) in reading order
  std::vector<SideText> comments;
  std::vector<SideText> footnotes;
  std::vector<SideText> endnotes;
  std::vector<SideText> headers;  ///< headers and footers, one per part
  std::vector<std::string> hidden_text;  ///< text kept out of the body because of w:vanish
  Revisions revisions;
  std::vector<FileRisk> file_risks;
  std::string title;            ///< docProps/core.xml dc:title, if any
};

}  // namespace keiyaku::core
