#include "annotate.hpp"

#include "package.hpp"
#include "xml.hpp"

#include <base/i18n.hpp>
#include <base/strings.hpp>

#include <libxml/tree.h>
#include <libxml/xmlsave.h>
#include <zip.h>

#include <algorithm>
#include <cstdlib>
#include <map>
#include <memory>
#include <set>

namespace keiyaku::docx {

namespace {

constexpr const char* k_w_transitional = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";
constexpr const char* k_w_strict = "http://purl.oclc.org/ooxml/wordprocessingml/main";
constexpr const char* k_rel_comments_transitional =
    "http://schemas.openxmlformats.org/officeDocument/2006/relationships/comments";
constexpr const char* k_rel_comments_strict = "http://purl.oclc.org/ooxml/officeDocument/relationships/comments";
constexpr const char* k_ct_comments = "application/vnd.openxmlformats-officedocument.wordprocessingml.comments+xml";
constexpr const char* k_ns_rels = "http://schemas.openxmlformats.org/package/2006/relationships";
constexpr const char* k_ns_types = "http://schemas.openxmlformats.org/package/2006/content-types";

const xmlChar* x(const char* s) { return reinterpret_cast<const xmlChar*>(s); }
const char* c(const xmlChar* s) { return reinterpret_cast<const char*>(s); }

bool is_w(const xmlNode* n, const char* local) {
  if (n == nullptr || n->type != XML_ELEMENT_NODE || n->ns == nullptr || n->ns->href == nullptr) {
    return false;
  }
  const std::string_view href = c(n->ns->href);
  return (href == k_w_transitional || href == k_w_strict) && std::string_view(c(n->name)) == local;
}

// Every element of the tree in document order.
template <typename F>
void walk(xmlNode* n, F&& f) {
  for (xmlNode* k = n; k != nullptr; k = k->next) {
    if (k->type == XML_ELEMENT_NODE) {
      f(k);
      walk(k->children, f);
    }
  }
}

Expected<std::string> serialise(xmlDoc* doc, const std::string& file, const std::string& part) {
  xmlChar* buf = nullptr;
  int size = 0;
  xmlDocDumpMemoryEnc(doc, &buf, &size, "UTF-8");
  if (buf == nullptr) {
    return Error(ErrorCode::internal, file + ": " + part + ": " + tr("XML を書き出せません", "cannot write XML"));
  }
  std::string out(c(buf), static_cast<size_t>(size));
  xmlFree(buf);
  return out;
}

// Text for a w:t: characters XML 1.0 cannot carry are dropped.
std::string clean_text(std::string_view s) {
  std::string out;
  for (size_t i = 0; i < s.size();) {
    const size_t at = i;
    const char32_t cp = str::next_cp(s, i);
    if ((cp < 0x20 && cp != '\t') || cp == 0xFFFE || cp == 0xFFFF || (cp >= 0xD800 && cp <= 0xDFFF)) {
      continue;
    }
    out.append(s, at, i - at);
  }
  return out;
}

xmlNode* add_w(xmlNode* parent, xmlNs* w, const char* local) {
  return xmlNewChild(parent, w, x(local), nullptr);
}

void set_w(xmlNode* n, xmlNs* w, const char* local, const std::string& value) {
  xmlNewNsProp(n, w, x(local), x(value.c_str()));
}

// <w:comment> with one w:p per line of the text.
void add_comment(xmlNode* comments, xmlNs* w, int id, const std::string& text, const AnnotateOptions& o) {
  xmlNode* cm = add_w(comments, w, "comment");
  set_w(cm, w, "id", std::to_string(id));
  set_w(cm, w, "author", o.author);
  if (!o.date.empty()) {
    set_w(cm, w, "date", o.date);
  }
  if (!o.initials.empty()) {
    set_w(cm, w, "initials", o.initials);
  }
  bool first = true;
  for (std::string_view line : str::split(text, '\n')) {
    xmlNode* p = add_w(cm, w, "p");
    if (first) {
      xmlNode* r = add_w(p, w, "r");
      add_w(r, w, "annotationRef");
      first = false;
    }
    const std::string t = clean_text(line);
    if (t.empty()) {
      continue;
    }
    xmlNode* r = add_w(p, w, "r");
    xmlNode* tn = add_w(r, w, "t");
    xmlNodeSetSpacePreserve(tn, 1);
    xmlNodeAddContent(tn, x(t.c_str()));
  }
}

// The libzip archive over a writable in-memory copy of the package.
class ZipOut {
 public:
  ~ZipOut() {
    if (m_za != nullptr) {
      zip_discard(m_za);
    }
    if (m_src != nullptr) {
      zip_source_free(m_src);
    }
  }
  ZipOut() = default;
  ZipOut(const ZipOut&) = delete;
  ZipOut& operator=(const ZipOut&) = delete;

  Status open(std::string_view bytes, const std::string& file) {
    zip_error_t ze;
    zip_error_init(&ze);
    m_src = zip_source_buffer_create(bytes.data(), bytes.size(), 0, &ze);
    zip_error_fini(&ze);
    if (m_src == nullptr) {
      return Error(ErrorCode::internal, file + ": zip_source_buffer_create failed");
    }
    zip_source_keep(m_src);  // it receives the new archive on zip_close
    zip_error_init(&ze);
    m_za = zip_open_from_source(m_src, 0, &ze);
    const std::string msg = zip_error_strerror(&ze);
    zip_error_fini(&ze);
    if (m_za == nullptr) {
      return Error(ErrorCode::corrupt_zip, file + ": " + msg);
    }
    return {};
  }

  // Replaces (or adds) an entry. `data` must stay alive until close().
  Status put(const std::string& stored_name, const std::string& data, const std::string& file) {
    zip_source_t* s = zip_source_buffer(m_za, data.data(), data.size(), 0);
    if (s == nullptr) {
      return Error(ErrorCode::internal, file + ": zip_source_buffer failed");
    }
    const zip_int64_t idx = zip_name_locate(m_za, stored_name.c_str(), ZIP_FL_ENC_GUESS);
    zip_int64_t at = idx;
    if (idx >= 0) {
      if (zip_file_replace(m_za, static_cast<zip_uint64_t>(idx), s, ZIP_FL_ENC_UTF_8) != 0) {
        zip_source_free(s);
        return Error(ErrorCode::internal, file + ": " + zip_strerror(m_za));
      }
    } else {
      at = zip_file_add(m_za, stored_name.c_str(), s, ZIP_FL_ENC_UTF_8);
      if (at < 0) {
        zip_source_free(s);
        return Error(ErrorCode::internal, file + ": " + zip_strerror(m_za));
      }
    }
    zip_set_file_compression(m_za, static_cast<zip_uint64_t>(at), ZIP_CM_DEFLATE, 0);
    return {};
  }

  Expected<std::string> close(const std::string& file) {
    if (zip_close(m_za) != 0) {
      const std::string msg = zip_strerror(m_za);
      return Error(ErrorCode::internal, file + ": " + msg);
    }
    m_za = nullptr;
    if (zip_source_open(m_src) != 0) {
      return Error(ErrorCode::internal, file + ": zip_source_open failed");
    }
    std::string out;
    char buf[65536];
    for (;;) {
      const zip_int64_t n = zip_source_read(m_src, buf, sizeof buf);
      if (n < 0) {
        zip_source_close(m_src);
        return Error(ErrorCode::internal, file + ": zip_source_read failed");
      }
      if (n == 0) {
        break;
      }
      out.append(buf, static_cast<size_t>(n));
    }
    zip_source_close(m_src);
    return out;
  }

 private:
  zip_source_t* m_src = nullptr;
  zip_t* m_za = nullptr;
};

// The name as stored in the archive for a part name (names compare without ASCII case).
std::string stored_name(const Package& pkg, const std::string& part) {
  const std::string key = fold(part);
  for (const std::string& n : pkg.names()) {
    if (fold(n) == key) {
      return n;
    }
  }
  return part;
}

// The directory of a part name, with its trailing '/' ("word/" for "word/document.xml").
std::string dir_of(const std::string& part) {
  const size_t slash = part.find_last_of('/');
  return slash == std::string::npos ? std::string() : part.substr(0, slash + 1);
}

}  // namespace

Expected<std::string> annotate(std::string_view bytes,
                               const std::string& name,
                               const std::vector<Comment>& comments,
                               const AnnotateOptions& options) {
  xml::init_once();
  const Limits& lim = options.limits;
  Budget budget(lim);
  auto pkg = Package::open(bytes, name, budget);
  if (!pkg) {
    return pkg.error();
  }
  Package& p = **pkg;
  if (Status st = p.load_content_types(lim.max_xml_depth); !st) {
    return st.error();
  }
  auto root_rels = p.rels_of("", lim.max_xml_depth);
  if (!root_rels) {
    return root_rels.error();
  }
  const Rel* office = root_rels->first_of("officeDocument");
  if (office == nullptr || office->external || !p.has(office->target)) {
    return file_error(name, ErrorCode::no_main_part,
                      tr("本文の部品（officeDocument）が見つかりません",
                         "no main document part (officeDocument relationship)"));
  }
  const std::string main = office->target;
  auto main_rels = p.rels_of(main, lim.max_xml_depth);
  if (!main_rels) {
    return main_rels.error();
  }

  // The main part: find every w:p, then anchor the comments.
  auto main_bytes = p.read(main, lim.max_read_bytes);
  if (!main_bytes) {
    return main_bytes.error();
  }
  auto doc = xml::parse_dom(*main_bytes, {name, main, lim.max_xml_depth});
  if (!doc) {
    return doc.error();
  }
  xmlNode* root = xmlDocGetRootElement(doc->get());
  std::vector<xmlNode*> paras;
  int max_id = -1;
  walk(root, [&](xmlNode* n) {
    if (is_w(n, "p")) {
      paras.push_back(n);
    } else if (is_w(n, "commentRangeStart") || is_w(n, "commentReference")) {
      if (const char* id = xml::wattr(n, "id")) {
        max_id = std::max(max_id, std::atoi(id));
      }
    }
  });
  if (root == nullptr || root->ns == nullptr) {
    return file_error(name, ErrorCode::invalid_xml, tr("本文の部品が Word 文書ではありません", "the main part is not WordprocessingML"));
  }
  const std::string w_href = c(root->ns->href);
  const bool strict = w_href == k_w_strict;
  for (const Comment& cm : comments) {
    if (cm.paragraph < 0 || static_cast<size_t>(cm.paragraph) >= paras.size()) {
      return Error(ErrorCode::internal, name + ": " + tr("コメントを付ける段落がありません: ", "no paragraph for a comment: ") +
                                            std::to_string(cm.paragraph));
    }
  }

  // The comments part: the document's own (extended), or a new one.
  const Rel* existing = main_rels->first_of("comments");
  const bool has_part = existing != nullptr && !existing->external && p.has(existing->target);
  std::string comments_part;
  xml::DocPtr cdoc;
  if (has_part) {
    comments_part = existing->target;
    auto data = p.read(comments_part, lim.max_read_bytes);
    if (!data) {
      return data.error();
    }
    auto d = xml::parse_dom(*data, {name, comments_part, lim.max_xml_depth});
    if (!d) {
      return d.error();
    }
    cdoc = std::move(*d);
    walk(xmlDocGetRootElement(cdoc.get()), [&](xmlNode* n) {
      if (is_w(n, "comment")) {
        if (const char* id = xml::wattr(n, "id")) {
          max_id = std::max(max_id, std::atoi(id));
        }
      }
    });
  } else {
    const std::string dir = dir_of(main);
    comments_part = dir + "comments.xml";
    for (int k = 1; p.has(comments_part); ++k) {
      comments_part = dir + "comments" + std::to_string(k) + ".xml";
    }
    cdoc.reset(xmlNewDoc(x("1.0")));
    cdoc->standalone = 1;
    xmlNode* croot = xmlNewDocNode(cdoc.get(), nullptr, x("comments"), nullptr);
    xmlDocSetRootElement(cdoc.get(), croot);
    xmlNs* ns = xmlNewNs(croot, x(w_href.c_str()), x("w"));
    xmlSetNs(croot, ns);
  }
  xmlNode* croot = xmlDocGetRootElement(cdoc.get());
  xmlNs* cw = croot->ns;

  // Comments in paragraph order, so that ids run with the document.
  std::vector<size_t> order(comments.size());
  for (size_t i = 0; i < order.size(); ++i) {
    order[i] = i;
  }
  std::stable_sort(order.begin(), order.end(),
                   [&](size_t a, size_t b) { return comments[a].paragraph < comments[b].paragraph; });
  int next_id = max_id + 1;
  for (size_t i : order) {
    const Comment& cm = comments[i];
    const int id = next_id++;
    xmlNode* para = paras[static_cast<size_t>(cm.paragraph)];
    xmlNs* w = para->ns;
    const std::string sid = std::to_string(id);
    // Start: after w:pPr (which must stay first), else first.
    xmlNode* start = xmlNewDocNode(doc->get(), w, x("commentRangeStart"), nullptr);
    xmlNewNsProp(start, w, x("id"), x(sid.c_str()));
    xmlNode* first = para->children;
    while (first != nullptr && first->type != XML_ELEMENT_NODE) {
      first = first->next;
    }
    if (first != nullptr && is_w(first, "pPr")) {
      xmlAddNextSibling(first, start);
    } else if (para->children != nullptr) {
      xmlAddPrevSibling(para->children, start);
    } else {
      xmlAddChild(para, start);
    }
    xmlNode* end = xmlNewDocNode(doc->get(), w, x("commentRangeEnd"), nullptr);
    xmlNewNsProp(end, w, x("id"), x(sid.c_str()));
    xmlAddChild(para, end);
    xmlNode* run = xmlNewDocNode(doc->get(), w, x("r"), nullptr);
    xmlNode* ref = xmlNewChild(run, w, x("commentReference"), nullptr);
    xmlNewNsProp(ref, w, x("id"), x(sid.c_str()));
    xmlAddChild(para, run);
    add_comment(croot, cw, id, cm.text, options);
  }

  std::map<std::string, std::string> changed;  // part name -> new bytes
  auto main_out = serialise(doc->get(), name, main);
  if (!main_out) {
    return main_out.error();
  }
  changed[main] = std::move(*main_out);
  auto comments_out = serialise(cdoc.get(), name, comments_part);
  if (!comments_out) {
    return comments_out.error();
  }
  changed[comments_part] = std::move(*comments_out);

  if (!has_part) {
    // The relationship from the main part…
    const std::string rels_part = rels_part_for(main);
    xml::DocPtr rdoc;
    if (p.has(rels_part)) {
      auto data = p.read(rels_part, lim.max_read_bytes);
      if (!data) {
        return data.error();
      }
      auto d = xml::parse_dom(*data, {name, rels_part, lim.max_xml_depth});
      if (!d) {
        return d.error();
      }
      rdoc = std::move(*d);
    } else {
      rdoc.reset(xmlNewDoc(x("1.0")));
      rdoc->standalone = 1;
      xmlNode* rr = xmlNewDocNode(rdoc.get(), nullptr, x("Relationships"), nullptr);
      xmlDocSetRootElement(rdoc.get(), rr);
      xmlSetNs(rr, xmlNewNs(rr, x(k_ns_rels), nullptr));
    }
    xmlNode* rroot = xmlDocGetRootElement(rdoc.get());
    std::set<std::string> ids;
    for (xmlNode* k = rroot->children; k != nullptr; k = k->next) {
      if (k->type == XML_ELEMENT_NODE) {
        if (xmlChar* id = xmlGetProp(k, x("Id"))) {
          ids.insert(c(id));
          xmlFree(id);
        }
      }
    }
    std::string rid;
    for (int k = 1;; ++k) {
      rid = "rId" + std::to_string(k);
      if (ids.count(rid) == 0) {
        break;
      }
    }
    xmlNode* rel = xmlNewChild(rroot, rroot->ns, x("Relationship"), nullptr);
    xmlNewProp(rel, x("Id"), x(rid.c_str()));
    xmlNewProp(rel, x("Type"), x(strict ? k_rel_comments_strict : k_rel_comments_transitional));
    const std::string target = comments_part.substr(dir_of(main).size());
    xmlNewProp(rel, x("Target"), x(target.c_str()));
    auto rels_out = serialise(rdoc.get(), name, rels_part);
    if (!rels_out) {
      return rels_out.error();
    }
    changed[rels_part] = std::move(*rels_out);

    // …and its content type.
    const std::string ct_part = "[Content_Types].xml";
    auto data = p.read(ct_part, lim.max_read_bytes);
    if (!data) {
      return data.error();
    }
    auto tdoc = xml::parse_dom(*data, {name, ct_part, lim.max_xml_depth});
    if (!tdoc) {
      return tdoc.error();
    }
    xmlNode* troot = xmlDocGetRootElement(tdoc->get());
    xmlNs* tns = troot->ns != nullptr ? troot->ns : xmlNewNs(troot, x(k_ns_types), nullptr);
    xmlNode* ov = xmlNewChild(troot, tns, x("Override"), nullptr);
    const std::string part_name = "/" + comments_part;
    xmlNewProp(ov, x("PartName"), x(part_name.c_str()));
    xmlNewProp(ov, x("ContentType"), x(k_ct_comments));
    auto types_out = serialise(tdoc->get(), name, ct_part);
    if (!types_out) {
      return types_out.error();
    }
    changed[ct_part] = std::move(*types_out);
  }

  ZipOut zip;
  if (Status st = zip.open(bytes, name); !st) {
    return st.error();
  }
  for (const auto& [part, data] : changed) {
    if (Status st = zip.put(stored_name(p, part), data, name); !st) {
      return st.error();
    }
  }
  return zip.close(name);
}

}  // namespace keiyaku::docx
