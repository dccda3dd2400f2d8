#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace keiyaku::text {

/// A byte range [begin, end).
struct ByteRange {
  uint32_t begin = 0;
  uint32_t end = 0;
  bool operator==(const ByteRange&) const = default;
};

/// Normalised UTF-8 text plus, for every byte offset of `text` (and one past the end), the byte
/// offset in the original.
///
/// The map is monotonic (non-decreasing). It is exact at the boundaries of everything that was
/// changed: an unchanged byte maps to itself, every byte produced by a replacement (NFKC "（" → "(",
/// 取り扱い → 取扱い, 十二 → 12) maps to the first byte of the original it replaced, and the offset
/// just after a replacement maps to the end of that original. So the original text of a normalised
/// span of whole characters is original.substr(r.begin, r.end - r.begin) with
/// r = original_range(begin, end): the document's own characters, for quoting evidence.
struct Normalized {
  std::string text;
  std::vector<uint32_t> to_original;  ///< text.size() + 1 entries
  /// Original byte ranges that normalisation dropped (spaces inside words, line-break artefacts,
  /// zero-width characters), sorted; original_range() keeps them out of the end of a span.
  std::vector<ByteRange> removed;

  /// The original offset of a normalised offset; offsets past the end clamp to the end.
  uint32_t original_offset(uint32_t norm_offset) const;
  /// The original bytes a normalised span [norm_begin, norm_end) came from.
  ByteRange original_range(uint32_t norm_begin, uint32_t norm_end) const;
};

/// Normalises contract text for matching. Thread-safe; any bytes are accepted (ill-formed UTF-8
/// becomes U+FFFD, one per bad byte). Inputs of 4 GiB or more are not supported.
///
/// Steps, in order:
///  1. NFKC (ICU): full-width Latin and digits to half-width (ＩＳＭＳ → ISMS, １ → 1, （ → ( ),
///     half-width kana to full-width (ｱ → ア); Japanese punctuation 、。「」 stays. Circled numbers
///     (①, ㉑, ㊱) are kept, because contracts use them as item labels.
///  2. Zero-width and invisible characters are dropped (U+200B, U+2060, U+FEFF, soft hyphen, bidi
///     controls, variation selectors); hyphen look-alikes (U+2010, U+2012, U+2013, U+2212) become
///     '-'.
///  3. Spaces inserted inside words are removed: a run of two or more single Latin letters separated
///     by single spaces ("L G W A N" → "LGWAN", "I S M A P" → "ISMAP"), one space between a Latin
///     word and kanji/kana ("LGWAN 接続系" → "LGWAN接続系"), and a run of two or more single
///     kanji/kana separated by spaces ("土 浦 市" → "土浦市", "目 次" → "目次"). Other spaces stay: in
///     contracts they separate a label from its text ("第1条 甲は", "2 乙は", "ア 本仕様書",
///     "(1) ネットワーク コンピュータ等") or names in a signature block.
///  4. Line breaks inside words are removed: a run of newlines and spaces between two kanji/kana
///     when the line before it is at least 32 characters long, as when a PDF page or line break
///     falls inside a sentence ("ソーシャルメ\n\nディア" → "ソーシャルメディア"). Breaks after short
///     lines stay, since those end headings, titles and signature lines.
///  5. Kanji numerals in clause numbers become digits: 第十二条 → 第12条, 第三項 → 第3項,
///     第二号 → 第2号, also 章, 節, 款 and branch numbers (第十二条の二 → 第12条の2). Other numerals
///     (一部, 一切, 十分, 第三者) stay.
///  6. Orthographic variants are folded to one spelling with the table in dictionaries/variants.tsv
///     (embedded at build time): 取り扱い → 取扱い, または → 又は, 漏洩 → 漏えい, Webサイト → ウェブサイト.
Normalized normalize(std::string_view original);

/// The same pipeline without the offset map, for dictionary terms and patterns, so that they
/// match normalised text. Thread-safe.
std::string fold(std::string_view s);

/// The form in which two identifiers typed by people (SNS handles) are the same: NFKC
/// (ｗａｋａｂａｎｏ＿ｃｉｔｙ → wakabano_city, ＠ → @) and, when case_fold, Unicode case folding
/// (ICU NFKC_Casefold). Nothing else of normalize() is applied. Thread-safe.
std::string identifier_key(std::string_view s, bool case_fold);

/// Parses a number written in kanji or digits: 十二 → 12, 百一 → 101, 二〇二六 → 2026, 12 and １２
/// → 12, 壱拾 → 10. Returns -1 when the text is empty, not a number or above 99,999,999.
int parse_japanese_number(std::string_view kanji_or_digits);

}  // namespace keiyaku::text
