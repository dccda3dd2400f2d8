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
