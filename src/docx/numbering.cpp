#include "numbering.hpp"

#include "number_format.hpp"
#include "symbols.hpp"
#include "xml.hpp"

namespace keiyaku::docx {

using xml::Ns;

namespace {

Level parse_level(xmlNode* lvl) {
  Level l;
  for (xmlNode* c : xml::children(lvl)) {
    if (xml::is(c, Ns::w, "start")) {
      l.start = parse_int(xml::wattr(c, "val")).value_or(0);
    } else if (xml::is(c, Ns::w, "numFmt")) {
      const char* v = xml::wattr(c, "val");
      l.fmt = v != nullptr ? v : "decimal";
      const char* f = xml::wattr(c, "format");
      l.custom = f != nullptr ? f : "";
    } else if (xml::is(c, Ns::w, "lvlText")) {
      const char* v = xml::wattr(c, "val");
      l.text = v != nullptr ? v : "";
    } else if (xml::is(c, Ns::w, "lvlRestart")) {
      l.restart = parse_int(xml::wattr(c, "val"));
    } else if (xml::is(c, Ns::w, "isLgl")) {
      l.is_lgl = xml::on_off(xml::wattr(c, "val"));
    } else if (xml::is(c, Ns::w, "suff")) {
      const char* v = xml::wattr(c, "val");
      l.suff = v != nullptr ? v : "tab";
    } else if (xml::is(c, Ns::w, "pStyle")) {
      const char* v = xml::wattr(c, "val");
      l.pstyle = v != nullptr ? v : "";
    } else if (xml::is(c, Ns::w, "rPr")) {
      if (xmlNode* v = xml::child(c, Ns::w, "vanish")) {
        l.hidden = xml::on_off(xml::wattr(v, "val"));
      }
      if (xmlNode* f = xml::child(c, Ns::w, "rFonts")) {
        const char* a = xml::wattr(f, "ascii");
        l.font = a != nullptr ? a : "";
      }
    }
  }
  return l;
}

int level_index(xmlNode* n) {
  const std::optional<int> i = parse_int(xml::wattr(n, "ilvl"));
  return i && *i >= 0 && *i <= 8 ? *i : -1;
}

}  // namespace

void Numbering::load(xmlDoc* doc) {
  if (doc == nullptr) {
    return;
  }
  for (xmlNode* n : xml::children(xmlDocGetRootElement(doc))) {
    if (xml::is(n, Ns::w, "abstractNum")) {
      const std::optional<int> id = parse_int(xml::wattr(n, "abstractNumId"));
      if (!id || m_abstracts.count(*id) != 0) {
        continue;
      }
      AbstractNum a;
      for (xmlNode* c : xml::children(n)) {
        if (xml::is(c, Ns::w, "lvl")) {
          const int i = level_index(c);
          if (i >= 0 && !a.levels[static_cast<size_t>(i)]) {
            a.levels[static_cast<size_t>(i)] = parse_level(c);
          }
        } else if (xml::is(c, Ns::w, "numStyleLink")) {
          const char* v = xml::wattr(c, "val");
          a.num_style_link = v != nullptr ? v : "";
        } else if (xml::is(c, Ns::w, "styleLink")) {
          const char* v = xml::wattr(c, "val");
          a.style_link = v != nullptr ? v : "";
        }
      }
      m_abstracts.emplace(*id, std::move(a));
    } else if (xml::is(n, Ns::w, "num")) {
      const std::optional<int> id = parse_int(xml::wattr(n, "numId"));
      if (!id || m_nums.count(*id) != 0) {
        continue;
      }
      Num num;
      for (xmlNode* c : xml::children(n)) {
        if (xml::is(c, Ns::w, "abstractNumId")) {
          num.abstract_id = parse_int(xml::wattr(c, "val")).value_or(-1);
        } else if (xml::is(c, Ns::w, "lvlOverride")) {
          const int i = level_index(c);
          if (i < 0) {
            continue;
          }
          for (xmlNode* o : xml::children(c)) {
            if (xml::is(o, Ns::w, "startOverride")) {
              num.start_override[static_cast<size_t>(i)] =
                  parse_int(xml::wattr(o, "val")).value_or(0);
            } else if (xml::is(o, Ns::w, "lvl")) {
              Level l = parse_level(o);
              l.restart.reset();  // [MS-OI29500]: Word ignores lvlRestart in an override
              num.lvl_override[static_cast<size_t>(i)] = std::move(l);
            }
          }
        }
      }
      m_nums.emplace(*id, std::move(num));
    }
  }
}

const Num* Numbering::num(int id) const {
  const auto it = m_nums.find(id);
  return it == m_nums.end() ? nullptr : &it->second;
}

const AbstractNum* Numbering::abstract_num(int id) const {
  const auto it = m_abstracts.find(id);
  return it == m_abstracts.end() ? nullptr : &it->second;
}

int Numbering::resolve_abstract(int num_id, const Styles& styles) const {
  const Num* n = num(num_id);
  if (n == nullptr) {
    return -1;
  }
  int abs_id = n->abstract_id;
  // w:numStyleLink: numbering style -> its numId -> the abstractNum with the real levels.
  for (int hop = 0; hop < 4; ++hop) {
    const AbstractNum* a = abstract_num(abs_id);
    if (a == nullptr) {
      return -1;
    }
    if (a->num_style_link.empty()) {
      return abs_id;
    }
    const ResolvedStyle* s = styles.find(a->num_style_link);
    if (s == nullptr || !s->num_id) {
      return abs_id;
    }
    const Num* linked = num(*s->num_id);
    if (linked == nullptr || linked->abstract_id == abs_id) {
      return abs_id;
    }
    abs_id = linked->abstract_id;
  }
  return abs_id;
}

Label NumberingState::next(int num_id, std::optional<int> ilvl_in, const std::string& style_id) {
  Label out;
  if (num_id == 0) {
    return out;  // numId 0 removes numbering
  }
  const Num* num = m_numbering.num(num_id);
  const int abs_id = m_numbering.resolve_abstract(num_id, m_styles);
  const AbstractNum* an = m_numbering.abstract_num(abs_id);
  if (num == nullptr || an == nullptr) {
    out.broken = true;
    return out;
  }
  auto level_def = [&](int l) -> const Level* {
    const auto i = static_cast<size_t>(l);
    if (num->lvl_override[i]) {
      return &*num->lvl_override[i];
    }
    return an->levels[i] ? &*an->levels[i] : nullptr;
  };
  int ilvl = 0;
  if (ilvl_in) {
    ilvl = *ilvl_in;
  } else if (!style_id.empty()) {
    for (int l = 0; l < 9; ++l) {
      const Level* d = level_def(l);
      if (d != nullptr && d->pstyle == style_id) {
        ilvl = l;
        break;
      }
    }
  }
  if (ilvl < 0 || ilvl > 8) {
    out.broken = true;
    return out;
  }
  const Level* cur = level_def(ilvl);
  if (cur == nullptr) {
    out.broken = true;
    return out;
  }
  out.numbered = true;
  Counters& c = m_counters[abs_id];
  // A startOverride restarts its level the first time this num is used; later uses continue.
  if (m_used_nums.insert(num_id).second) {
    for (size_t l = 0; l < 9; ++l) {
      if (num->start_override[l]) {
        c.started[l] = false;
        c.pending[l] = num->start_override[l];
      }
    }
  }
  const auto li = static_cast<size_t>(ilvl);
  if (!c.started[li]) {
    c.value[li] = c.pending[li].value_or(cur->start);
    c.pending[li].reset();
    c.started[li] = true;
  } else if (c.value[li] < 1'000'000'000) {
    ++c.value[li];
  }
  out.level = ilvl;
  out.value = c.value[li];
  // Deeper levels restart when this level is used ([MS-OI29500]: when the level named by
  // w:lvlRestart or any higher one is used; 0 = never).
  for (int m = ilvl + 1; m < 9; ++m) {
    const auto mi = static_cast<size_t>(m);
    const Level* lm = an->levels[mi] ? &*an->levels[mi] : level_def(m);
    bool reset = true;
    if (lm != nullptr && lm->restart) {
      const int r = *lm->restart;
      if (r == 0) {
        reset = false;
      } else if (r >= 1 && r - 1 < m) {
        reset = ilvl <= r - 1;
      }
    }
    if (reset) {
      c.started[mi] = false;
    }
  }
  if (cur->hidden || !cur->text) {
    out.numbered = true;
    return out;
  }
  if (cur->fmt == "bullet") {
    out.text = map_bullet_text(*cur->text, cur->font);
  } else {
    const std::string& t = *cur->text;
    for (size_t i = 0; i < t.size(); ++i) {
      if (t[i] == '%' && i + 1 < t.size() && t[i + 1] >= '1' && t[i + 1] <= '9') {
        const int k = t[i + 1] - '1';
        ++i;
        const Level* lk = level_def(k);
        if (lk == nullptr || lk->fmt == "none" || lk->fmt == "bullet") {
          continue;
        }
        const auto ki = static_cast<size_t>(k);
        const int v = c.started[ki] ? c.value[ki] : c.pending[ki].value_or(lk->start);
        out.text += cur->is_lgl ? std::to_string(v) : format_number(v, lk->fmt, lk->custom);
      } else {
        out.text += t[i];
      }
    }
  }
  out.suffix = cur->suff == "space" ? " " : cur->suff == "nothing" ? "" : "\t";
  return out;
}

}  // namespace keiyaku::docx
