#include "word_table.hpp"

#include "strings.hpp"

#include <algorithm>
#include <stdexcept>

namespace keiyaku {

WordTable::WordTable(std::string_view name, std::string_view tsv) : m_name(name) {
  int line_no = 0;
  for (std::string_view line : str::split(tsv, '\n')) {
    ++line_no;
    if (!line.empty() && line.back() == '\r') {
      line.remove_suffix(1);
    }
    if (line.empty() || line.front() == '#') {
      continue;
    }
    const std::vector<std::string_view> cols = str::split(line, '\t');
    if (cols.size() < 2 || cols.size() > 3 || cols[0].empty() || cols[1].empty()) {
      throw std::logic_error(m_name + ":" + std::to_string(line_no) + ": expected category<TAB>word[<TAB>value]");
    }
    m_lists[std::string(cols[0])].emplace_back(cols[1]);
    m_values[std::string(cols[0])].emplace_back(cols.size() == 3 ? cols[2] : std::string_view());
  }
}

const std::vector<std::string>& WordTable::list(std::string_view category) const {
  const auto it = m_lists.find(category);
  if (it == m_lists.end()) {
    throw std::logic_error(m_name + " has no category " + std::string(category));
  }
  return it->second;
}

const std::vector<std::string>& WordTable::values(std::string_view category) const {
  list(category);  // the same error for a category that does not exist
  return m_values.find(category)->second;
}

bool WordTable::is(std::string_view category, std::string_view word) const {
  const auto& words = list(category);
  return std::find(words.begin(), words.end(), word) != words.end();
}

std::string_view WordTable::find_in(std::string_view category, std::string_view text) const {
  for (const std::string& w : list(category)) {
    if (str::contains(text, w)) {
      return w;
    }
  }
  return {};
}

}  // namespace keiyaku
