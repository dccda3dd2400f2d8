#include "sniff.hpp"

#include <cstring>

namespace keiyaku::docx {

namespace {
bool starts(std::string_view s, std::string_view p) {
  return s.size() >= p.size() && s.substr(0, p.size()) == p;
}

bool iequals_prefix(std::string_view s, std::string_view lower_prefix) {
  if (s.size() < lower_prefix.size()) {
    return false;
  }
  for (size_t i = 0; i < lower_prefix.size(); ++i) {
    char c = s[i];
    if (c >= 'A' && c <= 'Z') {
      c = static_cast<char>(c - 'A' + 'a');
    }
    if (c != lower_prefix[i]) {
      return false;
    }
  }
  return true;
}
}  // namespace

FileKind sniff(std::string_view b) {
  if (b.empty()) {
    return FileKind::empty;
  }
  if (starts(b, std::string_view("PK\x03\x04", 4))) {
    return FileKind::zip;
  }
  if (starts(b, std::string_view("PK\x05\x06", 4))) {
    return FileKind::empty_zip;
  }
  if (starts(b, std::string_view("PK\x07\x08", 4)) ||
      starts(b, std::string_view("PK\x30\x30", 4))) {
    return FileKind::spanned_zip;
  }
  if (starts(b, std::string_view("\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", 8))) {
    return FileKind::cfb;
  }
  if (starts(b, "{\\rtf")) {
    return FileKind::rtf;
  }
  if (starts(b, "%PDF-")) {
    return FileKind::pdf;
  }
  // Text formats: skip a UTF-8 BOM and leading whitespace.
  std::string_view t = b;
  if (starts(t, "\xEF\xBB\xBF")) {
    t.remove_prefix(3);
  }
  while (!t.empty() && (t[0] == ' ' || t[0] == '\t' || t[0] == '\r' || t[0] == '\n')) {
    t.remove_prefix(1);
  }
  if (starts(t, "%PDF-")) {
    return FileKind::pdf;
  }
  if (starts(t, "{\\rtf")) {
    return FileKind::rtf;
  }
  if (starts(t, "<?xml")) {
    return FileKind::xml;
  }
  if (iequals_prefix(t, "<!doctype html") || iequals_prefix(t, "<html") ||
      iequals_prefix(t, "mime-version:")) {
    return FileKind::html;
  }
  return FileKind::unknown;
}

}  // namespace keiyaku::docx
