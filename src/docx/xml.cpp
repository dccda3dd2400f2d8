#include "xml.hpp"

#include <base/i18n.hpp>

#include <libxml/SAX2.h>
#include <libxml/parser.h>
#include <libxml/parserInternals.h>
#include <libxml/xmlerror.h>

#include <cstring>
#include <mutex>

namespace keiyaku::docx::xml {

namespace {

// OPC parts must not use DTDs; anything that would load one is refused anyway.
xmlParserInputPtr deny_entity_loader(const char* /*url*/,
                                     const char* /*id*/,
                                     xmlParserCtxtPtr /*ctxt*/) {
  return nullptr;
}

void silent_generic(void* /*ctx*/, const char* /*msg*/, ...) {}
void silent_structured(void* /*ctx*/, xmlErrorPtr /*err*/) {}

// Errors raised without a parser context (encoding layer, I/O) go to libxml2's per-thread
// handlers; point them at nothing so libxml2 never writes to stderr.
void silence_this_thread() {
  thread_local bool done = false;
  if (!done) {
    xmlSetGenericErrorFunc(nullptr, silent_generic);
    xmlSetStructuredErrorFunc(nullptr, silent_structured);
    done = true;
  }
}

// NONET: no network. NOERROR/NOWARNING: nothing printed. IGNORE_ENC: UTF-8/UTF-16 only (OPC M1.17).
// Never NOENT, DTDLOAD, DTDATTR, HUGE, RECOVER or NOBLANKS.
constexpr int k_options = XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING |
                          XML_PARSE_IGNORE_ENC | XML_PARSE_NOCDATA;

struct NsEntry {
  const char* uri;
  Ns ns;
};

const NsEntry k_namespaces[] = {
    {"http://schemas.openxmlformats.org/wordprocessingml/2006/main", Ns::w},
    {"http://purl.oclc.org/ooxml/wordprocessingml/main", Ns::w},
    {"http://schemas.openxmlformats.org/officeDocument/2006/relationships", Ns::r},
    {"http://purl.oclc.org/ooxml/officeDocument/relationships", Ns::r},
    {"http://schemas.openxmlformats.org/markup-compatibility/2006", Ns::mc},
    {"http://schemas.microsoft.com/office/word/2010/wordprocessingShape", Ns::wps},
    {"http://schemas.microsoft.com/office/word/2010/wordprocessingGroup", Ns::wpg},
    {"http://schemas.microsoft.com/office/word/2010/wordprocessingCanvas", Ns::wpc},
    {"http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing", Ns::wp},
    {"http://purl.oclc.org/ooxml/drawingml/wordprocessingDrawing", Ns::wp},
    {"http://schemas.microsoft.com/office/word/2010/wordprocessingDrawing", Ns::wp14},
    {"http://schemas.openxmlformats.org/drawingml/2006/main", Ns::a},
    {"http://purl.oclc.org/ooxml/drawingml/main", Ns::a},
    {"http://schemas.openxmlformats.org/drawingml/2006/picture", Ns::pic},
    {"http://purl.oclc.org/ooxml/drawingml/picture", Ns::pic},
    {"urn:schemas-microsoft-com:vml", Ns::v},
    {"urn:schemas-microsoft-com:office:office", Ns::o},
    {"urn:schemas-microsoft-com:office:word", Ns::w10},
    {"http://schemas.openxmlformats.org/officeDocument/2006/math", Ns::m},
    {"http://purl.oclc.org/ooxml/officeDocument/math", Ns::m},
    {"http://schemas.microsoft.com/office/word/2010/wordml", Ns::w14},
    {"http://schemas.microsoft.com/office/word/2012/wordml", Ns::w15},
    {"http://schemas.openxmlformats.org/package/2006/content-types", Ns::ct},
    {"http://schemas.openxmlformats.org/package/2006/relationships", Ns::rel},
    {"http://schemas.openxmlformats.org/package/2006/metadata/core-properties", Ns::cp},
    {"http://purl.org/dc/elements/1.1/", Ns::dc},
};

struct SaxState {
  SaxHandler* handler = nullptr;
  xmlParserCtxtPtr ctxt = nullptr;
  int depth = 0;
  int max_depth = 0;
  bool too_deep = false;
  bool doctype = false;
  bool has_error = false;
  std::string error;
};

void record_error(SaxState* st, xmlErrorPtr err) {
  if (err == nullptr || err->level < XML_ERR_ERROR || st->has_error) {
    return;
  }
  st->has_error = true;
  std::string msg = err->message != nullptr ? err->message : "XML error";
  for (char& ch : msg) {
    if (ch == '\n' || ch == '\r') {
      ch = ' ';
    }
  }
  while (!msg.empty() && msg.back() == ' ') {
    msg.pop_back();
  }
  st->error = (err->line > 0 ? "line " + std::to_string(err->line) + ": " : std::string()) + msg;
}

std::string doctype_message() {
  return tr("DOCTYPE 宣言は使えません（OPC の規則で禁止。外部実体攻撃の恐れ）",
            "DOCTYPE declarations are not allowed (forbidden by OPC; possible entity attack)");
}

std::string depth_message(int max_depth) {
  return tr("XML の入れ子が深すぎます（上限 ", "XML nesting too deep (limit ") +
         std::to_string(max_depth) + ")";
}

// --- DOM: the default SAX2 tree builder, with depth counting and DOCTYPE refusal. ---

SaxState* dom_state(void* ctx) {
  return static_cast<SaxState*>(static_cast<xmlParserCtxtPtr>(ctx)->_private);
}

void dom_subset(void* ctx,
                const xmlChar* /*name*/,
                const xmlChar* /*ext*/,
                const xmlChar* /*sys*/) {
  dom_state(ctx)->doctype = true;
  xmlStopParser(static_cast<xmlParserCtxtPtr>(ctx));
}

void dom_start(void* ctx,
               const xmlChar* local,
               const xmlChar* prefix,
               const xmlChar* uri,
               int nb_ns,
               const xmlChar** ns,
               int nb_attr,
               int nb_def,
               const xmlChar** attrs) {
  SaxState* st = dom_state(ctx);
  if (++st->depth > st->max_depth) {
    st->too_deep = true;
    xmlStopParser(static_cast<xmlParserCtxtPtr>(ctx));
    return;
  }
  xmlSAX2StartElementNs(ctx, local, prefix, uri, nb_ns, ns, nb_attr, nb_def, attrs);
}

void dom_end(void* ctx, const xmlChar* local, const xmlChar* prefix, const xmlChar* uri) {
  --dom_state(ctx)->depth;
  xmlSAX2EndElementNs(ctx, local, prefix, uri);
}

void dom_error(void* user, xmlErrorPtr err) {
  record_error(dom_state(user), err);
}

}  // namespace

// --- SAX: our own callbacks only; no tree is built. ---
struct SaxDriver {
  static SaxState* st(void* ctx) { return static_cast<SaxState*>(ctx); }

  static void start(void* ctx,
                    const xmlChar* local,
                    const xmlChar* /*prefix*/,
                    const xmlChar* uri,
                    int nb_ns,
                    const xmlChar** ns,
                    int nb_attr,
                    int /*nb_def*/,
                    const xmlChar** attrs) {
    SaxState* s = st(ctx);
    if (++s->depth > s->max_depth) {
      s->too_deep = true;
      xmlStopParser(s->ctxt);
      return;
    }
    s->handler->start(local, uri, nb_ns, ns, nb_attr, attrs);
    if (s->handler->m_stopped) {
      xmlStopParser(s->ctxt);
    }
  }

  static void end(void* ctx,
                  const xmlChar* /*local*/,
                  const xmlChar* /*prefix*/,
                  const xmlChar* /*uri*/) {
    SaxState* s = st(ctx);
    --s->depth;
    s->handler->end();
    if (s->handler->m_stopped) {
      xmlStopParser(s->ctxt);
    }
  }

  static void chars(void* ctx, const xmlChar* text, int len) {
    SaxState* s = st(ctx);
    s->handler->characters(reinterpret_cast<const char*>(text), static_cast<size_t>(len));
    if (s->handler->m_stopped) {
      xmlStopParser(s->ctxt);
    }
  }

  static void subset(void* ctx,
                     const xmlChar* /*name*/,
                     const xmlChar* /*ext*/,
                     const xmlChar* /*sys*/) {
    SaxState* s = st(ctx);
    s->doctype = true;
    xmlStopParser(s->ctxt);
  }

  static void error(void* ctx, xmlErrorPtr err) { record_error(st(ctx), err); }
};

void init_once() {
  static std::once_flag flag;
  std::call_once(flag, [] {
    xmlInitParser();
    xmlSetExternalEntityLoader(deny_entity_loader);
  });
}

Ns ns_of(const xmlChar* uri) {
  if (uri == nullptr) {
    return Ns::none;
  }
  const char* u = reinterpret_cast<const char*>(uri);
  for (const NsEntry& e : k_namespaces) {
    if (std::strcmp(u, e.uri) == 0) {
      return e.ns;
    }
  }
  return Ns::other;
}

bool understood(Ns ns) {
  switch (ns) {
    case Ns::w:
    case Ns::r:
    case Ns::mc:
    case Ns::wps:
    case Ns::wpg:
    case Ns::wpc:
    case Ns::wp:
    case Ns::wp14:
    case Ns::a:
    case Ns::pic:
    case Ns::v:
    case Ns::o:
    case Ns::w10:
    case Ns::m:
    case Ns::w14:
    case Ns::w15:
      return true;
    default:
      return false;
  }
}

Error part_error(const PartContext& ctx, ErrorCode code, const std::string& message) {
  return Error(code, ctx.file + ": " + ctx.part + ": " + message);
}

void DocDeleter::operator()(xmlDoc* d) const {
  xmlFreeDoc(d);
}

void SaxHandler::stop(Error error) {
  if (!m_stopped) {
    m_stopped = true;
    m_error = std::move(error);
  }
}

Expected<DocPtr> parse_dom(std::string_view data, const PartContext& ctx) {
  init_once();
  silence_this_thread();
  if (data.size() > static_cast<size_t>(INT32_MAX)) {
    return part_error(ctx, ErrorCode::limit_exceeded, tr("部品が大きすぎます", "part too large"));
  }
  xmlParserCtxtPtr c = xmlCreateMemoryParserCtxt(data.data(), static_cast<int>(data.size()));
  if (c == nullptr) {
    return part_error(ctx, ErrorCode::invalid_xml, tr("XML を読めません", "cannot parse XML"));
  }
  SaxState st;
  st.ctxt = c;
  st.max_depth = ctx.max_depth;
  c->_private = &st;
  c->sax->internalSubset = dom_subset;
  c->sax->externalSubset = dom_subset;
  c->sax->startElementNs = dom_start;
  c->sax->endElementNs = dom_end;
  c->sax->serror = dom_error;
  xmlCtxtUseOptions(c, k_options);
  xmlParseDocument(c);
  DocPtr doc(c->myDoc);
  c->myDoc = nullptr;
  const bool well_formed = c->wellFormed != 0;
  xmlFreeParserCtxt(c);
  if (st.doctype) {
    return part_error(ctx, ErrorCode::invalid_xml, doctype_message());
  }
  if (st.too_deep) {
    return part_error(ctx, ErrorCode::limit_exceeded, depth_message(ctx.max_depth));
  }
  if (!well_formed || st.has_error || !doc || xmlDocGetRootElement(doc.get()) == nullptr) {
    return part_error(
        ctx, ErrorCode::invalid_xml,
        tr("XML が不正です: ", "invalid XML: ") + (st.has_error ? st.error : "no root element"));
  }
  return doc;
}

namespace {

xmlSAXHandler story_sax() {
  xmlSAXHandler sax;
  std::memset(&sax, 0, sizeof sax);
  sax.initialized = XML_SAX2_MAGIC;
  sax.startElementNs = SaxDriver::start;
  sax.endElementNs = SaxDriver::end;
  sax.characters = SaxDriver::chars;
  sax.ignorableWhitespace = SaxDriver::chars;
  sax.internalSubset = SaxDriver::subset;
  sax.externalSubset = SaxDriver::subset;
  sax.serror = SaxDriver::error;
  return sax;
}

int source_read(void* ctx, char* buf, int len) {
  return static_cast<ByteSource*>(ctx)->read(buf, len);
}
int source_close(void* /*ctx*/) {
  return 0;
}

}  // namespace

// Runs the parse on a prepared context and turns what happened into one Status.
Status finish_sax(
    void* ctxt_v, void* state_v, const PartContext& ctx, SaxHandler& handler, ByteSource* source) {
  auto* c = static_cast<xmlParserCtxtPtr>(ctxt_v);
  auto* st = static_cast<SaxState*>(state_v);
  st->ctxt = c;
  xmlCtxtUseOptions(c, k_options);
  xmlParseDocument(c);
  const bool well_formed = c->wellFormed != 0;
  if (c->myDoc != nullptr) {
    xmlFreeDoc(c->myDoc);
    c->myDoc = nullptr;
  }
  xmlFreeParserCtxt(c);
  if (source != nullptr && source->error() != nullptr) {
    return *source->error();
  }
  if (st->doctype) {
    return part_error(ctx, ErrorCode::invalid_xml, doctype_message());
  }
  if (st->too_deep) {
    return part_error(ctx, ErrorCode::limit_exceeded, depth_message(ctx.max_depth));
  }
  if (handler.m_stopped) {
    return handler.m_error;
  }
  if (!well_formed || st->has_error) {
    return part_error(
        ctx, ErrorCode::invalid_xml,
        tr("XML が不正です: ", "invalid XML: ") + (st->has_error ? st->error : "not well-formed"));
  }
  return {};
}

Status parse_sax(std::string_view data, const PartContext& ctx, SaxHandler& handler) {
  init_once();
  silence_this_thread();
  if (data.size() > static_cast<size_t>(INT32_MAX)) {
    return part_error(ctx, ErrorCode::limit_exceeded, tr("部品が大きすぎます", "part too large"));
  }
  xmlParserCtxtPtr c = xmlCreateMemoryParserCtxt(data.data(), static_cast<int>(data.size()));
  if (c == nullptr) {
    return part_error(ctx, ErrorCode::invalid_xml, tr("XML を読めません", "cannot parse XML"));
  }
  auto* sax = static_cast<xmlSAXHandler*>(xmlMalloc(sizeof(xmlSAXHandler)));
  if (sax == nullptr) {
    xmlFreeParserCtxt(c);
    return part_error(ctx, ErrorCode::internal, "out of memory");
  }
  *sax = story_sax();
  xmlFree(c->sax);
  c->sax = sax;
  SaxState st;
  st.handler = &handler;
  st.max_depth = ctx.max_depth;
  c->userData = &st;
  return finish_sax(c, &st, ctx, handler, nullptr);
}

Status parse_sax(ByteSource& source, const PartContext& ctx, SaxHandler& handler) {
  init_once();
  silence_this_thread();
  xmlSAXHandler sax = story_sax();
  SaxState st;
  st.handler = &handler;
  st.max_depth = ctx.max_depth;
  xmlParserCtxtPtr c =
      xmlCreateIOParserCtxt(&sax, &st, source_read, source_close, &source, XML_CHAR_ENCODING_NONE);
  if (c == nullptr) {
    if (source.error() != nullptr) {
      return *source.error();
    }
    return part_error(ctx, ErrorCode::invalid_xml, tr("XML を読めません", "cannot parse XML"));
  }
  return finish_sax(c, &st, ctx, handler, &source);
}

bool is(const xmlNode* n, Ns ns, const char* local) {
  return n != nullptr && n->type == XML_ELEMENT_NODE &&
         std::strcmp(reinterpret_cast<const char*>(n->name), local) == 0 &&
         ns_of(n->ns != nullptr ? n->ns->href : nullptr) == ns;
}

const char* attr(const xmlNode* n, Ns ns, const char* local) {
  if (n == nullptr || n->type != XML_ELEMENT_NODE) {
    return nullptr;
  }
  for (const xmlAttr* a = n->properties; a != nullptr; a = a->next) {
    if (std::strcmp(reinterpret_cast<const char*>(a->name), local) != 0) {
      continue;
    }
    const Ns ans = ns_of(a->ns != nullptr ? a->ns->href : nullptr);
    if (ans == ns || (ans == Ns::none && (ns == Ns::w || ns == Ns::none))) {
      if (a->children == nullptr) {
        return "";
      }
      if (a->children->type == XML_TEXT_NODE && a->children->next == nullptr) {
        return reinterpret_cast<const char*>(a->children->content);
      }
      return "";
    }
  }
  return nullptr;
}

const char* wattr(const xmlNode* n, const char* local) {
  return attr(n, Ns::w, local);
}

namespace {

bool choice_understood(const xmlNode* choice) {
  const char* req = attr(choice, Ns::none, "Requires");
  if (req == nullptr) {
    return false;
  }
  std::string_view r(req);
  size_t i = 0;
  bool any = false;
  while (i < r.size()) {
    while (i < r.size() && r[i] == ' ') {
      ++i;
    }
    size_t j = i;
    while (j < r.size() && r[j] != ' ') {
      ++j;
    }
    if (j > i) {
      const std::string prefix(r.substr(i, j - i));
      xmlNsPtr ns = xmlSearchNs(choice->doc, const_cast<xmlNode*>(choice),
                                reinterpret_cast<const xmlChar*>(prefix.c_str()));
      if (ns == nullptr || !understood(ns_of(ns->href))) {
        return false;
      }
      any = true;
    }
    i = j;
  }
  return any;
}

void collect_children(const xmlNode* n, std::vector<xmlNode*>& out, int depth) {
  for (xmlNode* c = n->children; c != nullptr; c = c->next) {
    if (c->type != XML_ELEMENT_NODE) {
      continue;
    }
    if (depth < 16 && is(c, Ns::mc, "AlternateContent")) {
      for (xmlNode* b = c->children; b != nullptr; b = b->next) {
        if (is(b, Ns::mc, "Choice") && choice_understood(b)) {
          collect_children(b, out, depth + 1);
          break;
        }
        if (is(b, Ns::mc, "Fallback")) {
          collect_children(b, out, depth + 1);
          break;
        }
      }
      continue;
    }
    out.push_back(c);
  }
}

}  // namespace

std::vector<xmlNode*> children(const xmlNode* n) {
  std::vector<xmlNode*> out;
  if (n != nullptr) {
    collect_children(n, out, 0);
  }
  return out;
}

xmlNode* child(const xmlNode* n, Ns ns, const char* local) {
  if (n == nullptr) {
    return nullptr;
  }
  // Fast path without mc: the common case.
  for (xmlNode* c = n->children; c != nullptr; c = c->next) {
    if (is(c, ns, local)) {
      return c;
    }
  }
  for (xmlNode* c : children(n)) {
    if (is(c, ns, local)) {
      return c;
    }
  }
  return nullptr;
}

std::string text(const xmlNode* n) {
  std::string out;
  if (n == nullptr) {
    return out;
  }
  xmlChar* s = xmlNodeGetContent(n);
  if (s != nullptr) {
    out = reinterpret_cast<const char*>(s);
    xmlFree(s);
  }
  return out;
}

bool on_off(const char* value) {
  if (value == nullptr) {
    return true;
  }
  std::string_view v(value);
  return !(v == "0" || v == "false" || v == "off");
}

bool SaxAttrs::get(Ns ns, const char* local, std::string_view& out) const {
  for (int i = 0; i < count; ++i) {
    const xmlChar** q = a + static_cast<ptrdiff_t>(i) * 5;
    if (std::strcmp(reinterpret_cast<const char*>(q[0]), local) != 0) {
      continue;
    }
    const Ns ans = ns_of(q[2]);
    if (ans == ns || (ans == Ns::none && (ns == Ns::w || ns == Ns::none))) {
      out = std::string_view(reinterpret_cast<const char*>(q[3]), static_cast<size_t>(q[4] - q[3]));
      return true;
    }
  }
  return false;
}

}  // namespace keiyaku::docx::xml
