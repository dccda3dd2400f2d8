#pragma once
// styles.xml: the properties the reader needs, resolved through basedOn chains. Internal to docx/.

#include <libxml/tree.h>

#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>

namespace keiyaku::docx {

/// Values a style defines itself or inherits through w:basedOn (depth <= 32, cycles cut).
struct ResolvedStyle {
  std::string name;              ///< w:name ("heading 1"), the id when it has none
  bool paragraph = false;        ///< w:type="paragraph"
  bool numbering_style = false;  ///< w:type="numbering"
  std::optional<int> num_id;     ///< w:pPr/w:numPr/w:numId
  std::optional<int> ilvl;       ///< w:pPr/w:numPr/w:ilvl
  std::optional<int> outline;    ///< w:outlineLvl (0..8), or from a "heading N" name
  std::optional<bool> vanish;    ///< w:rPr/w:vanish
};

class Styles {
 public:
  /// Builds the table from a parsed styles part (nullptr = no styles part).
  void load(xmlDoc* doc);
  const ResolvedStyle* find(std::string_view id) const;
  /// The default paragraph style's id ("" if none).
  const std::string& default_paragraph() const { return m_default_paragraph; }
  /// w:docDefaults/w:rPrDefault/w:rPr/w:vanish.
  bool default_vanish() const { return m_default_vanish; }
  /// Effective hidden state of a run (w:vanish is a toggle property, ECMA-376 §17.7.3):
  /// direct formatting is absolute; else paragraph style XOR character style; else defaults.
  bool run_hidden(std::optional<bool> direct,
                  std::string_view para_style,
                  std::string_view char_style) const;
  /// False when no style and no default hides text: run_hidden is then just the direct value.
  bool any_vanish() const { return m_any_vanish; }

 private:
  struct Hash {
    using is_transparent = void;
    size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
  };
  std::unordered_map<std::string, ResolvedStyle, Hash, std::equal_to<>> m_styles;
  bool m_any_vanish = false;
  std::string m_default_paragraph;
  bool m_default_vanish = false;
};

/// Parses a decimal integer attribute value; nullopt when absent or not a number.
std::optional<int> parse_int(const char* s);
std::optional<int> parse_int(std::string_view s);

}  // namespace keiyaku::docx
