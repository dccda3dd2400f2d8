#!/usr/bin/env python3
"""Writes keiyaku's man pages and bash and zsh completion from the binary's own --help text.

Run at build time (cmake/Install.cmake) after keiyaku is linked:

    gen_manpages.py --keiyaku build/keiyaku --version 0.1.0 --out build/gen-share

writes, under --out (laid out as <prefix>/share):

    man/man1/keiyaku.1, man/man1/keiyaku-<command>.1         English
    man/ja/man1/keiyaku.1, man/ja/man1/keiyaku-<command>.1   Japanese
    bash-completion/completions/keiyaku                      commands, options, option values
    zsh/vendor-completions/_keiyaku                          the same for zsh

Everything comes from `keiyaku --lang ja|en help` and `keiyaku --lang ja|en <command> ... --help`,
so a page can never say something --help does not. Only the page frame (section names) is here.
"""

import argparse
import os
import re
import subprocess
import sys

HEADINGS = {
    "Positionals:": "positionals", "引数:": "positionals",
    "Options:": "options", "オプション:": "options",
    "Subcommands:": "subcommands", "サブコマンド:": "subcommands",
}
USAGE = re.compile(r"^(Usage|使い方): ")
FRAME = {
    "en": {"name": "NAME", "synopsis": "SYNOPSIS", "description": "DESCRIPTION",
           "commands": "COMMANDS", "options": "OPTIONS", "arguments": "ARGUMENTS",
           "subcommands": "SUBCOMMANDS", "notes": "NOTES", "see": "SEE ALSO",
           "title": "keiyaku manual"},
    "ja": {"name": "名前", "synopsis": "書式", "description": "説明",
           "commands": "コマンド", "options": "オプション", "arguments": "引数",
           "subcommands": "サブコマンド", "notes": "注記", "see": "関連項目",
           "title": "keiyaku マニュアル"},
}
DESC_COLUMN = 30  # CLI11's default column width


def run_help(keiyaku, lang, words):
    env = dict(os.environ, LANG="C.UTF-8", NO_COLOR="1")
    env.pop("LC_ALL", None)
    r = subprocess.run([keiyaku, "--lang", lang] + words + ["--help"], capture_output=True,
                       text=True, env=env, check=False)
    if r.returncode != 0:
        sys.exit(f"gen_manpages: keiyaku {' '.join(words)} --help failed: {r.stderr.strip()}")
    return r.stdout


def parse_help(text):
    """CLI11 help text → {description, usage, sections: {kind: [(name, desc)]}, footer}."""
    lines = text.rstrip("\n").split("\n")
    page = {"description": [], "usage": "", "sections": {}, "footer": []}
    i = 0
    while i < len(lines) and not USAGE.match(lines[i]):
        if lines[i].strip():
            page["description"].append(lines[i].strip())
        i += 1
    if i < len(lines):
        page["usage"] = USAGE.sub("", lines[i]).strip()
        i += 1
    section = None
    for line in lines[i:]:
        if line in HEADINGS:
            section = page["sections"].setdefault(HEADINGS[line], [])
            continue
        if not line.strip():
            continue
        if line.startswith(" " * DESC_COLUMN) and section and section[-1] is not None:
            name, desc = section[-1]
            section[-1] = (name, (desc + " " + line.strip()).strip())
        elif line.startswith("  ") and section is not None:
            m = re.match(r"^  (\S.*?)(?:\s{2,}(\S.*))?$", line)
            section.append((m.group(1).strip(), (m.group(2) or "").strip()))
        else:
            section = None
            page["footer"].append(line.strip())
    return page


def command_list(text):
    """`keiyaku help` → [(command, summary)], the global options [(option, desc)], and the lines
    that follow the options (notes: environment, exit codes)."""
    commands, options, notes, part = [], [], [], None
    for line in text.split("\n"):
        if not line.strip():
            continue
        if not line.startswith(" "):
            head = line.rstrip(":")
            if head in ("commands", "コマンド"):
                part = "commands"
            elif head in ("global options", "共通オプション"):
                part = "options"
            elif part in ("options", "notes"):
                part = "notes"
                notes.append(line.strip())
            else:
                part = None
            continue
        m = re.match(r"^  (\S+(?: \S+)?)\s{2,}(.*)$", line)
        if part == "commands" and m:
            commands.append((m.group(1), m.group(2)))
        elif part == "options" and m:
            options.append((m.group(1), m.group(2)))
        elif part == "notes":
            notes.append(line.strip())
    return commands, options, notes


def roff(text):
    text = text.replace("\\", "\\e").replace("-", "\\-")
    return ("\\&" + text) if text[:1] in (".", "'") else text


def sub_names(entry):
    return [n.strip() for n in entry.split(",")]


def walk(keiyaku, lang, words):
    """The help pages of a command and of each subcommand under it, depth first."""
    page = parse_help(run_help(keiyaku, lang, words))
    pages = [(words, page)]
    for name, _ in page["sections"].get("subcommands", []):
        pages += walk(keiyaku, lang, words + [sub_names(name)[0]])
    return pages


def page_body(words, page, frame, level):
    out = []
    usage = [".B " + roff("keiyaku " + " ".join(words)),
             roff(page["usage"].split(" ", len(words) + 1)[-1] if page["usage"] else "")]
    description = [roff(" ".join(page["description"]))] if page["description"] else []
    if level > 0:
        out.append(".SS " + roff("keiyaku " + " ".join(words)))
        out += description + [".PP"] + usage
    else:
        out += [".SH " + frame["synopsis"]] + usage + [".SH " + frame["description"]] + description
    for kind, title in (("positionals", "arguments"), ("options", "options"),
                        ("subcommands", "subcommands")):
        entries = page["sections"].get(kind, [])
        if not entries:
            continue
        out.append(".PP")
        out.append(".I " + roff(frame[title]))
        for name, desc in entries:
            out.append(".TP")
            out.append(".B " + roff(name))
            out.append(roff(desc))
    if page["footer"]:
        out.append(".PP")
        out.append(roff(" ".join(page["footer"])))
    return out


def header(title, version, frame):
    return [f'.TH {title.upper()} 1 "" "keiyaku {version}" "{frame["title"]}"']


def write(path, lines):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", encoding="utf-8") as f:
        f.write("\n".join(lines) + "\n")


def man_pages(keiyaku, lang, version, out_dir):
    frame = FRAME[lang]
    mandir = os.path.join(out_dir, "man", "man1") if lang == "en" else \
        os.path.join(out_dir, "man", "ja", "man1")
    top = run_help(keiyaku, lang, [])
    commands, options, notes = command_list(top)
    intro = [l.strip() for l in top.split("\n") if l.strip()][0]
    lines = header("keiyaku", version, frame)
    lines += [".SH " + frame["name"], roff(intro), ".SH " + frame["synopsis"],
              ".B keiyaku", ".I command", roff("[options]"), ".SH " + frame["commands"]]
    for name, summary in commands:
        lines += [".TP", ".B " + roff(name), roff(summary) + " (\\fBkeiyaku\\-" + roff(name) +
                  "\\fR(1))"]
    lines += [".SH " + frame["options"]]
    for name, desc in options:
        lines += [".TP", ".B " + roff(name), roff(desc)]
    if notes:
        lines += [".SH " + frame["notes"]] + [roff(n) + "\n.br" for n in notes]
    lines += [".SH " + frame["see"],
              ", ".join(f"\\fBkeiyaku\\-{roff(n)}\\fR(1)" for n, _ in commands)]
    write(os.path.join(mandir, "keiyaku.1"), lines)
    tree = {}
    for name, summary in commands:
        pages = walk(keiyaku, lang, [name])
        tree[name] = pages
        lines = header(f"keiyaku-{name}", version, frame)
        lines += [".SH " + frame["name"], roff(f"keiyaku-{name} - {summary}")]
        lines += page_body(*pages[0], frame, 0)
        if len(pages) > 1:
            lines.append(".SH " + frame["subcommands"])
            for words, page in pages[1:]:
                lines += page_body(words, page, frame, 1)
        lines += [".SH " + frame["see"], "\\fBkeiyaku\\fR(1)"]
        write(os.path.join(mandir, f"keiyaku-{name}.1"), lines)
    return commands, options, tree


def option_words(name):
    """'-o,--output TEXT' → (['-o', '--output'], takes_value, [values])."""
    spec = name.split(" ", 1)
    flags = [f for f in spec[0].split(",") if f.startswith("-")]
    rest = spec[1] if len(spec) > 1 else ""
    values = re.search(r"\{([^}]*)\}", rest)
    return flags, bool(rest.strip()), values.group(1).split(",") if values else []


def bash_completion(commands, global_options, tree, out_dir):
    # Keys start with "keiyaku": bash refuses an empty array subscript.
    subs, opts, values, takes = {"keiyaku": [c for c, _ in commands]}, {}, {}, set()
    for name, pages in tree.items():
        for words, page in pages:
            key = " ".join(["keiyaku"] + words)
            children = [n for e, _ in page["sections"].get("subcommands", []) for n in sub_names(e)]
            if children:
                subs[key] = children
            flags = []
            for entry, _ in page["sections"].get("options", []):
                names, has_value, vals = option_words(entry)
                flags += names
                for f in names:
                    if has_value:
                        takes.add(f"{key}|{f}")
                    if vals:
                        values[f"{key}|{f}"] = vals
            opts[key] = flags
    globals_ = [f for entry, _ in global_options for f in option_words(entry)[0]]

    def assoc(name, table):
        rows = "\n".join(f'  ["{k}"]="{" ".join(v)}"' for k, v in sorted(table.items()))
        return f"declare -gA {name}=(\n{rows}\n)"

    script = f"""# bash completion for keiyaku. Generated from `keiyaku --help` by tools/gen_manpages.py.
{assoc("_keiyaku_subs", subs)}
{assoc("_keiyaku_opts", opts)}
{assoc("_keiyaku_values", values)}
_keiyaku_takes_value=" {" ".join(sorted(takes))} "
_keiyaku_globals="{" ".join(globals_)}"

_keiyaku() {{
  local cur=${{COMP_WORDS[COMP_CWORD]}} prev=${{COMP_WORDS[COMP_CWORD-1]}}
  local path=keiyaku w i
  for ((i = 1; i < COMP_CWORD; i++)); do
    w=${{COMP_WORDS[i]}}
    case $w in
      -*) ;;
      *) if [[ " ${{_keiyaku_subs[$path]}} " == *" $w "* ]]; then path="$path $w"; fi ;;
    esac
  done
  if [[ $prev == --lang ]]; then
    mapfile -t COMPREPLY < <(compgen -W "ja en" -- "$cur"); return
  fi
  if [[ -n ${{_keiyaku_values["$path|$prev"]+x}} ]]; then
    mapfile -t COMPREPLY < <(compgen -W "${{_keiyaku_values["$path|$prev"]}}" -- "$cur"); return
  fi
  if [[ $_keiyaku_takes_value == *" $path|$prev "* || $prev == --data || $prev == --db ]]; then
    mapfile -t COMPREPLY < <(compgen -f -- "$cur"); return
  fi
  if [[ $cur == -* ]]; then
    mapfile -t COMPREPLY < <(compgen -W "${{_keiyaku_opts[$path]}} $_keiyaku_globals" -- "$cur"); return
  fi
  if [[ -n ${{_keiyaku_subs[$path]+x}} ]]; then
    mapfile -t COMPREPLY < <(compgen -W "${{_keiyaku_subs[$path]}}" -- "$cur"); return
  fi
  mapfile -t COMPREPLY < <(compgen -f -- "$cur")
}}
complete -o filenames -F _keiyaku keiyaku
"""
    write(os.path.join(out_dir, "bash-completion", "completions", "keiyaku"), script.split("\n"))

    zsh = f"""#compdef keiyaku
# zsh completion for keiyaku. Generated from `keiyaku --help` by tools/gen_manpages.py.
{assoc("_keiyaku_subs", subs).replace("declare -gA", "typeset -gA")}
{assoc("_keiyaku_opts", opts).replace("declare -gA", "typeset -gA")}
{assoc("_keiyaku_values", values).replace("declare -gA", "typeset -gA")}
typeset -g _keiyaku_takes_value=" {" ".join(sorted(takes))} "
typeset -g _keiyaku_globals="{" ".join(globals_)}"

_keiyaku() {{
  local cur=${{words[CURRENT]}} prev=${{words[CURRENT-1]}} cmdpath=keiyaku w i
  for (( i = 2; i < CURRENT; i++ )); do
    w=${{words[i]}}
    if [[ $w != -* && " ${{_keiyaku_subs[$cmdpath]}} " == *" $w "* ]]; then
      cmdpath="$cmdpath $w"
    fi
  done
  if [[ $prev == --lang ]]; then
    compadd -- ja en; return
  fi
  if [[ -n ${{_keiyaku_values[$cmdpath|$prev]}} ]]; then
    compadd -- ${{=_keiyaku_values[$cmdpath|$prev]}}; return
  fi
  if [[ $_keiyaku_takes_value == *" $cmdpath|$prev "* || $prev == --data || $prev == --db ]]; then
    _files; return
  fi
  if [[ $cur == -* ]]; then
    compadd -- ${{=_keiyaku_opts[$cmdpath]}} ${{=_keiyaku_globals}}; return
  fi
  if [[ -n ${{_keiyaku_subs[$cmdpath]}} ]]; then
    compadd -- ${{=_keiyaku_subs[$cmdpath]}}; return
  fi
  _files
}}

_keiyaku "$@"
"""
    write(os.path.join(out_dir, "zsh", "vendor-completions", "_keiyaku"), zsh.split("\n"))


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--keiyaku", required=True)
    ap.add_argument("--version", required=True)
    ap.add_argument("--out", required=True)
    a = ap.parse_args()
    man_pages(a.keiyaku, "ja", a.version, a.out)
    commands, options, tree = man_pages(a.keiyaku, "en", a.version, a.out)
    bash_completion(commands, options, tree, a.out)


if __name__ == "__main__":
    main()
