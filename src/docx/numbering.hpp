#pragma once
// numbering.xml and the counters that turn w:numPr into the label Word shows. Internal to docx/.

#include "styles.hpp"

#include <libxml/tree.h>

#include <array>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

namespace keiyaku::docx {

struct Level {
  int start = 0;                    ///< w:start; 0 when absent, per the spec
  std::string fmt = "decimal";      ///< w:numFmt
  std::string custom;               ///< w:numFmt/@w:format (w14 custom)
  std::optional<std::string> text;  ///< w:lvlText
  std::optional<int> restart;       ///< w:lvlRestart
  bool is_lgl = false;
  std::string suff = "tab";  ///< tab, space, nothing
  std::string pstyle;        ///< w:pStyle: the paragraph style linked to this level
  bool hidden = false;       ///< w:rPr/w:vanish
  std::string font;          ///< w:rPr/w:rFonts/@w:ascii (bullets)
};

struct AbstractNum {
  std::array<std::optional<Level>, 9> levels;
  std::string num_style_link;
  std::string style_link;
};

struct Num {
  int abstract_id = -1;
  std::array<std::optional<int>, 9> start_override;
  std::array<std::optional<Level>, 9> lvl_override;
};

class Numbering {
 public:
  void load(xmlDoc* doc);
  const Num* num(int id) const;
  const AbstractNum* abstract_num(int id) const;
  /// The abstractNum that holds the levels of num id (following w:numStyleLink), or -1.
  int resolve_abstract(int num_id, const Styles& styles) const;

 private:
  std::map<int, AbstractNum> m_abstracts;
  std::map<int, Num> m_nums;
};

/// A rendered label: the text without its suffix, and the suffix (tab, space or nothing).
struct Label {
  std::string text;
  std::string suffix;
  bool numbered = false;  ///< the paragraph took part in numbering
  bool broken = false;    ///< numPr pointed at a missing num/abstractNum/level
  int level = -1;         ///< ilvl used
  int value = -1;         ///< the counter of that level (11 for 第十一条)
};

/// Counters of one story (body, text boxes, each side part): one per (abstractNum, level),
/// shared by every num that points at that abstractNum.
class NumberingState {
 public:
  NumberingState(const Numbering& numbering, const Styles& styles)
      : m_numbering(numbering), m_styles(styles) {}
  /// Counts one paragraph with the given effective numbering and renders its label.
  /// style_id is the paragraph style (for a level chosen through w:lvl/w:pStyle).
  Label next(int num_id, std::optional<int> ilvl, const std::string& style_id);

 private:
  struct Counters {
    std::array<int, 9> value{};
    std::array<bool, 9> started{};
    std::array<std::optional<int>, 9> pending;
  };
  const Numbering& m_numbering;
  const Styles& m_styles;
  std::map<int, Counters> m_counters;
  std::set<int> m_used_nums;
};

}  // namespace keiyaku::docx
