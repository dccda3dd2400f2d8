#pragma once

// Kanji numerals: the one place they are parsed (clause numbers in text/ and segment/, dates in
// registry/).

#include <cstdint>
#include <string_view>

namespace keiyaku::str {

/// The value of one kanji numeral character: 0-9 for 〇零一…九 (and the legal forms 壱弐参), 10,
/// 100, 1000 and 10000 for 十拾 百 千 万; -1 for anything else.
int kanji_numeral(char32_t c);

/// Parses a number written in kanji: positional when there is no multiplier (二〇二六 → 2026,
/// 三〇 → 30), else with multipliers (十二 → 12, 百一 → 101, 千二百三十四 → 1234, 一万二千 → 12000,
/// 壱拾 → 10). Returns -1 for an empty text, any other character, a malformed numeral (二三十,
/// 十百, 〇十) or a value above 99,999,999.
int64_t parse_kanji_number(std::string_view s);

}  // namespace keiyaku::str
