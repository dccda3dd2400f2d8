#include "verdict_change.hpp"

#include "similarity.hpp"

#include <map>

namespace keiyaku::core {

VerdictSide verdict_side(const Finding* finding) {
  VerdictSide s;
  if (finding == nullptr) {
    return s;
  }
  s.status = finding->status;
  if (!finding->evidence.empty()) {
    s.clause = finding->evidence[0].clause;
    s.text = finding->evidence[0].text;
    s.paragraph = finding->evidence[0].paragraph;
  }
  return s;
}

const char* movement_name(Movement movement) {
  switch (movement) {
    case Movement::regression:
      return "regression";
    case Movement::improvement:
      return "improvement";
    case Movement::applicability:
      return "applicability";
    case Movement::text_changed:
      return "text_changed";
    case Movement::unchanged:
      return "unchanged";
  }
  return "unchanged";
}

int verdict_rank(Status status) {
  switch (status) {
    case Status::contradicted:
      return 0;
    case Status::missing:
      return 1;
    case Status::weak:
      return 2;
    case Status::satisfied:
      return 3;
    case Status::not_applicable:
      return -1;
  }
  return -1;
}

Movement movement_of(Status before, Status after, bool text_changed) {
  if (before == after) {
    return text_changed ? Movement::text_changed : Movement::unchanged;
  }
  const int b = verdict_rank(before);
  const int a = verdict_rank(after);
  if (b < 0) {
    return a < verdict_rank(Status::satisfied) ? Movement::regression : Movement::applicability;
  }
  if (a < 0) {
    return Movement::applicability;
  }
  return a < b ? Movement::regression : Movement::improvement;
}

bool listed_before(Movement a, bool a_must, Movement b, bool b_must) {
  if (a != b) {
    return static_cast<int>(a) < static_cast<int>(b);
  }
  return a_must && !b_must;
}

std::vector<FindingPair> pair_findings(const std::vector<Finding>& before,
                                       const std::vector<Finding>& after) {
  std::vector<FindingPair> out;
  std::map<std::string, size_t> at;
  for (size_t i = 0; i < after.size(); ++i) {
    if (at.emplace(after[i].id, out.size()).second) {
      out.push_back({after[i].id, -1, static_cast<int>(i)});
    }
  }
  for (size_t i = 0; i < before.size(); ++i) {
    const auto [it, added] = at.emplace(before[i].id, out.size());
    if (added) {
      out.push_back({before[i].id, static_cast<int>(i), -1});
    } else if (out[it->second].before < 0) {
      out[it->second].before = static_cast<int>(i);
    }
  }
  return out;
}

std::vector<VerdictChange> compare_verdicts(const std::vector<Finding>& before,
                                            const std::vector<Finding>& after) {
  std::vector<VerdictChange> out;
  for (FindingPair& p : pair_findings(before, after)) {
    VerdictChange c;
    c.before = verdict_side(p.before >= 0 ? &before[static_cast<size_t>(p.before)] : nullptr);
    c.after = verdict_side(p.after >= 0 ? &after[static_cast<size_t>(p.after)] : nullptr);
    c.movement = movement_of(c.before.status, c.after.status, c.before.text != c.after.text);
    c.pair = std::move(p);
    out.push_back(std::move(c));
  }
  return out;
}

std::vector<RiskChange> compare_risks(const std::vector<RiskFinding>& before,
                                      const std::vector<RiskFinding>& after,
                                      const SamePlace& same_place) {
  std::vector<bool> new_kept(after.size(), false);
  std::vector<RiskChange> removed;
  for (const RiskFinding& o : before) {
    bool kept = false;
    for (size_t j = 0; j < after.size() && !kept; ++j) {
      const RiskFinding& n = after[j];
      if (new_kept[j] || n.id != o.id) {
        continue;
      }
      if (same_place(o, n) || similarity(o.evidence.text, n.evidence.text) >= k_same_risk_text) {
        new_kept[j] = true;
        kept = true;
      }
    }
    if (!kept) {
      removed.push_back({o.id, false, o.evidence, o.message});
    }
  }
  std::vector<RiskChange> out;
  for (size_t j = 0; j < after.size(); ++j) {
    if (!new_kept[j]) {
      out.push_back({after[j].id, true, after[j].evidence, after[j].message});
    }
  }
  out.insert(out.end(), removed.begin(), removed.end());
  return out;
}

}  // namespace keiyaku::core
