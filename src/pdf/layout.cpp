#include "layout.hpp"

#include <base/strings.hpp>

#include <algorithm>
#include <array>
#include <cmath>
#include <limits>
#include <map>

namespace keiyaku::pdf {

namespace {

// Running headers and footers live in the outer bands of a page: this fraction of its height at
// the top and at the bottom. Only the first and last k_band_lines lines of a page are looked at.
constexpr double k_band = 0.12;
constexpr size_t k_band_lines = 2;
// A line seen in a band on at least this fraction of the pages (and on two pages at least) is a
// running header or footer.
constexpr double k_running_share = 0.4;
// Print smaller than this fraction of the text's line height is a header's or a footer's.
constexpr double k_small_print = 0.9;
// A line that ends within this many line heights of its right edge is full; a word "fits" on a
// line when it would end within as much past the edge (measurement slack).
constexpr double k_edge_slack = 0.25;
// A block whose lines end left of the text's right edge is a narrower block of its own (a
// quotation, an indented note) when its edge lies past this share of the text's width.
constexpr double k_narrow_share = 0.6;
// Characters from here on (CJK, kana, full-width forms) are set one to an em, and a line may break
// before any of them.
constexpr char32_t k_first_wide = 0x2E80;
// A gap between lines larger than this many typical line pitches ends a paragraph.
constexpr double k_paragraph_gap = 1.6;
// A line that starts this many line heights right of the line before it starts a paragraph (a
// first-line indent after the last line of the previous paragraph).
constexpr double k_indent = 0.5;
// A horizontal gap between two words of this many line heights is a space.
constexpr double k_space_gap = 0.3;
// A gutter between two columns lies between this share of the text's width and as much from its
// right end.
constexpr double k_gutter_from = 0.3;
// The gutters of k columns (k ≥ 3) lie near i/k of the text's width, within this share of a
// column's width on either side (for three: between 0.22 and 0.45, and as far from the right end).
constexpr double k_gutter_spread = 0.35;
// The most columns a page is read in (a 一覧 of clauses set in narrow columns).
constexpr size_t k_max_columns = 6;
// In a page that mixes one column and several, rows of several columns leave a stretch free
// between this share of the text's width and as much from its right end.
constexpr double k_band_from = 0.2;
// ... and at least this many rows have words on both sides of that stretch.
constexpr size_t k_split_rows = 2;
// The left column of a two-column page has at least this many lines (the right one, on a last
// page, may have one).
constexpr size_t k_column_min_lines = 3;
// Most lines of a left column end within this many ems of the gutter (they are filled).
constexpr double k_column_fill = 2.0;

// Characters that number an article, a paragraph or an item, or that mark a bullet.
constexpr std::u32string_view k_kanji_digits = U"〇一二三四五六七八九十百千";
constexpr std::u32string_view k_after_article_number = U"条章節款";
constexpr char32_t k_no = U'の';
constexpr char32_t k_full_stop = U'。';
constexpr std::u32string_view k_closing = U"）)」』]］";
constexpr std::u32string_view k_bullets = U"・●○■□◆◇▪▫※-‐−－";
constexpr char32_t k_dai = U'第';
constexpr std::array<std::u32string_view, 2> k_page_suffixes = {U"頁", U"ページ"};
constexpr std::u32string_view k_roman = U"ivxlcIVXLC";
constexpr std::u32string_view k_dashes = U"-‐‑–—―−－ー~〜";

std::u32string decode(std::string_view s) {
  std::u32string out;
  out.reserve(s.size());
  for (size_t i = 0; i < s.size();) {
    out += str::next_cp(s, i);
  }
  return out;
}

bool is_space(char32_t c) {
  return c == U' ' || c == U'\t' || c == U'\u3000' || c == U'\u00A0';
}
bool is_ascii_digit(char32_t c) {
  return c >= U'0' && c <= U'9';
}
bool is_wide_digit(char32_t c) {
  return c >= U'０' && c <= U'９';
}
bool is_digit(char32_t c) {
  return is_ascii_digit(c) || is_wide_digit(c);
}
bool is_kanji_digit(char32_t c) {
  return k_kanji_digits.find(c) != std::u32string_view::npos;
}
bool is_katakana_letter(char32_t c) {
  return c >= U'ア' && c <= U'ン';
}
bool is_latin_letter(char32_t c) {
  return (c >= U'a' && c <= U'z') || (c >= U'A' && c <= U'Z') || (c >= U'ａ' && c <= U'ｚ') ||
         (c >= U'Ａ' && c <= U'Ｚ');
}
bool is_latin_word_char(char32_t c) {
  return is_latin_letter(c) || is_digit(c);
}
bool is_circled_number(char32_t c) {
  return (c >= U'\u2460' && c <= U'\u249B') ||  // ①..⑳, ⑴..⒇, ⒈..⒛
         (c >= U'\u3251' && c <= U'\u325F') ||  // ㉑..㉟
         (c >= U'\u32B1' && c <= U'\u32BF');    // ㊱..㊿
}

std::u32string_view trim32(std::u32string_view s) {
  while (!s.empty() && is_space(s.front())) {
    s.remove_prefix(1);
  }
  while (!s.empty() && is_space(s.back())) {
    s.remove_suffix(1);
  }
  return s;
}

std::string trimmed(std::string_view s) {
  std::string out;
  const std::u32string chars = decode(s);
  for (char32_t c : trim32(chars)) {
    str::append_utf8(out, c);
  }
  return out;
}

// True when a line ends a sentence: 。, or 。 and closing brackets (「…という。）」).
bool ends_sentence(std::string_view s) {
  const std::u32string chars = decode(s);
  std::u32string_view t = trim32(chars);
  while (!t.empty() && k_closing.find(t.back()) != std::u32string_view::npos) {
    t.remove_suffix(1);
  }
  return !t.empty() && t.back() == k_full_stop;
}

// Length of the run of characters at the start of s that satisfy pred.
template <typename Pred>
size_t run_length(std::u32string_view s, Pred pred) {
  size_t n = 0;
  while (n < s.size() && pred(s[n])) {
    ++n;
  }
  return n;
}

double median(std::vector<double> v, double fallback) {
  if (v.empty()) {
    return fallback;
  }
  const auto mid = v.begin() + static_cast<std::ptrdiff_t>(v.size() / 2);
  std::nth_element(v.begin(), mid, v.end());
  return *mid;
}

double percentile(std::vector<double> v, double p, double fallback) {
  if (v.empty()) {
    return fallback;
  }
  std::sort(v.begin(), v.end());
  const auto i = static_cast<size_t>(std::lround(p * static_cast<double>(v.size() - 1)));
  return v[std::min(i, v.size() - 1)];
}

// The key two running headers share: the text without spaces and with every digit the same, so
// that "契約書 3/20" on page 3 and "契約書 4/20" on page 4 match. A line that starts a clause keeps
// its numbers: 「第5条 乙は、…」 at the top of one page and 「第9条 乙は、…」 at the top of another
// are text.
std::string running_key(std::string_view text) {
  const bool numbered = starts_block(text);
  std::string key;
  for (size_t i = 0; i < text.size();) {
    const char32_t c = str::next_cp(text, i);
    if (is_space(c)) {
      continue;
    }
    if (!numbered && (is_digit(c) || is_kanji_digit(c))) {
      key += '#';
    } else {
      str::append_utf8(key, c);
    }
  }
  return key;
}

enum class Band { none, top, bottom };

// The number at either end of a line with other text, set off by a space ("第2章 構造 3",
// "4 契約書"); -1 when there is none.
int edge_number(std::string_view text) {
  const std::u32string owned = decode(text);
  std::u32string_view s = trim32(owned);
  auto value = [](std::u32string_view digits) {
    int v = 0;
    for (char32_t c : digits) {
      v = v * 10 + static_cast<int>(is_wide_digit(c) ? c - U'０' : c - U'0');
    }
    return v;
  };
  const size_t lead = run_length(s, is_digit);
  if (lead > 0 && lead <= 4 && lead < s.size() && is_space(s[lead])) {
    return value(s.substr(0, lead));
  }
  size_t tail = 0;
  while (tail < s.size() && is_digit(s[s.size() - 1 - tail])) {
    ++tail;
  }
  if (tail > 0 && tail <= 4 && tail < s.size() && is_space(s[s.size() - 1 - tail])) {
    return value(s.substr(s.size() - tail));
  }
  return -1;
}

struct Geometry {
  double em = 10;     ///< typical line height
  double pitch = 15;  ///< typical distance between the tops of two consecutive lines
  double left = 0;    ///< the text's left edge
  double right = 0;   ///< the text's right edge
};

Geometry measure(const std::vector<Page>& pages, const std::vector<std::vector<bool>>& side) {
  std::vector<double> heights;
  std::vector<double> pitches;
  std::vector<double> lefts;
  std::vector<double> rights;
  for (size_t p = 0; p < pages.size(); ++p) {
    const Line* prev = nullptr;
    for (size_t l = 0; l < pages[p].lines.size(); ++l) {
      if (side[p][l]) {
        continue;
      }
      const Line& line = pages[p].lines[l];
      heights.push_back(line.height());
      lefts.push_back(line.x0);
      rights.push_back(line.x1);
      if (prev != nullptr && line.y0 > prev->y0) {
        pitches.push_back(line.y0 - prev->y0);
      }
      prev = &line;
    }
  }
  Geometry g;
  g.em = std::max(1.0, median(heights, 10));
  g.pitch = std::max(g.em, median(pitches, g.em * 1.5));
  g.left = percentile(lefts, 0.1, 0);
  g.right = percentile(rights, 0.9, 0);
  return g;
}

// Marks the lines of each page that are running headers, footers or page numbers, and collects
// them as side texts.
std::vector<std::vector<bool>> set_apart(const std::vector<Page>& pages,
                                         std::vector<core::SideText>& side) {
  std::vector<std::vector<bool>> marked(pages.size());
  // Candidates: the first and last lines of a page that lie in its outer bands.
  struct Candidate {
    size_t page;
    size_t line;
    Band band;
  };
  std::vector<Candidate> candidates;
  for (size_t p = 0; p < pages.size(); ++p) {
    const Page& page = pages[p];
    marked[p].assign(page.lines.size(), false);
    const size_t n = page.lines.size();
    for (size_t l = 0; l < n; ++l) {
      if (l >= k_band_lines && l + k_band_lines < n) {
        continue;
      }
      const Line& line = page.lines[l];
      if (page.height > 0 && line.y1 <= page.height * k_band && l < k_band_lines) {
        candidates.push_back({p, l, Band::top});
      } else if (page.height > 0 && line.y0 >= page.height * (1 - k_band) &&
                 l + k_band_lines >= n) {
        candidates.push_back({p, l, Band::bottom});
      }
    }
  }
  // How many pages show each band text.
  std::map<std::pair<Band, std::string>, std::vector<size_t>> pages_of;
  for (const Candidate& c : candidates) {
    auto& list = pages_of[{c.band, running_key(pages[c.page].lines[c.line].text)}];
    if (list.empty() || list.back() != c.page) {
      list.push_back(c.page);
    }
  }
  const double needed = std::max(2.0, k_running_share * static_cast<double>(pages.size()));
  std::vector<double> heights;
  for (const Page& page : pages) {
    for (const Line& line : page.lines) {
      heights.push_back(line.height());
    }
  }
  const double em = median(heights, 10);
  // A running head that carries the page number beside changing text (「第2章 構造 3」 on one page,
  // 「4 契約書」 on the next): the same band of the page before or after carries the number before
  // or after it.
  std::map<std::pair<Band, size_t>, std::vector<int>> numbers_on;  // (band, page) -> edge numbers
  for (const Candidate& c : candidates) {
    const int n = edge_number(pages[c.page].lines[c.line].text);
    if (n >= 0) {
      numbers_on[{c.band, c.page}].push_back(n);
    }
  }
  auto numbered_head = [&](const Candidate& c) {
    const int n = edge_number(pages[c.page].lines[c.line].text);
    if (n < 0) {
      return false;
    }
    auto has = [&](size_t page, int number) {
      const auto it = numbers_on.find({c.band, page});
      return it != numbers_on.end() &&
             std::find(it->second.begin(), it->second.end(), number) != it->second.end();
    };
    return (c.page > 0 && has(c.page - 1, n - 1)) || has(c.page + 1, n + 1);
  };
  // A header or footer of the first page only (a one-page document, a cover's 「（案）」): smaller
  // print than the text, at the page's edge, an em or more away from the text.
  auto set_off = [&](const Candidate& c) {
    const std::vector<Line>& lines = pages[c.page].lines;
    const Line& line = lines[c.line];
    if (c.page != 0 || line.height() >= k_small_print * em) {
      return false;
    }
    if (c.band == Band::top) {
      return (c.line == 0 || marked[c.page][c.line - 1]) &&
             (c.line + 1 >= lines.size() || lines[c.line + 1].y0 - line.y1 >= em);
    }
    return c.line > 0 && line.y0 - lines[c.line - 1].y1 >= em;
  };
  std::map<std::pair<Band, std::string>, size_t> side_index;  // running text -> its SideText
  std::array<std::string, 2> numbers;                         // page numbers, top and bottom
  for (const Candidate& c : candidates) {
    const Line& line = pages[c.page].lines[c.line];
    const bool bottom = c.band == Band::bottom;
    if (is_page_number(line.text)) {
      marked[c.page][c.line] = true;
      std::string& list = numbers[bottom ? 1 : 0];
      list += list.empty() ? "" : "\n";
      list += trimmed(line.text);
      continue;
    }
    const std::pair<Band, std::string> key{c.band, running_key(line.text)};
    if (key.second.empty() ||
        (static_cast<double>(pages_of[key].size()) < needed && !set_off(c) && !numbered_head(c))) {
      continue;
    }
    marked[c.page][c.line] = true;
    if (side_index.count(key) == 0) {
      core::SideText s;
      s.id =
          std::string(bottom ? "footer" : "header") + " (page " + std::to_string(c.page + 1) + ")";
      s.part = bottom ? core::Part::footer : core::Part::header;
      s.text = trimmed(line.text);
      side_index[key] = side.size();
      side.push_back(std::move(s));
    }
  }
  for (size_t b = 0; b < numbers.size(); ++b) {
    if (!numbers[b].empty()) {
      core::SideText s;
      s.id = "page numbers";
      s.part = b == 1 ? core::Part::footer : core::Part::header;
      s.text = numbers[b];
      side.push_back(std::move(s));
    }
  }
  return marked;
}

}  // namespace

namespace {

// Words in rows, top to bottom: the words whose middles lie within half a height of the first
// word's.
std::vector<std::vector<const Word*>> group_rows(std::vector<const Word*> order) {
  auto mid = [](const Word* w) { return (w->y0 + w->y1) / 2; };
  std::stable_sort(order.begin(), order.end(),
                   [&](const Word* a, const Word* b) { return mid(a) < mid(b); });
  std::vector<std::vector<const Word*>> rows;
  double row_mid = 0;
  double row_height = 0;
  for (const Word* w : order) {
    const double h = std::max(0.1, w->y1 - w->y0);
    if (!rows.empty() && std::fabs(mid(w) - row_mid) <= 0.5 * std::min(h, row_height)) {
      rows.back().push_back(w);
    } else {
      rows.push_back({w});
      row_mid = mid(w);
      row_height = h;
    }
  }
  return rows;
}

// Rows of words (top to bottom, each left to right) joined into lines.
std::vector<Line> rows_to_lines(const std::vector<const Word*>& order) {
  std::vector<std::vector<const Word*>> rows = group_rows(order);
  std::vector<Line> lines;
  lines.reserve(rows.size());
  for (std::vector<const Word*>& row : rows) {
    std::stable_sort(row.begin(), row.end(),
                     [](const Word* a, const Word* b) { return a->x0 < b->x0; });
    Line line{row[0]->x0, row[0]->y0, row[0]->x1, row[0]->y1, row[0]->text};
    for (size_t i = 1; i < row.size(); ++i) {
      const Word& prev = *row[i - 1];
      const Word& w = *row[i];
      // poppler drops an ideographic space (U+3000, as in 「第1条　甲は」) without always marking
      // the word before it: a gap of a third of an em or more is a space too.
      if (prev.space_after || w.x0 - prev.x1 >= k_space_gap * std::max(0.1, w.y1 - w.y0)) {
        line.text += ' ';
      }
      line.text += w.text;
      line.x0 = std::min(line.x0, w.x0);
      line.x1 = std::max(line.x1, w.x1);
      line.y0 = std::min(line.y0, w.y0);
      line.y1 = std::max(line.y1, w.y1);
    }
    lines.push_back(std::move(line));
  }
  return lines;
}

// A gutter between two columns: the widest stretch between these shares of the text's width that
// no word crosses (but a few), at least an em wide; {0, 0} when there is none.
std::pair<double, double> find_gutter(const std::vector<const Word*>& words, double em, double from_share,
                                      double to_share) {
  double x_min = words.front()->x0;
  double x_max = words.front()->x1;
  for (const Word* w : words) {
    x_min = std::min(x_min, w->x0);
    x_max = std::max(x_max, w->x1);
  }
  const double width = x_max - x_min;
  const auto bins = static_cast<size_t>(std::clamp(width, 0.0, 4000.0));
  if (bins < 10) {
    return {0, 0};
  }
  std::vector<int> cover(bins + 1, 0);
  for (const Word* w : words) {
    const auto from = static_cast<size_t>(std::clamp(w->x0 - x_min, 0.0, static_cast<double>(bins)));
    const auto to = static_cast<size_t>(std::clamp(std::ceil(w->x1 - x_min), 0.0, static_cast<double>(bins)));
    for (size_t b = from; b < to; ++b) {
      ++cover[b];
    }
  }
  // Titles spanning both columns cross the gutter: allow a few of them, when no stretch is clear
  // (in a short band of rows, a few short lines leave stretches inside a column that few words cover).
  const int crossing = std::max(2, static_cast<int>(words.size() / 20));
  const auto lo = static_cast<size_t>(from_share * static_cast<double>(bins));
  const auto hi = static_cast<size_t>(to_share * static_cast<double>(bins));
  double from = 0;
  double to = 0;
  for (const int allowed : {0, crossing}) {
    size_t best_from = 0;
    size_t best_length = 0;
    for (size_t b = lo; b < hi;) {
      if (cover[b] > allowed) {
        ++b;
        continue;
      }
      size_t e = b;
      while (e < hi && cover[e] <= allowed) {
        ++e;
      }
      if (e - b > best_length) {
        best_from = b;
        best_length = e - b;
      }
      b = e;
    }
    // The few words allowed across the gutter may be a short column's text: a word that starts
    // inside the stretch and ends past it (or the other way) marks where the gutter ends (or starts).
    from = x_min + static_cast<double>(best_from);
    to = from + static_cast<double>(best_length);
    const double found_from = from;
    const double found_to = to;
    for (const Word* w : words) {
      if (w->x0 > found_from && w->x0 < found_to && w->x1 > found_to) {
        to = std::min(to, w->x0);
      }
      if (w->x1 > found_from && w->x1 < found_to && w->x0 < found_from) {
        from = std::max(from, w->x1);
      }
    }
    if (to - from >= em) {
      break;
    }
  }
  if (to - from < em) {
    return {0, 0};
  }
  return {from, to};
}

}  // namespace

namespace {

using Gutter = std::pair<double, double>;

bool found(const Gutter& g) { return g.second > g.first; }

// The words read column by column, the gutters given left to right: between two rows that cross a
// gutter (a title, a running header), the first column top to bottom, then the next one. Empty when
// the words are not set in these columns: a column other than the last with fewer than three
// lines or with most lines short of its gutter (a table of short labels beside their text, a
// column of clause numbers), or an empty column.
std::vector<Line> in_columns(const std::vector<const Word*>& order, double em, const std::vector<Gutter>& gutters) {
  const size_t n = gutters.size() + 1;
  std::vector<std::vector<const Word*>> words(n);
  std::vector<const Word*> spanning;
  // A row with a word across a gutter (a title, a page number 「- 1 -」 whose parts fall on both
  // sides) spans the columns whole.
  for (const std::vector<const Word*>& row : group_rows(order)) {
    const bool across = std::any_of(row.begin(), row.end(), [&](const Word* w) {
      return std::any_of(gutters.begin(), gutters.end(),
                         [&](const Gutter& g) { return w->x1 > g.first + 0.5 && w->x0 < g.second - 0.5; });
    });
    for (const Word* w : row) {
      if (across) {
        spanning.push_back(w);
        continue;
      }
      const auto column = std::count_if(gutters.begin(), gutters.end(), [&](const Gutter& g) { return w->x1 > g.first + 0.5; });
      words[static_cast<size_t>(column)].push_back(w);
    }
  }
  std::vector<std::vector<Line>> columns(n);
  for (size_t c = 0; c < n; ++c) {
    columns[c] = rows_to_lines(words[c]);
    if (columns[c].empty()) {
      return {};
    }
    if (c + 1 < n) {
      size_t filled = 0;
      for (const Line& l : columns[c]) {
        filled += l.x1 >= gutters[c].first - k_column_fill * em ? 1 : 0;
      }
      if (columns[c].size() < k_column_min_lines || 2 * filled < columns[c].size()) {
        return {};
      }
    }
    for (Line& l : columns[c]) {
      l.column = static_cast<int>(c) + 1;
      l.column_right = c + 1 < n ? gutters[c].first : 0;
    }
  }
  // A running header above the other columns' first lines, or a footer set off below their last
  // ones, is read with the lines that span the columns.
  std::vector<Line> across = rows_to_lines(spanning);
  const std::vector<std::vector<Line>> before = columns;
  for (size_t c = 0; c < n; ++c) {
    double others_top = std::numeric_limits<double>::infinity();
    double others_bottom = -std::numeric_limits<double>::infinity();
    for (size_t d = 0; d < n; ++d) {
      if (d != c) {
        others_top = std::min(others_top, before[d].front().y0);
        others_bottom = std::max(others_bottom, before[d].back().y1);
      }
    }
    std::vector<Line> kept;
    std::vector<Line>& column = columns[c];
    for (size_t i = 0; i < column.size(); ++i) {
      const Line& l = column[i];
      const bool above = kept.empty() && l.y1 <= others_top;
      const bool below =
          i > 0 && i + 1 == column.size() && l.y0 >= others_bottom && l.y0 - column[i - 1].y1 > k_column_fill * em;
      (above || below ? across : kept).push_back(l);
    }
    if (kept.empty()) {
      return {};
    }
    column = std::move(kept);
  }
  for (Line& l : across) {
    l.column = 0;
    l.column_right = 0;
  }
  std::stable_sort(across.begin(), across.end(), [](const Line& a, const Line& b) { return a.y0 < b.y0; });
  // Between two spanning lines, the first column, then the next.
  std::vector<Line> lines;
  lines.reserve(order.size());
  std::vector<size_t> next(n, 0);
  for (size_t a = 0; a <= across.size(); ++a) {
    const double until = a < across.size() ? across[a].y0 : std::numeric_limits<double>::infinity();
    for (size_t c = 0; c < n; ++c) {
      while (next[c] < columns[c].size() && columns[c][next[c]].y0 < until) {
        lines.push_back(columns[c][next[c]++]);
      }
    }
    if (a < across.size()) {
      lines.push_back(across[a]);
    }
  }
  return lines;
}

// The words in k columns for the most k from k_max_columns down to two that they are set in; empty
// when they are in none. More columns are tried first: the search for fewer would take some of
// their gutters for its own (three columns' gutters near a third and two thirds of the width find
// the first and last of four).
std::vector<Line> read_columns(const std::vector<const Word*>& order, double em) {
  if (order.size() <= k_column_min_lines) {
    return {};
  }
  for (size_t k = k_max_columns; k >= 3; --k) {
    if (order.size() <= k_column_min_lines * (k - 1)) {
      continue;  // every column but the last has at least three lines
    }
    std::vector<Gutter> gutters;
    const double spread = k_gutter_spread / static_cast<double>(k);
    for (size_t i = 1; i < k; ++i) {
      const double centre = static_cast<double>(i) / static_cast<double>(k);
      const Gutter g = find_gutter(order, em, centre - spread, centre + spread);
      if (!found(g) || (!gutters.empty() && g.first <= gutters.back().second)) {
        break;
      }
      gutters.push_back(g);
    }
    if (gutters.size() + 1 == k) {
      std::vector<Line> lines = in_columns(order, em, gutters);
      if (!lines.empty()) {
        return lines;
      }
    }
  }
  const Gutter gutter = find_gutter(order, em, k_gutter_from, 1 - k_gutter_from);
  return found(gutter) ? in_columns(order, em, {gutter}) : std::vector<Line>{};
}

// A page that mixes one column and several (an article across the page, then two columns): the
// stretch of an em or more, between 20% and 80% of the text's width, that the most rows with words
// on both sides of it leave free (two or more) is where the columns part; runs of consecutive rows free there are read by read_columns(), the
// rows across it (lines across the page) as they are, in their place.
std::vector<Line> read_bands(const std::vector<const Word*>& order, double em) {
  double x_min = order.front()->x0;
  double x_max = order.front()->x1;
  for (const Word* w : order) {
    x_min = std::min(x_min, w->x0);
    x_max = std::max(x_max, w->x1);
  }
  const double from = x_min + k_band_from * (x_max - x_min);
  const auto bins = static_cast<size_t>(std::clamp((1 - 2 * k_band_from) * (x_max - x_min), 0.0, 4000.0));
  const auto min_run = static_cast<size_t>(std::ceil(em));
  const std::vector<std::vector<const Word*>> rows = group_rows(order);
  if (bins < min_run || rows.size() <= k_column_min_lines) {
    return rows_to_lines(order);
  }
  std::vector<std::vector<char>> free(rows.size(), std::vector<char>(bins, 1));
  std::vector<size_t> count(bins, 0);
  for (size_t r = 0; r < rows.size(); ++r) {
    for (const Word* w : rows[r]) {
      const auto b0 = static_cast<size_t>(std::clamp(w->x0 - from, 0.0, static_cast<double>(bins)));
      const auto b1 = static_cast<size_t>(std::clamp(std::ceil(w->x1 - from), 0.0, static_cast<double>(bins)));
      std::fill(free[r].begin() + static_cast<std::ptrdiff_t>(b0), free[r].begin() + static_cast<std::ptrdiff_t>(b1), 0);
    }
    // Counted where the row has words on both sides: a row of two columns, not a short line.
    double row_x0 = rows[r].front()->x0;
    double row_x1 = rows[r].front()->x1;
    for (const Word* w : rows[r]) {
      row_x0 = std::min(row_x0, w->x0);
      row_x1 = std::max(row_x1, w->x1);
    }
    for (size_t b = 0; b < bins; ++b) {
      const double x = from + static_cast<double>(b);
      count[b] += free[r][b] != 0 && row_x0 < x && row_x1 > x ? 1 : 0;
    }
  }
  // The most rows that leave a stretch of an em free together: the highest count that the bins of
  // an em-wide stretch all reach (a page number 「- 1 -」 across the gutter leaves it free in one
  // more row at one place only).
  size_t best_from = 0;
  size_t best_length = 0;
  for (size_t need = *std::max_element(count.begin(), count.end()); need >= k_split_rows && best_length < min_run;
       --need) {
    best_length = 0;
    for (size_t b = 0; b < bins;) {
      size_t e = b;
      while (e < bins && count[e] >= need) {
        ++e;
      }
      if (e - b > best_length) {
        best_from = b;
        best_length = e - b;
      }
      b = std::max(e, b + 1);
    }
  }
  if (best_length < min_run) {
    return rows_to_lines(order);
  }
  // A row is in columns when the middle em of that stretch is free in it.
  const size_t mid_from = best_from + (best_length - min_run) / 2;
  const auto in_columns_row = [&](size_t r) {
    return std::all_of(free[r].begin() + static_cast<std::ptrdiff_t>(mid_from),
                       free[r].begin() + static_cast<std::ptrdiff_t>(mid_from + min_run), [](char f) { return f != 0; });
  };
  std::vector<Line> lines;
  std::vector<const Word*> band;
  size_t band_rows = 0;
  const auto flush = [&] {
    std::vector<Line> read = band_rows > k_column_min_lines ? read_columns(band, em) : std::vector<Line>{};
    if (read.empty()) {
      read = rows_to_lines(band);
    }
    lines.insert(lines.end(), read.begin(), read.end());
    band.clear();
    band_rows = 0;
  };
  for (size_t r = 0; r < rows.size(); ++r) {
    const bool in = in_columns_row(r);
    if (!in || (band_rows > 0 && !in_columns_row(r - 1))) {
      flush();
    }
    band.insert(band.end(), rows[r].begin(), rows[r].end());
    ++band_rows;
  }
  flush();
  return lines;
}

}  // namespace

std::vector<Line> group_lines(const std::vector<Word>& words) {
  // Words top to bottom by the middle of their height. poppler's own order is not kept: it reads
  // a column of labels (「第2条」「2」 at the margin) before the text beside them.
  std::vector<const Word*> order;
  order.reserve(words.size());
  std::vector<double> heights;
  for (const Word& w : words) {
    if (!w.text.empty()) {
      order.push_back(&w);
      heights.push_back(w.y1 - w.y0);
    }
  }
  if (order.size() <= k_column_min_lines) {
    return rows_to_lines(order);
  }
  const double em = std::max(1.0, median(heights, 10));
  std::vector<Line> lines = read_columns(order, em);
  return lines.empty() ? read_bands(order, em) : lines;
}

bool is_page_number(std::string_view line) {
  const std::u32string owned = decode(line);
  std::u32string_view s = trim32(owned);
  // "Page 3", "p. 3", "P.3"
  auto lower_ascii = [](std::u32string_view v) {
    std::string out;
    for (char32_t c : v) {
      out += (c < 0x80) ? static_cast<char>(c >= U'A' && c <= U'Z' ? c - U'A' + U'a' : c) : '?';
    }
    return out;
  };
  for (std::string_view prefix : {"page", "p."}) {
    if (s.size() > prefix.size() && lower_ascii(s.substr(0, prefix.size())) == prefix) {
      s.remove_prefix(prefix.size());
      s = trim32(s);
      break;
    }
  }
  for (std::u32string_view suffix : k_page_suffixes) {
    if (s.size() > suffix.size() && s.substr(s.size() - suffix.size()) == suffix) {
      s.remove_suffix(suffix.size());
      s = trim32(s);
      break;
    }
  }
  // "- 3 -", "－３－": dashes around the number.
  auto is_dash = [](char32_t c) { return k_dashes.find(c) != std::u32string_view::npos; };
  while (!s.empty() && (is_dash(s.front()) || is_space(s.front()))) {
    s.remove_prefix(1);
  }
  while (!s.empty() && (is_dash(s.back()) || is_space(s.back()))) {
    s.remove_suffix(1);
  }
  // "iv", "XII": the front matter's numbers.
  const size_t roman =
      run_length(s, [](char32_t c) { return k_roman.find(c) != std::u32string_view::npos; });
  if (roman > 0 && roman == s.size() && roman <= 6) {
    const auto lower = static_cast<size_t>(
        std::count_if(s.begin(), s.end(), [](char32_t c) { return c >= U'a'; }));
    return lower == 0 || lower == s.size();
  }
  const size_t n = run_length(s, is_digit);
  if (n == 0 || n > 4) {
    return false;
  }
  s.remove_prefix(n);
  s = trim32(s);
  if (s.empty()) {
    return true;
  }
  // "3 / 20", "3 of 20"
  if (s.front() == U'/' || s.front() == U'／') {
    s.remove_prefix(1);
  } else if (lower_ascii(s.substr(0, 2)) == "of") {
    s.remove_prefix(2);
  } else {
    return false;
  }
  s = trim32(s);
  const size_t m = run_length(s, is_digit);
  return m > 0 && m <= 4 && m == s.size();
}

bool starts_block(std::string_view line) {
  const std::u32string owned = decode(line);
  const std::u32string_view s = trim32(owned);
  if (s.empty()) {
    return false;
  }
  const char32_t c0 = s[0];
  auto after = [&](size_t i) -> char32_t { return i < s.size() ? s[i] : U' '; };
  if (is_circled_number(c0) || k_bullets.find(c0) != std::u32string_view::npos) {
    return s.size() > 1;
  }
  // 第1条, 第十二条, 第2 (第 and a number without 条, as some 特記事項 number their articles).
  if (c0 == k_dai) {
    const size_t n =
        run_length(s.substr(1), [](char32_t c) { return is_digit(c) || is_kanji_digit(c); });
    if (n == 0) {
      return false;
    }
    // A heading's number is followed by a space, a bracket or the end of the line; a reference
    // that a line wrap put at the start of a line goes on (第3条の規定により, 第1号に該当).
    auto opens_text = [&](size_t i) {
      return i >= s.size() || is_space(s[i]) || s[i] == U'(' || s[i] == U'（';
    };
    size_t i = 1 + n;
    if (k_after_article_number.find(after(i)) != std::u32string_view::npos) {
      ++i;
      // 第12条の2: a branch article.
      if (after(i) == k_no && (is_digit(after(i + 1)) || is_kanji_digit(after(i + 1)))) {
        i += 1 + run_length(s.substr(i + 1),
                            [](char32_t c) { return is_digit(c) || is_kanji_digit(c); });
      }
    }
    return opens_text(i);
  }
  // 1. / １． / 2 乙は / 3) — but not 10日以内 or 1.5倍.
  if (is_digit(c0)) {
    const size_t n = run_length(s, is_digit);
    if (n > 3) {
      return false;
    }
    const char32_t next = after(n);
    if (next == U'.' || next == U'．') {
      // 1.5倍 is not a number label; 2.1 and 5.1.3 followed by a space are section numbers.
      size_t end = n;
      while ((after(end) == U'.' || after(end) == U'．') && is_digit(after(end + 1))) {
        end += 1 + run_length(s.substr(end + 1), is_digit);
      }
      return end == n ? !is_digit(after(n + 1)) : is_space(after(end)) || after(end) == U'.';
    }
    return n < s.size() && (is_space(next) || next == U')' || next == U'）');
  }
  // (1) （１） (ア) （一） (a)
  if (c0 == U'(' || c0 == U'（') {
    const std::u32string_view rest = s.substr(1);
    size_t n = run_length(rest, is_digit);
    if (n == 0) {
      n = run_length(rest, is_kanji_digit);
    }
    if (n == 0 && !rest.empty() &&
        (is_katakana_letter(rest[0]) || (rest[0] >= U'a' && rest[0] <= U'z'))) {
      n = 1;
    }
    if (n == 0 || n > 3) {
      return false;
    }
    const char32_t close = after(1 + n);
    return close == U')' || close == U'）';
  }
  // ア 本仕様書…, 一 乙は…: one katakana letter or kanji numeral, then a space or a stop.
  if (is_katakana_letter(c0) || is_kanji_digit(c0)) {
    const char32_t next = after(1);
    return s.size() > 2 && (is_space(next) || next == U'.' || next == U'．' ||
                            (is_kanji_digit(c0) && next == U'、'));
  }
  return false;
}

void append_wrapped(std::string& text, std::string_view next_line) {
  const std::u32string next = decode(next_line);
  const std::u32string_view n = trim32(next);
  if (n.empty()) {
    return;
  }
  std::string trimmed_next = trimmed(next_line);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) {
    text.pop_back();
  }
  if (text.empty()) {
    text = std::move(trimmed_next);
    return;
  }
  const std::u32string tail = decode(text.substr(text.size() >= 8 ? text.size() - 8 : 0));
  const char32_t last = tail.empty() ? U' ' : tail.back();
  const char32_t before_last = tail.size() >= 2 ? tail[tail.size() - 2] : U' ';
  const char32_t first = n.front();
  if (last == U'-' && is_latin_letter(before_last) && is_latin_letter(first)) {
    text.pop_back();  // "secu-" + "rity"
  } else if ((is_latin_word_char(last) || last == U',' || last == U'.' || last == U';' ||
              last == U':') &&
             is_latin_word_char(first)) {
    text += ' ';
  }
  text += trimmed_next;
}

Layout lay_out(const std::vector<Page>& pages) {
  Layout out;
  const std::vector<std::vector<bool>> side = set_apart(pages, out.headers);
  const Geometry g = measure(pages, side);
  struct BodyLine {
    const Line* line;
    size_t page;
  };
  std::vector<BodyLine> body;
  for (size_t p = 0; p < pages.size(); ++p) {
    for (size_t l = 0; l < pages[p].lines.size(); ++l) {
      if (!side[p][l] && !trimmed(pages[p].lines[l].text).empty()) {
        body.push_back({&pages[p].lines[l], p});
      }
    }
  }
  auto em_of = [&](const Line& line) { return std::max(1.0, std::min(g.em, line.height())); };
  // The right edge line i was set to: the text's, or that of a narrower block around it (a
  // quotation, an indented note) whose edge two of the lines near it reach.
  auto edge_of = [&](size_t i) {
    if (body[i].line->column_right > 0) {
      return body[i].line->column_right;  // the left column of two ends at the gutter
    }
    const size_t from = i >= 2 ? i - 2 : 0;
    const size_t to = std::min(body.size(), i + 3);
    double local = 0;
    for (size_t j = from; j < to; ++j) {
      if (body[j].page == body[i].page) {
        local = std::max(local, body[j].line->x1);
      }
    }
    int reach = 0;
    for (size_t j = from; j < to; ++j) {
      reach +=
          body[j].page == body[i].page && body[j].line->x1 >= local - k_edge_slack * g.em ? 1 : 0;
    }
    const bool narrow_block =
        reach >= 2 && local < g.right && local >= g.left + k_narrow_share * (g.right - g.left);
    return narrow_block ? local : g.right;
  };
  // True when line i ends where it does because the first word of the next line did not fit after
  // it: the sentence goes on. A Japanese line is full when one more character would not fit.
  auto wrapped = [&](size_t i) {
    const Line& a = *body[i].line;
    const Line& b = *body[i + 1].line;
    const double em = em_of(a);
    const double edge = edge_of(i);
    if (a.x1 >= edge - k_edge_slack * em) {
      return true;
    }
    const std::u32string next = decode(trimmed(b.text));
    if (next.empty()) {
      return false;
    }
    double word = em;  // one Japanese character
    double space = 0;
    if (next[0] < k_first_wide) {
      const size_t n =
          run_length(next, [](char32_t c) { return c < k_first_wide && !is_space(c); });
      word = static_cast<double>(n) * (b.x1 - b.x0) / static_cast<double>(next.size());
      space = k_space_gap * em;
    }
    return a.x1 + space + word > edge + k_edge_slack * em;
  };
  core::Block current;
  int lines_in_block = 0;
  auto flush = [&] {
    if (lines_in_block > 0 && !str::trim(current.text).empty()) {
      current.paragraph = static_cast<int>(out.blocks.size());
      out.blocks.push_back(std::move(current));
    }
    current = core::Block{};
    lines_in_block = 0;
  };
  for (size_t i = 0; i < body.size(); ++i) {
    const Line& line = *body[i].line;
    bool new_block = i == 0 || starts_block(line.text);
    if (!new_block) {
      const Line& prev = *body[i - 1].line;
      const double em = em_of(prev);
      // A sentence that ends at the very end of a line, then a line that is not one (「別紙」, a
      // title): the paragraph had ended.
      const bool last_line = i + 1 == body.size() || !wrapped(i);
      new_block =
          !wrapped(i - 1) || (ends_sentence(prev.text) && last_line && !ends_sentence(line.text));
      // A sentence goes on from the foot of the left column to the head of the right one.
      if (!new_block && body[i - 1].page == body[i].page && line.column == prev.column) {
        new_block = line.y0 - prev.y0 > k_paragraph_gap * g.pitch ||
                    line.y0 < prev.y0 ||  // another column or a text box
                    (lines_in_block > 1 && line.x0 > prev.x0 + k_indent * em);
      }
    }
    if (new_block) {
      flush();
      current.text = trimmed(line.text);
    } else {
      append_wrapped(current.text, line.text);
    }
    ++lines_in_block;
  }
  flush();
  return out;
}

}  // namespace keiyaku::pdf
