#include "structure.hpp"

#include <base/kanji.hpp>
#include <base/strings.hpp>
#include <base/utf8.hpp>
#include <base/word_table.hpp>

#include <algorithm>
#include <array>

namespace keiyaku::embedded {
std::string_view structure_tsv();
}

namespace keiyaku::segment {

namespace {

const WordTable& words() {
  static const WordTable t("dictionaries/structure.tsv", embedded::structure_tsv());
  return t;
}

// The lists of dictionaries/structure.tsv that every block is checked against, looked up once.
struct Layout {
  const std::vector<std::string>& special_terms = words().list("special_terms");
  const std::vector<std::string>& document_title = words().list("document_title");
  const std::vector<std::string>& topic_mark = words().list("topic_mark");
  const std::vector<std::string>& bullet = words().list("bullet");
  std::vector<std::pair<std::string, std::string>> heading_bracket;  // open, close
  Layout() {
    for (const std::string& pair : words().list("heading_bracket")) {
      const std::vector<std::string_view> oc = str::split(pair, ' ');
      if (oc.size() == 2) {
        heading_bracket.emplace_back(oc[0], oc[1]);
      }
    }
  }
};

const Layout& layout() {
  static const Layout l;
  return l;
}

constexpr std::array<std::string_view, 20> k_katakana_items = {
    "ア", "イ", "ウ", "エ", "オ", "カ", "キ", "ク", "ケ", "コ",
    "サ", "シ", "ス", "セ", "ソ", "タ", "チ", "ツ", "テ", "ト"};
constexpr std::array<std::string_view, 20> k_circled = {"①", "②", "③", "④", "⑤", "⑥", "⑦",
                                                       "⑧", "⑨", "⑩", "⑪", "⑫", "⑬", "⑭",
                                                       "⑮", "⑯", "⑰", "⑱", "⑲", "⑳"};

size_t skip_spaces(std::string_view s, size_t i) {
  while (i < s.size()) {
    if (s[i] == ' ' || s[i] == '\t') {
      ++i;
    } else if (s.substr(i, 3) == "\xE3\x80\x80") {  // U+3000
      i += 3;
    } else {
      break;
    }
  }
  return i;
}

bool at_space_or_end(std::string_view s, size_t i) {
  return i >= s.size() || s[i] == ' ' || s[i] == '\t' || s.substr(i, 3) == "\xE3\x80\x80";
}

struct Marker {
  enum Kind { none, article, paragraph, item, subitem, section, heading, kanji_item } kind = none;
  int number = 0;
  int sub_number = 0;       // 第N条のM
  std::string sub;          // ア, ①
  std::string title;        // (見出し) or section/item title
  size_t consumed = 0;      // bytes of the marker (and its title) at the start of the text
  bool dai = false;         // a 仕様書 section written 「第1 総則」 (its parts are then 1, (1), ア)
  bool bare = false;        // an article written 「第2」 without 条 (特記事項)
  char separator = 0;       // a 仕様書 item written 「6-4」 or 「7.1」 (item 4 of section 6): the mark
};

// How parse_marker reads 「第N」 without 条: as a 仕様書 section (総則) or, in special terms, an article.
enum class BareDai { section, article };

// (text) at s[i]: returns the inner text and the position after ')'.
bool paren_group(std::string_view s, size_t i, std::string& inner, size_t& after) {
  if (i >= s.size() || s[i] != '(') {
    return false;
  }
  const size_t close = s.find(')', i + 1);
  if (close == std::string_view::npos || close - i > 90) {
    return false;
  }
  inner = std::string(s.substr(i + 1, close - i - 1));
  after = close + 1;
  return true;
}

bool is_number_text(std::string_view s) {
  size_t len = 0;
  return leading_number(s, len) >= 0 && len == s.size();
}

Marker parse_marker(std::string_view s, bool in_spec, bool in_article = false,
                    BareDai bare_dai = BareDai::section) {
  Marker m;
  size_t len = 0;
  // 第N条(の M)(見出し)
  if (str::starts_with(s, "第")) {
    const int n = leading_number(s.substr(3), len);
    if (n >= 0) {
      size_t i = 3 + len;
      if (s.substr(i, 3) == "条") {
        m.kind = Marker::article;
        m.number = n;
        i += 3;
        if (s.substr(i, 3) == "の") {
          size_t l2 = 0;
          const int k = leading_number(s.substr(i + 3), l2);
          if (k >= 0) {
            m.sub_number = k;
            i += 3 + l2;
          }
        }
        // 「第2条の規定にかかわらず、…」「第3条に定める…」: a reference in running text, not an article.
        if (i < s.size()) {
          size_t k = i;
          const char32_t next = str::next_cp(s, k);
          if (next >= 0x3041 && next <= 0x309F) {
            return Marker{};
          }
        }
        i = skip_spaces(s, i);
        std::string inner;
        size_t after = 0;
        if (paren_group(s, i, inner, after) && !is_number_text(inner)) {
          m.title = inner;
          i = after;
        } else if (i < s.size()) {
          // 「第8条　秘密の保持」 over its paragraphs: a title written without brackets.
          const std::string_view rest = str::trim(s.substr(i));
          if (!rest.empty() && !str::contains(rest, "。") && !str::contains(rest, "、") && str::cp_count(rest) <= 20) {
            m.title = std::string(rest);
            i = s.size();
          }
        }
        m.consumed = skip_spaces(s, i);
        return m;
      }
      // 特記事項 「第2 乙は、…。」「第3(再委託の禁止)」: an article without 条. A title alone
      // (「第4 秘密の保持」) stays a section: its parts may be numbered as a 仕様書's are (1, (1)).
      if (bare_dai == BareDai::article && (at_space_or_end(s, i) || s.substr(i, 1) == "(")) {
        const size_t j = skip_spaces(s, i);
        std::string inner;
        size_t after = 0;
        const bool titled = paren_group(s, j, inner, after) && !is_number_text(inner);
        if (titled || (j < s.size() && str::contains(s.substr(j), "。"))) {
          m.kind = Marker::article;
          m.number = n;
          m.bare = true;
          m.title = titled ? inner : std::string();
          m.consumed = titled ? skip_spaces(s, after) : j;
          return m;
        }
      }
      // 仕様書 「第1 総則」
      if (at_space_or_end(s, i) && !str::contains(s, "。")) {
        m.kind = Marker::section;
        m.number = n;
        m.dai = true;
        i = skip_spaces(s, i);
        m.title = std::string(s.substr(i));
        m.consumed = s.size();
        return m;
      }
    }
  }
  // (見出し) alone
  {
    std::string inner;
    size_t after = 0;
    if (paren_group(s, 0, inner, after)) {
      if (is_number_text(inner)) {
        m.kind = Marker::item;
        m.number = leading_number(inner, len);
        size_t i = skip_spaces(s, after);
        m.consumed = i;
        const std::string_view rest = s.substr(i);
        if (!rest.empty() && !str::contains(rest, "。") && str::cp_count(rest) <= 30) {
          m.title = std::string(rest);
        }
        return m;
      }
      if (skip_spaces(s, after) >= s.size() && str::cp_count(inner) <= 30) {
        m.kind = Marker::heading;
        m.title = inner;
        m.consumed = s.size();
        return m;
      }
    }
  }
  // 【見出し】 alone
  for (const auto& [open, close] : layout().heading_bracket) {
    if (str::starts_with(s, open) && str::ends_with(s, close) && s.size() > open.size() + close.size()) {
      const std::string_view inner = s.substr(open.size(), s.size() - open.size() - close.size());
      if (str::cp_count(inner) <= 30 && !str::contains(inner, close) && !str::contains(inner, "。")) {
        m.kind = Marker::heading;
        m.title = std::string(inner);
        m.consumed = s.size();
        return m;
      }
    }
  }
  // N. title (仕様書 section) / N text (項)
  const int n = leading_number(s, len);
  if (n >= 0 && len > 0 && s[0] >= '0' && s[0] <= '9') {
    size_t i = len;
    // 「6-4 受託者は、…」「7.1 受託者は、…」: item 4 of section 6 (仕様書 numbered by section and item).
    if (i + 1 < s.size() && (s[i] == '-' || s[i] == '.') && s[i + 1] >= '0' && s[i + 1] <= '9' && len <= 2) {
      size_t l2 = 0;
      const int k = leading_number(s.substr(i + 1), l2);
      const size_t after = i + 1 + l2;
      if (k > 0 && l2 <= 2 && at_space_or_end(s, after) && after < s.size()) {
        m.kind = Marker::item;
        m.number = k;
        m.sub_number = n;
        m.separator = s[i];
        m.consumed = skip_spaces(s, after);
        return m;
      }
    }
    if (i < s.size() && s[i] == '.' && (i + 1 >= s.size() || !(s[i + 1] >= '0' && s[i + 1] <= '9'))) {
      ++i;
      i = skip_spaces(s, i);
      const std::string_view rest = s.substr(i);
      // 「第5条（秘密保持）」 then 「1. 当社は、…。」: a paragraph of the article (利用規約 number them so).
      if (in_article && !in_spec && str::contains(rest, "。")) {
        m.kind = Marker::paragraph;
        m.number = n;
        m.consumed = i;
        return m;
      }
      // Outside any article, 「1. 乙は、…すること。」 numbers a provision of its own (特記事項 and 遵守事項
      // laid out as a numbered list), as a 仕様書 section does.
      if (!str::contains(rest, "。") || in_spec || !in_article) {
        m.kind = Marker::section;
        m.number = n;
        m.title = str::contains(rest, "。") ? std::string() : std::string(rest);
        m.consumed = m.title.empty() ? i : s.size();
        return m;
      }
    }
    if (at_space_or_end(s, i) && i < s.size()) {
      m.kind = Marker::paragraph;
      m.number = n;
      m.consumed = skip_spaces(s, i);
      return m;
    }
  }
  // 一 text (号)
  if (n >= 0 && len > 0 && !(s[0] >= '0' && s[0] <= '9') && at_space_or_end(s, len) && len < s.size()) {
    m.kind = Marker::kanji_item;
    m.number = n;
    m.consumed = skip_spaces(s, len);
    return m;
  }
  // ア text, ① text
  for (std::string_view k : k_katakana_items) {
    if (str::starts_with(s, k) && (at_space_or_end(s, k.size()) || s.substr(k.size(), 1) == ")")) {
      m.kind = Marker::subitem;
      m.sub = std::string(k);
      size_t i = k.size();
      if (i < s.size() && s[i] == ')') {
        ++i;
      }
      m.consumed = skip_spaces(s, i);
      return m;
    }
  }
  if (s.size() > 3 && s[0] == '(') {
    for (std::string_view k : k_katakana_items) {
      if (s.substr(1, k.size()) == k && s.substr(1 + k.size(), 1) == ")") {
        m.kind = Marker::subitem;
        m.sub = "(" + std::string(k) + ")";
        m.consumed = skip_spaces(s, 2 + k.size());
        return m;
      }
    }
  }
  for (std::string_view k : k_circled) {
    if (str::starts_with(s, k)) {
      m.kind = Marker::subitem;
      m.sub = std::string(k);
      m.consumed = skip_spaces(s, k.size());
      return m;
    }
  }
  return m;
}

bool is_annex_title(std::string_view s) {
  if (str::contains(s, "。") || str::cp_count(s) > 40 || str::starts_with(s, "(")) {
    return false;
  }
  return str::contains(s, "特記事項") || str::contains(s, "遵守事項") ||
         str::starts_with(s, "別記") || str::starts_with(s, "別紙") || str::starts_with(s, "別表") ||
         str::starts_with(s, "別添") ||
         str::starts_with(s, "付則") || str::starts_with(s, "附則");
}

bool is_special_terms(std::string_view title) {
  for (const std::string& w : layout().special_terms) {
    if (str::contains(title, w)) {
      return true;
    }
  }
  return false;
}

bool cites_annex(std::string_view annex) { return is_special_terms(annex); }

// A line that titles a document of its own: short, no sentence, ending in a document's name
// (プライバシーポリシー, 業務仕様書, 個人情報取扱特記事項).
bool is_document_title(std::string_view s) {
  if (str::contains(s, "。") || str::contains(s, "、") || str::cp_count(s) > 40 || str::starts_with(s, "(")) {
    return false;
  }
  for (const std::string& w : layout().document_title) {
    if (str::ends_with(s, w)) {
      return true;
    }
  }
  return false;
}

// A clock (10:00) or an address (https://) is no topic.
bool is_ascii_digit_or_slash(std::string_view s, size_t i) {
  return i < s.size() && ((s[i] >= '0' && s[i] <= '9') || s[i] == '/');
}

// 「再委託:不可。ただし…」: the length of the topic before the mark and of the mark, or 0 when the
// text does not start with a short topic.
size_t topic_length(std::string_view s, size_t& mark_length) {
  for (const std::string& mark : layout().topic_mark) {
    const size_t at = s.find(mark);
    if (at == std::string_view::npos || at == 0) {
      continue;
    }
    const std::string_view topic = str::trim(s.substr(0, at));
    if (!topic.empty() && str::cp_count(topic) <= 15 && !str::contains(topic, "、") &&
        !str::contains(topic, "。") && !str::contains(topic, " ") &&
        !str::trim(s.substr(at + mark.size())).empty() && !is_ascii_digit_or_slash(s, at + mark.size()) &&
        !is_ascii_digit_or_slash(s, at - 1)) {
      mark_length = mark.size();
      return at;
    }
  }
  return 0;
}

// 「・第三者に提供しないこと。」: an unnumbered item of a list, marked by a bullet character.
bool starts_with_bullet(std::string_view s) {
  const std::vector<std::string>& bullets = layout().bullet;
  return std::any_of(bullets.begin(), bullets.end(), [&](const std::string& b) { return str::starts_with(s, b); });
}

}  // namespace

int leading_number(std::string_view s, size_t& length) {
  length = 0;
  if (!s.empty() && s[0] >= '0' && s[0] <= '9') {
    int v = 0;
    size_t i = 0;
    while (i < s.size() && s[i] >= '0' && s[i] <= '9' && i < 6) {
      v = v * 10 + (s[i] - '0');
      ++i;
    }
    length = i;
    return v;
  }
  // Kanji: 十二, 二十一, 百二, 三〇; the run of numeral characters is read by the one parser of
  // kanji numerals.
  size_t i = 0;
  while (i < s.size()) {
    size_t next = i;
    const int v = str::kanji_numeral(str::next_cp(s, next));
    if (v < 0 || v >= 10000) {
      break;
    }
    i = next;
  }
  if (i == 0) {
    return -1;
  }
  const int64_t value = str::parse_kanji_number(s.substr(0, i));
  if (value < 0 || value > 999'999) {
    return -1;
  }
  length = i;
  return static_cast<int>(value);
}

std::vector<std::pair<uint32_t, uint32_t>> sentence_ranges(std::string_view text) {
  std::vector<std::pair<uint32_t, uint32_t>> out;
  int depth = 0;
  uint32_t start = 0;
  // 「 」 。 are E3 80 8C, E3 80 8D, E3 80 82: compare bytes, not strings (this runs over every byte).
  const auto punct = [&](size_t i) -> uint8_t {
    return i + 2 < text.size() && static_cast<uint8_t>(text[i]) == 0xE3 && static_cast<uint8_t>(text[i + 1]) == 0x80
               ? static_cast<uint8_t>(text[i + 2])
               : 0;
  };
  for (size_t i = 0; i < text.size();) {
    const auto lead = static_cast<unsigned char>(text[i]);
    const uint8_t p = punct(i);
    if (p == 0x8C || lead == '(') {
      ++depth;
    } else if ((p == 0x8D || lead == ')') && depth > 0) {
      --depth;
    }
    const size_t step = utf8::sequence_length(lead);
    if ((p == 0x82 && depth == 0) || lead == '\n') {
      const uint32_t end = static_cast<uint32_t>(i + step);
      if (end > start) {
        out.emplace_back(start, lead == '\n' ? static_cast<uint32_t>(i) : end);
      }
      start = end;
      depth = 0;
    }
    i += step;
  }
  if (start < text.size()) {
    out.emplace_back(start, static_cast<uint32_t>(text.size()));
  }
  // drop empty/blank ranges
  std::vector<std::pair<uint32_t, uint32_t>> kept;
  for (const auto& r : out) {
    if (!str::trim(text.substr(r.first, r.second - r.first)).empty()) {
      kept.push_back(r);
    }
  }
  return kept;
}

// Whether the next non-empty block after `b` starts with an item number 「(N)」 of its own, as the
// items of a list do (a title 「(1) 総則」 is followed by its body instead).
bool next_is_sibling_item(const core::Document& doc, const std::vector<NormBlock>& norm, size_t b, bool spec,
                          BareDai bare_dai) {
  for (size_t k = b + 1; k < doc.blocks.size() && k < norm.size(); ++k) {
    const std::string full = norm[k].label.empty() ? norm[k].text : norm[k].label + " " + norm[k].text;
    const std::string_view t = str::trim(full);
    if (t.empty()) {
      continue;
    }
    return parse_marker(t, spec, false, bare_dai).kind == Marker::item;
  }
  return false;
}

std::vector<core::Clause> split(const core::Document& doc, const std::vector<NormBlock>& norm) {
  std::vector<core::Clause> out;
  std::string annex;
  bool annex_pending = false;
  bool spec = false;          // 仕様書 numbering (1. / (1) / ア) seen
  int article = 0;
  int article_sub = 0;
  int para = 0;
  bool para_written = false;  // the article numbers its first paragraph 「1」: cite 第1項
  int item = 0;               // 号 in an article, (N) in a 仕様書 section
  int section = 0;
  int chapter = 0;            // 仕様書 「第N」: sections inside it are cited 第N の M
  std::string subitem;
  char separator = 0;         // the items of this section are written 「6-4」 (or 「7.1」): the mark
  bool numbered_lines = false;  // provisions written 「13　周知：…。」, a number and a sentence
  std::string pending_heading;
  std::string unit_heading;
  int unit = -1;
  int table_row_key = -1;     // (table << 16 | row) whose first cell set an item number
  bool list_item_before = false;  // the block before was a short item of a list 「(1) …」
  bool article_bare = false;  // the current article is written 「第N」 without 条
  // 「第N」 without 条 is an article in special terms (the document's title or the annex says so).
  BareDai bare_dai = BareDai::section;
  std::string loose_heading;  // an unnumbered heading over paragraphs cited by their position
  int loose_para = 0;
  int loose_item = 0;         // the bullet under that paragraph: (秘密の保持)第2段落第1号
  int bullets = 0;            // bullets read in a row under the current lead-in
  int loose_row_key = -1;     // the table row whose first cell is the heading of its other cells
  bool cited_title = false;   // `annex` is a document's title that its clauses are cited under
  bool numbered_seen = false; // a numbered provision (article, section) has been read
  int article_table = -1;     // the table whose rows number the articles (特記事項 laid out as a table)
  const std::string& position_word = words().list("paragraph_position").front();

  auto base_ref = [&]() {
    std::string r;
    if (cited_title || cites_annex(annex)) {
      r = annex;
    }
    if (article > 0) {
      r += "第" + std::to_string(article) + (article_bare ? "" : "条");
      if (article_sub > 0) {
        r += "の" + std::to_string(article_sub);
      }
    } else if (chapter > 0) {
      r += "第" + std::to_string(chapter);
      if (section > 0) {
        r += "の" + std::to_string(section);
      }
      if (item > 0) {
        r += "(" + std::to_string(item) + ")";
      }
    } else if (section > 0 && separator != 0 && item > 0) {
      r += std::to_string(section) + separator + std::to_string(item);
    } else if (section > 0) {
      r += std::to_string(section) + ".";
      if (item > 0) {
        r += "(" + std::to_string(item) + ")";
      }
    } else if (!loose_heading.empty()) {
      r += "(" + loose_heading + ")";
    }
    return r;
  };
  auto full_ref = [&]() {
    std::string r = base_ref();
    if (article > 0) {
      if (para >= 2 || (para == 1 && para_written)) {
        r += "第" + std::to_string(para) + "項";
      }
      if (item > 0 && article_bare) {  // 特記事項 第2(1), as their 仕様書-like numbering is cited
        r += "(" + std::to_string(item) + ")";
      } else if (item > 0) {
        r += "第" + std::to_string(item) + "号";
      }
    } else if (chapter == 0 && section == 0 && !loose_heading.empty() && loose_para > 0) {
      r += "第" + std::to_string(loose_para) + position_word;
      if (loose_item > 0) {
        r += "第" + std::to_string(loose_item) + "号";
      }
    }
    r += subitem;
    return r;
  };

  for (size_t b = 0; b < doc.blocks.size() && b < norm.size(); ++b) {
    const core::Block& block = doc.blocks[b];
    const NormBlock& nb = norm[b];
    std::string full = nb.label.empty() ? nb.text : nb.label + " " + nb.text;
    const size_t label_prefix = nb.label.empty() ? 0 : nb.label.size() + 1;
    const size_t lead = skip_spaces(full, 0);
    std::string_view s = std::string_view(full).substr(lead);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\n')) {
      s.remove_suffix(1);
    }
    if (s.empty()) {
      continue;
    }
    core::Clause c;
    c.paragraph = block.paragraph;
    c.original = block.text;
    bool new_unit = false;
    bool heading_only = false;

    const int row_key = block.in_table ? (block.table << 16) + block.row : -1;
    if (block.in_table && row_key != table_row_key && table_row_key >= 0) {
      table_row_key = -1;
    }
    if (article_table >= 0 && (!block.in_table || block.table != article_table)) {
      // The table that numbered the articles has ended: what follows is outside them.
      article = article_sub = para = item = 0;
      subitem.clear();
      article_table = -1;
    }
    if (loose_row_key >= 0 && row_key != loose_row_key) {
      loose_row_key = -1;  // the row whose first cell headed it has ended
      loose_heading.clear();
    }

    if (b == 0 && !str::contains(s, "。") && !block.in_table) {
      c.is_heading = true;  // the title
      bare_dai = is_special_terms(s) ? BareDai::article : BareDai::section;
    }
    const Marker::Kind lead_kind = parse_marker(s, spec, article > 0, bare_dai).kind;
    const bool numbered = lead_kind == Marker::article || lead_kind == Marker::section ||
                          lead_kind == Marker::item || lead_kind == Marker::paragraph;
    // A second document in the file (利用規約 then プライバシーポリシー): a title line after numbered
    // provisions starts it, cited under its title.
    const bool next_document = !block.in_table && !numbered && !c.is_heading && (numbered_seen || annex_pending) &&
                               is_document_title(s) && !is_annex_title(s);
    if (next_document) {
      annex = std::string(s);
      str::replace_all(annex, " ", "");
      annex_pending = false;
      cited_title = true;
      bare_dai = is_special_terms(s) ? BareDai::article : BareDai::section;
      article = article_sub = para = item = section = chapter = 0;
      numbered_lines = false;
      subitem.clear();
      spec = false;
      pending_heading.clear();
      loose_heading.clear();
      c.is_heading = true;
      heading_only = true;
      new_unit = true;
      unit_heading = annex;
      numbered_seen = false;
    }
    if (!next_document && !block.in_table && !numbered && is_annex_title(s) && !c.is_heading) {
      const bool names_kind = str::contains(s, "特記事項") || str::contains(s, "遵守事項");
      if (names_kind || !annex_pending) {
        annex = std::string(s);
        for (std::string_view p : {"別記", "別紙", "別表"}) {
          if (names_kind && str::starts_with(annex, p)) {
            size_t i = p.size();
            size_t l = 0;
            if (leading_number(std::string_view(annex).substr(i), l) >= 0) {
              i += l;
            }
            annex = std::string(str::trim(std::string_view(annex).substr(skip_spaces(annex, i))));
          }
        }
        str::replace_all(annex, " ", "");
        // 別紙 業務仕様書: a document of its own, cited under its name (業務仕様書 3.(2)).
        cited_title = false;
        if (!names_kind) {
          std::string_view rest = annex;
          for (std::string_view p : {"別記", "別紙", "別表", "別添"}) {
            if (str::starts_with(rest, p)) {
              rest.remove_prefix(p.size());
              size_t l = 0;
              if (leading_number(rest, l) >= 0) {
                rest.remove_prefix(l);
              }
            }
          }
          if (!rest.empty() && is_document_title(rest)) {
            annex = std::string(rest);
            cited_title = true;
          }
        }
      }
      bare_dai = is_special_terms(annex) ? BareDai::article : BareDai::section;
      numbered_seen = false;
      loose_heading.clear();
      annex_pending = !(str::contains(s, "特記事項") || str::contains(s, "遵守事項"));
      article = article_sub = para = item = section = chapter = 0;
      numbered_lines = false;
      subitem.clear();
      spec = false;
      pending_heading.clear();
      c.is_heading = true;
      heading_only = true;
      new_unit = true;
      unit_heading = annex;
    }
    size_t consumed = 0;
    if (lead_kind != Marker::item) {
      list_item_before = false;
    }
    if (!heading_only && !c.is_heading) {
      const Marker m = parse_marker(s, spec, article > 0, bare_dai);
      consumed = m.consumed;
      switch (m.kind) {
        case Marker::article:
          numbered_lines = false;
          article = m.number;
          article_bare = m.bare;
          numbered_seen = true;
          loose_heading.clear();
          article_sub = m.sub_number;
          para = 1;
          para_written = false;
          item = 0;
          subitem.clear();
          section = 0;
          chapter = 0;
          new_unit = true;
          unit_heading = !m.title.empty() ? m.title : pending_heading;
          pending_heading.clear();
          heading_only = consumed >= s.size();
          break;
        case Marker::heading:
          pending_heading = m.title;
          if (article == 0 && section == 0 && chapter == 0) {
            loose_heading.clear();  // the heading of the next unnumbered paragraphs
          }
          heading_only = true;
          c.is_heading = true;
          break;
        case Marker::section:
          numbered_lines = false;
          spec = true;
          numbered_seen = true;
          loose_heading.clear();
          article = 0;
          if (m.dai) {
            chapter = m.number;
            section = 0;
          } else {
            section = m.number;
          }
          item = 0;
          para = 0;
          subitem.clear();
          new_unit = true;
          unit_heading = m.title;
          heading_only = consumed >= s.size();
          break;
        case Marker::item:
          if (m.separator == 0 && separator != 0 && article == 0 && chapter == 0 && section > 0 && item > 0) {
            // 「3-2　事業者情報の提出」 then 「(1) …」: an item of item 3-2, cited 3-2(1).
            subitem = "(" + std::to_string(m.number) + ")";
            heading_only = consumed >= s.size();
            break;
          }
          item = m.number;
          subitem.clear();
          separator = m.separator;
          if (m.separator != 0 && article == 0 && chapter == 0) {
            spec = true;
            numbered_seen = true;
            section = m.sub_number;
          }
          if (article == 0) {
            new_unit = true;
            unit_heading = m.title;
            if (block.in_table) {
              table_row_key = row_key;
            }
          }
          // 「(1) 総則」 over its text is a title; in an article 「(1) 業務責任者の氏名」 is an item (号), and
          // so is a short item followed by its sibling 「(2) …」 (a list, not a title over a body).
          {
            const bool in_list = list_item_before || next_is_sibling_item(doc, norm, b, spec, bare_dai);
            heading_only = consumed >= s.size() || (!m.title.empty() && article == 0 && !in_list);
            list_item_before = !m.title.empty() && in_list;
          }
          break;
        case Marker::kanji_item:
          if (article > 0) {
            item = m.number;
            subitem.clear();
          } else {
            consumed = 0;
          }
          break;
        case Marker::paragraph:
          if (article > 0 && m.number >= 1) {
            para = m.number;
            para_written = true;
            item = 0;
            subitem.clear();
          } else if (article == 0 && !block.in_table && consumed < s.size() &&
                     !str::contains(s.substr(consumed), "。") &&
                     str::cp_count(s.substr(consumed)) <= 30) {
            // 仕様書 「1 総則」 written without a full stop after the number: a section title.
            spec = true;
            section = m.number;
            item = 0;
            subitem.clear();
            new_unit = true;
            unit_heading = std::string(s.substr(consumed));
            heading_only = true;
          } else if (article == 0 && chapter == 0 && !block.in_table && consumed < s.size() &&
                     str::contains(s.substr(consumed), "。") && (section == 0 || numbered_lines)) {
            // 遵守事項 written as numbered lines 「13　周知：受託者は、…すること。」: each a provision of
            // its own, cited by its number (and headed by its topic, when it has one).
            section = m.number;
            numbered_lines = true;
            numbered_seen = true;
            item = 0;
            subitem.clear();
            new_unit = true;
            size_t mark = 0;
            const size_t topic = topic_length(s.substr(consumed), mark);
            unit_heading = topic > 0 ? std::string(str::trim(s.substr(consumed, topic))) : std::string();
          } else {
            consumed = 0;
          }
          break;
        case Marker::subitem:
          subitem = m.sub;
          break;
        case Marker::none:
          break;
      }
    }
    // Provisions outside any numbering: a heading over paragraphs (「(秘密の保持)」 then its text),
    // a table row 「項目 | 内容」 whose first cell is its heading, a topic before its text
    // (「再委託:不可。ただし…」). Each is a unit of its own, cited by heading and position.
    const bool number_cell = block.in_table && block.col == 0 && bare_dai == BareDai::article &&
                             lead_kind == Marker::none && !heading_only && !c.is_heading && is_number_text(s);
    const bool unnumbered = article == 0 && section == 0 && chapter == 0 && !heading_only && !c.is_heading &&
                            lead_kind == Marker::none;
    if (number_cell || unnumbered) {
      const std::string_view rest = s.substr(consumed);
      size_t mark = 0;
      const size_t topic = topic_length(rest, mark);
      size_t number_length = 0;
      if (number_cell) {
        // Special terms laid out as a table 「1 | 再委託 | 乙は…」: the number cell is the article's.
        article = leading_number(s, number_length);
        article_bare = true;
        article_sub = 0;
        para = 1;
        para_written = false;
        item = 0;
        subitem.clear();
        numbered_seen = true;
        loose_heading.clear();
        new_unit = true;
        unit_heading.clear();
        heading_only = true;
        table_row_key = row_key;
        article_table = block.table;
      } else if (block.in_table && block.col == 0 && !str::contains(s, "。") && str::cp_count(s) <= 20) {
        loose_heading = std::string(s);
        loose_para = 0;
        loose_row_key = row_key;
        new_unit = true;
        unit_heading = loose_heading;
        heading_only = true;
      } else if (topic > 0) {
        loose_heading = std::string(str::trim(rest.substr(0, topic)));
        loose_para = block.in_table ? 0 : 1;
        loose_row_key = row_key;
        new_unit = true;
        unit_heading = loose_heading;
        pending_heading.clear();
        consumed = skip_spaces(s, consumed + topic + mark);
      } else if (!pending_heading.empty() && !block.in_table) {
        loose_heading = pending_heading;
        pending_heading.clear();
        loose_para = 1;
        new_unit = true;
        unit_heading = loose_heading;
      } else if (!loose_heading.empty() && loose_row_key < 0 && loose_para > 0 && starts_with_bullet(rest)) {
        loose_item = ++bullets;  // a bullet under the paragraph that leads it in
      } else if (!loose_heading.empty() && loose_row_key < 0) {
        ++loose_para;
      }
    }
    // Bullets (・, ●, ■, -) under a lead-in of an article are its items, cited as numbered ones are
    // (第5条第2項第3号); a paragraph after the list is no longer one of them.
    const bool bullet = lead_kind == Marker::none && !heading_only && !c.is_heading && starts_with_bullet(s);
    if (!bullet) {
      if (article > 0 && bullets > 0 && lead_kind == Marker::none) {
        item = 0;
      }
      bullets = 0;
      loose_item = 0;
    } else if (article > 0 && subitem.empty() && (item == 0 || bullets > 0)) {
      item = ++bullets;
    }
    if (block.in_table && (lead_kind == Marker::article || lead_kind == Marker::section) && new_unit) {
      table_row_key = row_key;  // 「第3 | 再委託 | 乙は…」: the next short cell is the article's 見出し
      if (lead_kind == Marker::article && article_bare) {
        article_table = block.table;
      }
    }
    // A 仕様書 table row 「(4) | 安全管理措置 | 受注者は、…」: the short cell after the number names
    // the row's subject, as a 見出し does.
    if (block.in_table && table_row_key >= 0 && row_key == table_row_key && lead_kind == Marker::none &&
        !new_unit && unit_heading.empty() && !str::contains(s, "。") && str::cp_count(s) <= 20) {
      unit_heading = std::string(s);
      c.is_heading = true;
      heading_only = true;
    }
    if (new_unit) {
      ++unit;
    }
    c.ref = full_ref();
    c.unit_ref = base_ref();
    c.heading = unit_heading;
    c.annex = annex;
    c.unit = unit;
    c.is_heading = c.is_heading || heading_only;
    // Text without the number marker, and its map back to Block::text.
    const size_t cut = lead + consumed;  // bytes of `full` before the provision's text
    std::string_view body = std::string_view(full).substr(std::min(cut, full.size()));
    c.text = std::string(body);
    c.to_original.reserve(c.text.size() + 1);
    for (size_t i = 0; i <= c.text.size(); ++i) {
      const size_t in_full = cut + i;
      uint32_t orig = 0;
      if (in_full >= label_prefix) {
        const size_t in_text = in_full - label_prefix;
        orig = in_text < nb.to_original.size() ? nb.to_original[in_text]
                                               : static_cast<uint32_t>(block.text.size());
      }
      c.to_original.push_back(orig);
    }
    out.push_back(std::move(c));
  }
  return out;
}

}  // namespace keiyaku::segment
