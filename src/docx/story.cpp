#include "story.hpp"

#include "symbols.hpp"

#include <base/i18n.hpp>
#include <base/strings.hpp>
#include <base/utf8.hpp>

#include <algorithm>
#include <array>
#include <cstdint>
#include <cstring>
#include <unordered_map>

namespace keiyaku::docx {

namespace {

using xml::Ns;

// Elements the reader acts on. Everything else is a transparent container.
enum class El : unsigned char {
  other,
  document,
  body,
  hdr,
  ftr,
  footnote,
  endnote,
  comment,
  p,
  pPr,
  pStyle,
  numPr,
  ilvl,
  numId,
  outlineLvl,
  rPr,
  vanish,
  specVanish,
  rStyle,
  rFonts,
  pPrChange,
  rPrChange,
  otherChange,
  sectPr,
  headerReference,
  footerReference,
  r,
  t,
  delText,
  instrText,
  delInstrText,
  tab,
  ptab,
  br,
  cr,
  noBreakHyphen,
  softHyphen,
  sym,
  fldChar,
  fldSimple,
  ins,
  del,
  moveFrom,
  moveTo,
  tbl,
  tr,
  trPr,
  tc,
  tcPr,
  gridSpan,
  vMerge,
  hMerge,
  gridBefore,
  cellIns,
  cellDel,
  txbxContent,
  rt,
  rubyPr,
  deadProps,
  footnoteReference,
  endnoteReference,
  commentReference,
  commentRangeStart,
  altChunk,
  subDoc,
  object,
  control,
  // other namespaces
  mcAlternateContent,
  mcChoice,
  mcFallback,
  oleObject,
};

const std::unordered_map<std::string_view, El>& w_elements() {
  static const std::unordered_map<std::string_view, El> k_map = {
      {"document", El::document},
      {"body", El::body},
      {"hdr", El::hdr},
      {"ftr", El::ftr},
      {"footnote", El::footnote},
      {"endnote", El::endnote},
      {"comment", El::comment},
      {"p", El::p},
      {"pPr", El::pPr},
      {"pStyle", El::pStyle},
      {"numPr", El::numPr},
      {"ilvl", El::ilvl},
      {"numId", El::numId},
      {"outlineLvl", El::outlineLvl},
      {"rPr", El::rPr},
      {"vanish", El::vanish},
      {"specVanish", El::specVanish},
      {"rStyle", El::rStyle},
      {"rFonts", El::rFonts},
      {"pPrChange", El::pPrChange},
      {"rPrChange", El::rPrChange},
      {"sectPrChange", El::otherChange},
      {"tblPrChange", El::otherChange},
      {"trPrChange", El::otherChange},
      {"tcPrChange", El::otherChange},
      {"tblGridChange", El::otherChange},
      {"numberingChange", El::otherChange},
      {"cellMerge", El::otherChange},
      {"sectPr", El::sectPr},
      {"headerReference", El::headerReference},
      {"footerReference", El::footerReference},
      {"r", El::r},
      {"t", El::t},
      {"delText", El::delText},
      {"instrText", El::instrText},
      {"delInstrText", El::delInstrText},
      {"tab", El::tab},
      {"ptab", El::ptab},
      {"br", El::br},
      {"cr", El::cr},
      {"noBreakHyphen", El::noBreakHyphen},
      {"softHyphen", El::softHyphen},
      {"sym", El::sym},
      {"fldChar", El::fldChar},
      {"fldSimple", El::fldSimple},
      {"ins", El::ins},
      {"del", El::del},
      {"moveFrom", El::moveFrom},
      {"moveTo", El::moveTo},
      {"tbl", El::tbl},
      {"tr", El::tr},
      {"trPr", El::trPr},
      {"tc", El::tc},
      {"tcPr", El::tcPr},
      {"gridSpan", El::gridSpan},
      {"vMerge", El::vMerge},
      {"hMerge", El::hMerge},
      {"gridBefore", El::gridBefore},
      {"cellIns", El::cellIns},
      {"cellDel", El::cellDel},
      {"txbxContent", El::txbxContent},
      {"rt", El::rt},
      {"rubyPr", El::rubyPr},
      {"sdtPr", El::deadProps},
      {"sdtEndPr", El::deadProps},
      {"smartTagPr", El::deadProps},
      {"customXmlPr", El::deadProps},
      {"tblPr", El::deadProps},
      {"tblGrid", El::deadProps},
      {"fldData", El::deadProps},
      {"ffData", El::deadProps},
      {"footnoteReference", El::footnoteReference},
      {"endnoteReference", El::endnoteReference},
      {"commentReference", El::commentReference},
      {"commentRangeStart", El::commentRangeStart},
      {"altChunk", El::altChunk},
      {"subDoc", El::subDoc},
      {"object", El::object},
      {"control", El::control},
  };
  return k_map;
}

// Which properties an element's children set.
enum class Target : unsigned char { none, para, old_para, mark, run, row, cell, sect };

struct Frame {
  El el = El::other;
  Target target = Target::none;
  bool dead = false;     // content not part of the chosen view (or not content at all)
  bool mc_dead = false;  // an mc branch not taken: not even counted
  bool chosen = false;   // mc:AlternateContent: a branch was taken
  bool ins = false;      // an accepted-view w:ins is open here
  bool opened = false;   // open() ran: close() must run too, even if the frame died since
  unsigned short ns_pushed = 0;
};

struct Pending {
  bool any = false;
  RawPara para;  // merged text so far, with the props of the last merged paragraph
  std::vector<RawPara> textboxes;
};

struct ParaBuilder {
  RawPara para;
  ParaProps cur, old;
  bool has_old = false;
  std::optional<bool> mark_vanish;
  bool spec_vanish = false;
  bool mark_deleted = false;
  bool mark_inserted = false;
  std::vector<RawPara> textboxes;
};

enum class ContainerKind { root, body, cell, textbox, group };

struct Container {
  ContainerKind kind;
  Pending pending;
};

struct TableCtx {
  int number = 0;
  int row = -1;
  int next_col = 0;
  int col = 0;
  int span = 1;
};

struct Field {
  bool instr = true;
  std::string code;
};

constexpr size_t k_max_fields = 64;
constexpr size_t k_max_field_code = 4096;
// Tracked changes of the body recorded one by one (Revisions::marks); more are counted only.
constexpr size_t k_max_revision_marks = 10000;

std::string upper_first_word(std::string_view code) {
  size_t i = 0;
  while (i < code.size() && (code[i] == ' ' || code[i] == '\t' || code[i] == '\n')) {
    ++i;
  }
  std::string w;
  while (i < code.size() && code[i] != ' ' && code[i] != '\t' && code[i] != '\\' &&
         code[i] != '"') {
    char c = code[i++];
    if (c >= 'a' && c <= 'z') {
      c = static_cast<char>(c - 'a' + 'A');
    }
    w += c;
  }
  return w;
}

class StoryHandler final : public xml::SaxHandler {
 public:
  StoryHandler(const xml::PartContext& ctx, const StoryOptions& opts) : m_ctx(ctx), m_opts(opts) {
    m_frames.reserve(64);
    m_frames.push_back(Frame{});
    m_containers.push_back(Container{ContainerKind::root, {}});
    m_out.paras.reserve(256);
  }

  StoryResult take() {
    while (m_containers.size() > 1) {
      pop_container();
    }
    flush_pending(m_containers.back());
    return std::move(m_out);
  }

  void start(const xmlChar* local,
             const xmlChar* uri,
             int nb_ns,
             const xmlChar** nss,
             int nb_attr,
             const xmlChar** attrs) override {
    if ((++m_elements & 1023U) == 0 && m_opts.budget->expired()) {
      stop(timeout_error(m_ctx.file));
      return;
    }
    const Frame& parent = m_frames.back();
    Frame f;
    f.dead = parent.dead;
    f.mc_dead = parent.mc_dead;
    f.target = parent.target;
    for (size_t i = 0; i < static_cast<size_t>(std::max(nb_ns, 0)); ++i) {
      const xmlChar* prefix = nss[2 * i];
      m_ns.emplace_back(prefix != nullptr ? reinterpret_cast<const char*>(prefix) : "",
                        xml::ns_of(nss[2 * i + 1]));
    }
    f.ns_pushed = static_cast<unsigned short>(nb_ns);
    const Ns ns = ns_cached(uri);
    f.el = element(ns, local);
    if (f.el == El::p) {
      ++m_p_seen;  // every w:p, whatever the view, so that annotation finds it again
    }
    const xml::SaxAttrs a{nb_attr, attrs};
    if (f.mc_dead) {
      m_frames.push_back(f);
      return;
    }
    if (f.dead) {
      count_revision_only(f.el, parent, a);
      m_frames.push_back(f);
      return;
    }
    f.opened = true;
    open(f, parent, a);
    m_frames.push_back(f);
  }

  void end() override {
    Frame f = m_frames.back();
    m_frames.pop_back();
    m_ns.resize(m_ns.size() - f.ns_pushed);
    if (f.opened) {
      close(f);
    }
  }

  void characters(const char* text, size_t len) override {
    const Frame& f = m_frames.back();
    if (f.dead) {
      return;
    }
    switch (f.el) {
      case El::t:
        if (!m_run_symbol_font.empty()) {
          emit(map_symbol_run(std::string_view(text, len), m_run_symbol_font,
                              &m_out.unknown_symbols),
               Source::literal);
        } else {
          emit(std::string_view(text, len), Source::literal);
        }
        break;
      case El::delText:
        if (m_opts.original_view) {
          emit(std::string_view(text, len), Source::literal);
        }
        break;
      case El::instrText:
        add_instr(std::string_view(text, len));
        break;
      case El::delInstrText:
        if (m_opts.original_view) {
          add_instr(std::string_view(text, len));
        }
        break;
      default:
        break;
    }
  }

 private:
  Ns ns_cached(const xmlChar* uri) {
    for (const auto& [p, n] : m_uri_cache) {
      if (p == uri) {
        return n;
      }
    }
    const Ns n = xml::ns_of(uri);
    m_uri_cache.emplace_back(uri, n);
    return n;
  }

  El element(Ns ns, const xmlChar* local) {
    if (ns == Ns::w) {
      // Local names are interned by the parser: a direct-mapped cache keyed by the pointer.
      const auto slot = (reinterpret_cast<uintptr_t>(local) >> 3U) & (k_cache_size - 1);
      if (m_cache_key[slot] == local) {
        return m_cache_el[slot];
      }
      const auto& map = w_elements();
      const auto m = map.find(reinterpret_cast<const char*>(local));
      const El e = m == map.end() ? El::other : m->second;
      m_cache_key[slot] = local;
      m_cache_el[slot] = e;
      return e;
    }
    const char* l = reinterpret_cast<const char*>(local);
    if (ns == Ns::mc) {
      if (std::strcmp(l, "AlternateContent") == 0) {
        return El::mcAlternateContent;
      }
      if (std::strcmp(l, "Choice") == 0) {
        return El::mcChoice;
      }
      if (std::strcmp(l, "Fallback") == 0) {
        return El::mcFallback;
      }
    }
    if (ns == Ns::o && std::strcmp(l, "OLEObject") == 0) {
      return El::oleObject;
    }
    return El::other;
  }

  bool understood_requires(std::string_view req) const {
    bool any = false;
    for (std::string_view p : str::split(req, ' ')) {
      if (p.empty()) {
        continue;
      }
      Ns found = Ns::none;
      bool seen = false;
      for (size_t i = m_ns.size(); i-- > 0;) {
        if (m_ns[i].first == p) {
          found = m_ns[i].second;
          seen = true;
          break;
        }
      }
      if (!seen || !xml::understood(found)) {
        return false;
      }
      any = true;
    }
    return any;
  }

  void add_author(const xml::SaxAttrs& a) {
    std::string_view author;
    if (a.get(Ns::w, "author", author) && !author.empty()) {
      auto& v = m_out.revisions.authors;
      if (std::find(v.begin(), v.end(), author) == v.end() && v.size() < 100) {
        v.emplace_back(author);
      }
    }
  }

  // Inside content that the view drops, revisions are still counted (not in untaken mc branches).
  void count_revision_only(El el, const Frame& parent, const xml::SaxAttrs& a) {
    switch (el) {
      case El::ins:
      case El::del:
      case El::moveFrom:
      case El::moveTo:
        if (parent.target == Target::none || parent.el == El::fldSimple) {
          count_content_revision(el, a);
        }
        break;
      default:
        break;
    }
  }

  void count_content_revision(El el, const xml::SaxAttrs& a) {
    core::Revisions& r = m_out.revisions;
    if (el == El::ins) {
      ++r.insertions;
    } else if (el == El::del) {
      ++r.deletions;
    } else if (el == El::moveFrom) {
      ++r.moves;
    }
    add_author(a);
    if (m_opts.kind == StoryKind::body && r.marks.size() < k_max_revision_marks) {
      r.marks.push_back({el == El::ins ? "ins" : el == El::del ? "del" : "move", std::string(a.value(Ns::w, "author")),
                         std::string(a.value(Ns::w, "date")), m_p_seen - 1});
    }
  }

  ParaBuilder* para() { return m_paras.empty() ? nullptr : &m_paras.back(); }

  ParaProps* props(Target t) {
    ParaBuilder* b = para();
    if (b == nullptr) {
      return nullptr;
    }
    if (t == Target::para) {
      return &b->cur;
    }
    if (t == Target::old_para) {
      return &b->old;
    }
    return nullptr;
  }

  Frame* find_frame(El el) {
    for (size_t i = m_frames.size(); i-- > 0;) {
      if (m_frames[i].el == el) {
        return &m_frames[i];
      }
    }
    return nullptr;
  }

  void open(Frame& f, const Frame& parent, const xml::SaxAttrs& a) {
    const bool orig = m_opts.original_view;
    switch (f.el) {
      case El::mcAlternateContent:
        f.target = Target::none;
        break;
      case El::mcChoice:
      case El::mcFallback: {
        Frame& ac = m_frames.back();  // the parent
        bool take = false;
        if (ac.el == El::mcAlternateContent && !ac.chosen) {
          take = f.el == El::mcFallback || understood_requires(a.value(Ns::none, "Requires"));
        }
        if (take) {
          ac.chosen = true;
        } else {
          f.dead = true;
          f.mc_dead = true;
        }
        break;
      }
      case El::body:
        push_container(ContainerKind::body);
        break;
      case El::hdr:
      case El::ftr:
        begin_group(f.el == El::hdr ? core::Part::header : core::Part::footer, "", a);
        break;
      case El::footnote:
      case El::endnote:
      case El::comment: {
        if (m_in_group || (m_opts.kind != StoryKind::notes && m_opts.kind != StoryKind::comments)) {
          break;  // only the top-level children of footnotes/endnotes/comments
        }
        const std::string_view type = a.value(Ns::w, "type");
        if (type == "separator" || type == "continuationSeparator" ||
            type == "continuationNotice") {
          f.dead = true;
          f.mc_dead = true;
          break;
        }
        const core::Part part = f.el == El::footnote  ? core::Part::footnote
                                : f.el == El::endnote ? core::Part::endnote
                                                      : core::Part::comment;
        begin_group(part, a.value(Ns::w, "id"), a);
        break;
      }
      case El::p: {
        ParaBuilder b;
        Container& c = m_containers.back();
        b.para.source_p = m_p_seen - 1;
        if (c.pending.any) {
          b.para.source_p = c.pending.para.source_p;
          b.para.text = std::move(c.pending.para.text);
          b.para.hidden = std::move(c.pending.para.hidden);
          b.para.anchors = std::move(c.pending.para.anchors);
          b.para.tracked_insert = c.pending.para.tracked_insert;
          b.textboxes = std::move(c.pending.textboxes);
          c.pending = Pending{};
        }
        place(b.para);
        m_paras.push_back(std::move(b));
        f.target = Target::none;
        break;
      }
      case El::pPr:
        f.target = parent.el == El::p           ? Target::para
                   : parent.el == El::pPrChange ? Target::old_para
                                                : Target::none;
        break;
      case El::pPrChange:
        add_author(a);
        ++m_out.revisions.formatting;
        if (ParaBuilder* b = para()) {
          b->has_old = true;
        }
        f.target = Target::none;
        break;
      case El::rPrChange:
      case El::otherChange:
        add_author(a);
        ++m_out.revisions.formatting;
        f.dead = true;
        break;
      case El::pStyle:
        if (ParaProps* p = props(f.target)) {
          p->style = std::string(a.value(Ns::w, "val"));
        }
        break;
      case El::numPr:
        if (ParaProps* p = props(f.target)) {
          p->has_num = true;
        }
        break;
      case El::ilvl:
        if (parent.el == El::numPr) {
          if (ParaProps* p = props(f.target)) {
            p->ilvl = parse_int(a.value(Ns::w, "val"));
          }
        }
        break;
      case El::numId:
        if (parent.el == El::numPr) {
          if (ParaProps* p = props(f.target)) {
            p->num_id = parse_int(a.value(Ns::w, "val"));
          }
        }
        break;
      case El::outlineLvl:
        if (ParaProps* p = props(f.target)) {
          p->outline = parse_int(a.value(Ns::w, "val"));
        }
        break;
      case El::rPr:
        if (parent.el == El::pPr && parent.target == Target::para) {
          f.target = Target::mark;
        } else if (parent.el == El::r) {
          f.target = Target::run;
        } else {
          f.target = Target::none;
        }
        break;
      case El::vanish: {
        std::string_view v;
        const bool on = !a.get(Ns::w, "val", v) || !(v == "0" || v == "false" || v == "off");
        if (parent.el == El::rPr && f.target == Target::mark) {
          if (ParaBuilder* b = para()) {
            b->mark_vanish = on;
          }
        } else if (parent.el == El::rPr && f.target == Target::run) {
          m_run_vanish = on;
          m_run_hidden_known = false;
        }
        break;
      }
      case El::specVanish:
        if (parent.el == El::rPr && f.target == Target::mark) {
          if (ParaBuilder* b = para()) {
            std::string_view v;
            b->spec_vanish = !a.get(Ns::w, "val", v) || !(v == "0" || v == "false" || v == "off");
          }
        }
        break;
      case El::rFonts:
        if (parent.el == El::rPr && f.target == Target::run) {
          // Word shows ASCII-range text in w:ascii, the rest of Latin in w:hAnsi: a symbol font
          // in either makes the run's private-use characters glyphs of that font.
          std::string_view font = a.value(Ns::w, "ascii");
          if (font.empty() || !is_symbol_font(font)) {
            font = a.value(Ns::w, "hAnsi");
          }
          m_run_symbol_font = is_symbol_font(font) ? std::string(font) : std::string();
        }
        break;
      case El::rStyle:
        if (f.target == Target::run) {
          m_run_style = std::string(a.value(Ns::w, "val"));
          m_run_hidden_known = false;
        }
        break;
      case El::ins:
      case El::del:
      case El::moveFrom:
      case El::moveTo:
        open_revision(f, parent, a);
        break;
      case El::cellIns:
      case El::cellDel:
        count_content_revision(f.el == El::cellIns ? El::ins : El::del, a);
        if ((f.el == El::cellDel && !orig) || (f.el == El::cellIns && orig)) {
          if (Frame* tc = find_frame(El::tc)) {
            tc->dead = true;
          }
        }
        break;
      case El::sectPr:
        f.target = Target::sect;
        break;
      case El::headerReference:
      case El::footerReference:
        if (parent.el == El::sectPr && m_opts.kind == StoryKind::body) {
          const std::string_view id = a.value(Ns::r, "id");
          if (!id.empty() && m_out.section_parts_rids.size() < 1000) {
            m_out.section_parts_rids.emplace_back(id);
          }
        }
        break;
      case El::r:
        m_run_vanish.reset();
        m_run_style.clear();
        m_run_symbol_font.clear();
        m_run_hidden_known = false;
        f.target = Target::none;
        break;
      case El::tab:
      case El::ptab:
        if (parent.el == El::r) {
          emit("\t");
        }
        break;
      case El::br:
      case El::cr:
        if (parent.el == El::r) {
          emit("\n");
        }
        break;
      case El::noBreakHyphen:
        if (parent.el == El::r) {
          emit("\u2011");
        }
        break;
      case El::sym:
        if (parent.el == El::r) {
          const std::string_view ch = a.value(Ns::w, "char");
          unsigned long code = 0;
          for (char c : ch.substr(0, 8)) {
            const int d = c >= '0' && c <= '9'   ? c - '0'
                          : c >= 'a' && c <= 'f' ? c - 'a' + 10
                          : c >= 'A' && c <= 'F' ? c - 'A' + 10
                                                 : -1;
            if (d < 0) {
              break;
            }
            code = code * 16 + static_cast<unsigned long>(d);
          }
          bool known = true;
          const std::string s =
              map_symbol(a.value(Ns::w, "font"), static_cast<char32_t>(code), &known);
          if (!known) {
            ++m_out.unknown_symbols;
          }
          emit(s);
        }
        break;
      case El::fldChar:
        field_char(a.value(Ns::w, "fldCharType"));
        break;
      case El::fldSimple: {
        const std::string_view instr = a.value(Ns::w, "instr");
        note_field(instr);
        break;
      }
      case El::tbl: {
        flush_pending(m_containers.back());
        if (static_cast<int>(m_tables.size()) >= m_opts.budget->limits.max_table_depth) {
          stop(xml::part_error(m_ctx, ErrorCode::limit_exceeded,
                               tr("表の入れ子が深すぎます", "tables nested too deep")));
          return;
        }
        TableCtx t;
        t.number = m_table_count++;
        m_tables.push_back(t);
        break;
      }
      case El::tr:
        if (!m_tables.empty()) {
          ++m_tables.back().row;
          m_tables.back().next_col = 0;
        }
        break;
      case El::trPr:
        f.target = Target::row;
        break;
      case El::gridBefore:
        if (f.target == Target::row && !m_tables.empty()) {
          m_tables.back().next_col +=
              std::clamp(parse_int(a.value(Ns::w, "val")).value_or(0), 0, 64);
        }
        break;
      case El::tc:
        if (!m_tables.empty()) {
          m_tables.back().col = m_tables.back().next_col;
          m_tables.back().span = 1;
        }
        push_container(ContainerKind::cell);
        f.target = Target::none;
        break;
      case El::tcPr:
        f.target = Target::cell;
        break;
      case El::gridSpan:
        if (f.target == Target::cell && !m_tables.empty()) {
          m_tables.back().span = std::clamp(parse_int(a.value(Ns::w, "val")).value_or(1), 1, 64);
        }
        break;
      case El::vMerge:
      case El::hMerge:
        if (f.target == Target::cell) {
          std::string_view v;
          if (!a.get(Ns::w, "val", v) || v == "continue") {
            // A continuation cell: the merged cell's text is shown once, from its first cell.
            if (Frame* tc = find_frame(El::tc)) {
              tc->dead = true;
            }
          }
        }
        break;
      case El::txbxContent:
        push_container(ContainerKind::textbox);
        ++m_textbox_depth;
        f.target = Target::none;
        break;
      case El::rt:
      case El::rubyPr:
      case El::deadProps:
        f.dead = true;
        break;
      case El::footnoteReference:
        anchor('f', a.value(Ns::w, "id"));
        break;
      case El::endnoteReference:
        anchor('e', a.value(Ns::w, "id"));
        break;
      case El::commentReference:
      case El::commentRangeStart:
        anchor('c', a.value(Ns::w, "id"));
        break;
      case El::altChunk: {
        flush_pending(m_containers.back());
        RawPara marker;
        marker.altchunk_rid = std::string(a.value(Ns::r, "id"));
        place(marker);
        if (m_opts.kind == StoryKind::body && m_textbox_depth == 0 && m_tables.empty()) {
          m_out.paras.push_back(std::move(marker));
        }
        f.dead = true;
        break;
      }
      case El::subDoc: {
        const std::string_view id = a.value(Ns::r, "id");
        if (m_out.subdoc_rids.size() < 100) {
          m_out.subdoc_rids.emplace_back(id);
        }
        break;
      }
      case El::object:
        ++m_out.objects;
        break;
      case El::control:
        ++m_out.controls;
        break;
      case El::oleObject:
        if (a.value(Ns::none, "Type") == "Link") {
          ++m_out.linked_objects;
        }
        break;
      default:
        break;
    }
  }

  void open_revision(Frame& f, const Frame& parent, const xml::SaxAttrs& a) {
    const bool orig = m_opts.original_view;
    const bool removes = f.el == El::del || f.el == El::moveFrom;
    if (parent.el == El::rPr && parent.target == Target::mark) {
      // A tracked change of the paragraph mark itself.
      count_content_revision(removes ? El::del : El::ins, a);
      if (ParaBuilder* b = para()) {
        (removes ? b->mark_deleted : b->mark_inserted) = true;
      }
      return;
    }
    if (parent.el == El::trPr) {
      count_content_revision(removes ? El::del : El::ins, a);
      if (removes != orig) {
        // Drop the row: its cells start dead, and the row index is reused.
        if (Frame* tr = find_frame(El::tr)) {
          tr->dead = true;
          if (!m_tables.empty()) {
            --m_tables.back().row;
          }
        }
      }
      return;
    }
    if (parent.target != Target::none && parent.el != El::fldSimple) {
      // w:numPr/w:ins, w:rPr/w:ins of a run ...: a formatting revision.
      ++m_out.revisions.formatting;
      add_author(a);
      return;
    }
    count_content_revision(f.el, a);
    if (removes != orig) {
      f.dead = true;  // not in this view
    } else if (!orig && !removes) {
      f.ins = true;
      ++m_ins_depth;
    }
  }

  void close(const Frame& f) {
    if (f.ins) {
      --m_ins_depth;
    }
    switch (f.el) {
      case El::p:
        end_paragraph();
        break;
      case El::body:
        pop_container();
        break;
      case El::hdr:
      case El::ftr:
      case El::footnote:
      case El::endnote:
      case El::comment:
        if (m_in_group && m_group_depth == m_frames.size()) {
          end_group();
        }
        break;
      case El::tbl:
        if (!m_tables.empty()) {
          m_tables.pop_back();
        }
        break;
      case El::tc:
        if (!m_tables.empty()) {
          m_tables.back().next_col += m_tables.back().span;
        }
        pop_container();
        break;
      case El::txbxContent:
        pop_container();
        --m_textbox_depth;
        break;
      case El::r:
        m_run_vanish.reset();
        m_run_style.clear();
        m_run_symbol_font.clear();
        m_run_hidden_known = false;
        break;
      default:
        break;
    }
  }

  // --- groups (notes, comments, headers) ---

  void begin_group(core::Part part, std::string_view id, const xml::SaxAttrs& a) {
    if (m_in_group) {
      return;
    }
    Group g;
    g.part = part;
    g.id = std::string(id);
    g.author = std::string(a.value(Ns::w, "author"));
    g.date = std::string(a.value(Ns::w, "date"));
    g.first = m_out.paras.size();
    m_group = std::move(g);
    m_in_group = true;
    m_group_depth = m_frames.size();  // depth of the frame about to be pushed
    push_container(ContainerKind::group);
  }

  void end_group() {
    pop_container();
    m_group.last = m_out.paras.size();
    m_out.groups.push_back(std::move(m_group));
    m_group = Group{};
    m_in_group = false;
  }

  // --- containers and paragraphs ---

  void push_container(ContainerKind k) { m_containers.push_back(Container{k, {}}); }

  void pop_container() {
    if (m_containers.size() <= 1) {
      return;
    }
    flush_pending(m_containers.back());
    m_containers.pop_back();
  }

  // Fills part and table position from where the paragraph stands.
  void place(RawPara& p) const {
    if (m_textbox_depth > 0) {
      p.part = core::Part::textbox;
    } else if (m_in_group) {
      p.part = m_group.part;
    } else {
      p.part = core::Part::body;
    }
    // Table position of the innermost table of this story level (not across a text box).
    if (!m_tables.empty() && m_containers.back().kind == ContainerKind::cell) {
      const TableCtx& t = m_tables.back();
      p.in_table = true;
      p.table = t.number;
      p.row = t.row;
      p.col = t.col;
      p.depth = static_cast<int>(m_tables.size());
    }
  }

  // Text of paragraphs whose mark is gone in this view waits here for the next paragraph.
  // When none follows in the same container, it becomes a paragraph of its own.
  void flush_pending(Container& c) {
    if (!c.pending.any) {
      return;
    }
    Pending p = std::move(c.pending);
    c.pending = Pending{};
    output(std::move(p.para), std::move(p.textboxes));
  }

  void end_paragraph() {
    if (m_paras.empty()) {
      return;
    }
    ParaBuilder b = std::move(m_paras.back());
    m_paras.pop_back();
    b.para.props = (m_opts.original_view && b.has_old) ? b.old : b.cur;
    const bool mark_gone = m_opts.original_view ? b.mark_inserted : b.mark_deleted;
    const bool mark_hidden = m_opts.styles->run_hidden(b.mark_vanish, b.para.props.style, "");
    // (w:specVanish, the style separator, only joins the lines visually: both paragraphs stay.)
    if (mark_gone || mark_hidden) {
      Container& c = m_containers.back();
      if (!c.pending.any) {
        c.pending.para.source_p = b.para.source_p;
      }
      c.pending.any = true;
      c.pending.para.text += b.para.text;
      c.pending.para.hidden += b.para.hidden;
      c.pending.para.tracked_insert |= b.para.tracked_insert;
      for (auto& an : b.para.anchors) {
        c.pending.para.anchors.push_back(std::move(an));
      }
      c.pending.para.props = b.para.props;
      c.pending.para.part = b.para.part;
      c.pending.para.in_table = b.para.in_table;
      c.pending.para.table = b.para.table;
      c.pending.para.row = b.para.row;
      c.pending.para.col = b.para.col;
      c.pending.para.depth = b.para.depth;
      for (auto& tb : b.textboxes) {
        c.pending.textboxes.push_back(std::move(tb));
      }
      return;
    }
    output(std::move(b.para), std::move(b.textboxes));
  }

  void output(RawPara para, std::vector<RawPara> textboxes) {
    // A paragraph inside a text box goes after the paragraph that anchors the box.
    if (para.part == core::Part::textbox && !m_paras.empty()) {
      std::vector<RawPara>& dest = m_paras.back().textboxes;
      dest.push_back(std::move(para));
      for (auto& tb : textboxes) {
        dest.push_back(std::move(tb));
      }
      return;
    }
    if (para.part == core::Part::textbox && m_in_group) {
      para.part = m_group.part;
      for (auto& tb : textboxes) {
        tb.part = m_group.part;
      }
    }
    m_out.paras.push_back(std::move(para));
    for (auto& tb : textboxes) {
      if (m_in_group) {
        tb.part = m_group.part;
      }
      m_out.paras.push_back(std::move(tb));
    }
  }

  void anchor(char kind, std::string_view id) {
    if (ParaBuilder* b = para()) {
      if (b->para.anchors.size() < 256) {
        b->para.anchors.emplace_back(kind, std::string(id));
      }
    }
  }

  // --- text ---

  bool run_hidden() {
    if (!m_opts.styles->any_vanish()) {
      return m_run_vanish.value_or(false);
    }
    if (!m_run_hidden_known) {
      const ParaBuilder* b = para();
      const ParaProps* p =
          b == nullptr ? nullptr : (m_opts.original_view && b->has_old ? &b->old : &b->cur);
      m_run_hidden = m_opts.styles->run_hidden(
          m_run_vanish, p != nullptr ? std::string_view(p->style) : "", m_run_style);
      m_run_hidden_known = true;
    }
    return m_run_hidden;
  }

  // Text from w:t (literal) or from a run element (w:tab, w:br, w:sym ...).
  enum class Source { literal, element };

  void emit(std::string_view s, Source source = Source::element) {
    if (m_instr_fields > 0) {
      // Inside a field instruction: even the results of nested fields are instruction text.
      add_instr(s);
      return;
    }
    ParaBuilder* b = para();
    if (b == nullptr) {
      return;
    }
    Budget& budget = *m_opts.budget;
    for (char c : s) {
      budget.text_chars += utf8::is_continuation(c) ? 0U : 1U;  // code points
    }
    if (budget.text_chars > budget.limits.max_text_chars) {
      stop(file_error(m_ctx.file, ErrorCode::limit_exceeded,
                      tr("テキストが長すぎます（上限 ", "too much text (limit ") +
                          std::to_string(budget.limits.max_text_chars) +
                          tr(" 文字）", " characters)")));
      return;
    }
    const bool hidden = run_hidden();
    std::string& dest = hidden ? b->para.hidden : b->para.text;
    if (source == Source::literal && (std::memchr(s.data(), '\n', s.size()) != nullptr ||
                                      std::memchr(s.data(), '\r', s.size()) != nullptr)) {
      // A literal line break inside w:t is shown as a space.
      for (char c : s) {
        dest += c == '\r' || c == '\n' ? ' ' : c;
      }
    } else {
      dest.append(s);
    }
    if (m_ins_depth > 0 && !hidden) {
      b->para.tracked_insert = true;
    }
  }

  // --- fields: a stack across paragraphs; instruction text is never shown ---

  void add_instr(std::string_view s) {
    for (size_t i = m_fields.size(); i-- > 0;) {
      if (m_fields[i].instr) {
        if (m_fields[i].code.size() + s.size() <= k_max_field_code) {
          m_fields[i].code.append(s);
        }
        return;
      }
    }
  }

  void field_char(std::string_view type) {
    if (type == "begin") {
      if (m_fields.size() >= k_max_fields) {
        ++m_field_overflow;
        return;
      }
      m_fields.push_back(Field{});
      ++m_instr_fields;
    } else if (type == "separate") {
      if (m_field_overflow > 0 || m_fields.empty()) {
        return;
      }
      Field& top = m_fields.back();
      if (top.instr) {
        top.instr = false;
        --m_instr_fields;
        note_field(top.code);
      }
    } else if (type == "end") {
      if (m_field_overflow > 0) {
        --m_field_overflow;
        return;
      }
      if (m_fields.empty()) {
        return;
      }
      Field top = std::move(m_fields.back());
      m_fields.pop_back();
      if (top.instr) {
        --m_instr_fields;
        note_field(top.code);
      }
    }
  }

  void note_field(std::string_view code) {
    const std::string type = upper_first_word(code);
    static const char* const k_interesting[] = {
        "DDE", "DDEAUTO", "INCLUDETEXT", "INCLUDEPICTURE", "IMPORT", "LINK", "HYPERLINK"};
    for (const char* k : k_interesting) {
      if (type == k) {
        if (m_out.fields.size() < 200) {
          m_out.fields.push_back(FieldCode{type, std::string(code.substr(0, 300))});
        }
        return;
      }
    }
  }

  const xml::PartContext& m_ctx;
  const StoryOptions& m_opts;
  StoryResult m_out;
  std::vector<Frame> m_frames;
  std::vector<std::pair<std::string, Ns>> m_ns;
  std::vector<std::pair<const xmlChar*, Ns>> m_uri_cache;
  static constexpr size_t k_cache_size = 256;
  std::array<const xmlChar*, k_cache_size> m_cache_key{};
  std::array<El, k_cache_size> m_cache_el{};
  std::vector<ParaBuilder> m_paras;
  std::vector<Container> m_containers;
  std::vector<TableCtx> m_tables;
  std::vector<Field> m_fields;
  size_t m_field_overflow = 0;
  int m_instr_fields = 0;
  int m_table_count = 0;
  int m_textbox_depth = 0;
  int m_ins_depth = 0;
  unsigned m_elements = 0;
  int m_p_seen = 0;  // w:p elements started so far, in every view and branch
  std::optional<bool> m_run_vanish;
  std::string m_run_style;
  std::string m_run_symbol_font;  ///< the run's w:rFonts when it is a symbol font
  bool m_run_hidden = false;
  bool m_run_hidden_known = false;
  bool m_in_group = false;
  size_t m_group_depth = 0;
  Group m_group;
};

}  // namespace

Expected<StoryResult> read_story(xml::ByteSource& source,
                                 const xml::PartContext& ctx,
                                 const StoryOptions& options) {
  StoryHandler h(ctx, options);
  Status st = xml::parse_sax(source, ctx, h);
  if (!st) {
    return st.error();
  }
  return h.take();
}

}  // namespace keiyaku::docx
