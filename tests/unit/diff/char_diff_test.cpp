#include <diff/char_diff.hpp>

#include <gtest/gtest.h>

#include <random>

namespace keiyaku::diff {
namespace {

std::string join(const std::vector<Piece>& pieces, Piece::Op skip) {
  std::string out;
  for (const Piece& p : pieces) {
    if (p.op != skip) {
      out += p.text;
    }
  }
  return out;
}

size_t edits(const std::vector<Piece>& pieces) {
  size_t n = 0;
  for (const Piece& p : pieces) {
    if (p.op != Piece::Op::equal) {
      for (size_t i = 0; i < p.text.size(); ++i) {
        n += (static_cast<unsigned char>(p.text[i]) & 0xC0U) != 0x80U ? 1 : 0;
      }
    }
  }
  return n;
}

TEST(CharDiff, MarksWhatWasDeletedAndInserted) {
  const auto pieces = char_diff("乙は、あらかじめ甲の書面による承認を得なければならない。",
                                "乙は、事前に甲に書面により通知しなければならない。");
  EXPECT_EQ(inline_diff(pieces),
            "乙は、[-あらかじめ-]{+事前に+}甲[-の-]{+に+}書面によ[-る承認を得-]{+り通知し+}なければならない。");
  EXPECT_EQ(inline_diff(char_diff("同じ文。", "同じ文。")), "同じ文。");
  EXPECT_EQ(inline_diff(char_diff("", "挿入")), "{+挿入+}");
  EXPECT_EQ(inline_diff(char_diff("削除", "")), "[-削除-]");
  EXPECT_TRUE(char_diff("", "").empty());
}

// Whatever the texts, the pieces rebuild both sides and the script is no longer than replacing
// the differing middle.
TEST(CharDiff, PiecesRebuildBothTexts) {
  std::mt19937 rng(7);
  const std::vector<std::string> alphabet = {"甲", "乙", "は", "、", "承", "認", "通", "知", "a", "。"};
  for (int round = 0; round < 300; ++round) {
    std::string a;
    std::string b;
    for (int i = static_cast<int>(rng() % 30); i > 0; --i) {
      a += alphabet[rng() % alphabet.size()];
    }
    for (int i = static_cast<int>(rng() % 30); i > 0; --i) {
      b += alphabet[rng() % alphabet.size()];
    }
    const auto pieces = char_diff(a, b);
    EXPECT_EQ(join(pieces, Piece::Op::ins), a);
    EXPECT_EQ(join(pieces, Piece::Op::del), b);
    for (size_t i = 1; i < pieces.size(); ++i) {
      EXPECT_NE(pieces[i].op, pieces[i - 1].op);
    }
  }
  // One character changed in a long text is one deletion and one insertion.
  const std::string long_text(3000, 'x');
  EXPECT_EQ(edits(char_diff(long_text + "A" + long_text, long_text + "B" + long_text)), 2U);
  // Past the edit limit the middle is replaced whole, and both texts are still rebuilt.
  std::string p;
  std::string q;
  for (int i = 0; i < 400; ++i) {
    p += (i % 2 == 0) ? "甲" : "乙";
    q += (i % 3 == 0) ? "乙" : "丙";
  }
  const auto coarse = char_diff(p, q, 10);
  EXPECT_EQ(join(coarse, Piece::Op::ins), p);
  EXPECT_EQ(join(coarse, Piece::Op::del), q);
}

}  // namespace
}  // namespace keiyaku::diff
