#include "styles.hpp"

#include "xml.hpp"

#include <base/strings.hpp>

#include <charconv>
#include <unordered_set>
#include <vector>

namespace keiyaku::docx {

using xml::Ns;

std::optional<int> parse_int(std::string_view s) {
  while (!s.empty() && s.front() == ' ') {
    s.remove_prefix(1);
  }
  while (!s.empty() && s.back() == ' ') {
    s.remove_suffix(1);
  }
  if (!s.empty() && s.front() == '+') {
    s.remove_prefix(1);
  }
  int v = 0;
  const auto r = std::from_chars(s.data(), s.data() + s.size(), v);
  if (r.ec != std::errc() || r.ptr != s.data() + s.size() || s.empty()) {
    return std::nullopt;
  }
  return v;
}

std::optional<int> parse_int(const char* s) {
  if (s == nullptr) {
    return std::nullopt;
  }
  return parse_int(std::string_view(s));
}

namespace {

struct RawStyle {
  std::string id, name, type, based_on;
  std::optional<int> num_id, ilvl, outline;
  std::optional<bool> vanish;
};

std::optional<int> heading_from_name(std::string_view name) {
  const std::string n = str::to_lower_ascii(name);
  if (n.size() == 9 && str::starts_with(n, "heading ") && n[8] >= '1' && n[8] <= '9') {
    return n[8] - '1';
  }
  return std::nullopt;
}

}  // namespace

void Styles::load(xmlDoc* doc) {
  if (doc == nullptr) {
    return;
  }
  std::unordered_map<std::string, RawStyle> raw;
  for (xmlNode* s : xml::children(xmlDocGetRootElement(doc))) {
    if (xml::is(s, Ns::w, "docDefaults")) {
      if (xmlNode* rpd = xml::child(s, Ns::w, "rPrDefault")) {
        if (xmlNode* v = xml::child(xml::child(rpd, Ns::w, "rPr"), Ns::w, "vanish")) {
          m_default_vanish = xml::on_off(xml::wattr(v, "val"));
        }
      }
      continue;
    }
    if (!xml::is(s, Ns::w, "style")) {
      continue;
    }
    RawStyle r;
    const char* id = xml::wattr(s, "styleId");
    if (id == nullptr) {
      continue;
    }
    r.id = id;
    const char* type = xml::wattr(s, "type");
    r.type = type != nullptr ? type : "paragraph";
    for (xmlNode* c : xml::children(s)) {
      if (xml::is(c, Ns::w, "name")) {
        const char* v = xml::wattr(c, "val");
        r.name = v != nullptr ? v : "";
      } else if (xml::is(c, Ns::w, "basedOn")) {
        const char* v = xml::wattr(c, "val");
        r.based_on = v != nullptr ? v : "";
      } else if (xml::is(c, Ns::w, "pPr")) {
        for (xmlNode* p : xml::children(c)) {
          if (xml::is(p, Ns::w, "numPr")) {
            r.num_id = parse_int(xml::wattr(xml::child(p, Ns::w, "numId"), "val"));
            r.ilvl = parse_int(xml::wattr(xml::child(p, Ns::w, "ilvl"), "val"));
          } else if (xml::is(p, Ns::w, "outlineLvl")) {
            r.outline = parse_int(xml::wattr(p, "val"));
          }
        }
      } else if (xml::is(c, Ns::w, "rPr")) {
        if (xmlNode* v = xml::child(c, Ns::w, "vanish")) {
          r.vanish = xml::on_off(xml::wattr(v, "val"));
        }
      }
    }
    const char* def = xml::wattr(s, "default");
    if (r.type == "paragraph" && def != nullptr && xml::on_off(def) &&
        m_default_paragraph.empty()) {
      m_default_paragraph = r.id;
    }
    raw.emplace(r.id, std::move(r));
  }
  // Resolve every style through its basedOn chain: the nearest definition wins.
  for (const auto& [id, r] : raw) {
    ResolvedStyle out;
    out.name = r.name.empty() ? r.id : r.name;
    out.paragraph = r.type == "paragraph";
    out.numbering_style = r.type == "numbering";
    std::unordered_set<std::string> seen;
    const RawStyle* cur = &r;
    std::optional<int> name_heading;
    for (int depth = 0; cur != nullptr && depth < 32 && seen.insert(cur->id).second; ++depth) {
      if (!out.num_id && cur->num_id) {
        out.num_id = cur->num_id;
      }
      if (!out.ilvl && cur->ilvl) {
        out.ilvl = cur->ilvl;
      }
      if (!out.outline && cur->outline) {
        out.outline = cur->outline;
      }
      if (!out.vanish && cur->vanish) {
        out.vanish = cur->vanish;
      }
      if (!name_heading) {
        name_heading = heading_from_name(cur->name);
      }
      if (cur->based_on.empty()) {
        break;
      }
      const auto it = raw.find(cur->based_on);
      cur = it == raw.end() ? nullptr : &it->second;
    }
    if (out.outline && (*out.outline < 0 || *out.outline > 8)) {
      out.outline.reset();  // 9 = body text
    } else if (!out.outline && name_heading) {
      out.outline = name_heading;
    }
    m_any_vanish |= out.vanish.value_or(false);
    m_styles.emplace(id, std::move(out));
  }
  m_any_vanish |= m_default_vanish;
}

const ResolvedStyle* Styles::find(std::string_view id) const {
  if (id.empty()) {
    return nullptr;
  }
  const auto it = m_styles.find(id);
  return it == m_styles.end() ? nullptr : &it->second;
}

bool Styles::run_hidden(std::optional<bool> direct,
                        std::string_view para_style,
                        std::string_view char_style) const {
  if (direct) {
    return *direct;
  }
  if (!m_any_vanish) {
    return false;
  }
  const ResolvedStyle* ps =
      find(para_style.empty() ? std::string_view(m_default_paragraph) : para_style);
  const ResolvedStyle* cs = find(char_style);
  const std::optional<bool> pv = ps != nullptr ? ps->vanish : std::nullopt;
  const std::optional<bool> cv = cs != nullptr ? cs->vanish : std::nullopt;
  if (pv || cv) {
    return pv.value_or(false) != cv.value_or(false);
  }
  return m_default_vanish;
}

}  // namespace keiyaku::docx
