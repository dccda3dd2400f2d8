#include "output.hpp"

#include <base/i18n.hpp>
#include <base/strings.hpp>
#include <report/report.hpp>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <cmath>

namespace keiyaku::diff {

nlohmann::ordered_json risk_change_json(const core::RiskChange& change) {
  return {{"id", change.id},
          {"change", change.added ? "added" : "removed"},
          {"clause", change.evidence.clause},
          {"text", change.evidence.text},
          {"paragraph", change.evidence.paragraph},
          {"message", change.message}};
}

namespace {

using nlohmann::ordered_json;

std::string unit_label(const Unit& u) {
  if (!u.ref.empty()) {
    return u.ref;
  }
  return u.heading.empty() ? tr("（前文）", "(preamble)") : "(" + u.heading + ")";
}

std::string change_label(const UnitPair& p) {
  std::string s;
  switch (p.change) {
    case UnitChange::same: s = tr("文言同じ", "same text"); break;
    case UnitChange::modified: s = tr("文言の変更", "text changed"); break;
    case UnitChange::inserted: s = tr("挿入", "inserted"); break;
    case UnitChange::deleted: s = tr("削除", "deleted"); break;
    case UnitChange::split: s = tr("分割", "split"); break;
    case UnitChange::merged: s = tr("統合", "merged"); break;
  }
  if (p.renumbered) {
    s += tr("・番号の変更", ", renumbered");
  }
  if (p.moved) {
    s += tr("・移動", ", moved");
  }
  return s;
}

bool interesting(const UnitPair& p) {
  return p.change != UnitChange::same || p.renumbered || p.moved;
}

std::string pair_refs(const Comparison& c, const UnitPair& p) {
  const Alignment& al = c.alignment;
  std::string old_ref = p.old_unit >= 0 ? unit_label(al.old_units[static_cast<size_t>(p.old_unit)]) : "—";
  std::string new_ref = p.new_unit >= 0 ? unit_label(al.new_units[static_cast<size_t>(p.new_unit)]) : "—";
  for (const int o : p.others) {
    if (p.change == UnitChange::split) {
      new_ref += tr("・", ", ") + unit_label(al.new_units[static_cast<size_t>(o)]);
    } else {
      old_ref += tr("・", ", ") + unit_label(al.old_units[static_cast<size_t>(o)]);
    }
  }
  return old_ref + " → " + new_ref;
}

std::string status_or_dash(core::Status s) { return report::status_label(s); }

std::string side_line(const Side& s) {
  if (s.clause.empty()) {
    return tr("（引用なし）", "(nothing cited)");
  }
  return s.clause + tr("「", " \"") + s.text + tr("」", "\"");
}

std::string section_title(Movement m) {
  switch (m) {
    case Movement::regression: return tr("悪化した要件", "Requirements that got worse");
    case Movement::improvement: return tr("改善した要件", "Requirements that got better");
    case Movement::applicability: return tr("適用の変わった要件", "Requirements whose applicability changed");
    case Movement::text_changed:
      return tr("判定は同じで引用条項の文言が変わった要件", "Same verdict, cited clause changed");
    case Movement::unchanged: return tr("変化のない要件", "Unchanged requirements");
  }
  return "";
}

constexpr Movement k_listed[] = {Movement::regression, Movement::improvement, Movement::applicability,
                                 Movement::text_changed};

std::string cause_line(const RequirementChange& r) {
  const Edit& e = r.cause;
  if (!e.found()) {
    return r.before.status != r.after.status
               ? tr("原因: 引用条項の文言は変わっていません（他の条項・種別・適用条件の変更による）",
                    "cause: the cited clauses are unchanged (another clause, the kind or a condition changed)")
               : "";
  }
  std::string where;
  std::string how = tr("の変更", " changed");
  if (e.old_clause.empty()) {
    where = e.new_clause;
    how = tr("の挿入", " inserted");
  } else if (e.new_clause.empty()) {
    where = e.old_clause;
    how = tr("の削除", " deleted");
  } else {
    where = e.old_clause == e.new_clause ? e.new_clause : e.old_clause + " → " + e.new_clause;
  }
  std::string alone;
  if (e.alone) {
    alone = tr("（この条項だけでは ", " (this clause alone: ") + report::status_label(e.alone_before) + " → " +
            report::status_label(e.alone_after) + tr("）", ")");
  }
  return tr("原因: ", "cause: ") + where + how + alone + ": " + inline_diff(e.pieces);
}

}  // namespace

std::string text(const Comparison& c) {
  std::string out;
  out += fmt::format("{} → {}\n", c.old_path, c.new_path);
  out += fmt::format(fmt::runtime(tr("悪化 {}、改善 {}、適用の変化 {}、文言のみ変化 {}、リスク条項 追加 {}・削除 {}\n",
                                     "worse {}, better {}, applicability {}, text only {}, risk clauses added {}, "
                                     "removed {}\n")),
                     c.count(Movement::regression), c.count(Movement::improvement),
                     c.count(Movement::applicability), c.count(Movement::text_changed),
                     std::count_if(c.risks.begin(), c.risks.end(), [](const RiskChange& r) { return r.added; }),
                     std::count_if(c.risks.begin(), c.risks.end(), [](const RiskChange& r) { return !r.added; }));
  for (const Movement m : k_listed) {
    if (c.count(m) == 0) {
      continue;
    }
    out += "\n" + section_title(m) + "\n";
    for (const RequirementChange& r : c.requirements) {
      if (r.movement != m) {
        continue;
      }
      out += fmt::format("  {:<8} {} [{}]  {} → {}\n", r.id, r.title, r.severity, status_or_dash(r.before.status),
                         status_or_dash(r.after.status));
      out += "    " + tr("変更前: ", "before: ") + side_line(r.before) + "\n";
      out += "    " + tr("変更後: ", "after:  ") + side_line(r.after) + "\n";
      if (const std::string cause = cause_line(r); !cause.empty()) {
        out += "    " + cause + "\n";
      }
    }
  }
  if (!c.risks.empty()) {
    out += "\n" + tr("リスク条項", "Risk clauses") + "\n";
    for (const RiskChange& r : c.risks) {
      out += fmt::format("  {} {:<24} {}{}\n", r.added ? "+" : "-", r.id, r.evidence.clause,
                         tr("「", " \"") + r.evidence.text + tr("」", "\""));
    }
  }
  bool any = false;
  for (const UnitPair& p : c.alignment.pairs) {
    if (!interesting(p)) {
      continue;
    }
    if (!any) {
      out += "\n" + tr("条項の対応（変更前 → 変更後）", "Clauses (before → after)") + "\n";
      any = true;
    }
    out += "  " + pair_refs(c, p) + "  " + change_label(p) + "\n";
  }
  return out;
}

std::string json(const Comparison& c, int indent) {
  ordered_json j;
  j["format_version"] = 1;
  j["old"] = {{"file", c.old_path}, {"sha256", c.old_sha256}, {"kinds", c.old_kinds}};
  j["new"] = {{"file", c.new_path}, {"sha256", c.new_sha256}, {"kinds", c.new_kinds}};
  ordered_json clauses = ordered_json::array();
  const Alignment& al = c.alignment;
  for (const UnitPair& p : al.pairs) {
    ordered_json u;
    u["change"] = unit_change_name(p.change);
    u["old"] = p.old_unit >= 0 ? ordered_json(al.old_units[static_cast<size_t>(p.old_unit)].ref) : ordered_json();
    u["new"] = p.new_unit >= 0 ? ordered_json(al.new_units[static_cast<size_t>(p.new_unit)].ref) : ordered_json();
    u["renumbered"] = p.renumbered;
    u["moved"] = p.moved;
    u["similarity"] = std::round(p.similarity * 1000) / 1000;
    ordered_json others = ordered_json::array();
    for (const int o : p.others) {
      others.push_back(p.change == UnitChange::split ? al.new_units[static_cast<size_t>(o)].ref
                                                     : al.old_units[static_cast<size_t>(o)].ref);
    }
    u["others"] = std::move(others);
    clauses.push_back(std::move(u));
  }
  j["clauses"] = std::move(clauses);
  const auto side = [](const Side& s) {
    ordered_json o;
    o["status"] = core::status_name(s.status);
    o["clause"] = s.clause;
    o["text"] = s.text;
    o["paragraph"] = s.paragraph;
    return o;
  };
  ordered_json reqs = ordered_json::array();
  for (const RequirementChange& r : c.requirements) {
    ordered_json o;
    o["id"] = r.id;
    o["title"] = r.title;
    o["severity"] = r.severity;
    o["movement"] = movement_name(r.movement);
    o["before"] = side(r.before);
    o["after"] = side(r.after);
    if (r.cause.found()) {
      ordered_json pieces = ordered_json::array();
      for (const Piece& p : r.cause.pieces) {
        pieces.push_back({{"op", p.op == Piece::Op::equal ? "equal" : p.op == Piece::Op::del ? "delete" : "insert"},
                          {"text", p.text}});
      }
      o["cause"] = {{"old_clause", r.cause.old_clause}, {"new_clause", r.cause.new_clause},
                    {"old_text", r.cause.old_text},     {"new_text", r.cause.new_text},
                    {"diff", std::move(pieces)}};
      o["cause"]["alone"] = r.cause.alone ? ordered_json{{"before", core::status_name(r.cause.alone_before)},
                                                         {"after", core::status_name(r.cause.alone_after)}}
                                          : ordered_json();
    } else {
      o["cause"] = nullptr;
    }
    reqs.push_back(std::move(o));
  }
  j["requirements"] = std::move(reqs);
  ordered_json risks = ordered_json::array();
  for (const RiskChange& r : c.risks) {
    risks.push_back(risk_change_json(r));
  }
  j["risks"] = std::move(risks);
  j["summary"] = {{"regressions", c.count(Movement::regression)},
                  {"improvements", c.count(Movement::improvement)},
                  {"applicability", c.count(Movement::applicability)},
                  {"text_changed", c.count(Movement::text_changed)},
                  {"unchanged", c.count(Movement::unchanged)},
                  {"risks_added", std::count_if(c.risks.begin(), c.risks.end(), [](const RiskChange& r) { return r.added; })},
                  {"risks_removed", std::count_if(c.risks.begin(), c.risks.end(), [](const RiskChange& r) { return !r.added; })},
                  {"worse", c.worse()}};
  return j.dump(indent, ' ', false, nlohmann::json::error_handler_t::replace);
}

std::string html(const Comparison& c) {
  const auto esc = [](std::string_view s) { return str::html_escape(s); };
  std::string out =
      "<!DOCTYPE html>\n<html lang=\"" + tr("ja", "en") + "\"><head><meta charset=\"utf-8\">"
      "<meta name=\"viewport\" content=\"width=device-width\"><title>" +
      esc(tr("契約書の版の比較", "Comparison of two drafts")) + "</title><style>"
      "body{font-family:sans-serif;margin:1.5em;max-width:60em}table{border-collapse:collapse;width:100%}"
      "td,th{border:1px solid #999;padding:.3em;vertical-align:top;text-align:left}"
      "del{background:#fdd;text-decoration:line-through}ins{background:#dfd;text-decoration:none}"
      ".regression{background:#fee}.improvement{background:#efe}"
      "@media print{body{margin:0}@page{size:A4;margin:15mm}}</style></head><body>\n";
  out += "<h1>" + esc(tr("契約書の版の比較", "Comparison of two drafts")) + "</h1>\n<p>" + esc(c.old_path) + " → " +
         esc(c.new_path) + "</p>\n";
  for (const Movement m : k_listed) {
    if (c.count(m) == 0) {
      continue;
    }
    out += "<h2>" + esc(section_title(m)) + "</h2>\n<table><tr><th>" + esc(tr("要件", "Requirement")) + "</th><th>" +
           esc(tr("判定", "Verdict")) + "</th><th>" + esc(tr("変更前", "Before")) + "</th><th>" +
           esc(tr("変更後", "After")) + "</th><th>" + esc(tr("変更", "Edit")) + "</th></tr>\n";
    for (const RequirementChange& r : c.requirements) {
      if (r.movement != m) {
        continue;
      }
      std::string edit;
      if (r.cause.found()) {
        for (const Piece& p : r.cause.pieces) {
          edit += p.op == Piece::Op::equal ? esc(p.text)
                  : p.op == Piece::Op::del ? "<del>" + esc(p.text) + "</del>"
                                           : "<ins>" + esc(p.text) + "</ins>";
        }
      }
      out += "<tr class=\"" + std::string(movement_name(m)) + "\"><td>" + esc(r.id) + " " + esc(r.title) + " [" +
             esc(r.severity) + "]</td><td>" + esc(status_or_dash(r.before.status)) + " → " +
             esc(status_or_dash(r.after.status)) + "</td><td>" + esc(side_line(r.before)) + "</td><td>" +
             esc(side_line(r.after)) + "</td><td>" + edit + "</td></tr>\n";
    }
    out += "</table>\n";
  }
  if (!c.risks.empty()) {
    out += "<h2>" + esc(tr("リスク条項", "Risk clauses")) + "</h2>\n<ul>\n";
    for (const RiskChange& r : c.risks) {
      out += "<li>" + esc(r.added ? tr("追加", "added") : tr("削除", "removed")) + ": " + esc(r.id) + " " +
             esc(r.evidence.clause) + " " + esc(r.evidence.text) + "</li>\n";
    }
    out += "</ul>\n";
  }
  out += "<h2>" + esc(tr("条項の対応（変更前 → 変更後）", "Clauses (before → after)")) + "</h2>\n<ul>\n";
  for (const UnitPair& p : c.alignment.pairs) {
    if (interesting(p)) {
      out += "<li>" + esc(pair_refs(c, p)) + " " + esc(change_label(p)) + "</li>\n";
    }
  }
  out += "</ul>\n</body></html>\n";
  return out;
}

namespace {

// At most `n` characters of s, 「…」 marking the cut.
std::string shortened(const std::string& s, size_t n) {
  size_t i = 0;
  size_t count = 0;
  while (i < s.size() && count < n) {
    str::next_cp(s, i);
    ++count;
  }
  return i < s.size() ? s.substr(0, i) + "…" : s;
}

}  // namespace

std::string revision_line(const RevisionEffect& e, const RequirementChange& r) {
  std::string what = shortened(e.deleted, 20) + "→" + shortened(e.inserted, 20);
  for (size_t k = 0; k < e.authors.size(); ++k) {
    what += tr("、作成者 ", ", by ") + e.authors[k];
    if (!e.dates[k].empty()) {
      what += tr("、", ", ") + e.dates[k];
    }
  }
  // Read alone when the verdict of the whole did not move: the clause's own verdict, then the whole's.
  const core::Status from = r.cause.alone ? r.cause.alone_before : r.before.status;
  const core::Status to = r.cause.alone ? r.cause.alone_after : r.after.status;
  std::string whole;
  if (r.cause.alone) {
    whole = tr("（この条項だけで見た判定。契約全体では ", " (this clause alone; the whole contract ") +
            report::status_label(r.before.status) + " → " + report::status_label(r.after.status) + tr("）", ")");
  }
  return fmt::format(fmt::runtime(tr("{}の変更（{}）により {} {} が {} → {}{}", "the change of {} ({}) takes {} {} from {} to {}{}")),
                     e.clause, what, r.id, r.title, report::status_label(from), report::status_label(to), whole);
}

std::string revision_text(const std::vector<RevisionEffect>& effects) {
  std::string out;
  for (const RevisionEffect& e : effects) {
    for (const RequirementChange* r : e.lowered) {
      out += "  " + revision_line(e, *r) + "\n";
    }
  }
  return out;
}

std::string revision_json(const std::vector<RevisionEffect>& effects) {
  ordered_json a = ordered_json::array();
  for (const RevisionEffect& e : effects) {
    ordered_json lowered = ordered_json::array();
    for (const RequirementChange* r : e.lowered) {
      ordered_json l = {{"id", r->id},
                        {"title", r->title},
                        {"before", core::status_name(r->before.status)},
                        {"after", core::status_name(r->after.status)}};
      l["alone"] = r->cause.alone ? ordered_json{{"before", core::status_name(r->cause.alone_before)},
                                                 {"after", core::status_name(r->cause.alone_after)}}
                                  : ordered_json();
      lowered.push_back(std::move(l));
    }
    a.push_back({{"clause", e.clause},
                 {"authors", e.authors},
                 {"dates", e.dates},
                 {"deleted", e.deleted},
                 {"inserted", e.inserted},
                 {"lowered", std::move(lowered)}});
  }
  return a.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

}  // namespace keiyaku::diff
