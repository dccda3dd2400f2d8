#pragma once
// Hardened libxml2 for OOXML parts (internal to docx/). DOCTYPE is an error (OPC M1.18), no
// network, no entity loading, depth limited, every error captured (nothing printed to stderr).

#include <base/expected.hpp>

#include <libxml/tree.h>

#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace keiyaku::docx::xml {

/// xmlInitParser() and the deny-all external entity loader, once per process (std::call_once).
void init_once();

/// Namespaces the reader needs, transitional and strict URIs mapped to one id.
enum class Ns : unsigned char {
  none,
  other,
  w,
  r,
  mc,
  wps,
  wpg,
  wpc,
  wp,
  wp14,
  a,
  pic,
  v,
  o,
  w10,
  m,
  w14,
  w15,
  ct,
  rel,
  cp,
  dc
};
Ns ns_of(const xmlChar* uri);
/// mc:Choice Requires: is this namespace one the reader understands?
bool understood(Ns ns);

/// Where a part comes from, for messages and limits.
struct PartContext {
  std::string file;  ///< display name of the .docx
  std::string part;  ///< part name inside the package
  int max_depth = 192;
};

/// Builds "file: part: message" errors.
Error part_error(const PartContext& ctx, ErrorCode code, const std::string& message);

struct DocDeleter {
  void operator()(xmlDoc* d) const;
};
using DocPtr = std::unique_ptr<xmlDoc, DocDeleter>;

/// Parses a small side part into a DOM (styles, numbering, rels, content types, settings, core).
Expected<DocPtr> parse_dom(std::string_view data, const PartContext& ctx);

class ByteSource;

/// Streaming parse. Callbacks may call stop() with an error to abort.
class SaxHandler {
 public:
  virtual ~SaxHandler() = default;
  virtual void start(const xmlChar* local,
                     const xmlChar* uri,
                     int nb_namespaces,
                     const xmlChar** namespaces,
                     int nb_attributes,
                     const xmlChar** attributes) = 0;
  virtual void end() = 0;
  virtual void characters(const char* text, size_t len) = 0;

  /// Aborts the parse with this error (the first one wins).
  void stop(Error error);
  bool stopped() const { return m_stopped; }

 private:
  friend struct SaxDriver;
  friend Status finish_sax(
      void* ctxt, void* state, const PartContext& ctx, SaxHandler& handler, ByteSource* source);
  bool m_stopped = false;
  Error m_error;
};

Status parse_sax(std::string_view data, const PartContext& ctx, SaxHandler& handler);

/// Bytes fed to the parser as they are inflated, so a story part is never held whole in memory.
class ByteSource {
 public:
  virtual ~ByteSource() = default;
  /// Up to len bytes; 0 at the end; -1 on error (then error() says why).
  virtual int read(char* buf, int len) = 0;
  virtual const Error* error() const = 0;
};

/// Streaming parse from a source; a source error wins over the XML error it causes.
Status parse_sax(ByteSource& source, const PartContext& ctx, SaxHandler& handler);

// --- DOM helpers (elements matched by namespace id + local name, never by prefix) ---

bool is(const xmlNode* n, Ns ns, const char* local);
/// Attribute in namespace ns (Ns::none also accepts unqualified) or nullptr.
const char* attr(const xmlNode* n, Ns ns, const char* local);
/// w:val-style attribute: w namespace, or unqualified.
const char* wattr(const xmlNode* n, const char* local);
/// Element children, with mc:AlternateContent replaced by the children of its chosen branch.
std::vector<xmlNode*> children(const xmlNode* n);
/// First child element (after mc resolution) with that name.
xmlNode* child(const xmlNode* n, Ns ns, const char* local);
/// Concatenated text content.
std::string text(const xmlNode* n);
/// ST_OnOff: absent value = true; "0", "false", "off" = false.
bool on_off(const char* value);

// --- SAX attribute helpers: attributes are (local, prefix, uri, value, end) quintuples ---

struct SaxAttrs {
  int count;
  const xmlChar** a;
  /// Value of attribute local in namespace ns (w also accepts unqualified), or empty + false.
  bool get(Ns ns, const char* local, std::string_view& out) const;
  std::string_view value(Ns ns, const char* local) const {
    std::string_view v;
    get(ns, local, v);
    return v;
  }
};

}  // namespace keiyaku::docx::xml
