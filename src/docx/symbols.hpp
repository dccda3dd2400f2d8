#pragma once
// w:sym and bullet glyphs: font-relative codes (Symbol, Wingdings) to Unicode, from the table in
// dictionaries/symbols.tsv (embedded at build time). Internal to docx/.

#include <string>
#include <string_view>

namespace keiyaku::docx {

/// Maps w:sym w:font/w:char to UTF-8. Codes in U+F000..U+F0FF are font-relative. Never returns a
/// private-use character: unknown symbols become U+FFFD and *known is set to false.
std::string map_symbol(std::string_view font, char32_t code, bool* known = nullptr);

/// Whether `font` is a symbol font (Symbol, Wingdings, Wingdings 2/3, Webdings): its characters are
/// glyphs, not the letters their codes stand for elsewhere.
bool is_symbol_font(std::string_view font);

/// Text of a run in a symbol font: each private-use character U+F020..U+F0FF becomes the glyph it
/// shows (U+FFFD when the table has none, counted in *unknown); everything else is kept.
std::string map_symbol_run(std::string_view text, std::string_view font, int* unknown);

/// Replaces private-use characters of a bullet lvlText with their Unicode glyphs ("" → "•").
std::string map_bullet_text(std::string_view text, std::string_view font);

}  // namespace keiyaku::docx
