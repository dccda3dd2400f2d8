#pragma once
// How alike two texts are, by their character bigrams: what `keiyaku diff` aligns articles by, and
// what tells a risk clause kept from one added when two reviews of versions are compared
// (verdict_change.hpp).

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace keiyaku::core {

/// A text's character bigrams (spaces, tabs, newlines and U+3000 left out), sorted; a text of one
/// character is that character.
using Bigrams = std::vector<uint64_t>;
Bigrams bigrams(const std::string& s);

/// How many bigrams two sorted lists share (each counted as often as both have it).
size_t common(const Bigrams& a, const Bigrams& b);

/// The Dice coefficient of two bigram lists, 0 to 1 (1 for two empty ones).
double dice(const Bigrams& a, const Bigrams& b);

/// How alike two texts are: the Dice coefficient of their bigrams, 0 to 1. Thread-safe.
double similarity(const std::string& a, const std::string& b);

}  // namespace keiyaku::core
