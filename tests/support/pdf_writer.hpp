#pragma once
// Writes small PDFs for tests, with no font installed and no tool: every character is drawn with
// one Type0 font (Identity-H, CID = the character's code point, not embedded) whose ToUnicode CMap
// maps each code back to its character, so that poppler extracts Japanese text exactly.

#include <string>
#include <vector>

namespace keiyaku::test {

/// A string drawn at a point. y is the baseline, in points from the top of an A4 page (595 × 842).
struct PdfRun {
  double x = 0;
  double y = 0;
  double size = 10.5;
  std::string text;  ///< UTF-8; characters outside the BMP become '?'
};

struct PdfPage {
  std::vector<PdfRun> runs;
  bool image = false;  ///< draw a grey image over the page, as a scanner's PDF is
};

struct PdfOptions {
  std::string title;
  std::string author{};  ///< the information dictionary's /Author, "" = none
  /// Written into the document catalog as it is ("/OpenAction << /S /JavaScript /JS (…) >>").
  std::string catalog_extra{};
  /// Add a standard security handler whose user password is not empty: the file cannot be opened
  /// without a password (the content itself is left as written).
  bool password = false;
  /// More objects, numbered after the information dictionary; "{K}" in catalog_extra and in these
  /// becomes a reference to the K-th of them (K = 0..9).
  std::vector<std::string> extra_objects{};
  /// Write every object that is not a stream into one compressed object stream (PDF 1.5
  /// /ObjStm, FlateDecode) with a cross-reference stream, as Word and most PDF libraries save.
  /// Not with `password`.
  bool object_streams = false;
};

/// The bytes of a PDF with these pages.
std::string write_pdf(const std::vector<PdfPage>& pages, const PdfOptions& options = {});

/// A paragraph for lay_out_pages(): first line at `indent` ems, the others at `hanging` ems.
struct PdfParagraph {
  std::string text;
  double indent = 0;
  double hanging = 0;
  bool gap_before = false;  ///< half a line of space before it
};

/// How lay_out_pages() sets text, as a word processor would: 10.5 pt, 40 ems to a line (a CJK
/// character is one em wide, ASCII half an em), lines 18 pt apart, 38 lines to a page.
struct PdfLayout {
  std::string header;        ///< at the top of every page, "" = none
  std::string footer;        ///< at the bottom of every page, "" = none
  bool page_numbers = true;  ///< "- N -" centred under the footer
  double width_em = 40;
  int lines_per_page = 38;
};

/// Sets the paragraphs line by line over as many pages as they need, wrapping anywhere (as
/// Japanese text is wrapped), including across page breaks.
std::vector<PdfPage> lay_out_pages(const std::vector<PdfParagraph>& paragraphs,
                                   const PdfLayout& layout = {});

}  // namespace keiyaku::test
