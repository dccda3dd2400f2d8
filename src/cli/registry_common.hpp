#pragma once

// Plumbing shared by the registry commands (vendor, sns, db): --db/--by/--fixed-time, opening
// the registry, --format, tables that line up with Japanese text, CSV with a BOM.

#include <base/expected.hpp>
#include <registry/dates.hpp>
#include <registry/registry.hpp>

#include <cstdio>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace CLI {
class App;
}

namespace keiyaku::cli {

/// --db PATH (else $KEIYAKU_DB, else ./keiyaku.db), --by WHO (else $USER), --fixed-time ISO
/// (else $KEIYAKU_NOW, else the system clock).
struct RegistryOptions {
  std::string db;
  std::string by;
  std::string fixed_time;
};

/// Adds the three options to `app`, which should have fallthrough() so that its subcommands
/// accept them too.
void add_registry_options(CLI::App& app, RegistryOptions& options);

std::string resolve_db_path(const std::string& flag);
std::string resolve_by(const std::string& flag);
Expected<registry::Clock> resolve_clock(const std::string& flag);

/// Opens the registry the options name: `read_only` for commands that only read, `must_exist` for
/// those that change an existing registry.
Expected<registry::Registry> open_registry(const RegistryOptions& options, registry::OpenMode mode);

/// Vendor names by id, for lists that show the vendor beside each row.
Expected<std::map<int64_t, std::string>> vendor_names(registry::Registry& r);

/// The vendor a list is narrowed to (`--vendor NAME|ID`), or none when `name` is empty.
Expected<std::optional<int64_t>> vendor_filter(registry::Registry& r, const std::string& name);

/// Rows of one vendor (`vendor` given) or of every vendor, with the vendors' names and the
/// registry's today: what the `list` subcommands show.
template <typename T>
struct VendorRows {
  std::vector<T> rows;
  std::map<int64_t, std::string> names;
  registry::Date today;
};

/// Opens the registry and reads `list(registry, vendor_id)`.
template <typename T, typename List>
Expected<VendorRows<T>> vendor_rows(const RegistryOptions& ro, const std::string& vendor, List list) {
  auto r = open_registry(ro, registry::OpenMode::read_only);
  if (!r) {
    return r.error();
  }
  auto filter = vendor_filter(*r, vendor);
  if (!filter) {
    return filter.error();
  }
  Expected<std::vector<T>> rows = list(*r, *filter);
  if (!rows) {
    return rows.error();
  }
  auto names = vendor_names(*r);
  if (!names) {
    return names.error();
  }
  return VendorRows<T>{std::move(*rows), std::move(*names), r->clock().today};
}

/// Parses a date option, naming the option in the error ("--valid-to: no such date: ...").
Expected<registry::Date> parse_date_option(std::string_view option, const std::string& value);
Expected<std::optional<registry::Date>> parse_opt_date_option(
    std::string_view option, const std::optional<std::string>& value);

/// Adds --format with the allowed values (the first is the default) to a subcommand.
void add_format_option(CLI::App& app, std::string& format, const std::vector<std::string>& allowed);

/// The UTF-8 byte order mark that makes Excel read CSV as UTF-8.
inline constexpr std::string_view k_csv_bom = "\xEF\xBB\xBF";
/// One CSV line (CRLF-terminated), every cell through str::csv_cell.
std::string csv_row(const std::vector<std::string>& cells);

/// Columns on a terminal: East Asian wide characters count as two.
size_t display_width(std::string_view s);

/// A text table: a header and rows, padded by display width, two spaces between columns; every
/// cell through term::escape.
class Table {
 public:
  explicit Table(std::vector<std::string> header) : m_header(std::move(header)) {}
  void add(std::vector<std::string> row) { m_rows.push_back(std::move(row)); }
  bool empty() const { return m_rows.empty(); }
  std::string render() const;

 private:
  std::vector<std::string> m_header;
  std::vector<std::vector<std::string>> m_rows;
};

/// Writes text to stdout as it is (JSON, CSV).
void out(std::string_view text);
/// Writes a text view for people to stdout, through term::escape (line breaks kept): names,
/// handles, notes and paths never send control sequences to the terminal.
void show(std::string_view text);
/// A confirmation line for a write ("added vendor #3: ..."), on stdout unless --quiet; escaped.
void done(std::string_view text);
/// Writes `data` to `path` atomically, or to stdout when path is empty or "-".
Status write_output(const std::string& path, std::string_view data);

/// "registry history head: SEQ:HASH": the anchor that reports, batch summaries and exports print
/// (docs/registry.md).
std::string anchor_line(const registry::HistoryHead& head);
/// Prints anchor_line() of the registry's head on stderr (unless --quiet): for outputs that have no
/// place for it (CSV, the public SNS list).
Status note_anchor(registry::Registry& registry);

/// "2026-04-01" or "-" for none.
std::string date_or_dash(const std::optional<registry::Date>& d);
/// "あと12日" / "3日超過" (in 12 days / 3 days overdue / today).
std::string days_text(int64_t days_left);

}  // namespace keiyaku::cli
