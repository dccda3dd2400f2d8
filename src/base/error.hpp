#pragma once

#include <optional>
#include <string>

namespace keiyaku {

/// Why something failed. The CLI maps every code to exit status 2 except `internal` (3).
enum class ErrorCode {
  usage,           // bad arguments
  io,              // cannot open/read/write a file
  not_zip,         // not a ZIP/OOXML package at all
  corrupt_zip,     // ZIP magic but truncated or broken
  legacy_doc,      // Word 97-2003 .doc (CFB)
  rtf,             // RTF saved under a .docx name
  pdf,             // PDF saved under a .docx name
  encrypted,       // password-protected OOXML (CFB EncryptedPackage) or PDF
  corrupt_pdf,     // not a PDF, or one too damaged to open
  no_main_part,    // no officeDocument relationship / wrong content type
  invalid_xml,     // malformed XML, DOCTYPE, bad encoding
  limit_exceeded,  // size, ratio, entry count, depth
  unsupported,     // a recognised but unsupported format
  invalid_input,   // bad value (date, corporate number, ...)
  not_found,       // unknown vendor, account, requirement
  conflict,        // duplicate, still referenced, ...
  database,        // SQLite failure
  data,            // a data file of the tool (requirements, profiles) is wrong
  internal,        // a bug
};

/// A location inside an input: file, and optionally line/column or a DOCX part.
struct Where {
  std::string file;
  int line = 0;    // 1-based, 0 = unknown
  int column = 0;  // 1-based, 0 = unknown
  std::string context;  // the offending line, shown with a caret
};

/// A structured error. Rendered for people only in cli/.
struct Error {
  ErrorCode code = ErrorCode::internal;
  std::string message;
  std::optional<Where> where;

  Error() = default;
  Error(ErrorCode c, std::string m) : code(c), message(std::move(m)) {}
  Error(ErrorCode c, std::string m, Where w) : code(c), message(std::move(m)), where(std::move(w)) {}
};

/// "file:line:col: message" plus the context line and a caret, as users see it.
std::string format_error(const Error& error);

}  // namespace keiyaku
