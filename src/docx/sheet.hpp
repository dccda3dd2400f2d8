#pragma once

// Reading the cells of an .xlsx worksheet (SpreadsheetML), for importing ledgers kept in Excel.
// The workbook goes through the same hardened package reader as a .docx: entry, size, ratio and
// depth limits, no DTD, no network.

#include <base/expected.hpp>

#include <string>
#include <vector>

namespace keiyaku::docx {

/// One row of a worksheet: the row number Excel shows (1-based) and its cells from column A, as
/// text. A shared or inline string is its text; a number is written as the XML holds it, except
/// in a cell formatted as a date, which becomes 2026-04-01; TRUE/FALSE for booleans; a formula
/// cell is its cached value. Cells left empty are "".
struct SheetRow {
  int number = 0;
  std::vector<std::string> cells;
};

/// The rows of the worksheet named `sheet` ("" = the first) of the .xlsx at `path`, rows with no
/// value left out. Errors name the file: not an xlsx, no such sheet (with the names there are).
Expected<std::vector<SheetRow>> read_sheet(const std::string& path, const std::string& sheet);

}  // namespace keiyaku::docx
