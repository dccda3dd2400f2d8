#include "char_diff.hpp"

#include <base/strings.hpp>

#include <algorithm>
#include <cstdint>

namespace keiyaku::diff {

namespace {

std::u32string decode(std::string_view s) {
  std::u32string out;
  out.reserve(s.size());
  for (size_t i = 0; i < s.size();) {
    out += str::next_cp(s, i);
  }
  return out;
}

std::string encode(std::u32string_view s) {
  std::string out;
  for (char32_t c : s) {
    str::append_utf8(out, c);
  }
  return out;
}

void push(std::vector<Piece>& out, Piece::Op op, std::u32string_view text) {
  if (text.empty()) {
    return;
  }
  if (!out.empty() && out.back().op == op) {
    out.back().text += encode(text);
  } else {
    out.push_back(Piece{op, encode(text)});
  }
}

// Myers' greedy forward search, keeping each round's frontier to trace the path back. Returns the
// edit script as (op, index) steps, or nothing when more than max_d edits are needed.
bool shortest_script(std::u32string_view a, std::u32string_view b, size_t max_d,
                     std::vector<std::pair<Piece::Op, size_t>>& script) {
  const auto n = static_cast<int64_t>(a.size());
  const auto m = static_cast<int64_t>(b.size());
  const int64_t max = std::min<int64_t>(n + m, static_cast<int64_t>(max_d));
  const int64_t offset = max + 1;
  std::vector<int64_t> v(static_cast<size_t>(2 * max + 3), 0);
  std::vector<std::vector<int64_t>> trace;
  int64_t found = -1;
  for (int64_t d = 0; d <= max && found < 0; ++d) {
    trace.push_back(v);
    for (int64_t k = -d; k <= d; k += 2) {
      const auto at = [&](int64_t kk) -> int64_t& { return v[static_cast<size_t>(kk + offset)]; };
      int64_t x = (k == -d || (k != d && at(k - 1) < at(k + 1))) ? at(k + 1) : at(k - 1) + 1;
      int64_t y = x - k;
      while (x < n && y < m && a[static_cast<size_t>(x)] == b[static_cast<size_t>(y)]) {
        ++x;
        ++y;
      }
      at(k) = x;
      if (x >= n && y >= m) {
        found = d;
        break;
      }
    }
  }
  if (found < 0) {
    return false;
  }
  // Walk back from (n, m) through the frontiers.
  int64_t x = n;
  int64_t y = m;
  std::vector<std::pair<Piece::Op, size_t>> reversed;
  for (int64_t d = found; d > 0; --d) {
    const std::vector<int64_t>& prev = trace[static_cast<size_t>(d)];
    const auto at = [&](int64_t kk) { return prev[static_cast<size_t>(kk + offset)]; };
    const int64_t k = x - y;
    const bool down = k == -d || (k != d && at(k - 1) < at(k + 1));
    const int64_t prev_k = down ? k + 1 : k - 1;
    const int64_t prev_x = at(prev_k);
    const int64_t prev_y = prev_x - prev_k;
    while (x > (down ? prev_x : prev_x + 1) && y > (down ? prev_y + 1 : prev_y)) {
      reversed.emplace_back(Piece::Op::equal, static_cast<size_t>(--x));
      --y;
    }
    if (down) {
      reversed.emplace_back(Piece::Op::ins, static_cast<size_t>(--y));
    } else {
      reversed.emplace_back(Piece::Op::del, static_cast<size_t>(--x));
    }
  }
  while (x > 0) {
    reversed.emplace_back(Piece::Op::equal, static_cast<size_t>(--x));
    --y;
  }
  script.assign(reversed.rbegin(), reversed.rend());
  return true;
}

}  // namespace

std::vector<Piece> char_diff(std::string_view before, std::string_view after, size_t max_edits) {
  const std::u32string a = decode(before);
  const std::u32string b = decode(after);
  size_t head = 0;
  while (head < a.size() && head < b.size() && a[head] == b[head]) {
    ++head;
  }
  size_t tail = 0;
  while (tail < a.size() - head && tail < b.size() - head && a[a.size() - 1 - tail] == b[b.size() - 1 - tail]) {
    ++tail;
  }
  const std::u32string_view mid_a = std::u32string_view(a).substr(head, a.size() - head - tail);
  const std::u32string_view mid_b = std::u32string_view(b).substr(head, b.size() - head - tail);
  std::vector<Piece> out;
  push(out, Piece::Op::equal, std::u32string_view(a).substr(0, head));
  std::vector<std::pair<Piece::Op, size_t>> script;
  if (!mid_a.empty() && !mid_b.empty() && shortest_script(mid_a, mid_b, max_edits, script)) {
    // Runs of deletions and insertions between two kept stretches: all deletions first.
    std::u32string del;
    std::u32string ins;
    const auto flush = [&] {
      push(out, Piece::Op::del, del);
      push(out, Piece::Op::ins, ins);
      del.clear();
      ins.clear();
    };
    for (const auto& [op, i] : script) {
      if (op == Piece::Op::equal) {
        flush();
        push(out, Piece::Op::equal, mid_a.substr(i, 1));
      } else if (op == Piece::Op::del) {
        del += mid_a[i];
      } else {
        ins += mid_b[i];
      }
    }
    flush();
  } else {
    push(out, Piece::Op::del, mid_a);
    push(out, Piece::Op::ins, mid_b);
  }
  push(out, Piece::Op::equal, std::u32string_view(a).substr(a.size() - tail));
  return out;
}

std::string inline_diff(const std::vector<Piece>& pieces) {
  std::string out;
  for (const Piece& p : pieces) {
    switch (p.op) {
      case Piece::Op::equal: out += p.text; break;
      case Piece::Op::del: out += "[-" + p.text + "-]"; break;
      case Piece::Op::ins: out += "{+" + p.text + "+}"; break;
    }
  }
  return out;
}

}  // namespace keiyaku::diff
