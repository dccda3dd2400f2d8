#include "reader.hpp"

#include "numbering.hpp"
#include "package.hpp"
#include "sniff.hpp"
#include "story.hpp"
#include "styles.hpp"
#include "xml.hpp"

#include <base/file.hpp>
#include <base/i18n.hpp>
#include <base/sha256.hpp>
#include <base/strings.hpp>
#include <base/term.hpp>
#include <base/utf8.hpp>

#include <algorithm>
#include <map>
#include <set>

namespace keiyaku::docx {

namespace {

using core::FileRisk;
using core::RiskSeverity;

constexpr const char* k_ct_docx =
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml";
constexpr const char* k_ct_docm = "application/vnd.ms-word.document.macroenabled.main+xml";
constexpr const char* k_ct_dotx =
    "application/vnd.openxmlformats-officedocument.wordprocessingml.template.main+xml";
constexpr const char* k_ct_dotm = "application/vnd.ms-word.template.macroenabledtemplate.main+xml";
constexpr const char* k_ct_package =
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document";

void add_risk(core::Document& doc,
              std::string id,
              RiskSeverity sev,
              std::string message,
              std::string detail = {}) {
  for (const FileRisk& r : doc.file_risks) {
    if (r.id == id && r.message == message && r.detail == detail) {
      return;
    }
  }
  if (doc.file_risks.size() >= 200) {
    return;
  }
  doc.file_risks.push_back(FileRisk{std::move(id), sev, std::move(message), std::move(detail)});
}

bool ends_with_ci(std::string_view s, std::string_view suffix) {
  return s.size() >= suffix.size() && fold(s.substr(s.size() - suffix.size())) == suffix;
}

// Text without anything but spaces and breaks counts as empty.
bool blank(std::string_view s) {
  for (size_t i = 0; i < s.size(); ++i) {
    const char c = s[i];
    if (c == ' ' || c == '\t' || c == '\n' || c == '\f') {
      continue;
    }
    if (c == '\xE3' && i + 2 < s.size() && s[i + 1] == '\x80' && s[i + 2] == '\x80') {  // U+3000
      i += 2;
      continue;
    }
    return false;
  }
  return true;
}

std::string snippet(std::string_view s, size_t max_cp = 60) {
  std::string out;
  size_t i = 0;
  size_t n = 0;
  while (i < s.size()) {
    const char32_t c = str::next_cp(s, i);
    if (++n > max_cp) {
      out += "…";
      break;
    }
    str::append_utf8(out, c == U'\n' || c == U'\t' ? U' ' : c);
  }
  return out;
}

// The bidirectional embeddings, overrides and isolates: text that a viewer shows in another
// order than it is stored and read ("Trojan Source").
bool bidi_control(char32_t c) {
  return (c >= 0x202A && c <= 0x202E) || (c >= 0x2066 && c <= 0x2069);
}

// Flags every bidirectional control in the text of the document (body, notes, comments, headers,
// hidden text): how many, and the first with its surroundings, escaped so that it shows.
void scan_bidi_controls(core::Document& doc) {
  size_t count = 0;
  std::string first;
  auto scan = [&](std::string_view where, std::string_view text) {
    size_t i = 0;
    while (i < text.size()) {
      const size_t at = i;
      if (!bidi_control(str::next_cp(text, i))) {
        continue;
      }
      if (count++ == 0) {
        // Shown from up to 20 code points before it (back over UTF-8 continuation bytes).
        size_t start = at;
        for (int n = 0; n < 20 && start > 0; ++n) {
          do {
            --start;
          } while (start > 0 && utf8::is_continuation(text[start]));
        }
        first = std::string(where) + ": " + term::escape(snippet(text.substr(start), 40));
      }
    }
  };
  for (const core::Block& b : doc.blocks) {
    scan(tr("段落 ", "paragraph ") + std::to_string(b.paragraph), b.text);
  }
  for (const auto* side : {&doc.comments, &doc.footnotes, &doc.endnotes, &doc.headers}) {
    for (const core::SideText& t : *side) {
      scan(t.id, t.text);
    }
  }
  for (const std::string& h : doc.hidden_text) {
    scan(tr("隠し文字", "hidden text"), h);
  }
  if (count > 0) {
    add_risk(doc, "DOCX-BIDI-CONTROL", RiskSeverity::high,
             tr("双方向テキストの制御文字（U+202A〜202E、U+2066〜2069）があります（",
                "bidirectional override characters (U+202A-202E, U+2066-2069) in the text (") +
                 std::to_string(count) +
                 tr(" 個）: 画面に見える順序と実際の文字の並びが異なるおそれがあります",
                    "): what is shown may differ from what is written"),
             first);
  }
}

// "word/_rels/document.xml.rels" -> "word/document.xml"; "_rels/.rels" -> "".
std::optional<std::string> source_of_rels(std::string_view rels) {
  if (!ends_with_ci(rels, ".rels")) {
    return std::nullopt;
  }
  const size_t pos = fold(rels).rfind("_rels/");
  if (pos == std::string::npos || (pos > 0 && rels[pos - 1] != '/')) {
    return std::nullopt;
  }
  std::string dir(rels.substr(0, pos));
  std::string name(rels.substr(pos + 6, rels.size() - pos - 6 - 5));
  return dir + name;
}

class Reader {
 public:
  Reader(const std::string& file, const ReadOptions& opts, Budget& budget, int level)
      : m_file(file), m_opts(opts), m_budget(budget), m_level(level) {}

  Expected<core::Document> run(std::string_view bytes);

 private:
  xml::PartContext ctx(const std::string& part) const {
    return {m_file, part, m_opts.limits.max_xml_depth};
  }
  Expected<xml::DocPtr> dom(const std::string& part);
  Status check_kind(std::string_view bytes) const;
  Status read_side_parts(core::Document& doc);
  Status read_story_part(const std::string& part,
                         StoryKind kind,
                         core::Document& doc,
                         std::vector<core::SideText>& dest);
  Status assemble_body(StoryResult& body, core::Document& doc);
  Status read_altchunk(const std::string& rid, core::Document& doc);
  void merge_story_facts(const StoryResult& s, core::Document& doc, const std::string& part);
  void scan_package_risks(core::Document& doc);
  void read_core_properties(core::Document& doc);
  std::string side_text(const StoryResult& s,
                        size_t first,
                        size_t last,
                        NumberingState& state) const;
  void fill_block_numbering(const RawPara& rp, NumberingState& state, core::Block& b) const;

  const std::string& m_file;
  const ReadOptions& m_opts;
  Budget& m_budget;
  int m_level;
  std::unique_ptr<Package> m_pkg;
  std::string m_main;
  Rels m_main_rels;
  Styles m_styles;
  Numbering m_numbering;
  std::map<std::pair<char, std::string>, int> m_anchor_para;
  std::vector<std::string> m_hyperlinks;
  int m_hyperlink_count = 0;
};

Status Reader::check_kind(std::string_view bytes) const {
  const std::string& f = m_file;
  switch (sniff(bytes)) {
    case FileKind::zip:
      return {};
    case FileKind::empty:
      return file_error(f, ErrorCode::not_zip, tr("空のファイルです", "empty file"));
    case FileKind::empty_zip:
      return file_error(f, ErrorCode::not_zip,
                        tr("空のZIPです（DOCXではありません）", "empty ZIP archive, not a DOCX"));
    case FileKind::spanned_zip:
      return file_error(f, ErrorCode::corrupt_zip,
                        tr("分割されたZIPは読めません", "spanned ZIP archives are not supported"));
    case FileKind::rtf:
      return file_error(
          f, ErrorCode::rtf,
          tr("RTF形式です（DOCXではありません）: Wordで .docx 形式で保存し直してください",
             "this is RTF, not DOCX: save it again as .docx in Word"));
    case FileKind::pdf:
      return file_error(f, ErrorCode::pdf,
                        tr("PDFです（DOCXではありません）: 元のWord文書（.docx）を入手してください",
                           "this is a PDF, not DOCX: obtain the original Word document (.docx)"));
    case FileKind::xml:
      return file_error(
          f, ErrorCode::not_zip,
          tr("XMLファイルです（Word 2003 XML / Flat OPC は読めません）: .docx "
             "形式で保存し直してください",
             "this is an XML file (Word 2003 XML / Flat OPC are not supported): save it as .docx"));
    case FileKind::html:
      return file_error(
          f, ErrorCode::not_zip,
          tr("HTML/MHTファイルです（DOCXではありません）", "this is HTML/MHT, not DOCX"));
    case FileKind::cfb:
      switch (classify_cfb(bytes)) {
        case CfbKind::encrypted_ooxml:
          return file_error(
              f, ErrorCode::encrypted,
              tr("暗号化されたDOCXは読めません: パスワードを解除して保存し直してください",
                 "cannot read a password-protected DOCX: remove the password and save it again"));
        case CfbKind::legacy_doc:
          return file_error(
              f, ErrorCode::legacy_doc,
              tr("Word 97-2003 形式（.doc）です: Wordで .docx 形式で保存し直してください",
                 "this is a Word 97-2003 document (.doc): save it again as .docx in Word"));
        case CfbKind::other:
        case CfbKind::broken:
          break;
      }
      return file_error(f, ErrorCode::not_zip,
                        tr("OLE2複合ファイルですがWord文書ではありません",
                           "an OLE2 compound file that is not a Word document"));
    case FileKind::unknown:
      break;
  }
  return file_error(
      f, ErrorCode::not_zip,
      tr("ZIP形式ではありません（DOCXではありません）", "not a ZIP archive (not a DOCX)"));
}

Expected<xml::DocPtr> Reader::dom(const std::string& part) {
  auto data = m_pkg->read(part, m_opts.limits.max_read_bytes);
  if (!data) {
    return data.error();
  }
  return xml::parse_dom(*data, ctx(part));
}

Expected<core::Document> Reader::run(std::string_view bytes) {
  const Limits& lim = m_opts.limits;
  if (Status st = check_kind(bytes); !st) {
    return st.error();
  }
  auto pkg = Package::open(bytes, m_file, m_budget);
  if (!pkg) {
    return pkg.error();
  }
  m_pkg = std::move(*pkg);
  if (Status st = m_pkg->load_content_types(lim.max_xml_depth); !st) {
    return st.error();
  }
  auto root_rels = m_pkg->rels_of("", lim.max_xml_depth);
  if (!root_rels) {
    return root_rels.error();
  }
  const Rel* office = root_rels->first_of("officeDocument");
  if (office == nullptr || office->external || !m_pkg->has(office->target)) {
    return file_error(m_file, ErrorCode::no_main_part,
                      tr("本文の部品（officeDocument）が見つかりません",
                         "no main document part (officeDocument relationship)"));
  }
  m_main = office->target;
  core::Document doc;
  doc.content_type = m_pkg->content_type(m_main);
  const std::string ct = fold(doc.content_type);
  if (ct != fold(k_ct_docx) && ct != k_ct_docm && ct != fold(k_ct_dotx) && ct != k_ct_dotm) {
    return file_error(m_file, ErrorCode::no_main_part,
                      tr("本文の部品の種類が Word 文書ではありません: ",
                         "the main part is not a Word document: ") +
                          (doc.content_type.empty() ? std::string("(none)") : doc.content_type));
  }
  if (ct == k_ct_docm || ct == k_ct_dotm) {
    const bool renamed = ends_with_ci(m_file, ".docx") || ends_with_ci(m_file, ".dotx");
    add_risk(doc, "DOCX-MACRO", RiskSeverity::high,
             renamed ? tr("マクロ有効形式なのに拡張子が .docx です（偽装の疑い）",
                          "macro-enabled content under a .docx name (disguised)")
                     : tr("マクロ有効形式の文書です", "macro-enabled document"),
             doc.content_type);
  }
  auto main_rels = m_pkg->rels_of(m_main, lim.max_xml_depth);
  if (!main_rels) {
    return main_rels.error();
  }
  m_main_rels = std::move(*main_rels);

  // Side parts through the main part's relationships, never fixed paths.
  if (const Rel* r = m_main_rels.first_of("styles");
      r != nullptr && !r->external && m_pkg->has(r->target)) {
    auto d = dom(r->target);
    if (!d) {
      return d.error();
    }
    m_styles.load(d->get());
  }
  if (const Rel* r = m_main_rels.first_of("numbering");
      r != nullptr && !r->external && m_pkg->has(r->target)) {
    auto d = dom(r->target);
    if (!d) {
      return d.error();
    }
    m_numbering.load(d->get());
  }
  if (const Rel* r = m_main_rels.first_of("settings");
      r != nullptr && !r->external && m_pkg->has(r->target)) {
    auto d = dom(r->target);
    if (!d) {
      return d.error();
    }
    const xmlNode* t = xml::child(xmlDocGetRootElement(d->get()), xml::Ns::w, "attachedTemplate");
    if (t != nullptr) {
      const char* id = xml::attr(t, xml::Ns::r, "id");
      auto srels = m_pkg->rels_of(r->target, lim.max_xml_depth);
      if (!srels) {
        return srels.error();
      }
      const Rel* tr_rel = id != nullptr ? srels->by_id(id) : nullptr;
      if (tr_rel != nullptr && tr_rel->external) {
        add_risk(doc, "DOCX-EXTERNAL-TEMPLATE", RiskSeverity::high,
                 tr("外部のテンプレートを参照しています（開くと取得されます）",
                    "attached template outside the file (fetched when opened)"),
                 tr_rel->target);
      }
    }
  }

  // The main story.
  auto main_xml = m_pkg->open_stream(m_main, lim.max_read_bytes);
  if (!main_xml) {
    return main_xml.error();
  }
  StoryOptions so;
  so.kind = StoryKind::body;
  so.original_view = m_opts.revisions == RevisionView::original;
  so.styles = &m_styles;
  so.budget = &m_budget;
  auto body = read_story(**main_xml, ctx(m_main), so);
  if (!body) {
    return body.error();
  }
  main_xml->reset();
  merge_story_facts(*body, doc, m_main);
  if (Status st = assemble_body(*body, doc); !st) {
    return st.error();
  }
  // Headers and footers referenced from the sections, each part once.
  std::set<std::string> seen;
  for (const std::string& rid : body->section_parts_rids) {
    const Rel* r = m_main_rels.by_id(rid);
    if (r == nullptr || r->external || !m_pkg->has(r->target) ||
        !seen.insert(fold(r->target)).second) {
      continue;
    }
    if (Status st =
            read_story_part(r->target, r->type == "footer" ? StoryKind::footer : StoryKind::header,
                            doc, doc.headers);
        !st) {
      return st.error();
    }
  }
  if (Status st = read_side_parts(doc); !st) {
    return st.error();
  }
  read_core_properties(doc);
  scan_package_risks(doc);

  const core::Revisions& rv = doc.revisions;
  if (rv.total() > 0) {
    std::string detail = tr("挿入 ", "insertions ") + std::to_string(rv.insertions) +
                         tr("、削除 ", ", deletions ") + std::to_string(rv.deletions) +
                         tr("、移動 ", ", moves ") + std::to_string(rv.moves) +
                         tr("、書式 ", ", formatting ") + std::to_string(rv.formatting);
    if (!rv.authors.empty()) {
      detail += tr("（作成者: ", " (authors: ") + str::join(rv.authors, ", ") + tr("）", ")");
    }
    add_risk(doc, "DOCX-REVISIONS", RiskSeverity::medium,
             tr("未承認の変更履歴があります（", "unaccepted tracked changes (") +
                 std::to_string(rv.total()) + tr(" 件）", ")"),
             detail);
  }
  if (!doc.comments.empty()) {
    std::vector<std::string> authors;
    for (const core::SideText& c : doc.comments) {
      if (!c.author.empty() &&
          std::find(authors.begin(), authors.end(), c.author) == authors.end()) {
        authors.push_back(c.author);
      }
    }
    add_risk(
        doc, "DOCX-COMMENTS", RiskSeverity::low,
        tr("コメントが残っています（", "comments left in the file (") +
            std::to_string(doc.comments.size()) + tr(" 件）", ")"),
        authors.empty() ? std::string() : tr("作成者: ", "authors: ") + str::join(authors, ", "));
  }
  if (!doc.hidden_text.empty()) {
    add_risk(doc, "DOCX-HIDDEN-TEXT", RiskSeverity::medium,
             tr("隠し文字（非表示の文字列）があります（", "hidden text (") +
                 std::to_string(doc.hidden_text.size()) +
                 tr(" 箇所）: 本文から除いて読んでいます", " places): kept out of the body"),
             snippet(doc.hidden_text.front()));
  }
  scan_bidi_controls(doc);
  return doc;
}

void Reader::merge_story_facts(const StoryResult& s, core::Document& doc, const std::string& part) {
  core::Revisions& r = doc.revisions;
  r.insertions += s.revisions.insertions;
  r.deletions += s.revisions.deletions;
  r.moves += s.revisions.moves;
  r.formatting += s.revisions.formatting;
  for (const std::string& a : s.revisions.authors) {
    if (std::find(r.authors.begin(), r.authors.end(), a) == r.authors.end()) {
      r.authors.push_back(a);
    }
  }
  if (part == m_main && m_level == 0) {
    r.marks.insert(r.marks.end(), s.revisions.marks.begin(), s.revisions.marks.end());
  }
  for (const FieldCode& f : s.fields) {
    if (f.type == "DDE" || f.type == "DDEAUTO") {
      add_risk(doc, "DOCX-DDE", RiskSeverity::critical,
               tr("DDE フィールドがあります（外部プログラムを起動できます）",
                  "DDE field (can start programs)"),
               snippet(f.code, 120));
    } else if (f.type == "HYPERLINK") {
      ++m_hyperlink_count;
      if (m_hyperlinks.size() < 5) {
        m_hyperlinks.push_back(snippet(f.code, 120));
      }
    } else {
      add_risk(doc, "DOCX-DDE", RiskSeverity::high,
               tr("外部の内容を取り込むフィールドがあります（",
                  "field that pulls in outside content (") +
                   f.type + ")",
               snippet(f.code, 120));
    }
  }
  for (const std::string& rid : s.subdoc_rids) {
    const Rel* rel = m_main_rels.by_id(rid);
    add_risk(doc, "DOCX-EXTERNAL-LINK", RiskSeverity::medium,
             tr("サブ文書（subDoc）を参照しています（内容は読んでいません）",
                "refers to a sub-document (not read)"),
             rel != nullptr ? snippet(rel->target, 120) : rid);
  }
  if (s.objects > 0) {
    add_risk(doc, "DOCX-OLE", RiskSeverity::medium,
             tr("埋め込みオブジェクト（OLE）があります", "embedded objects (OLE)"),
             part + ": " + std::to_string(s.objects));
  }
  if (s.controls > 0) {
    add_risk(doc, "DOCX-OLE", RiskSeverity::high,
             tr("ActiveX コントロールがあります", "ActiveX controls"),
             part + ": " + std::to_string(s.controls));
  }
  if (s.linked_objects > 0) {
    add_risk(doc, "DOCX-OLE", RiskSeverity::high,
             tr("外部にリンクされたOLEオブジェクトがあります", "linked OLE objects"),
             part + ": " + std::to_string(s.linked_objects));
  }
}

void Reader::fill_block_numbering(const RawPara& rp, NumberingState& state, core::Block& b) const {
  const ParaProps& p = rp.props;
  const std::string& style_id = p.style.empty() ? m_styles.default_paragraph() : p.style;
  const ResolvedStyle* rs = m_styles.find(style_id);
  std::optional<int> num_id = p.num_id;
  bool from_style = false;
  if (!num_id && rs != nullptr && rs->num_id) {
    num_id = rs->num_id;
    from_style = true;
  }
  std::optional<int> ilvl = p.ilvl;
  if (!ilvl && rs != nullptr && rs->ilvl) {
    ilvl = rs->ilvl;
  }
  if (num_id && *num_id != 0) {
    const Label lab = state.next(*num_id, ilvl, from_style ? style_id : std::string());
    b.label = lab.text;
    if (lab.numbered) {
      b.list_level = lab.level;
      b.list_value = lab.value;
    }
  }
  if (!p.style.empty()) {
    b.style = rs != nullptr ? rs->name : p.style;
  }
  if (p.outline) {
    b.outline_level = *p.outline >= 0 && *p.outline <= 8 ? *p.outline : -1;
  } else if (rs != nullptr && rs->outline) {
    b.outline_level = *rs->outline;
  }
}

Status Reader::assemble_body(StoryResult& body, core::Document& doc) {
  NumberingState body_state(m_numbering, m_styles);
  NumberingState textbox_state(m_numbering, m_styles);
  for (RawPara& rp : body.paras) {
    if (!rp.altchunk_rid.empty()) {
      if (Status st = read_altchunk(rp.altchunk_rid, doc); !st) {
        return st;
      }
      continue;
    }
    if (!rp.hidden.empty() && !blank(rp.hidden)) {
      doc.hidden_text.push_back(rp.hidden);
    }
    core::Block b;
    fill_block_numbering(rp, rp.part == core::Part::textbox ? textbox_state : body_state, b);
    if (blank(rp.text) && b.label.empty() && rp.anchors.empty()) {
      continue;  // an empty paragraph: nothing to show or cite
    }
    b.text = std::move(rp.text);
    b.part = rp.part;
    b.in_table = rp.in_table;
    b.table = rp.table;
    b.row = rp.row;
    b.col = rp.col;
    b.depth = rp.depth;
    b.tracked_insert = rp.tracked_insert;
    b.source_paragraph = m_level == 0 ? rp.source_p : -1;
    b.paragraph = static_cast<int>(doc.blocks.size());
    for (const auto& an : rp.anchors) {
      m_anchor_para.emplace(an, b.paragraph);
    }
    doc.blocks.push_back(std::move(b));
  }
  return {};
}

Status Reader::read_altchunk(const std::string& rid, core::Document& doc) {
  const Rel* r = m_main_rels.by_id(rid);
  if (r == nullptr || r->external || !m_pkg->has(r->target)) {
    add_risk(doc, "DOCX-ALTCHUNK", RiskSeverity::medium,
             tr("埋め込み文書（altChunk）の部品が見つかりません", "altChunk part is missing"), rid);
    return {};
  }
  const std::string type = fold(m_pkg->content_type(r->target));
  const bool docx =
      type == k_ct_package || type == fold(k_ct_docx) || ends_with_ci(r->target, ".docx");
  if (!docx || m_level >= 1) {
    add_risk(
        doc, "DOCX-ALTCHUNK", RiskSeverity::medium,
        m_level >= 1
            ? tr("入れ子の埋め込み文書（altChunk）は読んでいません", "nested altChunk not read")
            : tr("埋め込み文書（altChunk）の内容は読んでいません（Word が開くときに取り込みます）",
                 "altChunk content not read (Word imports it when opening)"),
        r->target + " (" + (type.empty() ? std::string("?") : type) + ")");
    return {};
  }
  auto bytes = m_pkg->read(r->target, m_opts.limits.max_read_bytes);
  if (!bytes) {
    return bytes.error();
  }
  const std::string name = m_file + ":" + r->target;
  Reader inner(name, m_opts, m_budget, m_level + 1);
  auto sub = inner.run(*bytes);
  if (!sub) {
    if (sub.error().code == ErrorCode::limit_exceeded) {
      return sub.error();
    }
    add_risk(
        doc, "DOCX-ALTCHUNK", RiskSeverity::medium,
        tr("埋め込み文書（altChunk）を読めませんでした", "could not read an altChunk document"),
        sub.error().message);
    return {};
  }
  core::Document& d = *sub;
  const int offset = static_cast<int>(doc.blocks.size());
  for (core::Block& b : d.blocks) {
    b.paragraph += offset;
    b.source_paragraph = -1;  // in the altChunk part, not in the main part
    doc.blocks.push_back(std::move(b));
  }
  for (auto* list : {&d.comments, &d.footnotes, &d.endnotes, &d.headers}) {
    std::vector<core::SideText>& dest = list == &d.comments    ? doc.comments
                                        : list == &d.footnotes ? doc.footnotes
                                        : list == &d.endnotes  ? doc.endnotes
                                                               : doc.headers;
    for (core::SideText& s : *list) {
      if (s.anchor >= 0) {
        s.anchor += offset;
      }
      s.id = r->target + "#" + s.id;
      dest.push_back(std::move(s));
    }
  }
  for (std::string& h : d.hidden_text) {
    doc.hidden_text.push_back(std::move(h));
  }
  doc.revisions.insertions += d.revisions.insertions;
  doc.revisions.deletions += d.revisions.deletions;
  doc.revisions.moves += d.revisions.moves;
  doc.revisions.formatting += d.revisions.formatting;
  for (const std::string& a : d.revisions.authors) {
    if (std::find(doc.revisions.authors.begin(), doc.revisions.authors.end(), a) ==
        doc.revisions.authors.end()) {
      doc.revisions.authors.push_back(a);
    }
  }
  for (core::FileRisk& fr : d.file_risks) {
    if (fr.id == "DOCX-REVISIONS" || fr.id == "DOCX-COMMENTS" || fr.id == "DOCX-HIDDEN-TEXT") {
      continue;  // recounted for the whole document
    }
    fr.detail = r->target + ": " + fr.detail;
    add_risk(doc, fr.id, fr.severity, fr.message, fr.detail);
  }
  return {};
}

std::string Reader::side_text(const StoryResult& s,
                              size_t first,
                              size_t last,
                              NumberingState& state) const {
  std::string out;
  for (size_t i = first; i < last && i < s.paras.size(); ++i) {
    const RawPara& rp = s.paras[i];
    core::Block b;
    fill_block_numbering(rp, state, b);
    if (blank(rp.text) && b.label.empty()) {
      continue;
    }
    if (!out.empty()) {
      out += '\n';
    }
    if (!b.label.empty()) {
      out += b.label + " ";
    }
    out += rp.text;
  }
  return out;
}

Status Reader::read_story_part(const std::string& part,
                               StoryKind kind,
                               core::Document& doc,
                               std::vector<core::SideText>& dest) {
  auto data = m_pkg->open_stream(part, m_opts.limits.max_read_bytes);
  if (!data) {
    return data.error();
  }
  StoryOptions so;
  so.kind = kind;
  so.original_view = m_opts.revisions == RevisionView::original;
  so.styles = &m_styles;
  so.budget = &m_budget;
  auto story = read_story(**data, ctx(part), so);
  if (!story) {
    return story.error();
  }
  merge_story_facts(*story, doc, part);
  NumberingState state(m_numbering, m_styles);
  for (const RawPara& rp : story->paras) {
    if (!rp.hidden.empty() && !blank(rp.hidden)) {
      doc.hidden_text.push_back(rp.hidden);
    }
  }
  for (const Group& g : story->groups) {
    core::SideText st;
    st.id = (kind == StoryKind::header || kind == StoryKind::footer) ? part : g.id;
    st.author = g.author;
    st.date = g.date;
    st.part = g.part;
    st.text = side_text(*story, g.first, g.last, state);
    const char k = g.part == core::Part::footnote ? 'f' : g.part == core::Part::endnote ? 'e' : 'c';
    const auto it = m_anchor_para.find({k, g.id});
    if (it != m_anchor_para.end() && kind != StoryKind::header && kind != StoryKind::footer) {
      st.anchor = it->second;
    }
    if (kind == StoryKind::notes && st.text.empty() && st.anchor < 0) {
      continue;
    }
    dest.push_back(std::move(st));
  }
  return {};
}

Status Reader::read_side_parts(core::Document& doc) {
  struct Side {
    const char* type;
    StoryKind kind;
    std::vector<core::SideText>* dest;
  };
  const Side sides[] = {{"footnotes", StoryKind::notes, &doc.footnotes},
                        {"endnotes", StoryKind::notes, &doc.endnotes},
                        {"comments", StoryKind::comments, &doc.comments}};
  for (const Side& s : sides) {
    const Rel* r = m_main_rels.first_of(s.type);
    if (r == nullptr || r->external || !m_pkg->has(r->target)) {
      continue;
    }
    if (Status st = read_story_part(r->target, s.kind, doc, *s.dest); !st) {
      return st;
    }
  }
  return {};
}

void Reader::read_core_properties(core::Document& doc) {
  auto root = m_pkg->rels_of("", m_opts.limits.max_xml_depth);
  std::string part;
  if (root) {
    if (const Rel* r = root->first_of("core-properties"); r != nullptr && !r->external) {
      part = r->target;
    }
  }
  if (part.empty() || !m_pkg->has(part)) {
    return;
  }
  auto d = dom(part);
  if (!d) {
    return;  // metadata is optional; a broken core.xml does not stop the review
  }
  std::string creator;
  std::string modified_by;
  for (xmlNode* c : xml::children(xmlDocGetRootElement(d->get()))) {
    const std::string_view name = reinterpret_cast<const char*>(c->name);
    if (name == "title" && doc.title.empty()) {
      doc.title = std::string(str::trim(xml::text(c)));
    } else if (name == "creator") {
      creator = std::string(str::trim(xml::text(c)));
    } else if (name == "lastModifiedBy") {
      modified_by = std::string(str::trim(xml::text(c)));
    }
  }
  if (!creator.empty() || !modified_by.empty()) {
    std::string detail;
    if (!creator.empty()) {
      detail += tr("作成者: ", "creator: ") + snippet(creator);
    }
    if (!modified_by.empty()) {
      detail += (detail.empty() ? "" : ", ") + tr("最終更新者: ", "last modified by: ") +
                snippet(modified_by);
    }
    add_risk(doc, "DOCX-METADATA", RiskSeverity::low,
             tr("文書のプロパティに作成者などの個人情報が残っています",
                "document properties hold personal data (author names)"),
             detail);
  }
}

void Reader::scan_package_risks(core::Document& doc) {
  int embeddings = 0;
  int activex = 0;
  bool vba = false;
  for (const std::string& name : m_pkg->names()) {
    const std::string f = fold(name);
    if (ends_with_ci(f, "vbaproject.bin") || ends_with_ci(f, "vbadata.xml")) {
      vba = true;
    }
    if (f.find("/embeddings/") != std::string::npos && f.back() != '/') {
      ++embeddings;
    }
    if (f.find("/activex/") != std::string::npos && ends_with_ci(f, ".bin")) {
      ++activex;
    }
  }
  if (vba || m_main_rels.first_of("vbaProject") != nullptr) {
    add_risk(doc, "DOCX-MACRO", RiskSeverity::high,
             tr("マクロ（VBA）が含まれています", "contains VBA macros"), "vbaProject.bin");
  }
  if (embeddings > 0) {
    add_risk(doc, "DOCX-OLE", RiskSeverity::medium,
             tr("埋め込みファイルがあります（内容は検査していません）",
                "embedded files (their content is not checked)"),
             std::to_string(embeddings));
  }
  if (activex > 0) {
    add_risk(doc, "DOCX-OLE", RiskSeverity::high,
             tr("ActiveX コントロールがあります", "ActiveX controls"), std::to_string(activex));
  }
  // Every relationship part: external targets are reported, never fetched.
  for (const std::string& name : m_pkg->names()) {
    const std::optional<std::string> source = source_of_rels(name);
    if (!source) {
      continue;
    }
    auto rels = m_pkg->rels_of(*source, m_opts.limits.max_xml_depth);
    if (!rels) {
      continue;
    }
    for (const Rel& r : rels->items) {
      if (!r.external) {
        continue;
      }
      if (r.type == "hyperlink") {
        ++m_hyperlink_count;
        if (m_hyperlinks.size() < 5) {
          m_hyperlinks.push_back(snippet(r.target, 120));
        }
      } else if (r.type == "attachedTemplate") {
        add_risk(doc, "DOCX-EXTERNAL-TEMPLATE", RiskSeverity::high,
                 tr("外部のテンプレートを参照しています（開くと取得されます）",
                    "attached template outside the file (fetched when opened)"),
                 r.target);
      } else if (r.type == "oleObject") {
        const std::string t = fold(r.target);
        const bool follina = str::starts_with(t, "mhtml:") || str::starts_with(t, "ms-msdt:");
        add_risk(doc, "DOCX-OLE", follina ? RiskSeverity::critical : RiskSeverity::high,
                 follina ? tr("外部OLEリンクが攻撃に使われる形式です（Follina 型）",
                              "linked OLE object of the Follina kind")
                         : tr("外部にリンクされたOLEオブジェクトがあります", "linked OLE objects"),
                 snippet(r.target, 120));
      } else {
        add_risk(
            doc, "DOCX-EXTERNAL-LINK", RiskSeverity::medium,
            tr("外部の資源を参照しています（", "refers to an outside resource (") + r.type + ")",
            snippet(r.target, 120));
      }
    }
  }
  if (m_hyperlink_count > 0) {
    add_risk(doc, "DOCX-EXTERNAL-LINK", RiskSeverity::info,
             tr("外部へのハイパーリンクがあります（", "hyperlinks to outside addresses (") +
                 std::to_string(m_hyperlink_count) + tr(" 件）", ")"),
             str::join(m_hyperlinks, " "));
  }
}

}  // namespace

Expected<core::Document> read_bytes(std::string_view bytes,
                                    const std::string& display_name,
                                    const ReadOptions& options) {
  xml::init_once();
  Budget budget(options.limits);
  Reader reader(display_name, options, budget, 0);
  auto doc = reader.run(bytes);
  if (!doc) {
    return doc;
  }
  doc->path = display_name;
  doc->sha256 = sha256_hex(bytes);
  return doc;
}

Expected<core::Document> read_file(const std::string& path, const ReadOptions& options) {
  // Mapped, not read: only the central directory and the parts read are ever touched.
  auto bytes = file::map(path, options.limits.max_read_bytes);
  if (!bytes) {
    return bytes.error();
  }
  return read_bytes(bytes->bytes(), path, options);
}

}  // namespace keiyaku::docx
