#include "chunks.hpp"

#include <base/utf8.hpp>

namespace keiyaku::tokenize::detail {

namespace {

bool is_blank(std::string_view s) {
  for (const char c : s) {
    if (c != ' ' && c != '\t' && c != '\r' && c != '\n') {
      return false;
    }
  }
  return true;
}

bool is_continuation(char c) {
  return utf8::is_continuation(c);
}

/// Where to cut a run [begin, limit) that has no sentence end: after its last 、 or space, else at
/// the last character boundary. Always > begin.
size_t cut_point(std::string_view text, size_t begin, size_t limit) {
  for (size_t i = limit; i > begin + 1; --i) {
    if (text[i - 1] == ' ' || text[i - 1] == '\t') {
      return i;
    }
    if (i >= begin + 3 && text.compare(i - 3, 3, "、") == 0) {
      return i;
    }
  }
  size_t i = limit;
  while (i > begin + 1 && is_continuation(text[i])) {
    --i;
  }
  return i;
}

}  // namespace

std::vector<Chunk> split_chunks(std::string_view text, size_t max_bytes) {
  std::vector<Chunk> chunks;
  if (max_bytes < 4) {
    max_bytes = 4;  // room for one character
  }
  const size_t n = text.size();
  size_t begin = 0;
  size_t i = 0;
  auto emit = [&](size_t end) {
    if (!is_blank(text.substr(begin, end - begin))) {
      chunks.push_back({begin, end});
    }
    begin = end;
  };
  while (i < n) {
    if (i - begin >= max_bytes) {
      emit(cut_point(text, begin, i));
      continue;
    }
    const auto b = static_cast<unsigned char>(text[i]);
    if (b == '\n') {
      emit(i + 1);
      i = begin;
      continue;
    }
    if (b == 0xE3U && i + 2 < n && static_cast<unsigned char>(text[i + 1]) == 0x80U &&
        static_cast<unsigned char>(text[i + 2]) == 0x82U) {  // 。
      if (i + 3 - begin > max_bytes) {
        emit(cut_point(text, begin, i));
        continue;
      }
      emit(i + 3);
      i = begin;
      continue;
    }
    ++i;
  }
  if (begin < n) {
    emit(n);
  }
  return chunks;
}

}  // namespace keiyaku::tokenize::detail
