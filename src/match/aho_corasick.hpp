#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace keiyaku::match {

/// Multi-pattern byte matcher (Aho–Corasick). Build once, then thread-safe to query.
///
/// The trie is stored as a double array over byte classes (a child of state s on class c sits at
/// slot base[s] + c when check[] of that slot is s): one lookup per byte and failure step, in a
/// few hundred kilobytes for tens of thousands of states. Bytes that occur in no pattern form
/// class 0 and send every state back to the root.
class AhoCorasick {
 public:
  /// Adds a pattern; returns its id (0, 1, ...). Call build() after the last one.
  int add(std::string_view pattern);
  void build();
  /// Calls on_match(id, end_offset) for every occurrence of every pattern in text.
  template <typename F>
  void scan(std::string_view text, F&& on_match) const;
  size_t size() const { return m_patterns; }
  /// States of the built automaton (for tests and the benchmark notes).
  size_t states() const { return m_trie.size(); }

 private:
  // The trie while patterns are added.
  struct Node {
    std::vector<std::pair<uint8_t, int>> next;  // sorted by byte
    std::vector<int> outputs;                   // pattern ids ending here
  };
  struct Slot {
    int32_t base = 0;
    int32_t check = -1;  // parent slot; -1 = free
  };
  int trie_child(int node, uint8_t byte) const;
  int step(int state, uint8_t cls) const {
    const int32_t t = m_slots[static_cast<size_t>(state)].base + cls;
    return static_cast<size_t>(t) < m_slots.size() && m_slots[static_cast<size_t>(t)].check == state ? t : -1;
  }

  std::vector<Node> m_trie{Node{}};
  size_t m_patterns = 0;
  // The built automaton, indexed by slot.
  std::array<uint8_t, 256> m_class{};
  std::vector<Slot> m_slots;
  std::vector<int32_t> m_fail;
  std::vector<int32_t> m_out;       // first entry in m_outputs of this slot's outputs, or -1
  std::vector<int32_t> m_outputs;   // per slot with output: its own ids and those of its suffixes, then -1
  std::array<int32_t, 256> m_root{};  // the root's transition for every class (0 when none)
};

template <typename F>
void AhoCorasick::scan(std::string_view text, F&& on_match) const {
  if (m_slots.empty()) {
    return;
  }
  int state = 0;
  for (size_t i = 0; i < text.size(); ++i) {
    const uint8_t cls = m_class[static_cast<uint8_t>(text[i])];
    if (cls == 0) {
      state = 0;
      continue;
    }
    int nxt = step(state, cls);
    while (nxt < 0 && state != 0) {
      state = m_fail[static_cast<size_t>(state)];
      nxt = state == 0 ? m_root[cls] : step(state, cls);
    }
    state = nxt < 0 ? 0 : nxt;
    const int32_t out = m_out[static_cast<size_t>(state)];
    if (out >= 0) {
      for (size_t k = static_cast<size_t>(out); m_outputs[k] >= 0; ++k) {
        on_match(m_outputs[k], i + 1);
      }
    }
  }
}

}  // namespace keiyaku::match
