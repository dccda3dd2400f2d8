#pragma once

#include <cstdio>
#include <string>
#include <string_view>

namespace keiyaku::term {

/// Whether to colour output written to `stream`: a TTY, no NO_COLOR, and not disabled by --no-color.
bool use_color(std::FILE* stream);
void set_color_disabled(bool disabled);

enum class Color { none, red, green, yellow, blue, magenta, cyan, gray, bold };

/// Wraps text in an ANSI colour when enabled is true.
std::string paint(std::string_view text, Color color, bool enabled);

/// Prints "keiyaku: error: message" (or warning) to stderr.
void error(std::string_view message);
void warning(std::string_view message);

}  // namespace keiyaku::term
