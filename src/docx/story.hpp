#pragma once
// A streaming (SAX2) reader of one story part: the main document, a header or footer, the
// footnotes, endnotes or comments. It applies the chosen revision view, fields, hidden text,
// text boxes, tables and markup compatibility, and yields paragraphs before numbering.
// Internal to docx/.

#include "package.hpp"
#include "styles.hpp"
#include "xml.hpp"

#include <core/document.hpp>

#include <optional>
#include <string>
#include <vector>

namespace keiyaku::docx {

/// Paragraph properties that matter to the reader (direct formatting).
struct ParaProps {
  std::string style;     ///< w:pStyle id, "" = default paragraph style
  bool has_num = false;  ///< w:numPr present
  std::optional<int> num_id;
  std::optional<int> ilvl;
  std::optional<int> outline;  ///< w:outlineLvl
};

/// A paragraph as read, before numbering.
struct RawPara {
  std::string text;    ///< visible text
  std::string hidden;  ///< text kept out because of w:vanish
  ParaProps props;     ///< of the chosen view
  core::Part part = core::Part::body;
  bool in_table = false;
  int table = -1, row = -1, col = -1, depth = 0;
  bool tracked_insert = false;
  std::vector<std::pair<char, std::string>> anchors;  ///< 'f'ootnote, 'e'ndnote, 'c'omment ids
  std::string altchunk_rid;  ///< set: not a paragraph but the place of a w:altChunk
  int source_p = -1;  ///< ordinal of the w:p element this paragraph starts in (every w:p counted)
};

/// One note, comment or header/footer: a range of paragraphs of the story.
struct Group {
  std::string id, author, date;
  core::Part part = core::Part::footnote;
  size_t first = 0, last = 0;
};

/// A field instruction worth reporting (DDE, INCLUDETEXT, HYPERLINK, ...).
struct FieldCode {
  std::string type;  ///< upper-case first word
  std::string code;  ///< the whole instruction
};

struct StoryResult {
  std::vector<RawPara> paras;
  std::vector<Group> groups;  ///< side stories: one per note/comment/part
  core::Revisions revisions;
  std::vector<std::string> section_parts_rids;  ///< headerReference/footerReference r:ids, in order
  std::vector<FieldCode> fields;
  int objects = 0;         ///< w:object (OLE)
  int controls = 0;        ///< w:control (ActiveX)
  int linked_objects = 0;  ///< o:OLEObject Type="Link"
  std::vector<std::string> subdoc_rids;
  int unknown_symbols = 0;
};

enum class StoryKind { body, header, footer, notes, comments };

struct StoryOptions {
  StoryKind kind = StoryKind::body;
  bool original_view = false;
  const Styles* styles = nullptr;
  Budget* budget = nullptr;
};

/// Parses one story part. Errors: invalid_xml, limit_exceeded.
Expected<StoryResult> read_story(xml::ByteSource& source,
                                 const xml::PartContext& ctx,
                                 const StoryOptions& options);

}  // namespace keiyaku::docx
