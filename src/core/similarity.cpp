#include "similarity.hpp"

#include <base/strings.hpp>

#include <algorithm>

namespace keiyaku::core {

Bigrams bigrams(const std::string& s) {
  std::vector<char32_t> cps;
  cps.reserve(s.size() / 2);
  for (size_t i = 0; i < s.size();) {
    const char32_t c = str::next_cp(s, i);
    if (c != U' ' && c != U'\n' && c != U'\t' && c != U'\u3000') {
      cps.push_back(c);
    }
  }
  Bigrams out;
  if (cps.size() == 1) {
    out.push_back(cps[0]);
  }
  for (size_t i = 0; i + 1 < cps.size(); ++i) {
    out.push_back((static_cast<uint64_t>(cps[i]) << 32U) | cps[i + 1]);
  }
  std::sort(out.begin(), out.end());
  return out;
}

size_t common(const Bigrams& a, const Bigrams& b) {
  size_t n = 0;
  size_t i = 0;
  size_t j = 0;
  while (i < a.size() && j < b.size()) {
    if (a[i] < b[j]) {
      ++i;
    } else if (b[j] < a[i]) {
      ++j;
    } else {
      ++n;
      ++i;
      ++j;
    }
  }
  return n;
}

double dice(const Bigrams& a, const Bigrams& b) {
  if (a.empty() && b.empty()) {
    return 1;
  }
  return 2.0 * static_cast<double>(common(a, b)) / static_cast<double>(a.size() + b.size());
}

double similarity(const std::string& a, const std::string& b) {
  return dice(bigrams(a), bigrams(b));
}

}  // namespace keiyaku::core
