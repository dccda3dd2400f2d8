#include "sheet.hpp"

#include "package.hpp"
#include "reader.hpp"
#include "xml.hpp"

#include <base/file.hpp>
#include <base/i18n.hpp>
#include <base/strings.hpp>

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <map>

namespace keiyaku::docx {

namespace {

constexpr size_t k_max_columns = 16384;  // XFD, Excel's last column

// Elements by local name: SpreadsheetML comes in a transitional and a strict namespace.
bool named(const xmlNode* n, const char* local) {
  return n != nullptr && n->type == XML_ELEMENT_NODE &&
         std::strcmp(reinterpret_cast<const char*>(n->name), local) == 0;
}

std::vector<const xmlNode*> kids(const xmlNode* n, const char* local) {
  std::vector<const xmlNode*> out;
  for (const xmlNode* c = n == nullptr ? nullptr : n->children; c != nullptr; c = c->next) {
    if (named(c, local)) {
      out.push_back(c);
    }
  }
  return out;
}

const xmlNode* kid(const xmlNode* n, const char* local) {
  for (const xmlNode* c = n == nullptr ? nullptr : n->children; c != nullptr; c = c->next) {
    if (named(c, local)) {
      return c;
    }
  }
  return nullptr;
}

std::string attribute(const xmlNode* n, const char* local) {
  for (const xmlAttr* a = n->properties; a != nullptr; a = a->next) {
    if (std::strcmp(reinterpret_cast<const char*>(a->name), local) == 0 && a->children != nullptr &&
        a->children->content != nullptr) {
      return reinterpret_cast<const char*>(a->children->content);
    }
  }
  return {};
}

std::string content(const xmlNode* n) {
  if (n == nullptr) {
    return {};
  }
  xmlChar* c = xmlNodeGetContent(n);
  std::string s = c == nullptr ? std::string() : reinterpret_cast<const char*>(c);
  xmlFree(c);
  return s;
}

// The text of a string item (<si> or <is>): plain <t>, or the <t> of each rich-text run; phonetic
// runs (<rPh>, the furigana) are left out.
std::string item_text(const xmlNode* si) {
  std::string s;
  for (const xmlNode* c = si->children; c != nullptr; c = c->next) {
    if (named(c, "t")) {
      s += content(c);
    } else if (named(c, "r")) {
      s += content(kid(c, "t"));
    }
  }
  return s;
}

// "BC12" → column index 54 (0-based); -1 when it is not a cell reference.
long column_of(std::string_view ref) {
  long col = 0;
  size_t i = 0;
  while (i < ref.size() && ref[i] >= 'A' && ref[i] <= 'Z') {
    col = col * 26 + (ref[i] - 'A' + 1);
    if (col > static_cast<long>(k_max_columns)) {
      return -1;
    }
    ++i;
  }
  return i == 0 ? -1 : col - 1;
}

// Number formats that show a date: the built-in ones (ECMA-376 §18.8.30, with the Japanese
// 和暦 formats 27–36 and 50–58) and custom codes with a year, month-day or era outside quotes.
bool date_format(int id, const std::string& code) {
  if ((id >= 14 && id <= 17) || id == 22 || (id >= 27 && id <= 36) || (id >= 50 && id <= 58)) {
    return true;
  }
  if (code.empty()) {
    return false;
  }
  bool quoted = false;
  bool bracket = false;
  for (const char c : code) {
    if (c == '"') {
      quoted = !quoted;
    } else if (!quoted && c == '[') {
      bracket = true;
    } else if (!quoted && c == ']') {
      bracket = false;
    } else if (!quoted && !bracket &&
               (c == 'y' || c == 'Y' || c == 'd' || c == 'D' || c == 'e' || c == 'g')) {
      return true;
    }
  }
  return false;
}

// An Excel serial date (1900 system: day 1 = 1900-01-01, counting the 1900-02-29 Excel invents)
// as 2026-04-01; the text unchanged when it is not one.
std::string serial_date(const std::string& text) {
  char* end = nullptr;
  const double v = std::strtod(text.c_str(), &end);
  if (end == text.c_str() || *end != '\0' || v < 61 || v > 2958465) {
    return text;
  }
  // Days from 1899-12-30, to the civil date (H. Hinnant's days_from_civil, inverted).
  const long z = static_cast<long>(std::floor(v)) - 25569 + 719468;  // 1970-01-01 is serial 25569
  const long era = (z >= 0 ? z : z - 146096) / 146097;
  const long doe = z - era * 146097;
  const long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const long mp = (5 * doy + 2) / 153;
  const long d = doy - (153 * mp + 2) / 5 + 1;
  const long m = mp < 10 ? mp + 3 : mp - 9;
  const long y = yoe + era * 400 + (m <= 2 ? 1 : 0);
  char buf[64];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", static_cast<int>(y), static_cast<int>(m),
                static_cast<int>(d));
  return buf;
}

Error sheet_error(const std::string& path, const std::string& message) {
  return Error(ErrorCode::invalid_input, path + ": " + message);
}

}  // namespace

Expected<std::vector<SheetRow>> read_sheet(const std::string& path, const std::string& sheet) {
  xml::init_once();
  const Limits limits;
  // Mapped, not read: only the parts read are inflated, and they count against the input limit.
  auto bytes = file::map(path, limits.max_read_bytes);
  if (!bytes) {
    return bytes.error();
  }
  Budget budget(limits);
  auto pkg = Package::open(bytes->bytes(), path, budget);
  if (!pkg) {
    return pkg.error();
  }
  Package& p = **pkg;
  const int depth = limits.max_xml_depth;
  if (!p.has("xl/workbook.xml")) {
    return sheet_error(path, tr("Excel のブック（.xlsx）ではありません（xl/workbook.xml がない）",
                                "not an Excel workbook (.xlsx): no xl/workbook.xml"));
  }
  const auto dom = [&](const std::string& part) -> Expected<xml::DocPtr> {
    auto data = p.read(part, limits.max_read_bytes);
    if (!data) {
      return data.error();
    }
    return xml::parse_dom(*data, xml::PartContext{path, part, depth});
  };

  // Which part holds the sheet.
  auto wb = dom("xl/workbook.xml");
  if (!wb) {
    return wb.error();
  }
  auto rels = p.rels_of("xl/workbook.xml", depth);
  if (!rels) {
    return rels.error();
  }
  std::string part;
  std::vector<std::string> names;
  const xmlNode* root = xmlDocGetRootElement(wb->get());
  for (const xmlNode* s : kids(kid(root, "sheets"), "sheet")) {
    const std::string name = attribute(s, "name");
    names.push_back(name);
    if (part.empty() && (sheet.empty() || name == sheet)) {
      const Rel* rel = rels->by_id(attribute(s, "id"));
      if (rel == nullptr || rel->external) {
        return sheet_error(path,
                           tr("シートの参照が壊れています: ", "broken sheet reference: ") + name);
      }
      part = rel->target;
    }
  }
  if (part.empty()) {
    return sheet_error(path, tr("シートがありません: ", "no such sheet: ") + sheet +
                                 tr("（あるシート: ", " (sheets: ") + str::join(names, ", ") +
                                 tr("）", ")"));
  }

  // Shared strings and the styles that show dates.
  std::vector<std::string> strings;
  if (p.has("xl/sharedStrings.xml")) {
    auto sst = dom("xl/sharedStrings.xml");
    if (!sst) {
      return sst.error();
    }
    for (const xmlNode* si : kids(xmlDocGetRootElement(sst->get()), "si")) {
      strings.push_back(item_text(si));
    }
  }
  std::vector<bool> date_style;
  if (p.has("xl/styles.xml")) {
    auto styles = dom("xl/styles.xml");
    if (!styles) {
      return styles.error();
    }
    const xmlNode* ss = xmlDocGetRootElement(styles->get());
    std::map<int, std::string> codes;
    for (const xmlNode* f : kids(kid(ss, "numFmts"), "numFmt")) {
      codes[std::atoi(attribute(f, "numFmtId").c_str())] = attribute(f, "formatCode");
    }
    for (const xmlNode* xf : kids(kid(ss, "cellXfs"), "xf")) {
      const int id = std::atoi(attribute(xf, "numFmtId").c_str());
      const auto it = codes.find(id);
      date_style.push_back(date_format(id, it == codes.end() ? std::string() : it->second));
    }
  }

  auto ws = dom(part);
  if (!ws) {
    return ws.error();
  }
  std::vector<SheetRow> rows;
  int next_row = 1;
  for (const xmlNode* row : kids(kid(xmlDocGetRootElement(ws->get()), "sheetData"), "row")) {
    SheetRow out;
    const std::string r = attribute(row, "r");
    out.number = r.empty() ? next_row : std::atoi(r.c_str());
    next_row = out.number + 1;
    long next_col = 0;
    bool any = false;
    for (const xmlNode* c : kids(row, "c")) {
      const std::string ref = attribute(c, "r");
      const long col = ref.empty() ? next_col : column_of(ref);
      if (col < 0) {
        return sheet_error(path, tr("セルの位置が読めません: ", "bad cell reference: ") + ref);
      }
      next_col = col + 1;
      const std::string type = attribute(c, "t");
      std::string value;
      if (type == "inlineStr") {
        const xmlNode* is = kid(c, "is");
        value = is == nullptr ? std::string() : item_text(is);
      } else {
        value = content(kid(c, "v"));
        if (type == "s") {
          const size_t i = static_cast<size_t>(std::strtoul(value.c_str(), nullptr, 10));
          value = i < strings.size() ? strings[i] : std::string();
        } else if (type == "b") {
          value = value == "1" ? "TRUE" : "FALSE";
        } else if (type.empty() || type == "n") {
          const std::string s = attribute(c, "s");
          const size_t style =
              s.empty() ? 0 : static_cast<size_t>(std::strtoul(s.c_str(), nullptr, 10));
          if (!value.empty() && style < date_style.size() && date_style[style]) {
            value = serial_date(value);
          }
        }
      }
      if (value.empty()) {
        continue;
      }
      if (out.cells.size() <= static_cast<size_t>(col)) {
        out.cells.resize(static_cast<size_t>(col) + 1);
      }
      out.cells[static_cast<size_t>(col)] = std::move(value);
      any = true;
    }
    if (any) {
      rows.push_back(std::move(out));
    }
  }
  return rows;
}

}  // namespace keiyaku::docx
