#include "registry_common.hpp"

#include "command.hpp"

#include <CLI/CLI.hpp>
#include <base/file.hpp>
#include <base/i18n.hpp>
#include <base/strings.hpp>
#include <base/term.hpp>
#include <text/normalize.hpp>

#include <pwd.h>
#include <unistd.h>

#include <cstdlib>

namespace keiyaku::cli {

namespace {

std::string env(const char* name) {
  const char* v = std::getenv(name);
  return v != nullptr ? std::string(v) : std::string();
}

}  // namespace

void add_registry_options(CLI::App& app, RegistryOptions& o) {
  app.add_option("--db", o.db,
                 tr("台帳データベース（既定: $KEIYAKU_DB、なければ ./keiyaku.db）",
                    "registry database (default: $KEIYAKU_DB, else ./keiyaku.db)"));
  app.add_option("--by", o.by,
                 tr("履歴に記録する操作者（既定: $USER）",
                    "who makes the change, for history (default: $USER)"));
  app.add_option("--fixed-time", o.fixed_time,
                 tr("現在時刻を固定する ISO 8601（KEIYAKU_NOW も可）",
                    "use this ISO 8601 time as now (also KEIYAKU_NOW)"));
}

std::string resolve_db_path(const std::string& flag) {
  if (!flag.empty()) {
    return flag;
  }
  if (std::string e = env("KEIYAKU_DB"); !e.empty()) {
    return e;
  }
  return "keiyaku.db";
}

std::string resolve_by(const std::string& flag) {
  if (!str::trim(flag).empty()) {
    return std::string(str::trim(flag));
  }
  if (std::string e = env("USER"); !e.empty()) {
    return e;
  }
  if (const passwd* pw = ::getpwuid(::getuid()); pw != nullptr && pw->pw_name != nullptr) {
    return pw->pw_name;
  }
  return "unknown";
}

Expected<registry::Clock> resolve_clock(const std::string& flag) {
  std::string text = flag;
  if (text.empty()) {
    text = env("KEIYAKU_NOW");
  }
  if (text.empty()) {
    return registry::system_clock();
  }
  return registry::parse_fixed_time(text);
}

Expected<registry::Registry> open_registry(const RegistryOptions& options,
                                           registry::OpenMode mode) {
  auto clock = resolve_clock(options.fixed_time);
  if (!clock) {
    return clock.error();
  }
  registry::OpenOptions o;
  o.path = resolve_db_path(options.db);
  o.mode = mode;
  o.by = resolve_by(options.by);
  o.clock = *clock;
  o.fold = text::identifier_key;
  return registry::Registry::open(o);
}

Expected<registry::Date> parse_date_option(std::string_view option, const std::string& value) {
  auto d = registry::parse_date(value);
  if (!d) {
    return Error(d.error().code, std::string(option) + ": " + d.error().message);
  }
  return *d;
}

Expected<std::optional<registry::Date>> parse_opt_date_option(
    std::string_view option, const std::optional<std::string>& value) {
  if (!value) {
    return std::optional<registry::Date>();
  }
  auto d = parse_date_option(option, *value);
  if (!d) {
    return d.error();
  }
  return std::optional<registry::Date>(*d);
}

void add_format_option(CLI::App& app,
                       std::string& format,
                       const std::vector<std::string>& allowed) {
  format = allowed.front();
  app.add_option("--format", format,
                 tr("出力形式: ", "output format: ") + str::join(allowed, "|") +
                     tr("（既定 ", " (default ") + allowed.front() + tr("）", ")"))
      ->check(CLI::IsMember(allowed));
}

std::string csv_row(const std::vector<std::string>& cells) {
  std::string line;
  for (size_t i = 0; i < cells.size(); ++i) {
    if (i > 0) {
      line += ',';
    }
    line += str::csv_cell(cells[i]);
  }
  line += "\r\n";
  return line;
}

size_t display_width(std::string_view s) {
  size_t w = 0;
  size_t i = 0;
  while (i < s.size()) {
    const char32_t cp = str::next_cp(s, i);
    const bool wide = (cp >= 0x1100 && cp <= 0x115F) || (cp >= 0x2E80 && cp <= 0x303E) ||
                      (cp >= 0x3041 && cp <= 0x33FF) || (cp >= 0x3400 && cp <= 0x4DBF) ||
                      (cp >= 0x4E00 && cp <= 0x9FFF) || (cp >= 0xA000 && cp <= 0xA4CF) ||
                      (cp >= 0xAC00 && cp <= 0xD7A3) || (cp >= 0xF900 && cp <= 0xFAFF) ||
                      (cp >= 0xFE30 && cp <= 0xFE4F) || (cp >= 0xFF00 && cp <= 0xFF60) ||
                      (cp >= 0xFFE0 && cp <= 0xFFE6) || (cp >= 0x1F300 && cp <= 0x1F64F) ||
                      (cp >= 0x20000 && cp <= 0x3FFFD);
    w += wide ? 2 : 1;
  }
  return w;
}

std::string Table::render() const {
  // Cells come from outside (names, handles, paths): escaped before they are measured, so that a
  // control character can neither move the cursor nor break the columns.
  auto escaped = [](const std::vector<std::string>& row) {
    std::vector<std::string> out;
    out.reserve(row.size());
    for (const std::string& cell : row) {
      out.push_back(term::escape(cell));
    }
    return out;
  };
  const std::vector<std::string> header = escaped(m_header);
  std::vector<std::vector<std::string>> rows;
  rows.reserve(m_rows.size());
  for (const auto& r : m_rows) {
    rows.push_back(escaped(r));
  }
  std::vector<size_t> widths(header.size(), 0);
  auto measure = [&](const std::vector<std::string>& row) {
    for (size_t i = 0; i < row.size() && i < widths.size(); ++i) {
      widths[i] = std::max(widths[i], display_width(row[i]));
    }
  };
  measure(header);
  for (const auto& r : rows) {
    measure(r);
  }
  std::string text;
  auto emit = [&](const std::vector<std::string>& row) {
    std::string line;
    for (size_t i = 0; i < row.size() && i < widths.size(); ++i) {
      const std::string& cell = row[i];
      line += cell;
      if (i + 1 < row.size()) {
        line += std::string(widths[i] - display_width(cell) + 2, ' ');
      }
    }
    while (!line.empty() && line.back() == ' ') {
      line.pop_back();
    }
    text += line + "\n";
  };
  emit(header);
  for (const auto& r : rows) {
    emit(r);
  }
  return text;
}

void out(std::string_view text) {
  std::fwrite(text.data(), 1, text.size(), stdout);
}

void show(std::string_view text) {
  out(term::escape(text, true));
}

void done(std::string_view text) {
  if (!globals().quiet) {
    const std::string safe = term::escape(text);
    std::printf("%s\n", safe.c_str());
  }
}

Status write_output(const std::string& path, std::string_view data) {
  if (path.empty() || path == "-") {
    out(data);
    return {};
  }
  return file::write_output(path, data);
}

std::string anchor_line(const registry::HistoryHead& head) {
  return tr("台帳の履歴の先頭: ", "registry history head: ") + registry::format_anchor(head);
}

Status note_anchor(registry::Registry& registry) {
  auto head = registry.head();
  if (!head) {
    return head.error();
  }
  if (!globals().quiet) {
    std::fprintf(stderr, "%s\n", anchor_line(*head).c_str());
  }
  return {};
}

std::string date_or_dash(const std::optional<registry::Date>& d) {
  return d ? registry::to_iso(*d) : std::string("-");
}

std::string days_text(int64_t days_left) {
  if (days_left == 0) {
    return tr("本日", "today");
  }
  if (days_left < 0) {
    return std::to_string(-days_left) +
           tr("日超過", days_left == -1 ? " day overdue" : " days overdue");
  }
  return tr("あと", "in ") + std::to_string(days_left) +
         tr("日", days_left == 1 ? " day" : " days");
}

Expected<std::map<int64_t, std::string>> vendor_names(registry::Registry& r) {
  auto vendors = r.list_vendors();
  if (!vendors) {
    return vendors.error();
  }
  std::map<int64_t, std::string> names;
  for (const auto& v : *vendors) {
    names[v.id] = v.name;
  }
  return names;
}

Expected<std::optional<int64_t>> vendor_filter(registry::Registry& r, const std::string& name) {
  if (name.empty()) {
    return std::optional<int64_t>();
  }
  auto v = r.find_vendor(name);
  if (!v) {
    return v.error();
  }
  return std::optional<int64_t>(v->id);
}

}  // namespace keiyaku::cli
