#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace keiyaku::text {

/// The character encoding of a plain-text file.
enum class Encoding { utf8, utf8_bom, cp932, utf16le, utf16be, utf16le_no_bom, utf16be_no_bom };

/// "UTF-8", "UTF-8 (BOM)", "Shift_JIS (CP932)", "UTF-16LE (BOM)", "UTF-16BE (BOM)", "UTF-16LE",
/// "UTF-16BE".
const char* encoding_name(Encoding encoding);

/// A text file's bytes as UTF-8.
struct DecodedText {
  std::string text;  ///< well-formed UTF-8, without a byte order mark
  Encoding encoding = Encoding::utf8;
  size_t replaced = 0;  ///< bytes or sequences that became U+FFFD
  /// False when the bytes are not text in any of these encodings: a NUL character, more than one
  /// byte in fifty that fits none, or (UTF-16) more than a tenth of the characters outside the
  /// scripts, punctuation and symbols Japanese text is written in.
  bool readable = true;
  /// Not readable because the bytes look like UTF-16 without a byte order mark (NUL bytes, or
  /// characters that are Japanese text in both byte orders) but neither byte order reads clearly
  /// as text.
  bool utf16_order_unknown = false;
};

/// Detects the encoding of a text file and converts it to UTF-8 with ICU. UTF-16 is recognised by
/// its byte order mark (as Windows' Notepad saves 「Unicode」), or without one when one byte order
/// reads as text (ASCII with its NUL high bytes, kana and CJK punctuation with their 0x30 high
/// bytes, full-width forms) and the other does not; UTF-8 (with or without a byte order
/// mark) stays as it is, and bytes that read as
/// Shift_JIS with fewer errors than as UTF-8 are converted as Windows' Shift_JIS (CP932, the
/// encoding Japanese Windows saves text in: NEC and IBM extensions, ①, ㈱). Never fails: bytes
/// that fit neither become U+FFFD. Thread-safe.
DecodedText decode_text(std::string_view bytes);

/// Why a text that is not readable was refused, in the UI language, for "file: <why>": UTF-16
/// whose byte order cannot be told, or not text in any of these encodings.
std::string unreadable_message(const DecodedText& decoded);

}  // namespace keiyaku::text
