#pragma once

#include <base/strings.hpp>
#include <core/token.hpp>

#include <string_view>

#include <string>
#include <vector>

namespace keiyaku::test {

/// A core::Tokenizer that needs no dictionary: one token per run of the same script
/// (kanji, hiragana, katakana, Latin/digits, other); lemma = surface.
class FakeTokenizer : public core::Tokenizer {
 public:
  std::vector<core::Token> tokenize(std::string_view text) const override {
    std::vector<core::Token> out;
    size_t i = 0;
    int cls = -1;
    while (i < text.size()) {
      const size_t start = i;
      const char32_t cp = str::next_cp(text, i);
      const int c = klass(cp);
      if (c != cls || out.empty() || c == 4) {
        core::Token t;
        t.begin = static_cast<uint32_t>(start);
        out.push_back(t);
        cls = c;
      }
      out.back().end = static_cast<uint32_t>(i);
    }
    for (core::Token& t : out) {
      t.surface = std::string(text.substr(t.begin, t.end - t.begin));
      t.lemma = t.surface;
    }
    return out;
  }
  std::string describe() const override { return "fake"; }

 private:
  static int klass(char32_t cp) {
    if (cp >= 0x4E00 && cp <= 0x9FFF) {
      return 0;
    }
    if (cp >= 0x3040 && cp <= 0x309F) {
      return 1;
    }
    if (cp >= 0x30A0 && cp <= 0x30FF) {
      return 2;
    }
    if ((cp >= '0' && cp <= '9') || (cp >= 'A' && cp <= 'Z') || (cp >= 'a' && cp <= 'z')) {
      return 3;
    }
    return 4;
  }
};

}  // namespace keiyaku::test
