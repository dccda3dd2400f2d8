#include "reader.hpp"

#include "layout.hpp"

#include <base/file.hpp>
#include <base/i18n.hpp>
#include <base/sha256.hpp>
#include <base/strings.hpp>

#include <climits>

#include <poppler-document.h>
#include <poppler-global.h>
#include <poppler-page.h>
// poppler's own object model (libpoppler-private-dev), for the objects the C++ API does not show.
// Object.h first: it includes Array.h and Dict.h where its inline functions need them.
#include <Object.h>

#include <PDFDoc.h>
#include <Stream.h>
#include <XRef.h>

#include <algorithm>
#include <array>
#include <chrono>
#include <memory>
#include <mutex>
#include <unordered_map>
#include <vector>

namespace keiyaku::pdf {

namespace {

// A scan has no text layer, or only a stamp or an OCR'd page number: fewer than this many body
// characters per page on average needs OCR.
constexpr double k_min_chars_per_page = 16;

Error file_error(const std::string& file, ErrorCode code, const std::string& message) {
  return Error(code, file + ": " + message);
}

// poppler reports damaged files on stderr through this hook; keiyaku reports them itself.
void drop_message(const std::string& /*message*/, void* /*closure*/) {}

void init_once() {
  static std::once_flag once;
  std::call_once(once, [] { poppler::set_debug_error_function(drop_message, nullptr); });
}

// poppler's UTF-16 to UTF-8, without the iconv round poppler::ustring::to_utf8() makes per call.
std::string utf8(const poppler::ustring& u) {
  std::string out;
  out.reserve(u.size() * 3);
  for (size_t i = 0; i < u.size(); ++i) {
    char32_t c = u[i];
    if (c >= 0xD800 && c <= 0xDBFF && i + 1 < u.size() && u[i + 1] >= 0xDC00 &&
        u[i + 1] <= 0xDFFF) {
      c = 0x10000 + ((c - 0xD800) << 10U) + (u[i + 1] - 0xDC00U);
      ++i;
    } else if (c >= 0xD800 && c <= 0xDFFF) {
      c = 0xFFFD;
    }
    if (c == 0) {
      continue;
    }
    str::append_utf8(out, c);
  }
  return out;
}

size_t non_space_chars(std::string_view s) {
  size_t n = 0;
  for (size_t i = 0; i < s.size();) {
    const char32_t c = str::next_cp(s, i);
    n += (c != U' ' && c != U'\t' && c != U'\n' && c != U'\u3000') ? 1 : 0;
  }
  return n;
}

// What a PDF's objects hold that file risks are made of: the names of scripts and of actions that
// reach outside the file, and file specifications with an embedded file.
struct ObjectRisks {
  std::vector<std::string_view> names;  // in the order of k_risk_names
  size_t embedded_files = 0;            // file specifications with an /EF entry
  bool timed_out = false;
};

constexpr std::array<std::string_view, 6> k_risk_names{"JavaScript", "JS", "Launch", "GoToR", "SubmitForm", "ImportData"};
// Direct objects nested deeper than this are not looked into (poppler's parser stops at 500).
constexpr int k_max_depth = 32;

void note(std::string_view name, ObjectRisks& r) {
  const auto at = std::find(k_risk_names.begin(), k_risk_names.end(), name);
  if (at != k_risk_names.end() && std::find(r.names.begin(), r.names.end(), *at) == r.names.end()) {
    r.names.push_back(*at);
  }
}

// An object and the direct objects inside it: a /JS or /JavaScript entry (an action's script, the
// document's scripts name tree), an action type (/S /Launch), an /EF entry. References are not
// followed: every indirect object is visited once from the cross-reference table.
void look_into(const Object& o, int depth, ObjectRisks& r) {
  if (depth > k_max_depth) {
    return;
  }
  if (o.isArray()) {
    for (int i = 0; i < o.arrayGetLength(); ++i) {
      look_into(o.arrayGetNF(i), depth + 1, r);
    }
    return;
  }
  const Dict* dict = o.isDict() ? o.getDict() : o.isStream() ? o.streamGetDict() : nullptr;
  if (dict == nullptr) {
    return;
  }
  for (int i = 0; i < dict->getLength(); ++i) {
    const std::string_view key = dict->getKey(i);
    const Object& value = dict->getValNF(i);
    if (key == "JS" || key == "JavaScript") {
      note(key, r);
    } else if (key == "S" && value.isName()) {
      note(value.getName(), r);
    } else if (key == "EF") {
      ++r.embedded_files;
    }
    look_into(value, depth + 1, r);
  }
}

// Every object the cross-reference table (or stream) lists, those inside compressed object
// streams (PDF 1.5 /ObjStm) included, through poppler's own parser. An object stream that claims
// more objects than the file has is not unpacked (poppler would allocate them all). Stops at the
// deadline.
ObjectRisks object_risks(std::string_view bytes, std::chrono::steady_clock::time_point deadline) {
  ObjectRisks r;
  // PDFDoc owns the stream; the stream reads `bytes` in place.
  PDFDoc doc(new MemStream(bytes.data(), 0, static_cast<Goffset>(bytes.size()), Object(objNull)));
  if (!doc.isOk() || doc.getXRef() == nullptr) {
    return r;
  }
  XRef* xref = doc.getXRef();
  const int count = xref->getNumObjects();
  std::unordered_map<int, bool> unpackable;  // object stream number → its /N is believable
  for (int i = 1; i < count; ++i) {
    if (i % 256 == 0 && std::chrono::steady_clock::now() > deadline) {
      r.timed_out = true;
      break;
    }
    const XRefEntry* entry = xref->getEntry(i, false);
    if (entry == nullptr || entry->type == xrefEntryFree || entry->type == xrefEntryNone) {
      continue;
    }
    int gen = entry->gen;
    if (entry->type == xrefEntryCompressed) {
      gen = 0;
      const auto pack = static_cast<int>(entry->offset);
      auto [it, fresh] = unpackable.try_emplace(pack, false);
      if (fresh && pack > 0 && pack < count) {
        const XRefEntry* pack_entry = xref->getEntry(pack, false);
        if (pack_entry != nullptr && pack_entry->type == xrefEntryUncompressed) {
          const Object stream = xref->fetch(pack, pack_entry->gen);
          if (stream.isStream()) {
            const Object n = stream.streamGetDict()->lookup("N");
            it->second = n.isInt() && n.getInt() > 0 && n.getInt() <= count;
          }
        }
      }
      if (!it->second) {
        continue;
      }
    }
    look_into(xref->fetch(i, gen), 0, r);
  }
  std::sort(r.names.begin(), r.names.end(), [](std::string_view a, std::string_view b) {
    return std::find(k_risk_names.begin(), k_risk_names.end(), a) < std::find(k_risk_names.begin(), k_risk_names.end(), b);
  });
  return r;
}

// File-level risks (PDF-*): scripts, actions that open or send something outside the file,
// embedded files, and the author in the document information. Nothing is run or opened.
void add_file_risks(core::Document& d, const poppler::document& doc, const ObjectRisks& found) {
  const auto add = [&](const char* id, core::RiskSeverity severity, std::string message, std::string detail) {
    d.file_risks.push_back(core::FileRisk{id, severity, std::move(message), std::move(detail)});
  };
  std::string script;
  std::string action;
  for (const std::string_view name : found.names) {
    std::string& into = name == "JavaScript" || name == "JS" ? script : action;
    into += (into.empty() ? "/" : ", /") + std::string(name);
  }
  if (!script.empty()) {
    add("PDF-JAVASCRIPT", core::RiskSeverity::high,
        tr("JavaScript が含まれています（実行していません）", "contains JavaScript (not run)"), script);
  }
  if (!action.empty()) {
    add("PDF-EXTERNAL-ACTION", core::RiskSeverity::high,
        tr("外部のファイルやプログラムを開く・送信するアクションがあります（実行していません）",
           "actions that open or send to something outside the file (not run)"),
        action);
  }
  // The document's list of embedded files (poppler's embedded_files) and every file specification
  // that embeds one (attachments on pages, associated files) count alike.
  const size_t embedded = std::max(found.embedded_files, doc.has_embedded_files() ? doc.embedded_files().size() : 0);
  if (embedded > 0) {
    add("PDF-EMBEDDED-FILE", core::RiskSeverity::medium,
        tr("埋め込みファイルがあります（内容は検査していません）", "embedded files (their content is not checked)"),
        std::to_string(embedded));
  }
  const std::string author(str::trim(utf8(doc.info_key("Author"))));
  if (!author.empty()) {
    add("PDF-METADATA", core::RiskSeverity::low,
        tr("文書のプロパティに作成者などの個人情報が残っています",
           "document properties hold personal data (author names)"),
        "Author: " + author);
  }
}

}  // namespace

bool is_pdf(std::string_view bytes) {
  return bytes.substr(0, 1024).find("%PDF-") != std::string_view::npos;
}

Expected<core::Document> read_bytes(std::string_view bytes,
                                    const std::string& display_name,
                                    const ReadOptions& options) {
  const std::string& f = display_name;
  const Limits& limits = options.limits;
  const auto start = std::chrono::steady_clock::now();
  if (bytes.size() > limits.max_input_bytes || bytes.size() > static_cast<size_t>(INT_MAX)) {
    return file_error(f, ErrorCode::limit_exceeded,
                      tr("PDFが大きすぎます", "the PDF is too large"));
  }
  if (!is_pdf(bytes)) {
    return file_error(f, ErrorCode::corrupt_pdf, tr("PDFではありません", "not a PDF"));
  }
  // A file cut short (an interrupted download or copy) has lost its end-of-file marker. poppler
  // would rebuild what is left and read the first pages only: a review of part of a contract.
  if (bytes.substr(bytes.size() > 1024 ? bytes.size() - 1024 : 0).find("%%EOF") ==
      std::string_view::npos) {
    return file_error(
        f, ErrorCode::corrupt_pdf,
        tr("PDFが途中で切れています（末尾がありません）: ファイルを入手し直してください",
           "the PDF is truncated (its end is missing): obtain the file again"));
  }
  init_once();
  // poppler reads the buffer in place; `bytes` outlives the document.
  std::unique_ptr<poppler::document> doc(
      poppler::document::load_from_raw_data(bytes.data(), static_cast<int>(bytes.size())));
  if (!doc) {
    return file_error(f, ErrorCode::corrupt_pdf,
                      tr("PDFとして読めません（壊れているか途中で切れています）",
                         "cannot read the PDF: it is damaged or truncated"));
  }
  if (doc->is_locked()) {
    return file_error(
        f, ErrorCode::encrypted,
        tr("パスワードで保護されたPDFは読めません: パスワードを解除して保存し直してください",
           "cannot read a password-protected PDF: remove the password and save it again"));
  }
  const int page_count = doc->pages();
  if (page_count <= 0) {
    return file_error(
        f, ErrorCode::corrupt_pdf,
        tr("PDFとして読めません（ページがありません）", "cannot read the PDF: it has no pages"));
  }
  if (page_count > limits.max_pages) {
    return file_error(
        f, ErrorCode::limit_exceeded,
        tr("ページ数が上限を超えています: ", "too many pages: ") + std::to_string(page_count));
  }
  std::vector<Page> pages;
  pages.reserve(static_cast<size_t>(std::max(0, page_count)));
  size_t chars = 0;
  for (int i = 0; i < page_count; ++i) {
    if (std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count() >
        limits.max_seconds) {
      return file_error(
          f, ErrorCode::limit_exceeded,
          tr("読み取りが時間の上限を超えました", "reading took longer than the time limit"));
    }
    const std::unique_ptr<poppler::page> page(doc->create_page(i));
    Page out;
    if (!page) {
      pages.push_back(std::move(out));
      continue;
    }
    const poppler::rectf box = page->page_rect(poppler::media_box);
    const bool turned = page->orientation() == poppler::page::landscape ||
                        page->orientation() == poppler::page::seascape;
    out.width = turned ? box.height() : box.width();
    out.height = turned ? box.width() : box.height();
    std::vector<Word> words;
    for (const poppler::text_box& t : page->text_list()) {
      const poppler::rectf r = t.bbox();
      Word w{r.left(), r.top(), r.right(), r.bottom(), utf8(t.text()), t.has_space_after()};
      chars += str::cp_count(w.text);
      words.push_back(std::move(w));
    }
    if (chars > limits.max_text_chars) {
      return file_error(f, ErrorCode::limit_exceeded,
                        tr("文字数が上限を超えています", "too much text"));
    }
    out.lines = group_lines(words);
    pages.push_back(std::move(out));
  }
  Layout layout = lay_out(pages);
  size_t body_chars = 0;
  for (const core::Block& b : layout.blocks) {
    body_chars += non_space_chars(b.text);
  }
  if (static_cast<double>(body_chars) < k_min_chars_per_page * page_count) {
    return file_error(f, ErrorCode::unsupported,
                      tr("文字情報のないPDF（スキャン画像）です: "
                         "OCRで文字を認識させたPDFにしてから読み込んでください",
                         "this PDF has no text layer (a scanned image): run OCR on it first"));
  }
  core::Document d;
  d.path = display_name;
  d.sha256 = sha256_hex(bytes);
  d.content_type = "application/pdf";
  d.blocks = std::move(layout.blocks);
  d.headers = std::move(layout.headers);
  d.title = std::string(str::trim(utf8(doc->get_title())));
  const ObjectRisks found = object_risks(bytes, start + std::chrono::duration_cast<std::chrono::steady_clock::duration>(
                                                         std::chrono::duration<double>(limits.max_seconds)));
  if (found.timed_out) {
    return file_error(
        f, ErrorCode::limit_exceeded,
        tr("読み取りが時間の上限を超えました", "reading took longer than the time limit"));
  }
  add_file_risks(d, *doc, found);
  return d;
}

Expected<core::Document> read_file(const std::string& path, const ReadOptions& options) {
  auto bytes = file::read(path, options.limits.max_input_bytes);
  if (!bytes) {
    return bytes.error();
  }
  return read_bytes(*bytes, path, options);
}

}  // namespace keiyaku::pdf
