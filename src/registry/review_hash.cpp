#include "review_hash.hpp"

#include "json.hpp"

#include <base/sha256.hpp>

namespace keiyaku::registry {

namespace {

// Appends columns [from, to) of the current row to `out`, each as "<length>:<bytes>;" (NULL
// "~;"): rows are hashed whole, one update each.
void feed(std::string& out, const Statement& st, int from, int to) {
  for (int i = from; i < to; ++i) {
    if (st.column_is_null(i)) {
      out += "~;";
      continue;
    }
    const std::string_view v = st.column_view(i);
    out += std::to_string(v.size());
    out += ':';
    out += v;
    out += ';';
  }
}

}  // namespace

Expected<std::map<int64_t, std::string>> review_content_hashes(Db& db,
                                                               ReviewSet set,
                                                               std::optional<int64_t> id) {
  std::string which = " IN (SELECT max(id) FROM reviews GROUP BY contract_id)";
  if (set == ReviewSet::one) {
    which = " = ?1";
  } else if (set == ReviewSet::all) {
    which = " IS NOT NULL";
  }
  // Each query yields the review id first, then the columns that are hashed.
  struct Part {
    std::string_view tag;  // the letter that opens each of its rows
    std::string sql;
    int columns;  // hashed columns after the review id
  };
  const Part parts[] = {
      {"R",
       "SELECT r.id, r.reviewed_at, r.path, r.sha256, r.catalog_version, r.options, "
       "r.tool_version, r.outcome, r.error, r.kinds, r.tier, r.clauses, r.characters, "
       "r.revisions, r.comments, r.must, r.satisfied, r.weak, r.contradicted, r.missing, "
       "r.not_applicable FROM reviews r WHERE r.id" +
           which + " ORDER BY r.id",
       20},
      {"F",
       "SELECT f.review_id, f.id, f.requirement_id, f.family, f.title, f.severity, f.status, "
       "f.basis, "
       "f.reason, f.suggestion, e.id, e.clause, e.text, e.paragraph FROM findings f "
       "LEFT JOIN evidence e ON e.finding_id = f.id WHERE f.review_id" +
           which + " ORDER BY f.review_id, f.id, e.id",
       -1},
      {"K",
       "SELECT k.review_id, k.risk_id, k.clause, k.text, k.paragraph, k.message FROM risks k "
       "WHERE k.review_id" +
           which + " ORDER BY k.review_id, k.id",
       5},
      {"X",
       "SELECT x.review_id, x.risk_id, x.severity, x.message, x.detail FROM file_risks x "
       "WHERE x.review_id" +
           which + " ORDER BY x.review_id, x.id",
       4},
  };
  // Each query is in review order: the hasher of the current review is looked up once per review.
  std::map<int64_t, Sha256> content;
  for (const Part& part : parts) {
    auto st = db.prepare(part.sql);
    if (!st) {
      return st.error();
    }
    if (set == ReviewSet::one) {
      st->bind(1, id.value_or(0));
    }
    int64_t current_review = -1;
    Sha256* out = nullptr;
    // Findings come joined with their evidence, one row per piece of evidence: a finding is
    // written when its id first appears.
    int64_t last_finding = -1;
    std::string row;
    const Status done = st->each_row([&](const Statement& s) {
      if (out == nullptr || s.column_int(0) != current_review) {
        current_review = s.column_int(0);
        out = &content[current_review];
      }
      row.clear();
      if (part.columns >= 0) {
        row += part.tag;
        feed(row, s, 1, 1 + part.columns);
      } else {
        // 1 the finding's id (not hashed), 2-9 the finding, 10 the evidence id, 11-13 the
        // evidence.
        if (s.column_int(1) != last_finding) {
          last_finding = s.column_int(1);
          row += 'F';
          feed(row, s, 2, 10);
        }
        if (!s.column_is_null(10)) {
          row += 'E';
          feed(row, s, 11, 14);
        }
      }
      out->update(row);
    });
    if (!done) {
      return done.error();
    }
  }
  std::map<int64_t, std::string> hashes;
  for (auto& [review, hasher] : content) {
    hashes.emplace(review, hasher.hex_digest());
  }
  return hashes;
}

std::string review_history_json(int64_t id,
                                int64_t contract_id,
                                const std::string& hash,
                                std::optional<int64_t> supersedes) {
  Json j;
  j["id"] = id;
  j["contract_id"] = contract_id;
  j["content_hash"] = hash;
  if (supersedes) {
    j["supersedes"] = *supersedes;
  }
  return j.dump();
}

}  // namespace keiyaku::registry
