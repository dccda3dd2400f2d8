#!/usr/bin/env bash
# Checks that a contract reads the same as PDF as it does as DOCX (docs/pdf.md).
# usage: bench/pdf_compare.sh [COUNT]   (default 10)
# Writes COUNT contracts with bench/gen_corpus.py (default seed), sets each as a PDF as
# bench/pdf_bench.sh does (build/ky_make_pdf, running header, page numbers), scans both with
# `keiyaku scan --format json` and compares, requirement by requirement, the status and every
# evidence clause cited, and the parties and kinds. Prints one line per contract; exits 1 on any
# difference. Needs build/keiyaku and build/ky_make_pdf.
set -euo pipefail
cd "$(dirname "$0")/.."
count=${1:-10}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
python3 bench/gen_corpus.py --out "$work/corpus" --count "$count" --jobs 1 --quiet
status=0
for docx in "$work"/corpus/*.docx; do
  name=$(basename "$docx" .docx)
  build/keiyaku extract --format json "$docx" >"$work/$name.json"
  python3 bench/docx_to_text.py "$work/$name.json" "$work/$name.txt"
  build/ky_make_pdf "$work/$name.txt" "$work/$name.pdf" --header "業務委託契約書"
  build/keiyaku scan --format json "$docx" >"$work/$name.docx.scan" || true
  build/keiyaku scan --format json "$work/$name.pdf" >"$work/$name.pdf.scan" || true
  if ! python3 - "$work/$name.docx.scan" "$work/$name.pdf.scan" "$name" "$(grep -ac '/Type /Page ' "$work/$name.pdf")" <<'PY'
import json, sys
def view(path):
    j = json.load(open(path, encoding="utf-8"))
    reqs = {r["id"]: (r["status"], [e["clause"] for e in r.get("evidence", [])]) for r in j["requirements"]}
    return reqs, j["parties"], j["kinds"]
a, b = view(sys.argv[1]), view(sys.argv[2])
diff = [k for k in a[0] if a[0][k] != b[0].get(k)]
cited = sum(len(v[1]) for v in a[0].values())
if diff or a[1] != b[1] or a[2] != b[2]:
    print(f"{sys.argv[3]} ({sys.argv[4]} pages): DIFFERENT: {diff[:5]} parties {a[1] == b[1]} kinds {a[2] == b[2]}")
    sys.exit(1)
print(f"{sys.argv[3]} ({sys.argv[4]} pages): same ({len(a[0])} verdicts, {cited} citations, parties, kinds)")
PY
  then
    status=1
  fi
done
exit $status
