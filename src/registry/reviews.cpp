#include "reviews.hpp"

#include "db.hpp"
#include "history.hpp"
#include "json.hpp"
#include "review_hash.hpp"
#include "waiver_links.hpp"

#include <base/i18n.hpp>
#include <base/strings.hpp>

#include <map>
#include <utility>

namespace keiyaku::registry {

namespace {

constexpr const char* k_review_cols =
    "r.id, r.contract_id, r.reviewed_at, r.path, r.sha256, r.catalog_version, r.options, "
    "r.tool_version, r.outcome, r.error, r.kinds, r.tier, r.clauses, r.characters, r.revisions, "
    "r.comments, r.must, r.satisfied, r.weak, r.contradicted, r.missing, r.not_applicable, "
    "r.supersedes";

// Reads the k_review_cols columns starting at `at`.
ReviewRecord read_review(const Statement& st, int at) {
  ReviewRecord r;
  r.id = st.column_int(at + 0);
  r.contract_id = st.column_int(at + 1);
  r.reviewed_at = st.column_text(at + 2);
  r.path = st.column_text(at + 3);
  r.sha256 = st.column_text(at + 4);
  r.catalog_version = st.column_text(at + 5);
  r.options = st.column_text(at + 6);
  r.tool_version = st.column_text(at + 7);
  r.failed = st.column_text(at + 8) == "failed";
  r.error = st.column_text(at + 9);
  const std::string kinds = st.column_text(at + 10);
  for (std::string_view k : str::split(kinds, ',')) {
    if (!k.empty()) {
      r.kinds.emplace_back(k);
    }
  }
  r.tier = st.column_text(at + 11);
  r.clauses = static_cast<int>(st.column_int(at + 12));
  r.characters = static_cast<int>(st.column_int(at + 13));
  r.revisions = static_cast<int>(st.column_int(at + 14));
  r.comments = static_cast<int>(st.column_int(at + 15));
  r.counts.must = static_cast<int>(st.column_int(at + 16));
  r.counts.satisfied = static_cast<int>(st.column_int(at + 17));
  r.counts.weak = static_cast<int>(st.column_int(at + 18));
  r.counts.contradicted = static_cast<int>(st.column_int(at + 19));
  r.counts.missing = static_cast<int>(st.column_int(at + 20));
  r.counts.not_applicable = static_cast<int>(st.column_int(at + 21));
  r.supersedes = st.column_opt_int(at + 22);
  return r;
}

Contract read_contract_row(const Statement& st) {
  Contract c;
  c.id = st.column_int(0);
  c.path = st.column_text(1);
  c.sha256 = st.column_text(2);
  c.title = st.column_text(3);
  c.vendor_id = st.column_opt_int(4);
  c.created_at = st.column_text(5);
  return c;
}

}  // namespace

struct ReviewStore::Impl {
  Registry& registry;
  Db& db;
  // Statements prepared once and reused: a batch writes tens of rows per file.
  std::map<std::string, Statement, std::less<>> cache;

  Impl(Registry& r, Db& d) : registry(r), db(d) {}

  Expected<Statement*> stmt(std::string_view sql) {
    auto it = cache.find(sql);
    if (it == cache.end()) {
      auto st = db.prepare(sql);
      if (!st) {
        return st.error();
      }
      it = cache.emplace(std::string(sql), std::move(*st)).first;
    }
    it->second.reset();
    return &it->second;
  }

  Expected<std::optional<Contract>> contract(int64_t id) {
    auto st = stmt(
        "SELECT id, path, sha256, title, vendor_id, created_at FROM contracts WHERE id = ?");
    if (!st) {
      return st.error();
    }
    (*st)->bind(1, id);
    auto row = (*st)->step();
    if (!row) {
      return row.error();
    }
    if (!*row) {
      return std::optional<Contract>();
    }
    Contract c = read_contract_row(**st);
    (*st)->reset();
    return std::optional<Contract>(std::move(c));
  }

  Status log(const std::string& action, int64_t id, const std::optional<Contract>& before,
             const Contract& after) {
    return append_history(db, registry.clock().timestamp, registry.by(), "contract", id, action,
                          before ? std::optional<std::string>(to_json(*before).dump())
                                 : std::optional<std::string>(),
                          to_json(after).dump());
  }

  Expected<int64_t> insert_review(int64_t contract_id, const ReviewRecord& r) {
    auto st = stmt(
        "INSERT INTO reviews (contract_id, reviewed_at, path, sha256, catalog_version, options, "
        "tool_version, outcome, error, kinds, tier, clauses, characters, revisions, comments, "
        "must, satisfied, weak, contradicted, missing, not_applicable, supersedes) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
    if (!st) {
      return st.error();
    }
    Statement& s = **st;
    s.bind(1, contract_id)
        .bind(2, r.reviewed_at.empty() ? registry.clock().timestamp : r.reviewed_at)
        .bind(3, r.path)
        .bind(4, r.sha256)
        .bind(5, r.catalog_version)
        .bind(6, r.options)
        .bind(7, r.tool_version)
        .bind(8, r.failed ? "failed" : "ok")
        .bind(9, r.error)
        .bind(10, str::join(r.kinds, ","))
        .bind(11, r.tier)
        .bind(12, r.clauses)
        .bind(13, r.characters)
        .bind(14, r.revisions)
        .bind(15, r.comments)
        .bind(16, r.counts.must)
        .bind(17, r.counts.satisfied)
        .bind(18, r.counts.weak)
        .bind(19, r.counts.contradicted)
        .bind(20, r.counts.missing)
        .bind(21, r.counts.not_applicable)
        .bind(22, r.supersedes);
    if (auto run = s.run(); !run) {
      return run.error();
    }
    const int64_t review_id = db.last_insert_rowid();
    for (const StoredFinding& f : r.findings) {
      auto fs = stmt(
          "INSERT INTO findings (review_id, requirement_id, family, title, severity, status, "
          "basis, reason, suggestion) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)");
      if (!fs) {
        return fs.error();
      }
      (*fs)->bind(1, review_id).bind(2, f.requirement_id).bind(3, f.family).bind(4, f.title);
      (*fs)->bind(5, f.severity).bind(6, f.status).bind(7, str::join(f.basis, "\n"));
      (*fs)->bind(8, f.reason).bind(9, f.suggestion);
      if (auto run = (*fs)->run(); !run) {
        return run.error();
      }
      const int64_t finding_id = db.last_insert_rowid();
      for (const StoredEvidence& e : f.evidence) {
        auto es = stmt(
            "INSERT INTO evidence (finding_id, clause, text, paragraph) VALUES (?, ?, ?, ?)");
        if (!es) {
          return es.error();
        }
        (*es)->bind(1, finding_id).bind(2, e.clause).bind(3, e.text).bind(4, e.paragraph);
        if (auto run = (*es)->run(); !run) {
          return run.error();
        }
      }
    }
    for (const StoredRisk& k : r.risks) {
      auto ks = stmt(
          "INSERT INTO risks (review_id, risk_id, clause, text, paragraph, message) "
          "VALUES (?, ?, ?, ?, ?, ?)");
      if (!ks) {
        return ks.error();
      }
      (*ks)->bind(1, review_id).bind(2, k.risk_id).bind(3, k.evidence.clause);
      (*ks)->bind(4, k.evidence.text).bind(5, k.evidence.paragraph).bind(6, k.message);
      if (auto run = (*ks)->run(); !run) {
        return run.error();
      }
    }
    for (const StoredFileRisk& k : r.file_risks) {
      auto ks = stmt(
          "INSERT INTO file_risks (review_id, risk_id, severity, message, detail) "
          "VALUES (?, ?, ?, ?, ?)");
      if (!ks) {
        return ks.error();
      }
      (*ks)->bind(1, review_id).bind(2, k.risk_id).bind(3, k.severity).bind(4, k.message);
      (*ks)->bind(5, k.detail);
      if (auto run = (*ks)->run(); !run) {
        return run.error();
      }
    }
    return review_id;
  }

  // Findings, evidence and risks of one review.
  Status fill(ReviewRecord& r) {
    auto fs = stmt(
        "SELECT id, requirement_id, family, title, severity, status, reason, suggestion, basis "
        "FROM findings WHERE review_id = ? ORDER BY id");
    if (!fs) {
      return fs.error();
    }
    (*fs)->bind(1, r.id);
    std::map<int64_t, size_t> index;
    const Status fs_done = (*fs)->each_row([&](const Statement& s) {
      StoredFinding f;
      f.requirement_id = s.column_text(1);
      f.family = s.column_text(2);
      f.title = s.column_text(3);
      f.severity = s.column_text(4);
      f.status = s.column_text(5);
      f.reason = s.column_text(6);
      f.suggestion = s.column_text(7);
      const std::string basis = s.column_text(8);
      for (std::string_view b : str::split(basis, '\n')) {
        if (!b.empty()) {
          f.basis.emplace_back(b);
        }
      }
      index.emplace(s.column_int(0), r.findings.size());
      r.findings.push_back(std::move(f));
    });
    if (!fs_done) {
      return fs_done.error();
    }
    auto es = stmt(
        "SELECT e.finding_id, e.clause, e.text, e.paragraph FROM evidence e "
        "JOIN findings f ON f.id = e.finding_id WHERE f.review_id = ? ORDER BY e.id");
    if (!es) {
      return es.error();
    }
    (*es)->bind(1, r.id);
    const Status es_done = (*es)->each_row([&](const Statement& s) {
      const auto it = index.find(s.column_int(0));
      if (it != index.end()) {
        r.findings[it->second].evidence.push_back(
            {s.column_text(1), s.column_text(2), static_cast<int>(s.column_int(3))});
      }
    });
    if (!es_done) {
      return es_done.error();
    }
    auto ks = stmt(
        "SELECT risk_id, clause, text, paragraph, message FROM risks WHERE review_id = ? "
        "ORDER BY id");
    if (!ks) {
      return ks.error();
    }
    (*ks)->bind(1, r.id);
    const Status ks_done = (*ks)->each_row([&](const Statement& s) {
      r.risks.push_back({s.column_text(0),
                         {s.column_text(1), s.column_text(2), static_cast<int>(s.column_int(3))},
                         s.column_text(4)});
    });
    if (!ks_done) {
      return ks_done.error();
    }
    auto fr = stmt(
        "SELECT risk_id, severity, message, detail FROM file_risks WHERE review_id = ? "
        "ORDER BY id");
    if (!fr) {
      return fr.error();
    }
    (*fr)->bind(1, r.id);
    const Status fr_done = (*fr)->each_row([&](const Statement& s) {
      r.file_risks.push_back(
          {s.column_text(0), s.column_text(1), s.column_text(2), s.column_text(3)});
    });
    if (!fr_done) {
      return fr_done.error();
    }
    return {};
  }
};

ReviewStore::ReviewStore(Registry& registry)
    : m_impl(std::make_unique<Impl>(registry, registry.db())) {}

ReviewStore::~ReviewStore() = default;

Expected<std::vector<KnownContract>> ReviewStore::known_contracts() {
  Impl& m = *m_impl;
  auto st = m.stmt(
      "SELECT c.id, c.path, c.sha256, c.vendor_id, r.id, r.outcome, r.catalog_version, r.options, "
      "c.title, r.must, r.satisfied, r.weak, r.contradicted, r.missing, r.not_applicable, "
      "r.content_hash, (SELECT json_extract(h.after, '$.content_hash') FROM history h "
      "WHERE h.entity = 'review' AND h.entity_id = r.id ORDER BY h.id DESC LIMIT 1), "
      "c.vendor_name, v.id, v.sha256, EXISTS (SELECT 1 FROM reviews s WHERE s.supersedes = v.id), "
      "v.characters "
      "FROM contracts c LEFT JOIN reviews r "
      "ON r.id = (SELECT max(id) FROM reviews WHERE contract_id = c.id) "
      "LEFT JOIN reviews v ON v.id = (SELECT max(id) FROM reviews WHERE contract_id = c.id "
      "AND outcome = 'ok') ORDER BY c.id");
  if (!st) {
    return st.error();
  }
  std::vector<KnownContract> out;
  std::map<int64_t, std::string> stored_hashes;
  const Status st_done = (*st)->each_row([&](const Statement& s) {
    KnownContract k;
    k.id = s.column_int(0);
    k.path = s.column_text(1);
    k.sha256 = s.column_text(2);
    k.vendor_id = s.column_opt_int(3);
    k.review_id = s.column_opt_int(4);
    k.review_failed = s.column_text(5) == "failed";
    k.catalog_version = s.column_text(6);
    k.options = s.column_text(7);
    k.title = s.column_text(8);
    k.counts.must = static_cast<int>(s.column_int(9));
    k.counts.satisfied = static_cast<int>(s.column_int(10));
    k.counts.weak = static_cast<int>(s.column_int(11));
    k.counts.contradicted = static_cast<int>(s.column_int(12));
    k.counts.missing = static_cast<int>(s.column_int(13));
    k.counts.not_applicable = static_cast<int>(s.column_int(14));
    // Intact until the content is hashed below: the stored hash and the history's must agree.
    k.review_intact = !s.column_text(15).empty() && s.column_text(15) == s.column_text(16);
    stored_hashes.emplace(k.review_id.value_or(0), s.column_text(15));
    k.vendor_name = s.column_text(17);
    k.version_review_id = s.column_opt_int(18);
    k.version_sha256 = s.column_text(19);
    k.version_superseded = s.column_int(20) != 0;
    k.version_characters = static_cast<int>(s.column_int(21));
    out.push_back(std::move(k));
  });
  if (!st_done) {
    return st_done.error();
  }
  // The latest reviews' content as it is now: a verdict, count or risk edited outside keiyaku
  // makes the file read again instead of skipped.
  auto hashes = review_content_hashes(m.db, ReviewSet::latest_of_each_contract, std::nullopt);
  if (!hashes) {
    return hashes.error();
  }
  for (KnownContract& k : out) {
    if (k.review_id) {
      const auto it = hashes->find(*k.review_id);
      k.review_intact =
          k.review_intact && it != hashes->end() && it->second == stored_hashes[*k.review_id];
    }
  }
  return out;
}

Expected<Recorded> ReviewStore::record(std::optional<int64_t> contract_id,
                                       const ContractFacts& facts,
                                       const ReviewRecord& review) {
  Impl& m = *m_impl;
  auto tx = Transaction::begin(m.db);
  if (!tx) {
    return tx.error();
  }
  Recorded out;
  const std::string& now = m.registry.clock().timestamp;
  std::optional<Contract> before;
  if (!contract_id) {
    // Under the write lock: a contract another writer recorded for this path since the caller
    // looked is the one this review belongs to (one contract per path, schema 004).
    auto st = m.stmt("SELECT id FROM contracts WHERE path = ?");
    if (!st) {
      return st.error();
    }
    (*st)->bind(1, review.path);
    auto row = (*st)->step();
    if (!row) {
      return row.error();
    }
    if (*row) {
      contract_id = (*st)->column_int(0);
    }
    (*st)->reset();
  }
  if (contract_id) {
    auto c = m.contract(*contract_id);
    if (!c) {
      return c.error();
    }
    if (!*c) {
      return Error(ErrorCode::not_found,
                   tr("不明な契約です: #", "unknown contract: #") + std::to_string(*contract_id));
    }
    before = std::move(*c);
  }
  Contract after;
  if (before) {
    after = *before;
  } else {
    after.created_at = now;
  }
  after.path = review.path;
  after.sha256 = review.sha256;
  if (!review.failed) {
    after.title = facts.title;
    if (facts.vendor_id) {
      after.vendor_id = facts.vendor_id;
    }
  }
  if (!before) {
    auto st = m.stmt(
        "INSERT INTO contracts (path, sha256, title, vendor_id, created_at, body_term, "
        "vendor_term, body_name, vendor_name, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
    if (!st) {
      return st.error();
    }
    (*st)->bind(1, after.path).bind(2, after.sha256).bind(3, after.title);
    (*st)->bind(4, after.vendor_id).bind(5, after.created_at).bind(6, facts.body_term);
    (*st)->bind(7, facts.vendor_term).bind(8, facts.body_name).bind(9, facts.vendor_name);
    (*st)->bind(10, now);
    if (auto r = (*st)->run(); !r) {
      return r.error();
    }
    after.id = m.db.last_insert_rowid();
    out.new_contract = true;
    if (auto r = m.log("add", after.id, std::nullopt, after); !r) {
      return r.error();
    }
  } else {
    if (review.failed) {
      auto st = m.stmt("UPDATE contracts SET path = ?, sha256 = ?, updated_at = ? WHERE id = ?");
      if (!st) {
        return st.error();
      }
      (*st)->bind(1, after.path).bind(2, after.sha256).bind(3, now).bind(4, after.id);
      if (auto r = (*st)->run(); !r) {
        return r.error();
      }
    } else {
      auto st = m.stmt(
          "UPDATE contracts SET path = ?, sha256 = ?, title = ?, vendor_id = ?, body_term = ?, "
          "vendor_term = ?, body_name = ?, vendor_name = ?, updated_at = ? WHERE id = ?");
      if (!st) {
        return st.error();
      }
      (*st)->bind(1, after.path).bind(2, after.sha256).bind(3, after.title);
      (*st)->bind(4, after.vendor_id).bind(5, facts.body_term).bind(6, facts.vendor_term);
      (*st)->bind(7, facts.body_name).bind(8, facts.vendor_name).bind(9, now);
      (*st)->bind(10, after.id);
      if (auto r = (*st)->run(); !r) {
        return r.error();
      }
    }
    if (to_json(*before) != to_json(after)) {
      if (auto r = m.log("edit", after.id, before, after); !r) {
        return r.error();
      }
    }
  }
  out.contract_id = after.id;
  auto rid = m.insert_review(after.id, review);
  if (!rid) {
    return rid.error();
  }
  out.review_id = *rid;
  // The hash of the review as it now stands in the tables, read back rather than computed from
  // `review`, so that it is the hash `db verify` and `batch` will recompute.
  auto hashes = review_content_hashes(m.db, ReviewSet::one, *rid);
  if (!hashes) {
    return hashes.error();
  }
  const std::string& hash = (*hashes)[*rid];
  auto seal = m.stmt("UPDATE reviews SET content_hash = ? WHERE id = ?");
  if (!seal) {
    return seal.error();
  }
  (*seal)->bind(1, hash).bind(2, *rid);
  if (auto r = (*seal)->run(); !r) {
    return r.error();
  }
  if (auto r = append_history(m.db, now, m.registry.by(), "review", *rid, "add", std::nullopt,
                              review_history_json(*rid, after.id, hash, review.supersedes));
      !r) {
    return r.error();
  }
  // A waiver granted on this text before the contract was registered belongs to it from now on,
  // and follows it to its later versions.
  if (!review.failed) {
    if (auto r = link_waivers(m.db, now, m.registry.by(), after.id, review.sha256); !r) {
      return r.error();
    }
  }
  if (auto r = tx->commit(); !r) {
    return r.error();
  }
  return out;
}

Status ReviewStore::touch(int64_t contract_id, const std::string& path) {
  Impl& m = *m_impl;
  auto c = m.contract(contract_id);
  if (!c) {
    return c.error();
  }
  if (!*c) {
    return Error(ErrorCode::not_found,
                 tr("不明な契約です: #", "unknown contract: #") + std::to_string(contract_id));
  }
  if ((*c)->path == path) {
    return {};
  }
  auto tx = Transaction::begin(m.db);
  if (!tx) {
    return tx.error();
  }
  Contract after = **c;
  after.path = path;
  auto st = m.stmt("UPDATE contracts SET path = ?, updated_at = ? WHERE id = ?");
  if (!st) {
    return st.error();
  }
  (*st)->bind(1, path).bind(2, m.registry.clock().timestamp).bind(3, contract_id);
  if (auto r = (*st)->run(); !r) {
    return r.error();
  }
  if (auto r = m.log("edit", contract_id, *c, after); !r) {
    return r;
  }
  return tx->commit();
}

Expected<std::vector<std::pair<int64_t, std::string>>> ReviewStore::unlinked_vendor_names() {
  Impl& m = *m_impl;
  auto st = m.stmt(
      "SELECT id, vendor_name FROM contracts WHERE vendor_id IS NULL AND vendor_name <> '' "
      "ORDER BY id");
  if (!st) {
    return st.error();
  }
  std::vector<std::pair<int64_t, std::string>> out;
  const Status done = (*st)->each_row(
      [&](const Statement& s) { out.emplace_back(s.column_int(0), s.column_text(1)); });
  if (!done) {
    return done.error();
  }
  return out;
}

Status ReviewStore::link_vendor(int64_t contract_id, int64_t vendor_id) {
  Impl& m = *m_impl;
  auto tx = Transaction::begin(m.db);
  if (!tx) {
    return tx.error();
  }
  auto c = m.contract(contract_id);
  if (!c) {
    return c.error();
  }
  if (!*c) {
    return Error(ErrorCode::not_found,
                 tr("不明な契約です: #", "unknown contract: #") + std::to_string(contract_id));
  }
  if ((*c)->vendor_id) {
    return {};
  }
  Contract after = **c;
  after.vendor_id = vendor_id;
  auto st = m.stmt("UPDATE contracts SET vendor_id = ?, updated_at = ? WHERE id = ?");
  if (!st) {
    return st.error();
  }
  (*st)->bind(1, vendor_id).bind(2, m.registry.clock().timestamp).bind(3, contract_id);
  if (auto r = (*st)->run(); !r) {
    return r.error();
  }
  if (auto r = m.log("edit", contract_id, *c, after); !r) {
    return r;
  }
  return tx->commit();
}

Expected<std::vector<ContractReview>> ReviewStore::latest(WithFindings with) {
  std::vector<ContractReview> out;
  if (Status st = each_latest(
          [&](ContractReview& c) -> Status {
            out.push_back(std::move(c));
            return {};
          },
          with);
      !st) {
    return st.error();
  }
  return out;
}

Status ReviewStore::each_latest(const std::function<Status(ContractReview&)>& visit, WithFindings with) {
  Impl& m = *m_impl;
  auto st = m.stmt(std::string("SELECT c.id, c.path, c.sha256, c.title, c.vendor_id, c.body_term, "
                               "c.vendor_term, c.body_name, c.vendor_name, v.name, "
                               "(SELECT count(*) FROM reviews WHERE contract_id = c.id), ") +
                   k_review_cols +
                   " FROM contracts c JOIN reviews r "
                   "ON r.id = (SELECT max(id) FROM reviews WHERE contract_id = c.id) "
                   "LEFT JOIN vendors v ON v.id = c.vendor_id ORDER BY c.path, c.id");
  if (!st) {
    return st.error();
  }
  // One contract at a time: its findings are read, it is visited, and it is gone before the next
  // row (the findings and the vendor status are read with their own statements meanwhile).
  std::map<int64_t, StatusInfo> statuses;
  std::optional<Error> failure;
  Status st_done = (*st)->each_row([&](const Statement& s) {
    if (failure) {
      return;
    }
    ContractReview c;
    c.contract_id = s.column_int(0);
    c.path = s.column_text(1);
    c.sha256 = s.column_text(2);
    c.facts.title = s.column_text(3);
    c.facts.vendor_id = s.column_opt_int(4);
    c.facts.body_term = s.column_text(5);
    c.facts.vendor_term = s.column_text(6);
    c.facts.body_name = s.column_text(7);
    c.facts.vendor_name = s.column_text(8);
    c.vendor = s.column_text(9);
    c.reviews = static_cast<int>(s.column_int(10));
    c.review = read_review(s, 11);
    if (with == WithFindings::no) {
      // counts only
    } else if (auto r = m.fill(c.review); !r) {
      failure = r.error();
      return;
    }
    if (c.facts.vendor_id) {
      auto it = statuses.find(*c.facts.vendor_id);
      if (it == statuses.end()) {
        auto info = m.registry.vendor_status(*c.facts.vendor_id);
        if (!info) {
          failure = info.error();
          return;
        }
        it = statuses.emplace(*c.facts.vendor_id, *info).first;
      }
      c.vendor_status = it->second;
    }
    if (Status v = visit(c); !v) {
      failure = v.error();
    }
  });
  if (failure) {
    return *failure;
  }
  return st_done;
}

Expected<std::optional<ReviewRecord>> ReviewStore::review(int64_t review_id) {
  Impl& m = *m_impl;
  auto st = m.stmt(std::string("SELECT ") + k_review_cols + " FROM reviews r WHERE r.id = ?");
  if (!st) {
    return st.error();
  }
  (*st)->bind(1, review_id);
  std::optional<ReviewRecord> out;
  const Status done = (*st)->each_row([&](const Statement& s) { out = read_review(s, 0); });
  if (!done) {
    return done.error();
  }
  if (out) {
    if (auto f = m.fill(*out); !f) {
      return f.error();
    }
  }
  return out;
}

Expected<std::vector<ReviewRecord>> ReviewStore::reviews_of(int64_t contract_id) {
  Impl& m = *m_impl;
  auto st = m.stmt(std::string("SELECT ") + k_review_cols +
                   " FROM reviews r WHERE r.contract_id = ? ORDER BY r.id");
  if (!st) {
    return st.error();
  }
  (*st)->bind(1, contract_id);
  std::vector<ReviewRecord> out;
  const Status done = (*st)->each_row([&](const Statement& s) { out.push_back(read_review(s, 0)); });
  if (!done) {
    return done.error();
  }
  for (ReviewRecord& r : out) {
    if (auto f = m.fill(r); !f) {
      return f.error();
    }
  }
  return out;
}

}  // namespace keiyaku::registry
