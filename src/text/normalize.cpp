#include "normalize.hpp"

#include "chars.hpp"
#include "mapped_text.hpp"
#include "variants.hpp"

#include <base/kanji.hpp>
#include <base/strings.hpp>

#include <unicode/bytestream.h>
#include <unicode/edits.h>
#include <unicode/normalizer2.h>
#include <unicode/stringpiece.h>
#include <unicode/uniset.h>
#include <unicode/unistr.h>

#include <algorithm>
#include <array>
#include <cstdio>
#include <cstdlib>
#include <limits>
#include <numeric>

namespace keiyaku::embedded {
std::string_view variants_tsv();
}

namespace keiyaku::text {

namespace {

using detail::decode;
using detail::is_ascii_alnum;
using detail::is_ascii_letter;
using detail::is_cjk_letter;
using detail::MappedText;
using detail::PassWriter;

/// A line at least this long (in characters, spaces not counted) that breaks between two
/// kanji/kana was wrapped inside a sentence. Headings, titles and signature lines are shorter: in
/// the seed policies the longest heading is 28 characters and the shortest wrapped line 37.
constexpr size_t k_min_wrapped_line = 32;
/// At most this many spaces between the single characters of a spaced-out word ("契　約　書").
constexpr size_t k_max_letter_spacing = 3;
/// Characters that end a clause number: 第N条, 第N項, 第N号, 第N章, 第N節, 第N款.
constexpr std::array<char32_t, 6> k_clause_units = {U'条', U'項', U'号', U'章', U'節', U'款'};
/// Longest numeral we convert inside a clause number.
constexpr size_t k_max_numeral_chars = 8;
/// Passes of clause numbers and variants at most: a further pass runs only after a replacement
/// whose canonical form can complete another variant (Variant::may_chain).
constexpr int k_max_fold_rounds = 3;

[[noreturn]] void fail_icu(const char* what, UErrorCode code) {
  std::fprintf(stderr, "keiyaku: error: ICU %s failed: %s\n", what, u_errorName(code));
  std::abort();
}

const icu::Normalizer2& nfkc() {
  static const icu::Normalizer2* const instance = [] {
    UErrorCode code = U_ZERO_ERROR;
    const icu::Normalizer2* n = icu::Normalizer2::getNFKCInstance(code);
    if (U_FAILURE(code)) {
      fail_icu("NFKC instance", code);
    }
    return n;
  }();
  return *instance;
}

/// NFKC, except for circled numbers (①, ⓪, ㉑, ㊱, ㋐), which contracts use as item labels and
/// NFKC would turn into plain digits. Slower than plain NFKC: used only when the text has them.
const icu::Normalizer2& nfkc_keeping_circled() {
  static const icu::Normalizer2* const instance = [] {
    UErrorCode code = U_ZERO_ERROR;
    static icu::UnicodeSet filter(
        icu::UnicodeString(u"[^\\u2460-\\u2473\\u24EA\\u3251-\\u325F\\u32B1-\\u32BF\\u32D0-\\u32FE]"),
        code);
    if (U_FAILURE(code)) {
      fail_icu("UnicodeSet", code);
    }
    filter.freeze();
    static const icu::FilteredNormalizer2 filtered(nfkc(), filter);
    return static_cast<const icu::Normalizer2*>(&filtered);
  }();
  return *instance;
}

/// Pass 1: ill-formed UTF-8 to U+FFFD (one per bad byte), then NFKC. The map comes from ICU's
/// record of edits.
MappedText nfkc_pass(std::string_view original, std::vector<ByteRange>& removed) {
  std::string sanitized;
  std::vector<uint32_t> sanitized_map;
  bool circled = false;
  const size_t first_bad = detail::first_ill_formed(original, circled);
  const bool ill_formed = first_bad < original.size();
  std::string_view src = original;
  if (ill_formed) {
    sanitized.reserve(original.size() + 16);
    sanitized_map.reserve(original.size() + 17);
    sanitized.append(original.substr(0, first_bad));
    for (size_t k = 0; k < first_bad; ++k) {
      sanitized_map.push_back(static_cast<uint32_t>(k));
    }
    for (size_t i = first_bad; i < original.size();) {
      const size_t start = i;
      const char32_t cp = str::next_cp(original, i);
      if (cp == 0xFFFD && i - start == 1) {
        sanitized.append("\xEF\xBF\xBD");
        sanitized_map.insert(sanitized_map.end(), 3, static_cast<uint32_t>(start));
      } else {
        sanitized.append(original.substr(start, i - start));
        for (size_t k = start; k < i; ++k) {
          sanitized_map.push_back(static_cast<uint32_t>(k));
        }
      }
    }
    sanitized_map.push_back(static_cast<uint32_t>(original.size()));
    src = sanitized;
  }
  if (src.size() > static_cast<size_t>(std::numeric_limits<int32_t>::max())) {
    std::fprintf(stderr, "keiyaku: error: text of %zu bytes is too large to normalise\n",
                 src.size());
    std::abort();
  }
  auto base = [&](size_t i) -> uint32_t {
    return ill_formed ? sanitized_map[i] : static_cast<uint32_t>(i);
  };

  MappedText out;
  UErrorCode code = U_ZERO_ERROR;
  icu::Edits edits;
  {
    icu::StringByteSink<std::string> sink(&out.text, static_cast<int32_t>(src.size()));
    const icu::Normalizer2& normalizer = circled ? nfkc_keeping_circled() : nfkc();
    normalizer.normalizeUTF8(0, icu::StringPiece(src.data(), static_cast<int32_t>(src.size())),
                               sink, &edits, code);
  }
  if (U_FAILURE(code)) {
    fail_icu("normalizeUTF8", code);
  }
  out.map.resize(out.text.size() + 1);
  if (!edits.hasChanges()) {
    if (ill_formed) {
      out.map = std::move(sanitized_map);
    } else {
      std::iota(out.map.begin(), out.map.end(), 0U);
    }
    return out;
  }
  icu::Edits::Iterator it = edits.getFineIterator();
  while (it.next(code)) {
    const auto s = static_cast<size_t>(it.sourceIndex());
    const auto d = static_cast<size_t>(it.destinationIndex());
    const auto old_len = static_cast<size_t>(it.oldLength());
    const auto new_len = static_cast<size_t>(it.newLength());
    if (!it.hasChange()) {
      if (ill_formed) {
        for (size_t k = 0; k < old_len; ++k) {
          out.map[d + k] = sanitized_map[s + k];
        }
      } else {
        std::iota(out.map.begin() + static_cast<std::ptrdiff_t>(d),
                  out.map.begin() + static_cast<std::ptrdiff_t>(d + old_len),
                  static_cast<uint32_t>(s));
      }
    } else {
      std::fill_n(out.map.begin() + static_cast<std::ptrdiff_t>(d), new_len, base(s));
      if (new_len == 0 && old_len > 0) {
        removed.push_back({base(s), base(s + old_len)});
      }
    }
  }
  if (U_FAILURE(code)) {
    fail_icu("Edits iteration", code);
  }
  out.map[out.text.size()] = static_cast<uint32_t>(original.size());
  return out;
}

bool is_space_byte(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }

/// Bytes at which pass 2 may change something: whitespace, and the lead bytes of the invisible
/// characters and hyphen look-alikes (U+00AD; U+2010..U+2069, U+2212; U+FE0x, U+FEFF; U+E01xx).
/// Everything else is skipped a byte at a time without decoding.
constexpr std::array<bool, 256> k_clean_events = [] {
  std::array<bool, 256> t{};
  for (const unsigned char b : {' ', '\t', '\r', '\n'}) {
    t[b] = true;
  }
  for (const unsigned char b : {0xC2U, 0xE2U, 0xEFU, 0xF3U}) {
    t[b] = true;
  }
  return t;
}();

char32_t cp_before(std::string_view s, size_t i) {
  if (i == 0) {
    return 0;
  }
  size_t len = 0;
  return decode(s, detail::previous_start(s, i), len);
}

char32_t cp_at(std::string_view s, size_t i) {
  if (i >= s.size()) {
    return 0;
  }
  size_t len = 0;
  return decode(s, i, len);
}

bool ascii_alnum_at(std::string_view s, size_t i) {
  return i < s.size() && is_ascii_alnum(static_cast<unsigned char>(s[i]));
}

bool ascii_letter_at(std::string_view s, size_t i) {
  return i < s.size() && is_ascii_letter(static_cast<unsigned char>(s[i]));
}

/// A kanji/kana at s[i..end) with no kanji/kana on either side.
bool single_cjk(std::string_view s, size_t i, size_t end) {
  return is_cjk_letter(cp_at(s, i)) && !is_cjk_letter(cp_before(s, i)) &&
         !is_cjk_letter(cp_at(s, end));
}

/// Spaces [i, j) (no line break) inside a spaced-out word: drops them and the spaces of the rest
/// of the word, and returns where scanning goes on; returns j when the spaces are not inside one.
size_t spaced_word(std::string_view s, size_t i, size_t j, PassWriter& w) {
  const size_t n = s.size();
  if (i == 0 || j >= n) {
    return j;
  }
  // "L G W A N": single letters, single spaces.
  if (j == i + 1 && ascii_letter_at(s, i - 1) && !(i >= 2 && ascii_alnum_at(s, i - 2)) &&
      ascii_letter_at(s, j) && !ascii_alnum_at(s, j + 1)) {
    w.drop(i, j);
    size_t p = j;
    while (p + 2 < n && s[p + 1] == ' ' && ascii_letter_at(s, p + 2) && !ascii_alnum_at(s, p + 3)) {
      w.drop(p + 1, p + 2);
      p += 2;
    }
    return p + 1;
  }
  // "LGWAN 接続系", "ASP のサービス": one space between a Latin word and Japanese text. MeCab
  // skips it anyway, except inside a dictionary word, which it would split. (Not after a digit:
  // "2 乙は" is a paragraph number and its text.)
  if (j == i + 1 && ascii_letter_at(s, i - 1) && is_cjk_letter(cp_at(s, j))) {
    w.drop(i, j);
    return j;
  }
  // "土 浦 市": single kanji/kana, up to three spaces between them.
  if (j - i > k_max_letter_spacing) {
    return j;
  }
  const size_t x0 = detail::previous_start(s, i);
  const size_t x1_end = j + detail::sequence_length(static_cast<unsigned char>(s[j]));
  if (!single_cjk(s, x0, i) || !single_cjk(s, j, x1_end)) {
    return j;
  }
  w.drop(i, j);
  size_t p = x1_end;
  while (p < n && s[p] == ' ') {
    size_t q = p;
    while (q < n && s[q] == ' ') {
      ++q;
    }
    if (q - p > k_max_letter_spacing || q >= n) {
      break;
    }
    const size_t next_end = q + detail::sequence_length(static_cast<unsigned char>(s[q]));
    if (!single_cjk(s, q, next_end)) {
      break;
    }
    w.drop(p, q);
    p = next_end;
  }
  return p;
}

/// Pass 2: invisible characters, hyphen look-alikes, spaced-out words, line breaks inside words.
MappedText clean_pass(MappedText&& in, std::vector<ByteRange>& removed) {
  const std::string_view s = in.text;
  const size_t n = s.size();
  PassWriter w(in, removed);
  // Characters (spaces not counted) of the current line, counted lazily up to `counted_to`.
  size_t counted_to = 0;
  size_t line_chars = 0;
  size_t i = 0;
  while (true) {
    while (i < n && !k_clean_events[static_cast<unsigned char>(s[i])]) {
      ++i;
    }
    if (i >= n) {
      break;
    }
    if (is_space_byte(s[i])) {
      size_t j = i;
      bool newline = false;
      while (j < n && is_space_byte(s[j])) {
        newline = newline || s[j] == '\n';
        ++j;
      }
      if (!newline) {
        i = spaced_word(s, i, j, w);
        continue;
      }
      bool join = false;
      if (is_cjk_letter(cp_before(s, i)) && is_cjk_letter(cp_at(s, j))) {
        for (; counted_to < i; ++counted_to) {
          const auto b = static_cast<unsigned char>(s[counted_to]);
          if ((b & 0xC0U) != 0x80U && !is_space_byte(s[counted_to])) {
            ++line_chars;
          }
        }
        join = line_chars >= k_min_wrapped_line;
      }
      if (join) {
        w.drop(i, j);
      } else {
        counted_to = j;
        line_chars = 0;
      }
      i = j;
      continue;
    }
    size_t len = 0;
    const char32_t c = decode(s, i, len);
    if (detail::is_dropped(c)) {
      w.drop(i, i + len);
    } else if (detail::is_hyphen_like(c)) {
      w.replace(i, i + len, "-");
    }
    i += len;
  }
  if (!w.changed()) {
    return std::move(in);
  }
  return w.finish();
}

struct Numeral {
  size_t end = 0;
  int value = -1;
  bool kanji = false;
};

/// A numeral at s[pos]: ASCII digits or kanji numerals; value -1 when there is none.
Numeral scan_numeral(std::string_view s, size_t pos) {
  Numeral r;
  size_t i = pos;
  size_t chars = 0;
  if (i < s.size() && detail::is_ascii_digit(static_cast<unsigned char>(s[i]))) {
    while (i < s.size() && detail::is_ascii_digit(static_cast<unsigned char>(s[i])) &&
           chars < k_max_numeral_chars) {
      ++i;
      ++chars;
    }
    r.end = i;
    r.value = parse_japanese_number(s.substr(pos, i - pos));
    return r;
  }
  while (i < s.size() && chars < k_max_numeral_chars) {
    size_t len = 0;
    const int v = str::kanji_numeral(decode(s, i, len));
    if (v < 0 || v >= 10000) {  // 万 is not part of a clause number
      break;
    }
    i += len;
    ++chars;
  }
  if (chars == 0) {
    return r;
  }
  r.end = i;
  r.kanji = true;
  r.value = parse_japanese_number(s.substr(pos, i - pos));
  return r;
}

/// 第十二条, 第三項, 第十二条の二: converts the numerals at s[i] (which holds 第) and returns the
/// position after the clause number, or i when there is none.
size_t clause_number(std::string_view s, size_t i, PassWriter& w) {
  constexpr size_t k_dai_len = 3;  // 第
  constexpr size_t k_no_len = 3;   // の
  const Numeral number = scan_numeral(s, i + k_dai_len);
  if (number.value < 0 || number.end >= s.size()) {
    return i;
  }
  size_t unit_len = 0;
  const char32_t unit = decode(s, number.end, unit_len);
  if (std::find(k_clause_units.begin(), k_clause_units.end(), unit) == k_clause_units.end()) {
    return i;
  }
  if (number.kanji) {
    w.replace(i + k_dai_len, number.end, std::to_string(number.value));
  }
  size_t pos = number.end + unit_len;
  // Branch numbers: 第十二条の二, 第十二条の二の三; not の一部, の一切, の十分.
  while (s.compare(pos, k_no_len, "の") == 0) {
    const Numeral branch = scan_numeral(s, pos + k_no_len);
    if (branch.value < 0) {
      break;
    }
    if (branch.end < s.size()) {
      size_t len = 0;
      const char32_t next = decode(s, branch.end, len);
      if (detail::is_han(next) && next != U'第') {
        break;
      }
    }
    if (branch.kanji) {
      w.replace(pos + k_no_len, branch.end, std::to_string(branch.value));
    }
    pos = branch.end;
  }
  return pos;
}

/// Pass 3: clause numbers and orthographic variants.
MappedText fold_pass(MappedText&& in, const detail::VariantTable& table,
                     std::vector<ByteRange>& removed, bool& may_chain) {
  const std::string_view s = in.text;
  const size_t n = s.size();
  PassWriter w(in, removed);
  size_t i = 0;
  while (i < n) {
    size_t len = 1;
    const auto b = static_cast<unsigned char>(s[i]);
    const char32_t c = b < 0x80U ? b : decode(s, i, len);
    if (c == U'第') {
      const size_t end = clause_number(s, i, w);
      if (end > i) {
        i = end;
        continue;
      }
    }
    if (const detail::Variant* v = table.match(s, i, c, len)) {
      w.replace(i, i + v->variant.size(), v->canonical);
      may_chain = may_chain || v->may_chain;
      i += v->variant.size();
      continue;
    }
    i += len;
  }
  if (!w.changed()) {
    return std::move(in);
  }
  return w.finish();
}

/// Passes 1 and 2 only: the form variant strings must have to match normalised text.
std::string prepare(std::string_view s) {
  std::vector<ByteRange> removed;
  return clean_pass(nfkc_pass(s, removed), removed).text;
}

void sort_and_merge(std::vector<ByteRange>& ranges) {
  std::sort(ranges.begin(), ranges.end(),
            [](const ByteRange& a, const ByteRange& b) { return a.begin < b.begin; });
  size_t out = 0;
  for (size_t k = 0; k < ranges.size(); ++k) {
    if (out > 0 && ranges[k].begin <= ranges[out - 1].end) {
      ranges[out - 1].end = std::max(ranges[out - 1].end, ranges[k].end);
    } else {
      ranges[out++] = ranges[k];
    }
  }
  ranges.resize(out);
}

}  // namespace

namespace detail {

const VariantTable& builtin_variants() {
  static const VariantTable table = [] {
    auto rows = parse_variants(embedded::variants_tsv(), "dictionaries/variants.tsv");
    if (!rows) {
      std::fprintf(stderr, "keiyaku: error: %s\n", format_error(rows.error()).c_str());
      std::abort();
    }
    for (Variant& v : *rows) {
      v.variant = prepare(v.variant);
      v.canonical = prepare(v.canonical);
    }
    return VariantTable(std::move(*rows));
  }();
  return table;
}

}  // namespace detail

uint32_t Normalized::original_offset(uint32_t norm_offset) const {
  if (to_original.empty()) {
    return 0;
  }
  return to_original[std::min<size_t>(norm_offset, to_original.size() - 1)];
}

ByteRange Normalized::original_range(uint32_t norm_begin, uint32_t norm_end) const {
  if (to_original.empty()) {
    return {};
  }
  const size_t last = to_original.size() - 1;
  size_t b = std::min<size_t>(norm_begin, last);
  size_t e = std::min<size_t>(norm_end, last);
  if (e < b) {
    e = b;
  }
  const uint32_t begin = to_original[b];
  if (e == b) {
    return {begin, begin};
  }
  // An end inside a replacement (its bytes all map to the same offset) extends to its end.
  while (e < last && to_original[e] == to_original[e - 1]) {
    ++e;
  }
  uint32_t end = to_original[e];
  // Text dropped just before the end is not part of the span.
  while (end > begin) {
    const auto it = std::lower_bound(removed.begin(), removed.end(), end,
                                     [](const ByteRange& r, uint32_t v) { return r.end < v; });
    if (it == removed.end() || it->end != end || it->begin < begin) {
      break;
    }
    end = it->begin;
  }
  return {begin, end};
}

Normalized normalize(std::string_view original) {
  if (original.size() >= std::numeric_limits<uint32_t>::max()) {
    std::fprintf(stderr, "keiyaku: error: text of %zu bytes is too large to normalise\n",
                 original.size());
    std::abort();
  }
  std::vector<ByteRange> removed;
  MappedText t = nfkc_pass(original, removed);
  t = clean_pass(std::move(t), removed);
  // A canonical spelling can complete a variant with the text around it (セキュリティー・ポリシー →
  // セキュリティ・ポリシー → セキュリティポリシー): after such a replacement, fold again.
  for (int round = 0; round < k_max_fold_rounds; ++round) {
    bool may_chain = false;
    t = fold_pass(std::move(t), detail::builtin_variants(), removed, may_chain);
    if (!may_chain) {
      break;
    }
  }
  sort_and_merge(removed);
  Normalized out;
  out.text = std::move(t.text);
  out.to_original = std::move(t.map);
  out.removed = std::move(removed);
  return out;
}

std::string fold(std::string_view s) { return normalize(s).text; }

std::string identifier_key(std::string_view s, bool case_fold) {
  static const icu::Normalizer2* const casefold = [] {
    UErrorCode code = U_ZERO_ERROR;
    const icu::Normalizer2* n = icu::Normalizer2::getNFKCCasefoldInstance(code);
    if (U_FAILURE(code)) {
      fail_icu("NFKC_Casefold instance", code);
    }
    return n;
  }();
  const icu::Normalizer2& n = case_fold ? *casefold : nfkc();
  UErrorCode code = U_ZERO_ERROR;
  std::string out;
  icu::StringByteSink<std::string> sink(&out);
  n.normalizeUTF8(0, icu::StringPiece(s.data(), static_cast<int32_t>(s.size())), sink, nullptr,
                  code);
  if (U_FAILURE(code)) {
    return std::string(s);  // ill-formed UTF-8: compared as it is
  }
  return out;
}

int parse_japanese_number(std::string_view s) {
  bool circled = false;
  if (s.empty() || detail::first_ill_formed(s, circled) != s.size()) {
    return -1;
  }
  constexpr int k_max = 99'999'999;
  // Digits only (ASCII or full-width): positional.
  bool digits = true;
  int64_t value = 0;
  size_t count = 0;
  for (size_t i = 0; i < s.size() && digits;) {
    size_t len = 0;
    const char32_t c = decode(s, i, len);
    if (c >= U'0' && c <= U'9') {
      value = value * 10 + static_cast<int>(c - U'0');
    } else if (c >= U'０' && c <= U'９') {
      value = value * 10 + static_cast<int>(c - U'０');
    } else {
      digits = false;
    }
    i += len;
    if (++count > 8) {
      return -1;
    }
  }
  if (digits) {
    return static_cast<int>(value);
  }
  // Kanji: the one parser of kanji numerals.
  const int64_t kanji = str::parse_kanji_number(s);
  return kanji < 0 || kanji > k_max ? -1 : static_cast<int>(kanji);
}

}  // namespace keiyaku::text
