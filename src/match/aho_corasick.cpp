#include "aho_corasick.hpp"

#include <algorithm>
#include <deque>

namespace keiyaku::match {

int AhoCorasick::child(int state, uint8_t byte) const {
  const auto& next = m_nodes[static_cast<size_t>(state)].next;
  const auto it = std::lower_bound(next.begin(), next.end(), std::make_pair(byte, -1));
  return it != next.end() && it->first == byte ? it->second : -1;
}

int AhoCorasick::add(std::string_view pattern) {
  int state = 0;
  for (char c : pattern) {
    const auto b = static_cast<uint8_t>(c);
    int nxt = child(state, b);
    if (nxt < 0) {
      nxt = static_cast<int>(m_nodes.size());
      m_nodes.emplace_back();
      auto& next = m_nodes[static_cast<size_t>(state)].next;
      next.insert(std::lower_bound(next.begin(), next.end(), std::make_pair(b, -1)),
                  std::make_pair(b, nxt));
    }
    state = nxt;
  }
  const int id = static_cast<int>(m_patterns++);
  m_nodes[static_cast<size_t>(state)].outputs.push_back(id);
  return id;
}

void AhoCorasick::build() {
  std::deque<int> queue;
  for (const auto& [b, s] : m_nodes[0].next) {
    m_nodes[static_cast<size_t>(s)].fail = 0;
    queue.push_back(s);
  }
  while (!queue.empty()) {
    const int r = queue.front();
    queue.pop_front();
    for (const auto& [b, s] : m_nodes[static_cast<size_t>(r)].next) {
      queue.push_back(s);
      int f = m_nodes[static_cast<size_t>(r)].fail;
      int nxt = child(f, b);
      while (nxt < 0 && f != 0) {
        f = m_nodes[static_cast<size_t>(f)].fail;
        nxt = child(f, b);
      }
      const int fail = (nxt < 0 || nxt == s) ? 0 : nxt;
      m_nodes[static_cast<size_t>(s)].fail = fail;
      m_nodes[static_cast<size_t>(s)].out_link =
          !m_nodes[static_cast<size_t>(fail)].outputs.empty() ? fail
                                                              : m_nodes[static_cast<size_t>(fail)].out_link;
    }
  }
}

}  // namespace keiyaku::match
