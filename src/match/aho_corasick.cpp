#include "aho_corasick.hpp"

#include <algorithm>
#include <deque>

namespace keiyaku::match {

int AhoCorasick::trie_child(int node, uint8_t byte) const {
  const auto& next = m_trie[static_cast<size_t>(node)].next;
  const auto it = std::lower_bound(next.begin(), next.end(), std::make_pair(byte, -1));
  return it != next.end() && it->first == byte ? it->second : -1;
}

int AhoCorasick::add(std::string_view pattern) {
  int node = 0;
  for (char c : pattern) {
    const auto b = static_cast<uint8_t>(c);
    int nxt = trie_child(node, b);
    if (nxt < 0) {
      nxt = static_cast<int>(m_trie.size());
      m_trie.emplace_back();
      auto& next = m_trie[static_cast<size_t>(node)].next;
      next.insert(std::lower_bound(next.begin(), next.end(), std::make_pair(b, -1)), std::make_pair(b, nxt));
    }
    node = nxt;
  }
  const int id = static_cast<int>(m_patterns++);
  m_trie[static_cast<size_t>(node)].outputs.push_back(id);
  return id;
}

void AhoCorasick::build() {
  // Byte classes: 1.. for bytes some pattern uses, in byte order; 0 for the rest.
  m_class.fill(0);
  for (const Node& n : m_trie) {
    for (const auto& [b, child] : n.next) {
      m_class[b] = 1;
    }
  }
  uint8_t classes = 0;
  for (uint8_t& c : m_class) {
    c = c != 0 ? ++classes : 0;
  }
  // Place the trie in the double array, breadth first. A node's children go where their slots
  // base + class are all free: the free slots form a linked list, and a slot at which placements
  // keep failing is dropped from it (left empty), which keeps the search short.
  std::vector<int32_t> slot_of(m_trie.size(), -1);
  std::vector<int32_t> next_free;  // free-list links by slot; -1 ends the list
  std::vector<int32_t> prev_free;
  std::vector<uint8_t> failures;
  std::vector<uint8_t> listed;  // still in the free list
  int32_t head = -1;
  int32_t tail = -1;
  auto unlink = [&](int32_t f) {
    if (listed[static_cast<size_t>(f)] == 0) {
      return;
    }
    listed[static_cast<size_t>(f)] = 0;
    const int32_t p = prev_free[static_cast<size_t>(f)];
    const int32_t n = next_free[static_cast<size_t>(f)];
    (p < 0 ? head : next_free[static_cast<size_t>(p)]) = n;
    (n < 0 ? tail : prev_free[static_cast<size_t>(n)]) = p;
  };
  auto grow = [&](size_t size) {  // new slots are free and join the end of the list
    for (size_t t = m_slots.size(); t < size; ++t) {
      m_slots.emplace_back();
      next_free.push_back(-1);
      prev_free.push_back(tail);
      failures.push_back(0);
      listed.push_back(1);
      (tail < 0 ? head : next_free[static_cast<size_t>(tail)]) = static_cast<int32_t>(t);
      tail = static_cast<int32_t>(t);
    }
  };
  m_slots.clear();
  grow(512);
  unlink(0);
  m_slots[0].check = 0;  // the root occupies slot 0
  slot_of[0] = 0;
  std::deque<int> queue{0};
  std::vector<int> order;
  order.reserve(m_trie.size());
  while (!queue.empty()) {
    const int node = queue.front();
    queue.pop_front();
    order.push_back(node);
    const auto& next = m_trie[static_cast<size_t>(node)].next;
    if (next.empty()) {
      continue;
    }
    const int32_t lowest = m_class[next.front().first];
    const int32_t highest = m_class[next.back().first];
    int32_t base = -1;
    for (int32_t f = head; f >= 0;) {
      const int32_t following = next_free[static_cast<size_t>(f)];
      const int32_t b = f - lowest;
      bool fits = b >= 1;
      for (size_t k = 1; fits && k < next.size(); ++k) {
        const size_t t = static_cast<size_t>(b + m_class[next[k].first]);
        fits = t >= m_slots.size() || m_slots[t].check < 0;
      }
      if (fits) {
        base = b;
        break;
      }
      if (++failures[static_cast<size_t>(f)] >= 16) {
        unlink(f);  // crowded around here: stop trying this slot
      }
      f = following;
    }
    if (base < 0) {  // no room: place after the last slot
      base = std::max<int32_t>(1, static_cast<int32_t>(m_slots.size()) - lowest);
    }
    grow(static_cast<size_t>(base + highest) + 1);
    const int32_t parent = slot_of[static_cast<size_t>(node)];
    m_slots[static_cast<size_t>(parent)].base = base;
    for (const auto& [b, child] : next) {
      const int32_t t = base + m_class[b];
      unlink(t);
      m_slots[static_cast<size_t>(t)].check = parent;
      slot_of[static_cast<size_t>(child)] = t;
      queue.push_back(child);
    }
  }
  // The root's transitions for every class, then failure links in breadth-first order.
  m_root.fill(0);
  for (const auto& [b, child] : m_trie[0].next) {
    m_root[m_class[b]] = slot_of[static_cast<size_t>(child)];
  }
  m_fail.assign(m_slots.size(), 0);
  std::vector<const std::vector<int>*> own(m_slots.size(), nullptr);
  for (const int node : order) {
    const int32_t s = slot_of[static_cast<size_t>(node)];
    if (!m_trie[static_cast<size_t>(node)].outputs.empty()) {
      own[static_cast<size_t>(s)] = &m_trie[static_cast<size_t>(node)].outputs;
    }
    for (const auto& [b, child] : m_trie[static_cast<size_t>(node)].next) {
      const int32_t cs = slot_of[static_cast<size_t>(child)];
      const uint8_t cls = m_class[b];
      int32_t fail = 0;
      if (node != 0) {
        int32_t f = m_fail[static_cast<size_t>(s)];
        int nxt = f == 0 ? m_root[cls] : step(f, cls);
        while (nxt <= 0 && f != 0) {
          f = m_fail[static_cast<size_t>(f)];
          nxt = f == 0 ? m_root[cls] : step(f, cls);
        }
        fail = nxt > 0 && nxt != cs ? nxt : 0;
      }
      m_fail[static_cast<size_t>(cs)] = fail;
    }
  }
  // Outputs per slot: its own, then every suffix state's (following failure links).
  m_out.assign(m_slots.size(), -1);
  m_outputs.clear();
  for (size_t s = 0; s < m_slots.size(); ++s) {
    if (m_slots[s].check < 0) {
      continue;
    }
    const size_t start = m_outputs.size();
    for (int32_t f = static_cast<int32_t>(s); f > 0; f = m_fail[static_cast<size_t>(f)]) {
      if (own[static_cast<size_t>(f)] != nullptr) {
        m_outputs.insert(m_outputs.end(), own[static_cast<size_t>(f)]->begin(), own[static_cast<size_t>(f)]->end());
      }
    }
    if (m_outputs.size() > start) {
      m_out[s] = static_cast<int32_t>(start);
      m_outputs.push_back(-1);
    }
  }
}

}  // namespace keiyaku::match
