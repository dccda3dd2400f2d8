#include "term.hpp"

#include <base/strings.hpp>

#include <cstdlib>
#include <unistd.h>

namespace keiyaku::term {

namespace {
bool g_disabled = false;
}

void set_color_disabled(bool disabled) { g_disabled = disabled; }

bool use_color(std::FILE* stream) {
  if (g_disabled) {
    return false;
  }
  const char* nc = std::getenv("NO_COLOR");
  if (nc != nullptr && *nc != '\0') {
    return false;
  }
  const char* t = std::getenv("TERM");
  if (t != nullptr && std::string_view(t) == "dumb") {
    return false;
  }
  return ::isatty(::fileno(stream)) != 0;
}

std::string paint(std::string_view text, Color color, bool enabled) {
  if (!enabled || color == Color::none) {
    return std::string(text);
  }
  const char* code = "";
  switch (color) {
    case Color::red: code = "31"; break;
    case Color::green: code = "32"; break;
    case Color::yellow: code = "33"; break;
    case Color::blue: code = "34"; break;
    case Color::magenta: code = "35"; break;
    case Color::cyan: code = "36"; break;
    case Color::gray: code = "90"; break;
    case Color::bold: code = "1"; break;
    case Color::none: break;
  }
  return std::string("\x1b[") + code + "m" + std::string(text) + "\x1b[0m";
}

namespace {

bool bidi_control(char32_t cp) {
  return (cp >= 0x202A && cp <= 0x202E) || (cp >= 0x2066 && cp <= 0x2069);
}

}  // namespace

std::string escape(std::string_view text, bool keep_newlines) {
  static constexpr char k_hex[] = "0123456789ABCDEF";
  std::string out;
  out.reserve(text.size());
  size_t i = 0;
  while (i < text.size()) {
    const size_t at = i;
    const char32_t cp = str::next_cp(text, i);
    const size_t len = i - at;
    if (cp == 0xFFFD && len == 1) {  // a byte that is not UTF-8
      const auto b = static_cast<unsigned char>(text[at]);
      out += "\\x";
      out += k_hex[b >> 4U];
      out += k_hex[b & 0xFU];
    } else if ((cp == '\n' || cp == '\t') && keep_newlines) {
      out += static_cast<char>(cp);
    } else if (cp < 0x20 || cp == 0x7F) {
      out += "\\x";
      out += k_hex[cp >> 4U];
      out += k_hex[cp & 0xFU];
    } else if ((cp >= 0x80 && cp <= 0x9F) || bidi_control(cp)) {
      out += "\\u";
      for (int shift = 12; shift >= 0; shift -= 4) {
        out += k_hex[(cp >> static_cast<unsigned>(shift)) & 0xFU];
      }
    } else {
      out.append(text.substr(at, len));
    }
  }
  return out;
}

bool is_printable(std::string_view text) {
  return escape(text) == text;
}

void error(std::string_view message) {
  const std::string safe = escape(message, true);
  std::fprintf(stderr, "keiyaku: error: %s\n", safe.c_str());
}

void warning(std::string_view message) {
  const std::string safe = escape(message, true);
  std::fprintf(stderr, "keiyaku: warning: %s\n", safe.c_str());
}

}  // namespace keiyaku::term
