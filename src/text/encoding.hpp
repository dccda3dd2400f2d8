#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace keiyaku::text {

/// The character encoding of a plain-text file.
enum class Encoding { utf8, utf8_bom, cp932 };

/// "UTF-8", "UTF-8 (BOM)", "Shift_JIS (CP932)".
const char* encoding_name(Encoding encoding);

/// A text file's bytes as UTF-8.
struct DecodedText {
  std::string text;  ///< well-formed UTF-8, without a byte order mark
  Encoding encoding = Encoding::utf8;
  size_t replaced = 0;  ///< bytes or sequences that became U+FFFD
  /// False when the bytes are not text in either encoding: a NUL byte, or more than one byte in
  /// fifty that fits neither.
  bool readable = true;
};

/// Detects the encoding of a text file and converts it to UTF-8 with ICU. UTF-8 (with or without a
/// byte order mark) stays as it is, and bytes that read as
/// Shift_JIS with fewer errors than as UTF-8 are converted as Windows' Shift_JIS (CP932, the
/// encoding Japanese Windows saves text in: NEC and IBM extensions, ①, ㈱). Never fails: bytes
/// that fit neither become U+FFFD. Thread-safe.
DecodedText decode_text(std::string_view bytes);

}  // namespace keiyaku::text
