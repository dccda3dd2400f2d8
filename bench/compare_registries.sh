#!/usr/bin/env bash
# Compares the latest review of every contract in two registries: every verdict, reason,
# suggestion, evidence and risk, keyed by file path. Used to prove that a speed change keeps
# results identical (docs/performance.md, "Correctness while optimising").
#
#   bench/compare_registries.sh A.db B.db
#
# Prints the number of rows compared and the first differences; exits 1 when they differ.
set -euo pipefail
if [ $# -ne 2 ]; then
  echo "usage: bench/compare_registries.sh A.db B.db" >&2
  exit 2
fi
dump() {
  sqlite3 -readonly "$1" <<'SQL'
WITH latest AS (
  SELECT r.* FROM reviews r
  WHERE r.id = (SELECT max(id) FROM reviews r2 WHERE r2.contract_id = r.contract_id))
SELECT 'F', l.path, f.requirement_id, f.status, f.reason, f.suggestion,
       coalesce((SELECT group_concat(e.clause || '|' || e.paragraph || '|' || e.text, ' // ')
                 FROM (SELECT * FROM evidence e WHERE e.finding_id = f.id ORDER BY e.id) e), '')
FROM latest l JOIN findings f ON f.review_id = l.id
UNION ALL
SELECT 'R', l.path, k.risk_id, k.clause, k.paragraph, k.text, k.message
FROM latest l JOIN risks k ON k.review_id = l.id
UNION ALL
SELECT 'C', l.path, l.outcome, l.error, l.kinds, l.clauses, l.characters
FROM latest l
ORDER BY 1, 2, 3, 4, 5;
SQL
}
a="$(mktemp)"; b="$(mktemp)"
trap 'rm -f "$a" "$b"' EXIT
dump "$1" > "$a"
dump "$2" > "$b"
echo "compared: $(wc -l < "$a") rows in $1, $(wc -l < "$b") rows in $2"
if diff -q "$a" "$b" >/dev/null; then
  echo "identical"
else
  diff "$a" "$b" | head -40
  echo "DIFFERENT: $(diff "$a" "$b" | grep -c '^[<>]') lines differ"
  exit 1
fi
