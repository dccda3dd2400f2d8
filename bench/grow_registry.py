#!/usr/bin/env python3
"""Grows a keiyaku registry to N contracts for bench/report_bench.sh: copies the contracts it holds
and their reviews (findings, evidence, risks, file risks) under other paths ("copy-0002/..."), in
SQL, so that a registry of 10,000 contracts takes seconds instead of a batch of 10,000 files.

    bench/grow_registry.py REGISTRY N
"""
import sqlite3
import sys

# table -> (column holding the row's id, {column: table whose id it references})
TABLES = [
    ("contracts", {}),
    ("reviews", {"contract_id": "contracts"}),
    ("findings", {"review_id": "reviews"}),
    ("evidence", {"finding_id": "findings"}),
    ("risks", {"review_id": "reviews"}),
    ("file_risks", {"review_id": "reviews"}),
]


def main():
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    db = sqlite3.connect(sys.argv[1])
    target = int(sys.argv[2])
    seed = db.execute("SELECT count(*) FROM contracts").fetchone()[0]
    if seed == 0:
        sys.exit("grow_registry.py: the registry holds no contract")
    span = {t: db.execute(f"SELECT coalesce(max(id), 0) FROM {t}").fetchone()[0] for t, _ in TABLES}
    columns = {t: [r[1] for r in db.execute(f"PRAGMA table_info({t})")] for t, _ in TABLES}
    copies = (target + seed - 1) // seed
    with db:
        for k in range(1, copies):
            for table, refs in TABLES:
                exprs = []
                for c in columns[table]:
                    if c == "id":
                        exprs.append(f"id + {k * span[table]}")
                    elif c in refs:
                        exprs.append(f"{c} + {k * span[refs[c]]}")
                    elif c == "path":
                        exprs.append(f"'copy-{k:04d}/' || path")
                    else:
                        exprs.append(c)
                db.execute(f"INSERT INTO {table} ({', '.join(columns[table])}) "
                           f"SELECT {', '.join(exprs)} FROM {table} WHERE id <= {span[table]}")
    # Down to exactly N contracts (their reviews go with them: ON DELETE CASCADE).
    db.execute("PRAGMA foreign_keys = ON")
    with db:
        db.execute(f"DELETE FROM contracts WHERE id NOT IN (SELECT id FROM contracts ORDER BY id LIMIT {target})")
    n = db.execute("SELECT count(*) FROM contracts").fetchone()[0]
    f = db.execute("SELECT count(*) FROM findings").fetchone()[0]
    e = db.execute("SELECT count(*) FROM evidence").fetchone()[0]
    print(f"  {n} contracts, {f} findings, {e} evidence rows")


if __name__ == "__main__":
    main()
