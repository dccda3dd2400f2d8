#include <gtest/gtest.h>
#include <tokenize/chunks.hpp>

#include <string>

namespace keiyaku::tokenize::detail {
namespace {

std::vector<std::string> pieces(std::string_view text, size_t max = k_max_chunk_bytes) {
  std::vector<std::string> out;
  size_t last = 0;
  for (const Chunk& c : split_chunks(text, max)) {
    EXPECT_LE(last, c.begin);
    EXPECT_LT(c.begin, c.end);
    EXPECT_LE(c.end, text.size());
    last = c.end;
    out.emplace_back(text.substr(c.begin, c.end - c.begin));
  }
  return out;
}

TEST(SplitChunks, CutsAfterSentenceEndsAndLineBreaks) {
  EXPECT_EQ(pieces("甲は乙に委託する。乙は受託する。"),
            (std::vector<std::string>{"甲は乙に委託する。", "乙は受託する。"}));
  EXPECT_EQ(pieces("第1条 目的\n本契約は"), (std::vector<std::string>{"第1条 目的\n", "本契約は"}));
  EXPECT_EQ(pieces("「〜すること。」"), (std::vector<std::string>{"「〜すること。", "」"}));
}

TEST(SplitChunks, SkipsBlankChunks) {
  EXPECT_EQ(pieces("\n\n  \n甲\n\n"), (std::vector<std::string>{"甲\n"}));
  EXPECT_TRUE(pieces("").empty());
  EXPECT_TRUE(pieces(" \t\r\n").empty());
}

TEST(SplitChunks, LongRunsAreCutAfterACommaOrSpace) {
  const std::string run = "あいうえお、かきくけこ、さしすせそ";
  // 15 bytes per five kana, 3 per comma: the limit of 40 falls inside かきくけこ's successor.
  const auto p = pieces(run, 40);
  ASSERT_EQ(p.size(), 2U);
  EXPECT_EQ(p[0], "あいうえお、かきくけこ、");
  EXPECT_EQ(p[1], "さしすせそ");
  EXPECT_EQ(pieces("abc def ghi", 6), (std::vector<std::string>{"abc ", "def ", "ghi"}));
}

TEST(SplitChunks, NeverCutsInsideACharacter) {
  const std::string run(3000, 'x');
  std::string kana;
  for (int i = 0; i < 5000; ++i) {
    kana += "あ";
  }
  for (const std::string& s : {run, kana}) {
    std::string joined;
    for (const std::string& p : pieces(s, 100)) {
      EXPECT_LE(p.size(), 100U);
      EXPECT_NE(static_cast<unsigned char>(p[0]) & 0xC0U, 0x80U) << "starts inside a character";
      joined += p;
    }
    EXPECT_EQ(joined, s);
  }
}

TEST(SplitChunks, DefaultLimitKeepsChunksShort) {
  std::string text;
  while (text.size() < 100000) {
    text += "本業務の全部又は一部を第三者に委託してはならない";
  }
  for (const std::string& p : pieces(text)) {
    EXPECT_LE(p.size(), k_max_chunk_bytes);
  }
}

}  // namespace
}  // namespace keiyaku::tokenize::detail
