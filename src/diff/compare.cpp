#include "compare.hpp"

#include <base/i18n.hpp>

#include <algorithm>

namespace keiyaku::diff {

namespace {

// Edited clauses judged alone, at most (a contract rewritten from end to end is compared by its
// verdicts and cited clauses only beyond this).
constexpr size_t k_max_judged_edits = 400;

// The clause a paragraph index was read into (not a 見出し line: those are not aligned), or -1.
int clause_at(const std::vector<core::Clause>& clauses, int paragraph) {
  for (size_t i = 0; i < clauses.size(); ++i) {
    if (clauses[i].paragraph == paragraph && !clauses[i].is_heading) {
      return static_cast<int>(i);
    }
  }
  return -1;
}

// Only spaces: ASCII, tab, U+3000.
bool blank(std::string_view s) {
  for (size_t i = 0; i < s.size();) {
    if (s[i] == ' ' || s[i] == '\t') {
      ++i;
    } else if (s.substr(i, 3) == "\xE3\x80\x80") {
      i += 3;
    } else {
      return false;
    }
  }
  return !s.empty();
}

Edit edit_of(const Comparison& c, int old_clause, int new_clause) {
  Edit e;
  if (old_clause >= 0) {
    const core::Clause& o = c.old_clauses[static_cast<size_t>(old_clause)];
    e.old_clause = o.ref.empty() ? o.unit_ref : o.ref;
    e.old_text = o.original;
    e.old_paragraph = o.paragraph;
  }
  if (new_clause >= 0) {
    const core::Clause& n = c.new_clauses[static_cast<size_t>(new_clause)];
    e.new_clause = n.ref.empty() ? n.unit_ref : n.ref;
    e.new_text = n.original;
    e.new_paragraph = n.paragraph;
  }
  e.pieces = char_diff(e.old_text, e.new_text);
  // A space for a space (「2 」 read from a PDF, 「2　」 from a DOCX) is no edit: shown as kept.
  std::vector<Piece> kept;
  for (size_t i = 0; i < e.pieces.size(); ++i) {
    const bool swap = i + 1 < e.pieces.size() && e.pieces[i].op == Piece::Op::del &&
                      e.pieces[i + 1].op == Piece::Op::ins && blank(e.pieces[i].text) && blank(e.pieces[i + 1].text);
    const Piece piece = swap ? Piece{Piece::Op::equal, e.pieces[++i].text} : e.pieces[i];
    if (!kept.empty() && kept.back().op == Piece::Op::equal && piece.op == Piece::Op::equal) {
      kept.back().text += piece.text;
    } else {
      kept.push_back(piece);
    }
  }
  e.pieces = std::move(kept);
  return e;
}

bool texts_differ(const Comparison& c, int old_clause, int new_clause) {
  if (old_clause < 0 || new_clause < 0) {
    return old_clause >= 0 || new_clause >= 0;
  }
  return c.old_clauses[static_cast<size_t>(old_clause)].text != c.new_clauses[static_cast<size_t>(new_clause)].text;
}

}  // namespace

bool Comparison::worse() const {
  return count(Movement::regression) > 0 ||
         std::any_of(risks.begin(), risks.end(), [](const RiskChange& r) { return r.added; });
}

int Comparison::count(Movement movement) const {
  return static_cast<int>(std::count_if(requirements.begin(), requirements.end(),
                                        [&](const RequirementChange& r) { return r.movement == movement; }));
}

Comparison compare(const review::Engine& engine, const review::ReviewResult& before,
                   const review::ReviewResult& after) {
  Comparison c;
  c.old_path = before.document.path;
  c.new_path = after.document.path;
  c.old_sha256 = before.document.sha256;
  c.new_sha256 = after.document.sha256;
  c.old_kinds = before.kinds;
  c.new_kinds = after.kinds;
  c.old_clauses = review::clauses_of(before.document);
  c.new_clauses = review::clauses_of(after.document);
  c.alignment = align(c.old_clauses, c.new_clauses);
  const Alignment& al = c.alignment;

  // Requirements in catalog order (the new review's, then any only the old one had), with the
  // verdict and the clause cited on each side; the movement is worked out below from the clauses.
  std::vector<core::VerdictChange> verdicts =
      core::compare_verdicts(before.findings, after.findings);
  std::vector<std::string> order;
  order.reserve(verdicts.size());
  for (const core::VerdictChange& v : verdicts) {
    order.push_back(v.pair.id);
  }
  // Every edited, inserted or deleted clause, judged alone on each side for every requirement.
  std::vector<std::pair<int, int>> edits;
  for (size_t o = 0; o < c.old_clauses.size(); ++o) {
    const int n = al.old_to_new_clause[o];
    if (!c.old_clauses[o].is_heading && (n < 0 || texts_differ(c, static_cast<int>(o), n))) {
      edits.emplace_back(static_cast<int>(o), n);
    }
  }
  for (size_t n = 0; n < c.new_clauses.size(); ++n) {
    if (!c.new_clauses[n].is_heading && al.new_to_old_clause[n] < 0) {
      edits.emplace_back(-1, static_cast<int>(n));
    }
  }
  if (edits.size() > k_max_judged_edits) {
    edits.resize(k_max_judged_edits);
  }
  std::vector<std::vector<core::Status>> judged_old(edits.size());
  std::vector<std::vector<core::Status>> judged_new(edits.size());
  for (size_t k = 0; k < edits.size(); ++k) {
    const auto [o, n] = edits[k];
    judged_old[k] = o >= 0 ? review::judge_clause(engine, c.old_clauses[static_cast<size_t>(o)], before.parties, order)
                           : std::vector<core::Status>(order.size(), core::Status::missing);
    judged_new[k] = n >= 0 ? review::judge_clause(engine, c.new_clauses[static_cast<size_t>(n)], after.parties, order)
                           : std::vector<core::Status>(order.size(), core::Status::missing);
  }
  for (size_t ri = 0; ri < order.size(); ++ri) {
    core::VerdictChange& v = verdicts[ri];
    // The new review's finding and requirement, or the old one's when only it checked it.
    const bool in_new = v.pair.after >= 0;
    const review::ReviewResult& from = in_new ? after : before;
    const auto at = static_cast<size_t>(in_new ? v.pair.after : v.pair.before);
    const core::RuleSpec& spec = *from.specs[at];
    RequirementChange r;
    r.id = v.pair.id;
    r.title = ui_lang() == Lang::en && !spec.title_en.empty() ? spec.title_en : spec.title;
    r.severity = core::severity_of(from.findings[at], spec);
    r.before = std::move(v.before);
    r.after = std::move(v.after);
    // The clause each side cites, and what it is on the other side.
    const int old_cited = r.before.paragraph >= 0 ? clause_at(c.old_clauses, r.before.paragraph) : -1;
    const int new_cited = r.after.paragraph >= 0 ? clause_at(c.new_clauses, r.after.paragraph) : -1;
    std::vector<std::pair<int, int>> candidates;
    if (old_cited >= 0) {
      candidates.emplace_back(old_cited, al.old_to_new_clause[static_cast<size_t>(old_cited)]);
    }
    if (new_cited >= 0) {
      candidates.emplace_back(al.new_to_old_clause[static_cast<size_t>(new_cited)], new_cited);
    }
    bool text_changed = false;
    for (const auto& [o, n] : candidates) {
      if (texts_differ(c, o, n)) {
        r.cause = edit_of(c, o, n);
        text_changed = true;
        break;
      }
    }
    r.movement = core::movement_of(r.before.status, r.after.status, text_changed);
    // An edited clause that met the requirement by itself and no longer does (or the other way):
    // the cause when the verdict moved without its cited clauses changing, and a change of its own
    // when the verdict held but is not met.
    const bool same = r.movement == Movement::unchanged || r.movement == Movement::text_changed;
    const bool need_cause = !same && !r.cause.found();
    for (size_t k = 0; k < edits.size() && (same || need_cause); ++k) {
      const core::Status jo = judged_old[k][ri];
      const core::Status jn = judged_new[k][ri];
      const bool lost = jo == core::Status::satisfied && jn != core::Status::satisfied;
      const bool gained = jn == core::Status::satisfied && jo != core::Status::satisfied;
      const bool fits = need_cause ? (r.movement == Movement::regression ? lost : gained)
                                   : (lost && r.after.status != core::Status::satisfied &&
                                      r.after.status != core::Status::not_applicable) ||
                                         (gained && r.before.status != core::Status::satisfied &&
                                          r.before.status != core::Status::not_applicable);
      if (!fits) {
        continue;
      }
      r.cause = edit_of(c, edits[k].first, edits[k].second);
      r.cause.alone = true;
      r.cause.alone_before = jo;
      r.cause.alone_after = jn;
      if (same) {
        r.movement = lost ? Movement::regression : Movement::improvement;
      }
      break;
    }
    c.requirements.push_back(std::move(r));
  }
  std::stable_sort(c.requirements.begin(), c.requirements.end(),
                   [](const RequirementChange& a, const RequirementChange& b) {
                     return core::listed_before(a.movement, a.severity == "must", b.movement,
                                                b.severity == "must");
                   });

  // Risk clauses: the same risk at the clause the old one's became (or with much the same text) is
  // kept.
  c.risks = core::compare_risks(
      before.risks, after.risks, [&](const core::RiskFinding& o, const core::RiskFinding& n) {
        const int oc = clause_at(c.old_clauses, o.evidence.paragraph);
        const int became = oc >= 0 ? al.old_to_new_clause[static_cast<size_t>(oc)] : -1;
        return became >= 0 && clause_at(c.new_clauses, n.evidence.paragraph) == became;
      });
  return c;
}

}  // namespace keiyaku::diff

namespace keiyaku::diff {

std::vector<RevisionEffect> revision_effects(const Comparison& comparison, const core::Document& before_document,
                                             const core::Document& after_document) {
  std::vector<RevisionEffect> out;
  const auto source_of = [](const core::Document& d, int paragraph) {
    return paragraph >= 0 && static_cast<size_t>(paragraph) < d.blocks.size()
               ? d.blocks[static_cast<size_t>(paragraph)].source_paragraph
               : -1;
  };
  for (const RequirementChange& r : comparison.requirements) {
    if (r.movement != Movement::regression || !r.cause.found()) {
      continue;
    }
    const Edit& e = r.cause;
    const std::string clause = e.new_clause.empty() ? e.old_clause : e.new_clause;
    auto it = std::find_if(out.begin(), out.end(), [&](const RevisionEffect& x) { return x.clause == clause; });
    if (it == out.end()) {
      RevisionEffect effect;
      effect.clause = clause;
      const int sources[] = {source_of(after_document, e.new_paragraph), source_of(before_document, e.old_paragraph)};
      effect.source_paragraph = sources[0] >= 0 ? sources[0] : sources[1];
      for (const core::RevisionMark& m : after_document.revisions.marks) {
        if (m.source_paragraph < 0 || (m.source_paragraph != sources[0] && m.source_paragraph != sources[1])) {
          continue;
        }
        const std::string date = m.date.substr(0, 10);
        bool seen = false;
        for (size_t k = 0; k < effect.authors.size(); ++k) {
          seen = seen || (effect.authors[k] == m.author && effect.dates[k] == date);
        }
        if (!seen) {
          effect.authors.push_back(m.author);
          effect.dates.push_back(date);
        }
      }
      for (const Piece& p : e.pieces) {
        if (p.op == Piece::Op::del) {
          effect.deleted += (effect.deleted.empty() ? "" : "…") + p.text;
        } else if (p.op == Piece::Op::ins) {
          effect.inserted += (effect.inserted.empty() ? "" : "…") + p.text;
        }
      }
      out.push_back(std::move(effect));
      it = out.end() - 1;
    }
    it->lowered.push_back(&r);
  }
  return out;
}

}  // namespace keiyaku::diff
