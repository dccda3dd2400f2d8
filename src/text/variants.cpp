#include "variants.hpp"

#include <base/strings.hpp>
#include <base/utf8.hpp>

#include <algorithm>
#include <string_view>

namespace keiyaku::text::detail {

Expected<std::vector<Variant>> parse_variants(std::string_view tsv, std::string_view name) {
  std::vector<Variant> rows;
  int line_no = 0;
  size_t pos = 0;
  while (pos < tsv.size()) {
    size_t eol = tsv.find('\n', pos);
    if (eol == std::string_view::npos) {
      eol = tsv.size();
    }
    std::string_view line = tsv.substr(pos, eol - pos);
    pos = eol + 1;
    ++line_no;
    if (!line.empty() && line.back() == '\r') {
      line.remove_suffix(1);
    }
    if (line.empty() || line.front() == '#') {
      continue;
    }
    auto fail = [&](const std::string& what) {
      return Error(ErrorCode::data, what,
                   Where{std::string(name), line_no, 1, std::string(line)});
    };
    const size_t tab = line.find('\t');
    if (tab == std::string_view::npos || line.find('\t', tab + 1) != std::string_view::npos) {
      return fail("expected two columns separated by one tab");
    }
    const std::string_view variant = line.substr(0, tab);
    const std::string_view canonical = line.substr(tab + 1);
    if (variant.empty() || canonical.empty()) {
      return fail("empty column");
    }
    if (!str::valid_utf8(line)) {
      return fail("not valid UTF-8");
    }
    if (str::trim(variant) != variant || str::trim(canonical) != canonical) {
      return fail("leading or trailing spaces in a column");
    }
    rows.push_back({std::string(variant), std::string(canonical), line_no});
  }
  for (size_t i = 0; i < rows.size(); ++i) {
    for (size_t j = 0; j < i; ++j) {
      if (rows[j].variant == rows[i].variant) {
        return Error(ErrorCode::data,
                     "duplicate variant '" + rows[i].variant + "' (first on line " +
                         std::to_string(rows[j].line) + ")",
                     Where{std::string(name), rows[i].line, 1, {}});
      }
    }
  }
  return rows;
}

namespace {

std::vector<size_t> boundaries(std::string_view s) {
  std::vector<size_t> out;
  for (size_t i = 0; i < s.size(); ++i) {
    if (!utf8::is_continuation(s[i])) {
      out.push_back(i);
    }
  }
  return out;
}

/// Whether text containing `canonical` can hold a match of `v` that overlaps it and reaches
/// outside it, on the right (v starts inside canonical) or on the left (v ends inside it).
bool overlaps_outside(std::string_view canonical, std::string_view v) {
  for (const size_t k : boundaries(canonical)) {
    const std::string_view tail = canonical.substr(k);
    if (v.size() > tail.size() && v.substr(0, tail.size()) == tail) {
      return true;
    }
  }
  for (const size_t k : boundaries(v)) {
    if (k == 0) {
      continue;
    }
    const std::string_view rest = v.substr(k);  // must be a prefix of canonical + what follows
    const size_t n = std::min(rest.size(), canonical.size());
    if (rest.substr(0, n) == canonical.substr(0, n)) {
      return true;
    }
  }
  return false;
}

}  // namespace

VariantTable::VariantTable(std::vector<Variant> rows) : m_rows(std::move(rows)) {
  for (Variant& r : m_rows) {
    r.may_chain = false;
    if (r.variant == r.canonical) {
      continue;
    }
    for (const Variant& other : m_rows) {
      if (other.variant != other.canonical && overlaps_outside(r.canonical, other.variant)) {
        r.may_chain = true;
        break;
      }
    }
  }
  for (const Variant& v : m_rows) {
    size_t len = 0;
    const char32_t first = decode(v.variant, 0, len);
    if (first < k_bmp) {
      m_first.set(first);
      if (len == v.variant.size()) {
        m_single.set(first);
      } else {
        size_t second_len = 0;
        m_pair.set(pair_hash(first, decode(v.variant, len, second_len)));
      }
    }
    m_by_first[first].push_back(&v);
  }
  for (auto& [first, list] : m_by_first) {
    std::stable_sort(list.begin(), list.end(), [](const Variant* a, const Variant* b) {
      return a->variant.size() > b->variant.size();
    });
  }
}

const Variant* VariantTable::match_slow(std::string_view text, size_t pos, char32_t first) const {
  const auto it = m_by_first.find(first);
  if (it == m_by_first.end()) {
    return nullptr;
  }
  const std::string_view rest = text.substr(pos);
  for (const Variant* v : it->second) {
    if (rest.size() >= v->variant.size() &&
        rest.compare(0, v->variant.size(), v->variant) == 0) {
      return v;
    }
  }
  return nullptr;
}

}  // namespace keiyaku::text::detail
