#include "outline.hpp"

#include <base/strings.hpp>
#include <base/utf8.hpp>
#include <text/normalize.hpp>

#include <algorithm>

namespace keiyaku::profile {

namespace {

// A line at least this long (in characters) that does not end a sentence was broken by the PDF
// layout and continues on the next line (the same threshold text::normalize uses).
constexpr size_t k_wrapped_line = 32;
// A label line whose text is shorter than this and ends no sentence is a title: 「(8) 業務委託と
// 外部サービスの利用」.
constexpr size_t k_title_max = 32;

bool is_katakana_letter(char32_t c) { return c >= 0x30A1 && c <= 0x30FA; }
bool is_space(char32_t c) { return c == ' ' || c == '\t' || c == 0x3000 || c == 0xA0; }
bool is_digit(char c) { return c >= '0' && c <= '9'; }

std::u32string decode(std::string_view s) {
  std::u32string out;
  for (size_t i = 0; i < s.size();) {
    out.push_back(str::next_cp(s, i));
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

char32_t cp_at(std::string_view s, size_t at, size_t& next) {
  next = at;
  if (at >= s.size()) {
    return 0;
  }
  return str::next_cp(s, next);
}

char32_t last_cp(std::string_view s) {
  if (s.empty()) {
    return 0;
  }
  size_t i = s.size() - 1;
  while (i > 0 && utf8::is_continuation(s[i])) {
    --i;
  }
  size_t j = i;
  return str::next_cp(s, j);
}

size_t skip_spaces(std::string_view s, size_t i) {
  while (i < s.size()) {
    size_t next = i;
    const char32_t c = str::next_cp(s, next);
    if (!is_space(c)) {
      break;
    }
    i = next;
  }
  return i;
}

std::string trim_all(std::string_view s) {
  const size_t b = skip_spaces(s, 0);
  std::string_view t = s.substr(b);
  while (!t.empty()) {
    const char32_t c = last_cp(t);
    if (!is_space(c)) {
      break;
    }
    t.remove_suffix(str::to_utf8(c).size());
  }
  return std::string(t);
}

int read_number(std::string_view s, size_t& i) {
  int n = 0;
  size_t start = i;
  while (i < s.size() && is_digit(s[i]) && i - start < 4) {
    n = n * 10 + (s[i] - '0');
    ++i;
  }
  return i == start ? -1 : n;
}

bool ends_sentence(std::string_view line) {
  const char32_t c = last_cp(line);
  return c == U'。' || c == U'．' || c == ':' || c == U'：';
}

// Markdown headings and list markers, and the ○ or ■ some PDFs put before a title.
std::string strip_markers(std::string line) {
  for (int round = 0; round < 4; ++round) {
    size_t i = skip_spaces(line, 0);
    std::string_view s = std::string_view(line).substr(i);
    size_t n = 0;
    if (!s.empty() && s[0] == '#') {
      while (n < s.size() && s[n] == '#') {
        ++n;
      }
    } else if (s.size() >= 2 && (s[0] == '-' || s[0] == '*' || s[0] == '+' || s[0] == '>') &&
               (s[1] == ' ' || s[0] == '>')) {
      n = 1;
    } else {
      for (std::string_view m : {"○", "◯", "●", "■", "□", "◆", "◇", "◎", "・ "}) {
        if (str::starts_with(s, m)) {
          n = m.size();
          break;
        }
      }
    }
    if (n == 0) {
      return trim_all(line);
    }
    line = std::string(s.substr(n));
  }
  return trim_all(line);
}

bool is_toc_line(std::string_view line) {
  const bool leader = str::contains(line, "....") || str::contains(line, "……") || str::contains(line, "・・・");
  return leader && !line.empty() && is_digit(line.back());
}

bool is_page_number(std::string_view line) {
  int digits = 0;
  for (char c : line) {
    if (is_digit(c)) {
      ++digits;
    } else if (c != ' ' && c != '-' && c != '/' && c != '\t') {
      return false;
    }
  }
  return digits > 0 && digits <= 4;
}

// 「(目的)」 above an article: a parenthesised caption with no number in it.
bool is_caption(std::string_view line, std::string& inner) {
  if (line.size() < 3 || line.front() != '(' || line.back() != ')') {
    return false;
  }
  std::string_view in = line.substr(1, line.size() - 2);
  if (in.find('(') != std::string_view::npos || in.find(')') != std::string_view::npos ||
      std::any_of(in.begin(), in.end(), [](char c) { return is_digit(c); }) || str::cp_count(in) > 20) {
    return false;
  }
  inner = std::string(in);
  return true;
}

bool is_kanji_digit(char32_t c) {
  return std::u32string_view(U"一二三四五六七八九十").find(c) != std::u32string_view::npos;
}

Label make_label(LabelKind kind, std::string text, int value, int depth = 1) {
  Label l;
  l.kind = kind;
  l.text = std::move(text);
  l.value = value;
  l.depth = depth;
  return l;
}

bool same_level(const Label& a, const Label& b) {
  if (a.kind != b.kind) {
    // A 項 and a bare section number are one level of the same outline.
    const auto bare = [](LabelKind k) { return k == LabelKind::section || k == LabelKind::paragraph; };
    return bare(a.kind) && bare(b.kind);
  }
  return a.kind != LabelKind::decimal || a.depth == b.depth;
}

// Normalises a line; a label standing before a space is folded on its own, so that the space
// after it survives (fold joins 「第6条 第3条に」 as if it were spaced-out letters).
std::string normalize_line(std::string_view raw) {
  const std::string line = strip_markers(std::string(raw));
  for (size_t i = 0; i < line.size();) {
    size_t next = i;
    if (is_space(str::next_cp(line, next))) {
      const std::string head = text::fold(std::string_view(line).substr(0, i));
      Label label;
      if (parse_label(head + " x", true, label) == head.size() + 1) {
        return strip_markers(head + " " + text::fold(std::string_view(line).substr(next)));
      }
      break;
    }
    i = next;
  }
  return strip_markers(text::fold(line));
}

}  // namespace

size_t parse_label(std::string_view line, bool in_article, Label& out) {
  size_t next = 0;
  const char32_t first = cp_at(line, 0, next);
  auto finish = [&](size_t end, bool need_space) -> size_t {
    if (need_space && end < line.size()) {
      size_t n = end;
      if (!is_space(str::next_cp(line, n))) {
        return 0;
      }
    }
    return skip_spaces(line, end);
  };
  if (first == U'第') {
    size_t i = next;
    const int n = read_number(line, i);
    if (n < 0) {
      return 0;
    }
    size_t after = i;
    const char32_t unit = cp_at(line, i, after);
    if (unit == U'章' || unit == U'節' || unit == U'編' || unit == U'款') {
      out = make_label(LabelKind::chapter, std::string(line.substr(0, after)), n, 1);
      return finish(after, true);
    }
    if (unit != U'条') {
      // 「第6 情報セキュリティ対策」: a numbered part without 条.
      if (i < line.size() && (line[i] == ' ' || line[i] == '\t')) {
        out = make_label(LabelKind::dai, std::string(line.substr(0, i)), n, 1);
        return finish(i, true);
      }
      return 0;
    }
    size_t end = after;
    while (str::starts_with(line.substr(end), "の")) {
      size_t j = end + std::string_view("の").size();
      if (read_number(line, j) < 0) {
        break;
      }
      end = j;
    }
    out = make_label(LabelKind::article, std::string(line.substr(0, end)), n, 1);
    // 「第6条(業務委託) 委託する場合…」: the caption on the article's own line.
    if (end < line.size() && line[end] == '(') {
      const size_t close = line.find(')', end);
      if (close != std::string_view::npos && str::cp_count(line.substr(end + 1, close - end - 1)) <= 20) {
        out.caption = std::string(line.substr(end + 1, close - end - 1));
        return skip_spaces(line, close + 1);
      }
    }
    return finish(end, true);
  }
  if (str::starts_with(line, "附則")) {
    const size_t end = std::string_view("附則").size();
    if (trim_all(line.substr(end)).empty()) {
      out = make_label(LabelKind::supplement, "附則", 0, 1);
      return line.size();
    }
    return 0;
  }
  if (first == '(') {
    size_t i = 1;
    const int n = read_number(line, i);
    if (n >= 0 && i < line.size() && line[i] == ')') {
      out = make_label(LabelKind::paren_number, "(" + std::to_string(n) + ")", n, 1);
      return finish(i + 1, false);
    }
    size_t j = 1;
    const char32_t c = cp_at(line, 1, j);
    if (j < line.size() && line[j] == ')') {
      if (is_katakana_letter(c)) {
        out = make_label(LabelKind::paren_katakana, std::string(line.substr(0, j + 1)), 0, 1);
        return finish(j + 1, false);
      }
      if (is_kanji_digit(c)) {
        out = make_label(LabelKind::paren_kanji, std::string(line.substr(0, j + 1)),
                         text::parse_japanese_number(line.substr(1, j - 1)));
        return finish(j + 1, false);
      }
      if (c >= 'a' && c <= 'z') {
        out = make_label(LabelKind::paren_alpha, std::string(line.substr(0, j + 1)), static_cast<int>(c - 'a' + 1), 1);
        return finish(j + 1, false);
      }
    }
    return 0;
  }
  if (first >= 0x2460 && first <= 0x2473) {  // ① … ⑳
    out = make_label(LabelKind::circled, std::string(line.substr(0, next)), static_cast<int>(first - 0x2460 + 1), 1);
    return finish(next, false);
  }
  if (is_digit(line[0])) {
    size_t i = 0;
    const int n = read_number(line, i);
    if (i < line.size() && is_digit(line[i])) {
      return 0;  // a year or an amount
    }
    if (i + 1 < line.size() && line[i] == '.' && is_digit(line[i + 1])) {
      std::string text = std::to_string(n);
      int depth = 1;
      while (i + 1 < line.size() && line[i] == '.' && is_digit(line[i + 1])) {
        ++i;
        text += "." + std::to_string(read_number(line, i));
        ++depth;
      }
      if (i < line.size() && line[i] == '.') {
        ++i;
      }
      out = make_label(LabelKind::decimal, text, n, depth);
      return finish(i, false);
    }
    const LabelKind bare = in_article ? LabelKind::paragraph : LabelKind::section;
    if (i < line.size() && line[i] == '.') {
      out = make_label(bare, std::to_string(n), n, 1);
      return finish(i + 1, false);
    }
    if (i < line.size() && line[i] == ')') {
      out = make_label(LabelKind::half_paren, std::to_string(n) + ")", n, 1);
      return finish(i + 1, false);
    }
    if (i < line.size() && line[i] == ' ') {
      out = make_label(bare, std::to_string(n), n, 1);
      return finish(i, true);
    }
    return 0;
  }
  if (is_katakana_letter(first)) {
    size_t after = next;
    if (next < line.size() && (line[next] == '.' || line[next] == ')' || str::starts_with(line.substr(next), "、"))) {
      after = next + (line[next] == '.' || line[next] == ')' ? 1 : std::string_view("、").size());
    } else if (next >= line.size() || !is_space(cp_at(line, next, after))) {
      return 0;
    }
    out = make_label(LabelKind::katakana, std::string(line.substr(0, next)), 0, 1);
    return finish(after, false);
  }
  if (is_kanji_digit(first)) {
    size_t end = next;
    int count = 1;
    size_t after = end;
    while (count < 3 && is_kanji_digit(cp_at(line, end, after))) {
      end = after;
      ++count;
    }
    size_t sp = end;
    if (end >= line.size() || !is_space(cp_at(line, end, sp))) {
      return 0;
    }
    const int n = text::parse_japanese_number(line.substr(0, end));
    if (n <= 0) {
      return 0;
    }
    out = make_label(LabelKind::kanji_item, std::string(line.substr(0, end)), n, 1);
    return finish(end, true);
  }
  if (first >= 'a' && first <= 'z' && line.size() > 2 && (line[1] == '.' || line[1] == ')') && line[2] == ' ') {
    out = make_label(LabelKind::alpha, std::string(line.substr(0, 2)), static_cast<int>(first - 'a' + 1), 1);
    return finish(2, false);
  }
  return 0;
}

std::string reference(const std::vector<Label>& path) {
  struct Part {
    LabelKind kind;
    std::string text;
  };
  std::vector<Part> parts;
  bool in_article = false;
  for (const Label& l : path) {
    switch (l.kind) {
      case LabelKind::chapter:
      case LabelKind::supplement:
        if (path.size() == 1) {
          parts.push_back({l.kind, l.text});
        }
        break;
      case LabelKind::article:
        in_article = true;
        parts.push_back({l.kind, l.text});
        break;
      case LabelKind::section:
        // 第2 + 1 → 第2の1, as 要綱 and 仕様書 cite their parts.
        parts.push_back({l.kind, (!parts.empty() && parts.back().kind == LabelKind::dai ? "の" : "") +
                                     std::to_string(l.value)});
        break;
      case LabelKind::decimal:
        while (!parts.empty() &&
               (parts.back().kind == LabelKind::section || parts.back().kind == LabelKind::decimal)) {
          parts.pop_back();
        }
        parts.push_back({l.kind, l.text});
        break;
      case LabelKind::paragraph: parts.push_back({l.kind, "第" + std::to_string(l.value) + "項"}); break;
      case LabelKind::kanji_item:
        parts.push_back({l.kind, in_article ? "第" + std::to_string(l.value) + "号" : l.text});
        break;
      default: parts.push_back({l.kind, l.text}); break;
    }
  }
  std::string ref;
  for (const Part& p : parts) {
    ref += p.text;
  }
  return ref;
}

std::vector<std::string> sentences(std::string_view paragraph) {
  std::vector<std::string> out;
  int depth = 0;
  size_t start = 0;
  for (size_t i = 0; i < paragraph.size();) {
    const char32_t c = str::next_cp(paragraph, i);
    if (c == '(' || c == U'（' || c == U'「' || c == U'『') {
      ++depth;
    } else if ((c == ')' || c == U'）' || c == U'」' || c == U'』') && depth > 0) {
      --depth;
    } else if (c == U'。' && depth == 0) {
      std::string s = trim_all(paragraph.substr(start, i - start));
      if (!s.empty()) {
        out.push_back(std::move(s));
      }
      start = i;
    }
  }
  std::string rest = trim_all(paragraph.substr(start));
  if (!rest.empty()) {
    out.push_back(std::move(rest));
  }
  return out;
}

std::string repair_duplicates(std::string_view text) {
  static const std::u32string k_short[] = {U"こと", U"する", U"もの", U"ものと"};
  std::u32string s = decode(text);
  for (size_t i = 0; i < s.size(); ++i) {
    bool changed = true;
    while (changed) {
      changed = false;
      const size_t max_len = std::min<size_t>(12, (s.size() - i) / 2);
      for (size_t len = max_len; len >= 2; --len) {
        const std::u32string_view unit(s.data() + i, len);
        if (unit != std::u32string_view(s.data() + i + len, len)) {
          continue;
        }
        const bool one_char = std::all_of(unit.begin(), unit.end(), [&](char32_t c) { return c == unit[0]; });
        const bool numeric = std::all_of(unit.begin(), unit.end(), [](char32_t c) { return c < 0x80; });
        const bool listed = std::find(std::begin(k_short), std::end(k_short), unit) != std::end(k_short);
        if ((len >= 4 && !one_char && !numeric) || listed) {
          s.erase(i + len, len);
          changed = true;
          break;
        }
      }
    }
  }
  return encode(s);
}

Outline parse_outline(std::string_view input) {
  Outline o;
  std::vector<Label> stack;
  std::vector<int> stack_prov;  // provision index of each stack entry
  int current = -1;
  std::string pending_caption;
  bool open = false;       // the last paragraph may continue on the next line
  std::string last_line;   // the last physical line added to it
  auto paragraphs = [&]() -> std::vector<std::string>& {
    return current < 0 ? o.front : o.units[static_cast<size_t>(current)].paragraphs;
  };
  int line_no = 0;
  for (std::string_view raw : str::split(input, '\n')) {
    ++line_no;
    if (!raw.empty() && raw.back() == '\r') {
      raw.remove_suffix(1);
    }
    const std::string line = normalize_line(raw);
    if (line.empty() || is_toc_line(line) || is_page_number(line)) {
      continue;
    }
    const bool in_article = std::any_of(stack.begin(), stack.end(),
                                        [](const Label& l) { return l.kind == LabelKind::article; });
    Label label;
    const size_t taken = parse_label(line, in_article, label);
    if (taken == 0 && open && str::cp_count(last_line) >= k_wrapped_line && !ends_sentence(last_line)) {
      std::string& para = paragraphs().back();
      std::string_view add = line;
      size_t next = 0;
      const char32_t first = cp_at(add, 0, next);
      if (is_katakana_letter(first) && last_cp(para) == first) {
        add.remove_prefix(next);  // 「サ\nサービス」: a character repeated across the break
      }
      para += add;
      last_line = line;
      continue;
    }
    if (taken > 0) {
      if (label.kind == LabelKind::chapter || label.kind == LabelKind::supplement) {
        stack.clear();
        stack_prov.clear();
      } else {
        for (size_t i = 0; i < stack.size(); ++i) {
          if (same_level(stack[i], label)) {
            stack.resize(i);
            stack_prov.resize(i);
            break;
          }
        }
      }
      Unit p;
      p.parent = stack_prov.empty() ? -1 : stack_prov.back();
      stack.push_back(label);
      p.path = stack;
      p.ref = reference(stack);
      p.line = line_no;
      p.heading = !label.caption.empty() ? label.caption : std::move(pending_caption);
      pending_caption.clear();
      const std::string rest = trim_all(std::string_view(line).substr(taken));
      open = false;
      if (!rest.empty()) {
        if (!ends_sentence(rest) && str::cp_count(rest) < k_title_max && p.heading.empty()) {
          p.heading = rest;
        } else {
          p.paragraphs.push_back(rest);
          p.paragraph_lines.push_back(line_no);
          open = true;
          last_line = rest;
        }
      }
      o.units.push_back(std::move(p));
      current = static_cast<int>(o.units.size()) - 1;
      stack_prov.push_back(current);
      continue;
    }
    std::string caption;
    if (is_caption(line, caption)) {
      pending_caption = caption;
      open = false;
      continue;
    }
    paragraphs().push_back(line);
    if (current >= 0) {
      o.units[static_cast<size_t>(current)].paragraph_lines.push_back(line_no);
    }
    open = true;
    last_line = line;
  }
  // Folded again: a word whole again after a join may be a variant (ソーシャルメディサービス).
  for (std::string& f : o.front) {
    f = repair_duplicates(text::fold(f));
  }
  for (Unit& p : o.units) {
    for (std::string& para : p.paragraphs) {
      para = repair_duplicates(text::fold(para));
    }
  }
  return o;
}

}  // namespace keiyaku::profile
