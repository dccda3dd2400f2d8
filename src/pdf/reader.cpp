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

#include <algorithm>
#include <cctype>
#include <chrono>
#include <memory>
#include <mutex>
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

// The names a PDF's objects carry ("/JavaScript", "/Launch"), with #xx escapes decoded
// ("/J#61vaScript" is /JavaScript). Names inside compressed streams (object streams) are not seen.
std::vector<std::string> action_names(std::string_view bytes) {
  static constexpr std::string_view k_delimiters = "/()<>[]{}% \t\r\n\f";
  std::vector<std::string> found;
  for (size_t i = bytes.find('/'); i != std::string_view::npos; i = bytes.find('/', i)) {
    ++i;
    std::string name;
    while (i < bytes.size() && k_delimiters.find(bytes[i]) == std::string_view::npos &&
           bytes[i] != '\0' && name.size() < 32) {
      if (bytes[i] == '#' && i + 2 < bytes.size() && std::isxdigit(static_cast<unsigned char>(bytes[i + 1])) != 0 &&
          std::isxdigit(static_cast<unsigned char>(bytes[i + 2])) != 0) {
        name += static_cast<char>(std::stoi(std::string(bytes.substr(i + 1, 2)), nullptr, 16));
        i += 3;
      } else {
        name += bytes[i++];
      }
    }
    for (std::string_view wanted : {"JavaScript", "JS", "Launch", "GoToR", "SubmitForm", "ImportData"}) {
      if (name == wanted && std::find(found.begin(), found.end(), name) == found.end()) {
        found.push_back(name);
      }
    }
  }
  return found;
}

// File-level risks (PDF-*): scripts, actions that open or send something outside the file,
// embedded files, and the author in the document information. Nothing is run or opened.
void add_file_risks(core::Document& d, const poppler::document& doc, std::string_view bytes) {
  const auto add = [&](const char* id, core::RiskSeverity severity, std::string message, std::string detail) {
    d.file_risks.push_back(core::FileRisk{id, severity, std::move(message), std::move(detail)});
  };
  std::string script;
  std::string action;
  for (const std::string& name : action_names(bytes)) {
    std::string& into = name == "JavaScript" || name == "JS" ? script : action;
    into += (into.empty() ? "/" : ", /") + name;
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
  if (doc.has_embedded_files()) {
    add("PDF-EMBEDDED-FILE", core::RiskSeverity::medium,
        tr("埋め込みファイルがあります（内容は検査していません）", "embedded files (their content is not checked)"),
        std::to_string(doc.embedded_files().size()));
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
  add_file_risks(d, *doc, bytes);
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
