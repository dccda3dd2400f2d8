#include <match/aho_corasick.hpp>

#include <gtest/gtest.h>

#include <set>

TEST(AhoCorasick, FindsOverlappingPatterns) {
  keiyaku::match::AhoCorasick ac;
  const int a = ac.add("再委託");
  const int b = ac.add("委託");
  const int c = ac.add("委託先");
  ac.build();
  std::multiset<std::pair<int, size_t>> hits;
  const std::string text = "再委託先";
  ac.scan(text, [&](int id, size_t end) { hits.insert({id, end}); });
  EXPECT_EQ(hits.count({a, std::string("再委託").size()}), 1U);
  EXPECT_EQ(hits.count({b, std::string("再委託").size()}), 1U);
  EXPECT_EQ(hits.count({c, text.size()}), 1U);
  EXPECT_EQ(hits.size(), 3U);
}

TEST(AhoCorasick, NoFalseMatches) {
  keiyaku::match::AhoCorasick ac;
  ac.add("abcd");
  ac.add("bce");
  ac.build();
  int n = 0;
  ac.scan("abcbcdabce", [&](int, size_t) { ++n; });
  EXPECT_EQ(n, 1);
}

// Against a brute-force search: many overlapping patterns over a small alphabet of one-, two- and
// three-byte characters, so that the double array packs thousands of states and failure links
// cross between patterns.
TEST(AhoCorasick, AgreesWithBruteForceOnManyPatterns) {
  const std::vector<std::string> alphabet = {"a", "b", "\xC3\xA9", "委", "託", "再", "の"};
  uint32_t seed = 12345;
  auto rnd = [&](uint32_t n) {
    seed = seed * 1103515245U + 12345U;
    return (seed >> 16) % n;
  };
  auto word = [&](size_t max_chars) {
    std::string w;
    const size_t n = 1 + rnd(static_cast<uint32_t>(max_chars));
    for (size_t i = 0; i < n; ++i) {
      w += alphabet[rnd(static_cast<uint32_t>(alphabet.size()))];
    }
    return w;
  };
  keiyaku::match::AhoCorasick ac;
  std::vector<std::string> patterns;
  for (int i = 0; i < 2000; ++i) {
    patterns.push_back(word(6));
    EXPECT_EQ(ac.add(patterns.back()), i);
  }
  ac.build();
  EXPECT_GT(ac.states(), 1000U);
  for (int t = 0; t < 50; ++t) {
    const std::string text = word(60) + "xyz" + word(40);
    std::multiset<std::pair<int, size_t>> got;
    ac.scan(text, [&](int id, size_t end) { got.insert({id, end}); });
    std::multiset<std::pair<int, size_t>> want;
    for (size_t p = 0; p < patterns.size(); ++p) {
      for (size_t at = text.find(patterns[p]); at != std::string::npos; at = text.find(patterns[p], at + 1)) {
        want.insert({static_cast<int>(p), at + patterns[p].size()});
      }
    }
    ASSERT_EQ(got, want) << text;
  }
}

TEST(AhoCorasick, EmptyAutomatonAndUnknownBytes) {
  keiyaku::match::AhoCorasick empty;
  empty.build();
  int n = 0;
  empty.scan("anything", [&](int, size_t) { ++n; });
  EXPECT_EQ(n, 0);
  keiyaku::match::AhoCorasick ac;
  ac.add("ab");
  ac.build();
  ac.scan("a\xFF" "ab" "\x00" "ab", [&](int, size_t) { ++n; });
  EXPECT_EQ(n, 1);  // the string literal stops at the NUL
  ac.scan(std::string_view("a\0ab", 4), [&](int, size_t end) { EXPECT_EQ(end, 4U); ++n; });
  EXPECT_EQ(n, 2);
}
