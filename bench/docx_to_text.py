#!/usr/bin/env python3
"""Writes a contract's text as keiyaku reads it, one paragraph a line, from `keiyaku extract --format
json` output: a table row becomes one line with its cells joined by an ideographic space, as a PDF
shows it. Used by bench/pdf_bench.sh to set a corpus contract as a PDF (ky_make_pdf).

    python3 bench/docx_to_text.py EXTRACT.json OUT.txt
"""
import json
import sys


def main() -> int:
    if len(sys.argv) != 3:
        print(__doc__, file=sys.stderr)
        return 2
    with open(sys.argv[1], encoding="utf-8") as f:
        doc = json.load(f)
    lines: list[str] = []
    row = None
    for b in doc["blocks"]:
        text = (b["label"] + "\u3000" if b["label"] else "") + b["text"].replace("\n", " ")
        key = (b["table"], b["row"]) if b["in_table"] else None
        if key is not None and key == row:
            lines[-1] += "\u3000" + text
            continue
        row = key
        lines.append(text)
    with open(sys.argv[2], "w", encoding="utf-8") as f:
        f.write("\n".join(lines) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
