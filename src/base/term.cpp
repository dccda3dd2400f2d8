#include "term.hpp"

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

void error(std::string_view message) {
  std::fprintf(stderr, "keiyaku: error: %.*s\n", static_cast<int>(message.size()), message.data());
}

void warning(std::string_view message) {
  std::fprintf(stderr, "keiyaku: warning: %.*s\n", static_cast<int>(message.size()),
               message.data());
}

}  // namespace keiyaku::term
