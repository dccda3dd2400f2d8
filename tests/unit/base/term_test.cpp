// base/term: one escape for every string from outside that reaches a terminal.
#include <base/term.hpp>

#include <gtest/gtest.h>

using namespace keiyaku;

TEST(TermEscape, ControlsEscapeSequencesAndBadBytesAreShownNotSent) {
  EXPECT_EQ(term::escape("株式会社みなと計算センター"), "株式会社みなと計算センター");
  EXPECT_EQ(term::escape("evil\x1b[2J\x1b]0;owned\x07"), "evil\\x1B[2J\\x1B]0;owned\\x07");
  EXPECT_EQ(term::escape("a\rb\bc\x7f"), "a\\x0Db\\x08c\\x7F");
  EXPECT_EQ(term::escape("line\nnext\tcol"), "line\\x0Anext\\x09col");
  EXPECT_EQ(term::escape("line\nnext\tcol", true), "line\nnext\tcol");
  // C1 controls: U+009B is CSI and U+009D is OSC on terminals that honour 8-bit controls.
  EXPECT_EQ(term::escape("x\xc2\x9b"
                         "31mred\xc2\x9d"),
            "x\\u009B31mred\\u009D");
  // Bidirectional overrides and isolates reorder what is shown.
  EXPECT_EQ(term::escape("abc\xe2\x80\xae"
                         "fdp.exe\xe2\x81\xa6"),
            "abc\\u202Efdp.exe\\u2066");
  // Bytes that are not UTF-8; U+FFFD itself is kept.
  EXPECT_EQ(term::escape("bad\xff.docx \xef\xbf\xbd"), "bad\\xFF.docx \xef\xbf\xbd");
  EXPECT_TRUE(term::is_printable("第1条（目的）"));
  EXPECT_FALSE(term::is_printable("\x1b]8;;https://evil.example\x1b\\"));
}
