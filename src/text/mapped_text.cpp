#include "mapped_text.hpp"

#include <base/utf8.hpp>

#include <algorithm>
#include <cstring>

namespace keiyaku::text::detail {

namespace {

bool is_lead(char c) {
  return !utf8::is_continuation(c);
}

}  // namespace

PassWriter::PassWriter(const MappedText& in, std::vector<ByteRange>& removed)
    : m_in(in), m_removed(removed) {
  m_out.text.reserve(in.text.size());
  m_out.map.reserve(in.text.size() + 1);
}

void PassWriter::copy_to(size_t pos) {
  if (pos <= m_pos) {
    return;
  }
  m_out.text.append(m_in.text, m_pos, pos - m_pos);
  m_out.map.insert(m_out.map.end(), m_in.map.begin() + static_cast<std::ptrdiff_t>(m_pos),
                   m_in.map.begin() + static_cast<std::ptrdiff_t>(pos));
  m_pos = pos;
}

void PassWriter::drop(size_t from, size_t to) {
  copy_to(from);
  if (to <= from) {
    return;
  }
  const uint32_t begin = m_in.map[from];
  const uint32_t end = m_in.map[to];
  if (end > begin) {
    m_removed.push_back({begin, end});
  }
  m_pos = to;
  m_changed = true;
}

void PassWriter::replace_exact(size_t from, size_t to, std::string_view repl) {
  const uint32_t origin = m_in.map[from];
  m_out.text.append(repl);
  m_out.map.insert(m_out.map.end(), repl.size(), origin);
  m_pos = to;
  m_changed = true;
}

void PassWriter::replace(size_t from, size_t to, std::string_view repl) {
  copy_to(from);
  const std::string_view src(m_in.text.data() + from, to - from);
  if (src == repl) {
    copy_to(to);
    return;
  }
  if (src.empty()) {
    replace_exact(from, to, repl);
    return;
  }
  // Common prefix and suffix, cut at character boundaries.
  size_t prefix = 0;
  const size_t limit = std::min(src.size(), repl.size());
  while (prefix < limit && src[prefix] == repl[prefix]) {
    ++prefix;
  }
  while (prefix > 0 && ((prefix < src.size() && !is_lead(src[prefix])) ||
                        (prefix < repl.size() && !is_lead(repl[prefix])))) {
    --prefix;
  }
  size_t suffix = 0;
  const size_t suffix_limit = limit - prefix;
  while (suffix < suffix_limit && src[src.size() - 1 - suffix] == repl[repl.size() - 1 - suffix]) {
    ++suffix;
  }
  while (suffix > 0 && !is_lead(src[src.size() - suffix])) {
    --suffix;
  }
  // Never insert text out of nothing: give the replacement one character of the source back.
  if (prefix + suffix == src.size() && repl.size() > prefix + suffix) {
    if (prefix > 0) {
      do {
        --prefix;
      } while (prefix > 0 && !is_lead(src[prefix]));
    } else {
      do {
        --suffix;
      } while (suffix > 0 && !is_lead(src[src.size() - suffix]));
    }
  }
  copy_to(from + prefix);
  const size_t mid_end = to - suffix;
  const std::string_view mid = repl.substr(prefix, repl.size() - prefix - suffix);
  if (mid.empty()) {
    drop(from + prefix, mid_end);
  } else {
    replace_exact(from + prefix, mid_end, mid);
  }
  copy_to(to);
  m_changed = true;
}

MappedText PassWriter::finish() {
  copy_to(m_in.text.size());
  m_out.map.push_back(m_in.map[m_in.text.size()]);
  return std::move(m_out);
}

}  // namespace keiyaku::text::detail
