// Plain-text input: UTF-8 with or without BOM, Shift_JIS (CP932), and bytes that are neither.
#include <base/strings.hpp>
#include <text/encoding.hpp>
#include <text/normalize.hpp>

#include <gtest/gtest.h>

#include <random>

namespace keiyaku::text {
namespace {

// "第1条　乙は、秘密を保持する。①㈱ｱｲｳ～" as Japanese Windows saves it (Python: .encode("cp932")).
const std::string k_cp932 =
    "\x91\xE6\x31\x8F\xF0\x81\x40\x89\xB3\x82\xCD\x81\x41\x94\xE9\x96\xA7\x82\xF0\x95\xDB\x8E\x9D"
    "\x82"
    "\xB7\x82\xE9\x81\x42\x87\x40\x87\x8A\xB1\xB2\xB3\x81\x60";

TEST(Encoding, Utf8StaysAsItIs) {
  const DecodedText d = decode_text("第1条　乙は、秘密を保持する。\r\n");
  EXPECT_EQ(d.encoding, Encoding::utf8);
  EXPECT_EQ(d.text, "第1条　乙は、秘密を保持する。\r\n");
  EXPECT_EQ(d.replaced, 0U);
  EXPECT_TRUE(d.readable);
  EXPECT_EQ(decode_text("").text, "");
  EXPECT_TRUE(decode_text("").readable);
}

TEST(Encoding, AUtf8ByteOrderMarkIsDropped) {
  const DecodedText d = decode_text("\xEF\xBB\xBF第1条");
  EXPECT_EQ(d.encoding, Encoding::utf8_bom);
  EXPECT_EQ(d.text, "第1条");
  EXPECT_STREQ(encoding_name(d.encoding), "UTF-8 (BOM)");
}

// UTF-8 as UTF-16 code units (surrogate pairs above U+FFFF), little- or big-endian, with its BOM.
std::string utf16(std::string_view utf8, bool little_endian) {
  std::string out = little_endian ? "\xFF\xFE" : "\xFE\xFF";
  const auto unit = [&](uint32_t u) {
    const char lo = static_cast<char>(u & 0xFFU);
    const char hi = static_cast<char>(u >> 8U);
    out += little_endian ? std::string{lo, hi} : std::string{hi, lo};
  };
  for (size_t i = 0; i < utf8.size();) {
    const char32_t c = str::next_cp(utf8, i);
    if (c > 0xFFFF) {
      unit(0xD800U + ((c - 0x10000U) >> 10U));
      unit(0xDC00U + ((c - 0x10000U) & 0x3FFU));
    } else {
      unit(c);
    }
  }
  return out;
}

TEST(Encoding, Utf16WithAByteOrderMarkIsConverted) {
  const std::string text = "第1条　乙は、秘密を保持する。𠮷①ｱ\r\n2 乙は、Ａ社に再委託しない。\r\n";
  for (const bool le : {true, false}) {
    const DecodedText d = decode_text(utf16(text, le));
    EXPECT_EQ(d.encoding, le ? Encoding::utf16le : Encoding::utf16be);
    EXPECT_EQ(d.text, text);
    EXPECT_EQ(d.replaced, 0U);
    EXPECT_TRUE(d.readable);
  }
  EXPECT_STREQ(encoding_name(Encoding::utf16le), "UTF-16LE (BOM)");
  // A lone surrogate and half a code unit at the end become replacement characters.
  const DecodedText broken = decode_text(utf16("秘密", true) + std::string("\x00\xD8\x41\x00", 4) + "\x42");
  EXPECT_EQ(broken.replaced, 2U);
  EXPECT_EQ(broken.text, "秘密\uFFFDA\uFFFD");
  // NUL characters are binary, even in UTF-16, and so are bytes that only start with its mark.
  EXPECT_FALSE(decode_text(utf16("秘密", true) + std::string("\x00\x00", 2)).readable);
  EXPECT_FALSE(decode_text(std::string("\xFF\xFE\x01\x02\x03\x04\xFF\xDB\x05\x06", 10)).readable);
}

TEST(Encoding, Utf16WithoutAByteOrderMarkIsDetected) {
  // A contract's lines, Japanese only (kana and punctuation have 0x30 as their high byte), ASCII
  // only (a NUL high byte), and a character outside the BMP.
  for (const std::string& text : {std::string("第1条　乙は、秘密を保持する。𠮷①ｱ\r\n2 乙は、Ａ社に再委託しない。\r\n"),
                                 std::string("乙は、甲の承諾を得ずに再委託してはならない。"),
                                 std::string("Article 1. The Contractor keeps secrets.\n"), std::string("第1条")}) {
    for (const bool le : {true, false}) {
      const DecodedText d = decode_text(utf16(text, le).substr(2));
      EXPECT_EQ(d.encoding, le ? Encoding::utf16le_no_bom : Encoding::utf16be_no_bom) << text;
      EXPECT_EQ(d.text, text);
      EXPECT_EQ(d.replaced, 0U);
      EXPECT_TRUE(d.readable);
      EXPECT_FALSE(d.utf16_order_unknown);
    }
  }
  EXPECT_STREQ(encoding_name(Encoding::utf16le_no_bom), "UTF-16LE");
  EXPECT_STREQ(encoding_name(Encoding::utf16be_no_bom), "UTF-16BE");
  // Half a code unit at the end becomes a replacement character.
  const DecodedText odd = decode_text(utf16("乙は、秘密を保持する。", true).substr(2) + "\x42");
  EXPECT_EQ(odd.encoding, Encoding::utf16le_no_bom);
  EXPECT_EQ(odd.text, "乙は、秘密を保持する。\uFFFD");
  // Shift_JIS and UTF-8 stay what they are.
  EXPECT_EQ(decode_text(k_cp932 + "\r\n" + k_cp932).encoding, Encoding::cp932);
  EXPECT_EQ(decode_text("乙は、秘密を保持する。").encoding, Encoding::utf8);
}

TEST(Encoding, Utf16InBothByteOrdersIsRefused) {
  // A little-endian file and a big-endian one put together: NUL bytes on both sides, no order.
  const std::string text = "第1条　乙は、秘密を保持する。\n";
  const DecodedText d = decode_text(utf16(text, true).substr(2) + utf16(text, false).substr(2));
  EXPECT_FALSE(d.readable);
  EXPECT_TRUE(d.utf16_order_unknown);
  EXPECT_NE(unreadable_message(d).find("UTF-16"), std::string::npos);
  // Binary with NUL bytes is not text, and not said to be UTF-16.
  const DecodedText binary = decode_text(std::string("\x89PNG\r\n\x1a\n\0\0\0\x0dIHDR\0\0\x01\0", 20));
  EXPECT_FALSE(binary.readable);
  EXPECT_FALSE(binary.utf16_order_unknown);
  EXPECT_EQ(unreadable_message(binary).find("UTF-16"), std::string::npos);
}

TEST(Encoding, ShiftJisIsConvertedAsWindowsSavesIt) {
  const DecodedText d = decode_text(k_cp932 + "\r\n");
  EXPECT_EQ(d.encoding, Encoding::cp932);
  EXPECT_STREQ(encoding_name(d.encoding), "Shift_JIS (CP932)");
  EXPECT_EQ(d.text,
            "第1条　乙は、秘密を保持する。①㈱ｱｲｳ～\r\n");  // NEC specials, half-width kana, U+FF5E
  EXPECT_EQ(d.replaced, 0U);
  EXPECT_TRUE(d.readable);
}

TEST(Encoding, AFewBadBytesBecomeReplacementCharacters) {
  // A Shift_JIS file with one stray byte at the end (a lead byte cut off).
  const DecodedText sjis = decode_text(k_cp932 + k_cp932 + "\x91");
  EXPECT_EQ(sjis.encoding, Encoding::cp932);
  EXPECT_EQ(sjis.replaced, 1U);
  EXPECT_TRUE(sjis.readable);
  EXPECT_NE(sjis.text.find("\xEF\xBF\xBD"), std::string::npos);
  // UTF-8 with a character cut short in a long text: U+FFFD for each of its bytes, the rest kept.
  std::string long_text;
  for (int i = 0; i < 20; ++i) {
    long_text += "乙は、秘密を保持する。";
  }
  const DecodedText utf8 = decode_text(long_text + "\xE3\x81" + long_text);
  EXPECT_EQ(utf8.encoding, Encoding::utf8);
  EXPECT_EQ(utf8.replaced, 2U);
  EXPECT_TRUE(utf8.readable);
  EXPECT_EQ(utf8.text, long_text + "\xEF\xBF\xBD\xEF\xBF\xBD" + long_text);
}

TEST(Encoding, BinaryIsNotText) {
  EXPECT_FALSE(decode_text(std::string("\xff\xfe\xff not text", 12)).readable);
  EXPECT_FALSE(decode_text(std::string("abc\0def", 7)).readable);
  EXPECT_FALSE(decode_text("\x89PNG\r\n\x1a\n\xff\xff\xff\xff\xff").readable);
}

TEST(Encoding, AnyBytesDecodeToWellFormedUtf8) {
  std::mt19937 rng(7);
  for (int round = 0; round < 500; ++round) {
    std::string bytes(rng() % 200, '\0');
    for (char& c : bytes) {
      c = static_cast<char>(rng());
    }
    if (round % 2 == 0) {
      bytes = k_cp932.substr(0, rng() % k_cp932.size()) + bytes;
    }
    const DecodedText d = decode_text(bytes);
    EXPECT_TRUE(str::valid_utf8(d.text));
  }
}

// Text as the PDF reader gives it (tests/unit/pdf): spaced letters and the space after a number
// are left to normalisation.
TEST(Encoding, PdfTextIsNormalisedLikeAnyOther) {
  EXPECT_EQ(normalize("2 乙は、L G W A N 接続系の端末で").text, "2 乙は、LGWAN接続系の端末で");
  EXPECT_EQ(normalize("第1条 この契約は").text, "第1条 この契約は");
}

}  // namespace
}  // namespace keiyaku::text
