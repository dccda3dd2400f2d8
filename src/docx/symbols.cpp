#include "symbols.hpp"

#include <base/strings.hpp>

namespace keiyaku::docx {

namespace {

// Adobe Symbol encoding, 0x20..0x7E and 0xA0..0xFE (0 = unmapped).
constexpr char32_t k_symbol_low[95] = {
    U' ', U'!', U'∀', U'#', U'∃', U'%', U'&', U'∋', U'(', U')', U'∗', U'+', U',', U'−', U'.', U'/',
    U'0', U'1', U'2', U'3', U'4', U'5', U'6', U'7', U'8', U'9', U':', U';', U'<', U'=', U'>', U'?',
    U'≅', U'Α', U'Β', U'Χ', U'Δ', U'Ε', U'Φ', U'Γ', U'Η', U'Ι', U'ϑ', U'Κ', U'Λ', U'Μ', U'Ν', U'Ο',
    U'Π', U'Θ', U'Ρ', U'Σ', U'Τ', U'Υ', U'ς', U'Ω', U'Ξ', U'Ψ', U'Ζ', U'[', U'∴', U']', U'⊥', U'_',
    U'‾', U'α', U'β', U'χ', U'δ', U'ε', U'φ', U'γ', U'η', U'ι', U'ϕ', U'κ', U'λ', U'μ', U'ν', U'ο',
    U'π', U'θ', U'ρ', U'σ', U'τ', U'υ', U'ϖ', U'ω', U'ξ', U'ψ', U'ζ', U'{', U'|', U'}', U'∼'};
constexpr char32_t k_symbol_high[95] = {
    U'€', U'ϒ',  U'′', U'≤', U'⁄', U'∞', U'ƒ', U'♣', U'♦', U'♥', U'♠', U'↔', U'←', U'↑', U'→', U'↓',
    U'°', U'±',  U'″', U'≥', U'×', U'∝', U'∂', U'•', U'÷', U'≠', U'≡', U'≈', U'…', U'⏐', U'⎯', U'↵',
    U'ℵ', U'ℑ',  U'ℜ', U'℘', U'⊗', U'⊕', U'∅', U'∩', U'∪', U'⊃', U'⊇', U'⊄', U'⊂', U'⊆', U'∈', U'∉',
    U'∠', U'∇',  U'®', U'©', U'™', U'∏', U'√', U'⋅', U'¬', U'∧', U'∨', U'⇔', U'⇐', U'⇑', U'⇒', U'⇓',
    U'◊', U'〈', U'®', U'©', U'™', U'∑', U'⎛', U'⎜', U'⎝', U'⎡', U'⎢', U'⎣', U'⎧', U'⎨', U'⎩', U'⎪',
    0,    U'〉', U'∫', U'⌠', U'⎮', U'⌡', U'⎞', U'⎟', U'⎠', U'⎤', U'⎥', U'⎦', U'⎫', U'⎬', U'⎭'};

struct Pair {
  unsigned char code;
  char32_t cp;
};

// The Wingdings glyphs that occur in contracts: bullets, boxes, check marks, circled digits.
constexpr Pair k_wingdings[] = {
    {0x22, U'✂'}, {0x28, U'☎'}, {0x2A, U'✉'}, {0x4A, U'☺'}, {0x4C, U'☹'}, {0x6C, U'●'},
    {0x6E, U'■'}, {0x6F, U'□'}, {0x70, U'◻'}, {0x71, U'❑'}, {0x72, U'❒'}, {0x73, U'⬧'},
    {0x74, U'⧫'}, {0x75, U'◆'}, {0x76, U'❖'}, {0x77, U'⬥'}, {0x78, U'⌧'}, {0x80, U'⓪'},
    {0x81, U'①'}, {0x82, U'②'}, {0x83, U'③'}, {0x84, U'④'}, {0x85, U'⑤'}, {0x86, U'⑥'},
    {0x87, U'⑦'}, {0x88, U'⑧'}, {0x89, U'⑨'}, {0x8A, U'⑩'}, {0x8B, U'⓿'}, {0x8C, U'❶'},
    {0x8D, U'❷'}, {0x8E, U'❸'}, {0x8F, U'❹'}, {0x90, U'❺'}, {0x91, U'❻'}, {0x92, U'❼'},
    {0x93, U'❽'}, {0x94, U'❾'}, {0x95, U'❿'}, {0x9E, U'·'}, {0x9F, U'•'}, {0xA0, U'▪'},
    {0xA1, U'○'}, {0xA2, U'⭕'}, {0xA4, U'◉'}, {0xA5, U'◎'}, {0xA7, U'▪'}, {0xA8, U'◻'},
    {0xAB, U'★'}, {0xD8, U'➢'}, {0xDF, U'⇦'}, {0xE0, U'⇨'}, {0xE8, U'➔'}, {0xEF, U'⇦'},
    {0xF0, U'⇨'}, {0xFB, U'✗'}, {0xFC, U'✓'}, {0xFD, U'☒'}, {0xFE, U'☑'}};

bool ieq(std::string_view a, std::string_view b) {
  return str::to_lower_ascii(a) == str::to_lower_ascii(b);
}

char32_t lookup(std::string_view font, unsigned code) {
  if (ieq(font, "Symbol")) {
    if (code >= 0x20 && code <= 0x7E) {
      return k_symbol_low[code - 0x20];
    }
    if (code >= 0xA0 && code <= 0xFE) {
      return k_symbol_high[code - 0xA0];
    }
    return 0;
  }
  if (ieq(font, "Wingdings")) {
    for (const Pair& p : k_wingdings) {
      if (p.code == code) {
        return p.cp;
      }
    }
    return 0;
  }
  return 0;
}

}  // namespace

std::string map_symbol(std::string_view font, char32_t code, bool* known) {
  if (known != nullptr) {
    *known = true;
  }
  const bool pua = code >= 0xF000 && code <= 0xF0FF;
  const unsigned rel = pua ? static_cast<unsigned>(code - 0xF000) : static_cast<unsigned>(code);
  if (rel <= 0xFF) {
    const char32_t cp = lookup(font, rel);
    if (cp != 0) {
      return str::to_utf8(cp);
    }
  }
  const bool symbol_font = ieq(font, "Symbol") || ieq(font, "Wingdings") ||
                           str::starts_with(str::to_lower_ascii(font), "wingdings") ||
                           ieq(font, "Webdings");
  if (!pua && !symbol_font && code >= 0x20 && !(code >= 0xE000 && code <= 0xF8FF) &&
      code <= 0x10FFFF && !(code >= 0xD800 && code <= 0xDFFF)) {
    return str::to_utf8(code);  // an ordinary character written as w:sym
  }
  if (known != nullptr) {
    *known = false;
  }
  return "\xEF\xBF\xBD";  // U+FFFD
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
