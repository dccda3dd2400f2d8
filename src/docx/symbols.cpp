#include "symbols.hpp"

#include <base/strings.hpp>

#include <array>
#include <map>
#include <stdexcept>

namespace keiyaku::embedded {
std::string_view symbols_tsv();
}

namespace keiyaku::docx {

namespace {

constexpr const char* k_replacement = "\xEF\xBF\xBD";  // U+FFFD

// "Wingdings 2", "wingdings2" and "WINGDINGS 2" name the same font.
std::string font_key(std::string_view font) {
  std::string k;
  for (const char c : font) {
    if (c != ' ') {
      k += static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
    }
  }
  return k;
}

unsigned parse_hex(std::string_view s, size_t line) {
  unsigned v = 0;
  if (s.empty() || s.size() > 6) {
    throw std::logic_error("symbols.tsv:" + std::to_string(line) + ": bad hex number");
  }
  for (const char c : s) {
    const int d = c >= '0' && c <= '9'   ? c - '0'
                  : c >= 'a' && c <= 'f' ? c - 'a' + 10
                  : c >= 'A' && c <= 'F' ? c - 'A' + 10
                                         : -1;
    if (d < 0) {
      throw std::logic_error("symbols.tsv:" + std::to_string(line) + ": bad hex number");
    }
    v = v * 16 + static_cast<unsigned>(d);
  }
  return v;
}

// font key -> the 256 codes of that font (0 = no glyph).
using Glyphs = std::array<char32_t, 256>;

const std::map<std::string, Glyphs, std::less<>>& table() {
  static const auto k_table = [] {
    std::map<std::string, Glyphs, std::less<>> t;
    size_t line_no = 0;
    for (const std::string_view line : str::split(embedded::symbols_tsv(), '\n')) {
      ++line_no;
      if (line.empty() || line[0] == '#') {
        continue;
      }
      const std::vector<std::string_view> cols = str::split(line, '\t');
      if (cols.size() < 3) {
        throw std::logic_error("symbols.tsv:" + std::to_string(line_no) + ": fewer than 3 columns");
      }
      const unsigned code = parse_hex(cols[1], line_no);
      const unsigned cp = parse_hex(cols[2], line_no);
      if (code > 0xFF || cp == 0 || cp > 0x10FFFF || (cp >= 0xE000 && cp <= 0xF8FF)) {
        throw std::logic_error("symbols.tsv:" + std::to_string(line_no) +
                               ": code or character out of range");
      }
      auto [it, added] = t.try_emplace(font_key(cols[0]));
      if (added) {
        it->second.fill(0);
      }
      it->second[code] = static_cast<char32_t>(cp);
    }
    return t;
  }();
  return k_table;
}

char32_t lookup(std::string_view font, unsigned code) {
  if (code > 0xFF) {
    return 0;
  }
  const auto& t = table();
  const auto it = t.find(font_key(font));
  return it == t.end() ? 0 : it->second[code];
}

}  // namespace

bool is_symbol_font(std::string_view font) {
  const std::string k = font_key(font);
  return table().count(k) != 0 || str::starts_with(k, "wingdings") || k == "webdings";
}

std::string map_symbol(std::string_view font, char32_t code, bool* known) {
  if (known != nullptr) {
    *known = true;
  }
  const bool pua = code >= 0xF000 && code <= 0xF0FF;
  const unsigned rel = pua ? static_cast<unsigned>(code - 0xF000) : static_cast<unsigned>(code);
  if (const char32_t cp = lookup(font, rel); cp != 0) {
    return str::to_utf8(cp);
  }
  if (!pua && !is_symbol_font(font) && code >= 0x20 && !(code >= 0xE000 && code <= 0xF8FF) &&
      code <= 0x10FFFF && !(code >= 0xD800 && code <= 0xDFFF)) {
    return str::to_utf8(code);  // an ordinary character written as w:sym
  }
  if (known != nullptr) {
    *known = false;
  }
  return k_replacement;
}

std::string map_symbol_run(std::string_view text, std::string_view font, int* unknown) {
  std::string out;
  out.reserve(text.size());
  size_t i = 0;
  while (i < text.size()) {
    const char32_t cp = str::next_cp(text, i);
    if (cp >= 0xF020 && cp <= 0xF0FF) {
      bool known = false;
      out += map_symbol(font, cp, &known);
      if (!known && unknown != nullptr) {
        ++*unknown;
      }
    } else {
      str::append_utf8(out, cp);
    }
  }
  return out;
}

std::string map_bullet_text(std::string_view text, std::string_view font) {
  std::string out;
  size_t i = 0;
  while (i < text.size()) {
    const char32_t cp = str::next_cp(text, i);
    if (cp >= 0xE000 && cp <= 0xF8FF) {
      bool known = false;
      std::string m = map_symbol(font.empty() ? "Symbol" : font, cp, &known);
      out += known ? m : "•";
    } else {
      str::append_utf8(out, cp);
    }
  }
  return out;
}

}  // namespace keiyaku::docx
