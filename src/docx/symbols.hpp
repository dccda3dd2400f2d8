#pragma once
// w:sym and bullet glyphs: font-relative codes (Symbol, Wingdings) to Unicode. Internal to docx/.

#include <string>
#include <string_view>

namespace keiyaku::docx {

/// Maps w:sym w:font/w:char to UTF-8. Codes in U+F000..U+F0FF are font-relative. Never returns a
/// private-use character: unknown symbols become U+FFFD and *known is set to false.
std::string map_symbol(std::string_view font, char32_t code, bool* known = nullptr);

/// Replaces private-use characters of a bullet lvlText with their Unicode glyphs ("" → "•").
std::string map_bullet_text(std::string_view text, std::string_view font);

}  // namespace keiyaku::docx
