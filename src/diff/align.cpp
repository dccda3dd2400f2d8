#include "align.hpp"

#include <base/strings.hpp>
#include <core/similarity.hpp>

#include <algorithm>
#include <cstdint>
#include <map>
#include <utility>

namespace keiyaku::diff {

namespace {

// Below this similarity two articles are not the same article (unless their 見出し agree, then
// k_same_heading).
constexpr double k_same_unit = 0.5;
constexpr double k_same_heading = 0.3;
// A new article is part of an old one split up when this share of its bigrams is in the old one.
constexpr double k_contained = 0.8;
// Two paragraphs of matched articles are the same paragraph above this similarity, or when their
// numbers agree and they are above k_same_number.
constexpr double k_same_clause = 0.4;
constexpr double k_same_number = 0.15;

using core::bigrams;
using core::Bigrams;
using core::common;
using core::dice;

// Headings are left out: a 見出し line is read before the article it heads, into the unit before
// it, and each unit carries its own heading (Unit::heading) anyway.
std::vector<Unit> units_of(const std::vector<core::Clause>& clauses) {
  std::vector<Unit> units;
  int current = -2;
  for (size_t i = 0; i < clauses.size(); ++i) {
    const core::Clause& c = clauses[i];
    if (c.is_heading) {
      continue;
    }
    if (units.empty() || c.unit != current) {
      current = c.unit;
      units.emplace_back();
      units.back().ref = c.unit_ref;
      units.back().heading = c.heading;
    }
    Unit& u = units.back();
    u.text += c.text;
    u.text += '\n';
    u.clauses.push_back(static_cast<int>(i));
  }
  return units;
}

// The part of a clause reference below its unit: 第6条第2項 → 第2項.
std::string local_ref(const core::Clause& c) {
  return str::starts_with(c.ref, c.unit_ref) ? c.ref.substr(c.unit_ref.size()) : c.ref;
}

// Longest increasing subsequence of `values`: which positions are in it.
std::vector<bool> in_order(const std::vector<int>& values) {
  const size_t n = values.size();
  std::vector<size_t> tails;      // index of the smallest tail of each length
  std::vector<int64_t> prev(n, -1);
  for (size_t i = 0; i < n; ++i) {
    const auto it = std::lower_bound(tails.begin(), tails.end(), values[i],
                                     [&](size_t t, int v) { return values[t] < v; });
    if (it != tails.begin()) {
      prev[i] = static_cast<int64_t>(*(it - 1));
    }
    if (it == tails.end()) {
      tails.push_back(i);
    } else {
      *it = i;
    }
  }
  std::vector<bool> keep(n, false);
  for (int64_t i = tails.empty() ? -1 : static_cast<int64_t>(tails.back()); i >= 0; i = prev[static_cast<size_t>(i)]) {
    keep[static_cast<size_t>(i)] = true;
  }
  return keep;
}

}  // namespace

const char* unit_change_name(UnitChange change) {
  switch (change) {
    case UnitChange::same: return "same";
    case UnitChange::modified: return "modified";
    case UnitChange::inserted: return "inserted";
    case UnitChange::deleted: return "deleted";
    case UnitChange::split: return "split";
    case UnitChange::merged: return "merged";
  }
  return "same";
}

Alignment align(const std::vector<core::Clause>& old_clauses, const std::vector<core::Clause>& new_clauses) {
  Alignment al;
  al.old_units = units_of(old_clauses);
  al.new_units = units_of(new_clauses);
  const size_t no = al.old_units.size();
  const size_t nn = al.new_units.size();
  std::vector<Bigrams> ob(no);
  std::vector<Bigrams> nb(nn);
  for (size_t i = 0; i < no; ++i) {
    ob[i] = bigrams(al.old_units[i].text);
  }
  for (size_t j = 0; j < nn; ++j) {
    nb[j] = bigrams(al.new_units[j].text);
  }
  // 1. Articles: the most alike pairs first, one to one. The same number or 見出し breaks ties.
  struct Candidate {
    double score;
    double sim;
    size_t o;
    size_t n;
  };
  std::vector<Candidate> candidates;
  for (size_t i = 0; i < no; ++i) {
    for (size_t j = 0; j < nn; ++j) {
      const Unit& a = al.old_units[i];
      const Unit& b = al.new_units[j];
      const double sim = dice(ob[i], nb[j]);
      const bool same_heading = !a.heading.empty() && a.heading == b.heading;
      if (sim >= k_same_unit || (same_heading && sim >= k_same_heading) || (a.text == b.text)) {
        const double score = sim + (a.ref == b.ref ? 0.05 : 0) + (same_heading ? 0.1 : 0);
        candidates.push_back({score, sim, i, j});
      }
    }
  }
  std::stable_sort(candidates.begin(), candidates.end(),
                   [](const Candidate& x, const Candidate& y) { return x.score > y.score; });
  std::vector<int> old_match(no, -1);
  std::vector<int> new_match(nn, -1);
  std::vector<double> match_sim(no, 0);
  for (const Candidate& c : candidates) {
    if (old_match[c.o] < 0 && new_match[c.n] < 0) {
      old_match[c.o] = static_cast<int>(c.n);
      new_match[c.n] = static_cast<int>(c.o);
      match_sim[c.o] = c.sim;
    }
  }
  // 2. Splits and merges: an unmatched new article whose text lies inside a matched old one (the
  // old article split up), an unmatched old one inside a matched new one (merged into it).
  const auto contained = [](const Bigrams& part, const Bigrams& whole) {
    return !part.empty() && static_cast<double>(common(part, whole)) >= k_contained * static_cast<double>(part.size());
  };
  std::map<size_t, std::vector<int>> split_parts;   // old unit -> further new units
  std::map<size_t, std::vector<int>> merged_parts;  // new unit -> further old units
  for (size_t j = 0; j < nn; ++j) {
    if (new_match[j] >= 0 || nb[j].size() < 4) {
      continue;
    }
    for (size_t i = 0; i < no; ++i) {
      if (old_match[i] >= 0 && contained(nb[j], ob[i])) {
        split_parts[i].push_back(static_cast<int>(j));
        new_match[j] = static_cast<int>(i);
        break;
      }
    }
  }
  for (size_t i = 0; i < no; ++i) {
    if (old_match[i] >= 0 || ob[i].size() < 4) {
      continue;
    }
    for (size_t j = 0; j < nn; ++j) {
      if (new_match[j] >= 0 && split_parts.count(static_cast<size_t>(new_match[j])) == 0 &&
          contained(ob[i], nb[j])) {
        merged_parts[j].push_back(static_cast<int>(i));
        old_match[i] = static_cast<int>(j);
        break;
      }
    }
  }
  // 3. Moved: matched articles out of the order the others keep.
  std::vector<size_t> matched_old;
  std::vector<int> their_new;
  for (size_t i = 0; i < no; ++i) {
    if (old_match[i] >= 0 && new_match[static_cast<size_t>(old_match[i])] == static_cast<int>(i)) {
      matched_old.push_back(i);
      their_new.push_back(old_match[i]);
    }
  }
  const std::vector<bool> ordered = in_order(their_new);
  std::vector<bool> moved(no, false);
  for (size_t k = 0; k < matched_old.size(); ++k) {
    moved[matched_old[k]] = !ordered[k];
  }
  // 4. The pairs in the new version's order; a deleted article after the one before it.
  std::vector<std::vector<int>> deleted_after(nn + 1);  // by new unit + 1 (0: before the first)
  // The slot after the last new unit kept in order (its index + 1).
  size_t after_kept = 0;
  for (size_t i = 0; i < no; ++i) {
    if (old_match[i] < 0) {
      deleted_after[after_kept].push_back(static_cast<int>(i));
    } else if (!moved[i]) {
      after_kept = std::max(after_kept, static_cast<size_t>(old_match[i]) + 1);
    }
  }
  const auto emit_deleted = [&](size_t slot) {
    for (int i : deleted_after[slot]) {
      al.pairs.push_back({i, -1, UnitChange::deleted, false, false, 0, {}});
    }
  };
  emit_deleted(0);
  for (size_t j = 0; j < nn; ++j) {
    const int i = new_match[j];
    UnitPair p;
    p.new_unit = static_cast<int>(j);
    if (i < 0) {
      p.change = UnitChange::inserted;
      p.similarity = 0;
    } else if (old_match[static_cast<size_t>(i)] != static_cast<int>(j)) {
      p.old_unit = i;  // a further part of a split article
      p.change = UnitChange::split;
      p.similarity = dice(ob[static_cast<size_t>(i)], nb[j]);
    } else {
      const Unit& a = al.old_units[static_cast<size_t>(i)];
      const Unit& b = al.new_units[j];
      p.old_unit = i;
      p.similarity = match_sim[static_cast<size_t>(i)];
      p.renumbered = a.ref != b.ref;
      p.moved = moved[static_cast<size_t>(i)];
      if (const auto s = split_parts.find(static_cast<size_t>(i)); s != split_parts.end()) {
        p.change = UnitChange::split;
        p.others = s->second;
      } else if (const auto m = merged_parts.find(j); m != merged_parts.end()) {
        p.change = UnitChange::merged;
        p.others = m->second;
      } else {
        p.change = a.text == b.text ? UnitChange::same : UnitChange::modified;
      }
    }
    al.pairs.push_back(std::move(p));
    emit_deleted(j + 1);
  }
  // 5. Clauses within matched articles (and the parts of split or merged ones).
  al.old_to_new_clause.assign(old_clauses.size(), -1);
  al.new_to_old_clause.assign(new_clauses.size(), -1);
  std::vector<std::vector<int>> counterpart(no);  // old unit -> new units its text went to
  for (size_t j = 0; j < nn; ++j) {
    if (new_match[j] >= 0) {
      counterpart[static_cast<size_t>(new_match[j])].push_back(static_cast<int>(j));
    }
  }
  for (size_t i = 0; i < no; ++i) {
    if (old_match[i] >= 0 && std::find(counterpart[i].begin(), counterpart[i].end(), old_match[i]) == counterpart[i].end()) {
      counterpart[i].push_back(old_match[i]);  // merged into it
    }
  }
  for (size_t i = 0; i < no; ++i) {
    std::vector<Candidate> pairs;
    for (const int oc : al.old_units[i].clauses) {
      const core::Clause& a = old_clauses[static_cast<size_t>(oc)];
      const Bigrams ab = bigrams(a.text);
      for (const int j : counterpart[i]) {
        for (const int nc : al.new_units[static_cast<size_t>(j)].clauses) {
          const core::Clause& b = new_clauses[static_cast<size_t>(nc)];
          const double sim = dice(ab, bigrams(b.text));
          const bool same_number = local_ref(a) == local_ref(b);
          if (sim >= k_same_clause || (same_number && sim >= k_same_number) || a.text == b.text) {
            pairs.push_back({sim + (same_number ? 0.1 : 0), sim, static_cast<size_t>(oc), static_cast<size_t>(nc)});
          }
        }
      }
    }
    std::stable_sort(pairs.begin(), pairs.end(), [](const Candidate& x, const Candidate& y) { return x.score > y.score; });
    for (const Candidate& c : pairs) {
      if (al.old_to_new_clause[c.o] < 0 && al.new_to_old_clause[c.n] < 0) {
        al.old_to_new_clause[c.o] = static_cast<int>(c.n);
        al.new_to_old_clause[c.n] = static_cast<int>(c.o);
      }
    }
  }
  return al;
}

}  // namespace keiyaku::diff
