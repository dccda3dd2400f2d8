#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace keiyaku::match {

/// Multi-pattern byte matcher (Aho–Corasick). Build once, then thread-safe to query.
class AhoCorasick {
 public:
  /// Adds a pattern; returns its id (0, 1, ...). Call build() after the last one.
  int add(std::string_view pattern);
  void build();
  /// Calls on_match(id, end_offset) for every occurrence of every pattern in text.
  template <typename F>
  void scan(std::string_view text, F&& on_match) const;
  size_t size() const { return m_patterns; }

 private:
  struct Node {
    std::vector<std::pair<uint8_t, int>> next;  // sorted by byte
    int fail = 0;
    int out_link = -1;          // nearest suffix state with an output
    std::vector<int> outputs;   // pattern ids ending here
  };
  int child(int state, uint8_t byte) const;
  std::vector<Node> m_nodes{Node{}};
  size_t m_patterns = 0;
};

template <typename F>
void AhoCorasick::scan(std::string_view text, F&& on_match) const {
  int state = 0;
  for (size_t i = 0; i < text.size(); ++i) {
    const auto b = static_cast<uint8_t>(text[i]);
    int nxt = child(state, b);
    while (nxt < 0 && state != 0) {
      state = m_nodes[static_cast<size_t>(state)].fail;
      nxt = child(state, b);
    }
    state = nxt < 0 ? 0 : nxt;
    for (int s = state; s > 0; s = m_nodes[static_cast<size_t>(s)].out_link) {
      for (int id : m_nodes[static_cast<size_t>(s)].outputs) {
        on_match(id, i + 1);
      }
    }
  }
}

}  // namespace keiyaku::match
