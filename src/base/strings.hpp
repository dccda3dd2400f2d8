#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace keiyaku::str {

/// Decodes one UTF-8 code point at s[i], advancing i. Invalid bytes give U+FFFD and advance by one.
char32_t next_cp(std::string_view s, size_t& i);
/// Appends the UTF-8 encoding of cp.
void append_utf8(std::string& out, char32_t cp);
std::string to_utf8(char32_t cp);
/// Number of code points.
size_t cp_count(std::string_view s);
/// True when s is well-formed UTF-8.
bool valid_utf8(std::string_view s);

std::string_view trim(std::string_view s);
std::vector<std::string_view> split(std::string_view s, char sep);
bool starts_with(std::string_view s, std::string_view prefix);
bool ends_with(std::string_view s, std::string_view suffix);
bool contains(std::string_view s, std::string_view needle);
std::string to_lower_ascii(std::string_view s);
void replace_all(std::string& s, std::string_view from, std::string_view to);
std::string join(const std::vector<std::string>& parts, std::string_view sep);

/// Levenshtein distance, for "did you mean" suggestions.
size_t edit_distance(std::string_view a, std::string_view b);

/// Escapes for HTML text and attribute values.
std::string html_escape(std::string_view s);

/// A CSV cell: quoted when needed; cells that begin with = + - @ (or tab/CR) are neutralised
/// with a leading apostrophe so spreadsheets do not evaluate them.
std::string csv_cell(std::string_view s);

}  // namespace keiyaku::str
