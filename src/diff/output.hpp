#pragma once
// The comparison of two versions as people read it (text, HTML) and as programs do (JSON).

#include "compare.hpp"

#include <nlohmann/json.hpp>

#include <string>

namespace keiyaku::diff {

/// One risk clause added or removed, as the JSON of `diff` and of `batch` give it.
nlohmann::ordered_json risk_change_json(const core::RiskChange& change);

/// The terminal report: the articles that changed, then the requirements that got worse, better,
/// changed applicability or kept their verdict over a changed clause (each with the verdict before
/// → after, the clause cited on each side and the edit marked 「[-削除-]{+挿入+}」), then the risk
/// clauses added and removed. UI language.
std::string text(const Comparison& comparison);

/// JSON (format_version 1): old, new, clauses (the alignment), requirements (every one, with
/// before, after, movement and the cause's pieces), risks and a summary. Stable keys.
std::string json(const Comparison& comparison, int indent);

/// One self-contained HTML page (no network, no script), printable on A4: the same as text(), the
/// edits with <del>/<ins>. Every piece of document text is escaped.
std::string html(const Comparison& comparison);

/// The line of revision_text() for one requirement an effect lowered, without indent or newline.
std::string revision_line(const RevisionEffect& effect, const RequirementChange& requirement);

/// One line per lowered verdict: 「第6条第2項の変更（…承認を得→…通知し、作成者 ○○、2026-03-10）により
/// OUT-09 再委託の制限 が 充足 → 不十分」. UI language.
std::string revision_text(const std::vector<RevisionEffect>& effects);

/// The same as a JSON array (a string of JSON): clause, authors, dates, deleted, inserted, and
/// the requirements lowered with their status before and after.
std::string revision_json(const std::vector<RevisionEffect>& effects);

}  // namespace keiyaku::diff
