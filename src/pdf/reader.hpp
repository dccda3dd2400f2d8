#pragma once

#include <base/expected.hpp>
#include <core/document.hpp>

#include <cstddef>
#include <string>
#include <string_view>

namespace keiyaku::pdf {

/// Caps on what one PDF may cost, as docx::Limits does for DOCX. Exceeding any of them is
/// ErrorCode::limit_exceeded. Time is checked between pages (poppler cannot be interrupted inside
/// one page), so one page may overrun max_seconds by what that page costs.
struct Limits {
  size_t max_input_bytes = core::k_default_input_limit;  ///< the .pdf file itself (the input limit)
  int max_pages = 2000;                        ///< pages in the document
  size_t max_text_chars = 10'000'000;          ///< characters of extracted text
  double max_seconds = 10.0;                   ///< wall clock for one file
};

struct ReadOptions {
  Limits limits{};
};

/// True when the bytes are a PDF: "%PDF-" within the first 1024 bytes, as PDF readers accept.
bool is_pdf(std::string_view bytes);

/// Reads the text layer of a PDF into a core::Document with Document::path and Document::sha256
/// filled: one block per paragraph (lines joined where a sentence or a word was wrapped, across
/// page breaks too; a line that starts 第1条, 1., (1), ①, ア, ・ starts a block), page by page, top
/// to bottom (one column). Running headers and footers (the same line at the top or bottom of most
/// pages, page numbers aside) and page numbers go to Document::headers, never into the body.
/// Errors, each one line starting with the file name: encrypted (needs a password), unsupported
/// (no text layer: a scan that needs OCR), corrupt_pdf (not a readable PDF), limit_exceeded, io.
/// Thread-safe: any number of threads may read files at once. poppler's diagnostics are dropped.
Expected<core::Document> read_file(const std::string& path, const ReadOptions& options = {});

/// Same, from bytes in memory. display_name is used in messages and as Document::path.
Expected<core::Document> read_bytes(std::string_view bytes,
                                    const std::string& display_name,
                                    const ReadOptions& options = {});

}  // namespace keiyaku::pdf
