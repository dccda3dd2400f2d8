#include "vendors.hpp"

#include <base/strings.hpp>
#include <base/utf8.hpp>
#include <text/normalize.hpp>

#include <algorithm>

namespace keiyaku::batch {

namespace {

bool is_space(char32_t c) { return c == U' ' || c == U'\t' || c == U'\n' || c == U'\r' || c == U'\u3000'; }

// A character that continues a name: kanji, katakana, Latin letters, digits and the long-vowel mark.
// Hiragana does not (particles follow names: 「株式会社みなとは」), and neither does punctuation.
bool continues_name(char32_t c) {
  return (c >= U'0' && c <= U'9') || (c >= U'A' && c <= U'Z') || (c >= U'a' && c <= U'z') ||
         (c >= 0x30A1 && c <= 0x30FA) || c == 0x30FC || (c >= 0x3400 && c <= 0x4DBF) ||
         (c >= 0x4E00 && c <= 0x9FFF) || (c >= 0xF900 && c <= 0xFAFF) || c == 0x3005;
}

// The code point before byte offset `at` (0 at the start).
char32_t cp_before(std::string_view s, size_t at) {
  if (at == 0) {
    return 0;
  }
  size_t b = at - 1;
  while (b > 0 && utf8::is_continuation(s[b])) {
    --b;
  }
  return str::next_cp(s, b);
}

// Normalised text with its spaces and line breaks taken out, remembering where they were: a name
// written with a space inside (「株式会社　みなと」) is still found, and a space still ends a name.
struct Spaced {
  std::string text;
  std::vector<char> gap_before;  // text.size() + 1 entries: a space or break stood before byte i
};

Spaced strip_spaces(std::string_view s) {
  Spaced out;
  out.gap_before.push_back(0);
  for (size_t i = 0; i < s.size();) {
    const size_t at = i;
    const char32_t c = str::next_cp(s, i);
    if (is_space(c)) {
      out.gap_before.back() = 1;
      continue;
    }
    for (size_t k = at; k < i; ++k) {
      out.text += s[k];
      out.gap_before.push_back(0);
    }
  }
  return out;
}

// Whether `text` holds `key` as a whole name somewhere.
bool has_name(const Spaced& text, std::string_view key) {
  const std::string_view t = text.text;
  for (size_t p = t.find(key); p != std::string_view::npos; p = t.find(key, p + 1)) {
    const size_t end = p + key.size();
    const char32_t before = text.gap_before[p] != 0 ? 0 : cp_before(t, p);
    size_t after_at = end;
    const char32_t after = text.gap_before[end] != 0 || end >= t.size() ? 0 : str::next_cp(t, after_at);
    // Before a name: a particle (と, は), punctuation or a space, never a kanji/katakana/letter that
    // would make it part of a longer name. After it: anything but a continuation of the name.
    const bool kana_before = before >= 0x3041 && before <= 0x309F;
    if ((before == 0 || kana_before || !continues_name(before)) && (after == 0 || !continues_name(after))) {
      return true;
    }
  }
  return false;
}

// Every run of 13 digits (hyphens and spaces between digits allowed) in normalised text.
std::vector<std::string> digit_runs(std::string_view text) {
  std::vector<std::string> out;
  std::string run;
  auto flush = [&]() {
    if (run.size() == 13) {
      out.push_back(run);
    }
    run.clear();
  };
  for (size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (c >= '0' && c <= '9') {
      run += c;
    } else if ((c == '-' || c == ' ') && !run.empty() && i + 1 < text.size() && text[i + 1] >= '0' &&
               text[i + 1] <= '9') {
      continue;
    } else {
      flush();
    }
  }
  flush();
  return out;
}

bool first_article(std::string_view folded) {
  return str::starts_with(folded, "第1条") || str::starts_with(folded, "(目的)") ||
         str::starts_with(folded, "(総則)");
}

}  // namespace

namespace {

std::string normalise_name(std::string_view s) {
  std::string f = text::fold(s);
  str::replace_all(f, "(株)", "株式会社");
  str::replace_all(f, "(有)", "有限会社");
  str::replace_all(f, "(同)", "合同会社");
  return f;
}

}  // namespace

std::string VendorIndex::key(std::string_view name) {
  return strip_spaces(normalise_name(name)).text;
}

std::string VendorIndex::searched_text(const core::Parties& parties, const core::Document& document) {
  std::string text = normalise_name(parties.vendor_name) + "\n";
  size_t n = 0;
  for (const core::Block& b : document.blocks) {
    if (b.part != core::Part::body && b.part != core::Part::textbox) {
      continue;
    }
    const std::string line = normalise_name(b.label.empty() ? b.text : b.label + " " + b.text);
    if (n > 0 && first_article(strip_spaces(line).text)) {
      break;
    }
    text += line;
    text += '\n';
    if (++n >= 60) {
      break;
    }
  }
  return text;
}

VendorIndex::VendorIndex(const std::vector<Vendor>& vendors) {
  for (const Vendor& v : vendors) {
    Entry e{v.id, key(v.name), v.corporate_number};
    if (str::cp_count(e.key) >= 2 || !e.corporate_number.empty()) {
      m_entries.push_back(std::move(e));
    }
  }
  std::stable_sort(m_entries.begin(), m_entries.end(),
                   [](const Entry& a, const Entry& b) { return a.key.size() > b.key.size(); });
}

std::optional<int64_t> VendorIndex::find(const core::Parties& parties, const core::Document& document) const {
  if (m_entries.empty()) {
    return std::nullopt;
  }
  return find_in(searched_text(parties, document));
}

std::optional<int64_t> VendorIndex::find_name(std::string_view vendor_name) const {
  if (m_entries.empty() || str::trim(vendor_name).empty()) {
    return std::nullopt;
  }
  return find_in(normalise_name(vendor_name) + "\n");
}

std::optional<int64_t> VendorIndex::find_in(const std::string& searched) const {
  const std::vector<std::string> numbers = digit_runs(searched);
  const Spaced text = strip_spaces(searched);
  for (const Entry& e : m_entries) {
    if (!e.corporate_number.empty() &&
        std::find(numbers.begin(), numbers.end(), e.corporate_number) != numbers.end()) {
      return e.id;
    }
  }
  for (const Entry& e : m_entries) {
    if (str::cp_count(e.key) >= 2 && has_name(text, e.key)) {
      return e.id;
    }
  }
  return std::nullopt;
}

}  // namespace keiyaku::batch
