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

/// Makes text that came from outside (names, handles, paths, notes) safe to print on a terminal:
/// C0 controls (ESC, BEL, CR, BS, …) and DEL as \x1B, C1 controls (U+0080–U+009F, which terminals
/// may take as CSI or OSC) and the bidirectional embeddings, overrides and isolates (U+202A–U+202E,
/// U+2066–U+2069) as \u009B, and bytes that are not UTF-8 as \xFF; everything else unchanged.
/// With keep_newlines, '\n' and '\t' stay as they are (messages of several lines). Thread-safe.
std::string escape(std::string_view text, bool keep_newlines = false);

/// True when escape() would change nothing.
bool is_printable(std::string_view text);

/// Prints "keiyaku: error: message" (or warning) to stderr, the message through escape() with its
/// line breaks kept.
void error(std::string_view message);
void warning(std::string_view message);

}  // namespace keiyaku::term
