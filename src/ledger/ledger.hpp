#pragma once

// The ledgers in and out of Excel: `keiyaku ledger export` writes the vendor, certificate,
// verification and SNS-account ledgers as one workbook; `keiyaku ledger import` reads a ledger kept
// in Excel (.xlsx) or saved as CSV (UTF-8 with or without BOM, or CP932 as Excel saves it) into the
// registry — every row checked, every bad row refused with its row number and reason, and nothing
// written unless every row is good (one transaction). Column headings are data
// (dictionaries/ledger_columns.tsv); a mapping names others.

#include <base/expected.hpp>
#include <registry/registry.hpp>
#include <report/report.hpp>

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace keiyaku::ledger {

enum class Ledger { vendors, certificates, verifications, accounts };

/// "vendors", "certificates", "verifications", "sns" (and the Japanese names of
/// dictionaries/option_values.tsv: 事業者, 認証, 確認, SNS); nullopt otherwise.
std::optional<Ledger> parse_ledger(std::string_view text);
/// Every ledger's name, for --help.
std::vector<std::string> ledger_names();

/// One field of a ledger: its name (for --map) and whether a row must give it.
struct Field {
  std::string name;
  bool required = false;
  std::string heading;  ///< the heading export writes (Japanese, or the name in English)
};
std::vector<Field> fields(Ledger ledger);

/// A sheet or CSV file as read: the heading row and the data rows under it, each with the row
/// number a spreadsheet shows (the heading is the first row with any value).
struct Table {
  int heading_row = 0;
  std::vector<std::string> heading;
  struct Row {
    int number = 0;
    std::vector<std::string> cells;
  };
  std::vector<Row> rows;
};

/// Reads a .xlsx (`sheet` by name, "" = the first) or a CSV file (any other extension; UTF-8 with
/// or without BOM, or CP932, detected). Errors name the file.
Expected<Table> read_table(const std::string& path, const std::string& sheet);

/// Field name → the heading of its column in the file, for headings dictionaries/ledger_columns.tsv
/// does not know ("--map name=取引先名").
using Mapping = std::map<std::string, std::string>;

/// What one row does.
struct Change {
  enum class Action { add, update, same };
  int row = 0;
  Action action = Action::add;
  std::string what;  ///< "株式会社A", "株式会社A: ISMS IS-1", "x:@city (所管課, 責任者)"
};
/// Why a row is refused.
struct Problem {
  int row = 0;
  std::string reason;
};
struct Result {
  std::vector<Change> changes;
  std::vector<Problem> problems;
  bool written = false;  ///< true when the changes were committed
};

enum class DryRun { no, yes };

/// Applies every row to the registry in one transaction. Each row is checked as it would be
/// written (the same code as `vendor add`, `sns add`, …); when any row has a problem, or on a dry
/// run, the transaction is rolled back and nothing is written. An error (not a Result) when the
/// file's columns cannot be matched: a required field or a mapped heading not found.
Expected<Result> import_table(registry::Registry& registry,
                              Ledger ledger,
                              const Table& table,
                              const Mapping& mapping,
                              DryRun dry_run);

/// The four ledgers as sheets: 事業者, 認証, 確認, SNSアカウント (retired accounts included,
/// marked). Headings are those import recognises, so an exported sheet imports again unchanged.
Expected<std::vector<report::TableSheet>> export_sheets(registry::Registry& registry);

}  // namespace keiyaku::ledger
