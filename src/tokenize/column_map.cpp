#include "column_map.hpp"

#include <base/strings.hpp>

#include <charconv>
#include <cstdio>
#include <cstdlib>

namespace keiyaku::embedded {
std::string_view ipadic_map();
}

namespace keiyaku::tokenize::detail {

namespace {

bool parse_index(std::string_view s, size_t& out) {
  const auto* end = s.data() + s.size();
  const auto r = std::from_chars(s.data(), end, out);
  return r.ec == std::errc() && r.ptr == end;
}

bool parse_pos_name(std::string_view s, core::Pos& out) {
  static constexpr std::pair<std::string_view, core::Pos> k_names[] = {
      {"noun", core::Pos::noun},         {"verb", core::Pos::verb},
      {"adjective", core::Pos::adjective}, {"adverb", core::Pos::adverb},
      {"particle", core::Pos::particle}, {"auxiliary", core::Pos::auxiliary},
      {"prefix", core::Pos::prefix},     {"suffix", core::Pos::suffix},
      {"symbol", core::Pos::symbol},     {"other", core::Pos::other},
  };
  for (const auto& [name, pos] : k_names) {
    if (s == name) {
      out = pos;
      return true;
    }
  }
  return false;
}

}  // namespace

core::Pos ColumnMap::coarse_pos(const std::string_view* pos, size_t count) const {
  for (const CoarseRule& rule : coarse) {
    bool match = rule.columns.size() <= count;
    for (size_t i = 0; match && i < rule.columns.size(); ++i) {
      match = pos[i] == rule.columns[i];
    }
    if (match) {
      return rule.pos;
    }
  }
  return core::Pos::other;
}

Expected<ColumnMap> parse_column_map(std::string_view text, std::string_view name) {
  ColumnMap map;
  bool have_columns = false;
  bool have_pos = false;
  int line_no = 0;
  for (std::string_view line : str::split(text, '\n')) {
    ++line_no;
    const std::string_view raw = line;
    if (const size_t hash = line.find('#'); hash != std::string_view::npos) {
      line = line.substr(0, hash);
    }
    line = str::trim(line);
    if (line.empty()) {
      continue;
    }
    auto fail = [&](const std::string& what) {
      return Error(ErrorCode::data, what, Where{std::string(name), line_no, 1, std::string(raw)});
    };
    const size_t eq = line.find('=');
    if (eq == std::string_view::npos) {
      return fail("expected 'key = value'");
    }
    const std::string_view key = str::trim(line.substr(0, eq));
    const std::string_view value = str::trim(line.substr(eq + 1));
    if (value.empty()) {
      return fail("empty value for '" + std::string(key) + "'");
    }
    size_t index = 0;
    if (key == "name") {
      map.name = std::string(value);
    } else if (key == "columns") {
      if (!parse_index(value, map.columns) || map.columns == 0) {
        return fail("'columns' must be a positive number");
      }
      have_columns = true;
    } else if (key == "pos") {
      const size_t dash = value.find('-');
      if (dash == std::string_view::npos || !parse_index(value.substr(0, dash), map.pos_first) ||
          !parse_index(value.substr(dash + 1), map.pos_last) || map.pos_last < map.pos_first) {
        return fail("'pos' must be a column range such as 0-3");
      }
      have_pos = true;
    } else if (key == "conjugation" || key == "lemma" || key == "reading") {
      if (!parse_index(value, index)) {
        return fail("'" + std::string(key) + "' must be a column number");
      }
      (key == "lemma" ? map.lemma : key == "reading" ? map.reading : map.conjugation) =
          static_cast<int>(index);
    } else if (str::starts_with(key, "coarse.")) {
      ColumnMap::CoarseRule rule;
      if (!parse_pos_name(key.substr(7), rule.pos)) {
        return fail("unknown coarse part of speech '" + std::string(key.substr(7)) + "'");
      }
      for (std::string_view c : str::split(value, ',')) {
        rule.columns.emplace_back(str::trim(c));
      }
      map.coarse.push_back(std::move(rule));
    } else {
      return fail("unknown key '" + std::string(key) + "'");
    }
  }
  if (!have_columns || !have_pos || map.lemma < 0) {
    return Error(ErrorCode::data, "'columns', 'pos' and 'lemma' are required",
                 Where{std::string(name), 0, 0, {}});
  }
  for (const int c : {map.lemma, map.reading, map.conjugation, static_cast<int>(map.pos_last)}) {
    if (c >= static_cast<int>(map.columns)) {
      return Error(ErrorCode::data,
                   "column " + std::to_string(c) + " is beyond 'columns' (" +
                       std::to_string(map.columns) + ")",
                   Where{std::string(name), 0, 0, {}});
    }
  }
  return map;
}

const ColumnMap& ipadic_column_map() {
  static const ColumnMap map = [] {
    auto parsed = parse_column_map(embedded::ipadic_map(), "dictionaries/ipadic.map");
    if (!parsed) {
      std::fprintf(stderr, "keiyaku: error: %s\n", format_error(parsed.error()).c_str());
      std::abort();
    }
    return std::move(*parsed);
  }();
  return map;
}

size_t split_feature(std::string_view feature, std::string_view* out, size_t max) {
  size_t count = 0;
  size_t i = 0;
  const size_t n = feature.size();
  while (count < max) {
    if (i < n && feature[i] == '"') {
      // A quoted column runs to the next quote that is followed by ',' or the end.
      size_t j = i + 1;
      while (j < n && !(feature[j] == '"' && (j + 1 == n || feature[j + 1] == ','))) {
        ++j;
      }
      out[count++] = feature.substr(i + 1, j - i - 1);
      i = j + 1;
    } else {
      const size_t comma = feature.find(',', i);
      const size_t end = comma == std::string_view::npos ? n : comma;
      out[count++] = feature.substr(i, end - i);
      i = end;
    }
    if (i >= n) {
      break;
    }
    ++i;  // the comma
  }
  return count;
}

size_t split_feature(const char* feature, std::string_view* out, size_t max) {
  size_t count = 0;
  const char* p = feature;
  while (count < max) {
    if (*p == '"') {
      const char* start = ++p;
      while (*p != '\0' && !(*p == '"' && (p[1] == ',' || p[1] == '\0'))) {
        ++p;
      }
      out[count++] = std::string_view(start, static_cast<size_t>(p - start));
      if (*p == '"') {
        ++p;
      }
    } else {
      const char* start = p;
      while (*p != ',' && *p != '\0') {
        ++p;
      }
      out[count++] = std::string_view(start, static_cast<size_t>(p - start));
    }
    if (*p == '\0') {
      break;
    }
    ++p;  // the comma
  }
  return count;
}

}  // namespace keiyaku::tokenize::detail
