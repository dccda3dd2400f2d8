"""WordprocessingML writer shared by samples/make_samples.py and bench/gen_corpus.py.

Standard library only. Writes .docx packages the way Word lays them out (rsid attributes, runs split
at script changes and at edit points, w14 paragraph ids, proofing marks, numbering definitions,
tracked changes) and does so deterministically: the same random seed gives byte-identical files
(fixed zip timestamps and attributes, entries in sorted order, fixed deflate level).

    doc = Document(random.Random(1), profile=Profile.light())
    doc.p("第１条　…", ind=IND_HANG1)
    doc.table([["項目", "内容"], ["稼働率", "99.5%以上"]], widths=[2000, 6500])
    doc.save("out.docx", title="…", creator="…")

check_docx(path) validates a package without Word: every part well-formed, every relationship target
present, content types covering every part, numbering/style/footer references resolved, tracked-change
and paragraph ids unique, and child-element order of the property elements as the schema requires.
"""

from __future__ import annotations

import io
import math
import random
import re
import zipfile
import xml.etree.ElementTree as ET
from dataclasses import dataclass

# ---------------------------------------------------------------------------------------------------
# Namespaces and fixed package text

NS_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
NS_R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
NS_PR = "http://schemas.openxmlformats.org/package/2006/relationships"
NS_CT = "http://schemas.openxmlformats.org/package/2006/content-types"
NS_W14 = "http://schemas.microsoft.com/office/word/2010/wordml"

REL_DOC = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument"
REL_CORE = "http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties"
REL_APP = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/extended-properties"
REL_STYLES = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles"
REL_SETTINGS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/settings"
REL_WEBSET = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/webSettings"
REL_FONTS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/fontTable"
REL_NUMBERING = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/numbering"
REL_FOOTER = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/footer"
REL_HEADER = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/header"

CT_MAIN = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
CT_STYLES = "application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"
CT_SETTINGS = "application/vnd.openxmlformats-officedocument.wordprocessingml.settings+xml"
CT_WEBSET = "application/vnd.openxmlformats-officedocument.wordprocessingml.webSettings+xml"
CT_FONTS = "application/vnd.openxmlformats-officedocument.wordprocessingml.fontTable+xml"
CT_NUMBERING = "application/vnd.openxmlformats-officedocument.wordprocessingml.numbering+xml"
CT_FOOTER = "application/vnd.openxmlformats-officedocument.wordprocessingml.footer+xml"
CT_HEADER = "application/vnd.openxmlformats-officedocument.wordprocessingml.header+xml"
CT_CORE = "application/vnd.openxmlformats-package.core-properties+xml"
CT_APP = "application/vnd.openxmlformats-officedocument.extended-properties+xml"
CT_RELS = "application/vnd.openxmlformats-package.relationships+xml"

XML_DECL = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\r\n'

# The namespace set Word 2016 and later declare on the root of every story part.
ROOT_NS = (
    'xmlns:wpc="http://schemas.microsoft.com/office/word/2010/wordprocessingCanvas" '
    'xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" '
    'xmlns:o="urn:schemas-microsoft-com:office:office" '
    'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" '
    'xmlns:m="http://schemas.openxmlformats.org/officeDocument/2006/math" '
    'xmlns:v="urn:schemas-microsoft-com:vml" '
    'xmlns:wp14="http://schemas.microsoft.com/office/word/2010/wordprocessingDrawing" '
    'xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing" '
    'xmlns:w10="urn:schemas-microsoft-com:office:word" '
    'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" '
    'xmlns:w14="http://schemas.microsoft.com/office/word/2010/wordml" '
    'xmlns:w15="http://schemas.microsoft.com/office/word/2012/wordml" '
    'xmlns:wpg="http://schemas.microsoft.com/office/word/2010/wordprocessingGroup" '
    'xmlns:wpi="http://schemas.microsoft.com/office/word/2010/wordprocessingInk" '
    'xmlns:wne="http://schemas.microsoft.com/office/word/2006/wordml" '
    'xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape" '
    'mc:Ignorable="w14 w15 wp14"'
)

# Indentation presets (twips; one 10.5pt character = 210). Word writes the *Chars form with the twips.
IND_CAPTION = '<w:ind w:leftChars="100" w:left="210"/>'
IND_HANG1 = '<w:ind w:left="210" w:hangingChars="100" w:hanging="210"/>'
IND_ITEM = '<w:ind w:leftChars="100" w:left="420" w:hangingChars="100" w:hanging="210"/>'
IND_ITEM2 = '<w:ind w:leftChars="200" w:left="630" w:hangingChars="100" w:hanging="210"/>'
IND_ITEM3 = '<w:ind w:leftChars="300" w:left="840" w:hangingChars="100" w:hanging="210"/>'
IND_BODY1 = '<w:ind w:leftChars="100" w:left="210" w:firstLineChars="100" w:firstLine="210"/>'
IND_BODY2 = '<w:ind w:leftChars="200" w:left="420" w:firstLineChars="100" w:firstLine="210"/>'
IND_FIRST = '<w:ind w:firstLineChars="100" w:firstLine="210"/>'


def esc(s: str) -> str:
    """Escape text for element content."""
    if "&" in s or "<" in s or ">" in s:
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return s


def esc_attr(s: str) -> str:
    return esc(s).replace('"', "&quot;")


# ---------------------------------------------------------------------------------------------------
# Inline content

@dataclass
class R:
    """A run with explicit formatting. Plain strings in content lists are ordinary runs."""
    text: str
    b: bool = False
    u: bool = False
    sz: int | None = None          # half-points
    font: str | None = None        # east-asian and ascii font name


@dataclass
class Ins:
    """Tracked insertion of inline content."""
    content: list
    author: str
    date: str                      # ISO 8601, e.g. 2026-03-18T10:42:00Z


@dataclass
class Del:
    """Tracked deletion of inline content."""
    content: list
    author: str
    date: str


class _Tab:
    pass


class _Br:
    pass


class _PageBreak:
    pass


TAB = _Tab()
BR = _Br()
PAGE_BREAK = _PageBreak()


@dataclass
class Cell:
    """A table cell: content is a string, an inline list, or a list of paragraphs (each str/list)."""
    content: object
    span: int = 1
    vmerge: str | None = None      # "restart" or "continue"
    shade: str | None = None       # fill colour, e.g. "D9D9D9"
    jc: str | None = None          # paragraph alignment inside the cell
    paras: bool = False            # content is a list of paragraphs


# ---------------------------------------------------------------------------------------------------
# How much Word-like noise to write

@dataclass
class Profile:
    """Markup habits of one document (one author's Word). All probabilities are per run or paragraph."""
    run_len: float = 30.0          # mean characters between random edit-point splits
    script_split: bool = True      # split runs where ASCII and Japanese text meet
    hint: bool = True              # w:rFonts w:hint="eastAsia" on runs with Japanese text
    fonts_in_runs: bool = False    # explicit w:rFonts names in every run
    size_in_runs: bool = False     # w:sz/w:szCs in every run
    kern_in_runs: bool = False
    lang_in_runs: bool = False
    run_rsid: float = 0.3          # probability a run carries w:rsidR
    run_rsid_rpr: float = 0.0      # probability a run carries w:rsidRPr
    para_ids: bool = True          # w14:paraId / w14:textId on paragraphs
    text_id_fixed: bool = False    # w14:textId="77777777", as Word writes for text not edited since
    para_rsid: bool = True         # w:rsidR / w:rsidRDefault / w:rsidP on paragraphs
    para_mark_rpr: bool = False    # w:rPr inside w:pPr (paragraph mark formatting)
    proof_err: float = 0.0         # probability of a proofErr pair around a run
    bookmarks: float = 0.0         # probability of a _Hlk bookmark in a paragraph
    rendered_breaks: float = 0.0   # probability of w:lastRenderedPageBreak at a paragraph start
    sessions: int = 4              # number of editing sessions (rsid values)
    body_font: str = "ＭＳ 明朝"
    gothic_font: str = "ＭＳ ゴシック"
    ascii_font: str = "Century"
    size: int = 21                 # half-points (10.5 pt)

    @staticmethod
    def light() -> "Profile":
        """Few splits: what a carefully kept template looks like after a couple of edits."""
        return Profile()

    @staticmethod
    def word(rng: random.Random) -> "Profile":
        """Draw the habits of one Word installation and one editing history (XML 4–9x the text)."""
        run_len = rng.choice([12.0, 15.0, 18.0, 22.0, 28.0, 35.0, 45.0])
        fonts = run_len >= 22 and rng.random() < 0.5
        sized = run_len >= 28 and rng.random() < 0.4
        return Profile(
            run_len=run_len,
            script_split=rng.random() < 0.85,
            hint=rng.random() < 0.85,
            fonts_in_runs=fonts,
            size_in_runs=sized,
            kern_in_runs=rng.random() < 0.1,
            lang_in_runs=rng.random() < 0.05,
            run_rsid=rng.uniform(0.1, 0.6),
            run_rsid_rpr=rng.uniform(0.0, 0.25),
            para_ids=rng.random() < 0.6,
            text_id_fixed=rng.random() < 0.7,
            para_rsid=True,
            para_mark_rpr=rng.random() < 0.3,
            proof_err=rng.uniform(0.0, 0.05),
            bookmarks=rng.uniform(0.0, 0.02),
            rendered_breaks=0.02,
            sessions=rng.randint(3, 24),
            body_font=rng.choice(["ＭＳ 明朝", "ＭＳ 明朝", "游明朝", "ＭＳ Ｐ明朝", "BIZ UD明朝 Medium"]),
            gothic_font=rng.choice(["ＭＳ ゴシック", "ＭＳ ゴシック", "游ゴシック", "BIZ UDゴシック"]),
            ascii_font=rng.choice(["Century", "Century", "ＭＳ 明朝", "游明朝"]),
            size=rng.choice([21, 21, 22, 24]),
        )


# ---------------------------------------------------------------------------------------------------
# Numbering definitions

@dataclass
class Level:
    fmt: str                       # numFmt: decimal, decimalFullWidth, japaneseCounting, aiueoFullWidth …
    text: str                      # lvlText, e.g. "第%1条", "（%2）"
    start: int = 1
    suff: str | None = None        # None = tab (the default), "space", "nothing"
    left: int = 0
    hanging: int = 0
    jc: str = "left"
    font_hint: bool = True


class Numbering:
    """abstractNum / num definitions; ids are allocated in order of definition."""

    def __init__(self, rng: random.Random):
        self._rng = rng
        self._abstract: list[tuple[int, str, list[Level]]] = []
        self._nums: list[tuple[int, int, dict[int, int]]] = []

    def add_abstract(self, levels: list[Level], multi: bool | None = None) -> int:
        aid = len(self._abstract)
        kind = ("multilevel" if len(levels) > 1 else "singleLevel") if multi is None else (
            "multilevel" if multi else "hybridMultilevel")
        self._abstract.append((aid, kind, levels))
        return aid

    def add_num(self, abstract_id: int, restart: dict[int, int] | None = None) -> int:
        nid = len(self._nums) + 1
        self._nums.append((nid, abstract_id, dict(restart or {})))
        return nid

    @property
    def empty(self) -> bool:
        return not self._nums

    def xml(self) -> str:
        out = [XML_DECL, f"<w:numbering {ROOT_NS}>"]
        for aid, kind, levels in self._abstract:
            nsid = f"{self._rng.getrandbits(32):08X}"
            tmpl = f"{self._rng.getrandbits(32):08X}"
            out.append(f'<w:abstractNum w:abstractNumId="{aid}" w15:restartNumberingAfterBreak="0">'
                       f'<w:nsid w:val="{nsid}"/><w:multiLevelType w:val="{kind}"/>'
                       f'<w:tmpl w:val="{tmpl}"/>')
            for i, lv in enumerate(levels):
                out.append(f'<w:lvl w:ilvl="{i}">'
                           f'<w:start w:val="{lv.start}"/><w:numFmt w:val="{lv.fmt}"/>')
                if lv.suff:
                    out.append(f'<w:suff w:val="{lv.suff}"/>')
                out.append(f'<w:lvlText w:val="{esc_attr(lv.text)}"/><w:lvlJc w:val="{lv.jc}"/>')
                if lv.left or lv.hanging:
                    out.append(f'<w:pPr><w:ind w:left="{lv.left}" w:hanging="{lv.hanging}"/></w:pPr>')
                if lv.font_hint:
                    out.append('<w:rPr><w:rFonts w:hint="eastAsia"/></w:rPr>')
                out.append("</w:lvl>")
            out.append("</w:abstractNum>")
        for nid, aid, restart in self._nums:
            out.append(f'<w:num w:numId="{nid}"><w:abstractNumId w:val="{aid}"/>')
            for ilvl, start in sorted(restart.items()):
                out.append(f'<w:lvlOverride w:ilvl="{ilvl}"><w:startOverride w:val="{start}"/>'
                           f"</w:lvlOverride>")
            out.append("</w:num>")
        out.append("</w:numbering>")
        return "".join(out)


# ---------------------------------------------------------------------------------------------------
# The document writer

_ASCII_RE = re.compile(r"[\x20-\x7e]+|[^\x20-\x7e]+")


class Document:
    """Accumulates body XML; save() writes the whole package."""

    def __init__(self, rng: random.Random, profile: Profile | None = None):
        self.rng = rng
        self.pf = profile or Profile.light()
        self.numbering = Numbering(rng)
        self._body: list[str] = []
        self._ids = 0                      # w:id for ins/del/bookmarks
        self._para_ids: set[int] = set()
        self.chars = 0                     # characters of text in the accepted view
        self.text_bytes = 0                # the same text in UTF-8 bytes
        self.paragraphs = 0
        self.tables = 0
        self.revisions = 0
        root = self._new_rsid()
        self.rsid_root = root
        self._sessions = [root] + [self._new_rsid() for _ in range(max(0, self.pf.sessions - 1))]
        self._rsids_used: set[str] = set(self._sessions)
        self._goback_done = False
        self.footer_text: str | None = None
        self.header_text: str | None = None
        self._extra_fonts: set[str] = set()
        self._rpr_cache: dict[bool, str] = {}

    # ---- ids -------------------------------------------------------------------------------------

    def _new_rsid(self) -> str:
        return f"00{self.rng.getrandbits(24):06X}"

    def _session(self) -> str:
        # Later sessions touch fewer paragraphs: skew towards the first ones.
        s = self._sessions
        return s[min(len(s) - 1, int(len(s) * self.rng.random() ** 2.2))]

    def _next_id(self) -> int:
        i = self._ids
        self._ids += 1
        return i

    def _para_attrs(self) -> str:
        pf = self.pf
        parts = []
        if pf.para_ids:
            while True:
                pid = self.rng.getrandbits(31)
                if pid and pid not in self._para_ids:
                    break
            self._para_ids.add(pid)
            tid = "77777777" if pf.text_id_fixed else f"{self.rng.getrandbits(31):08X}"
            parts.append(f' w14:paraId="{pid:08X}" w14:textId="{tid}"')
        if pf.para_rsid:
            r = self._session()
            p = r if self.rng.random() < 0.7 else self._session()
            parts.append(f' w:rsidR="{r}" w:rsidRDefault="{r}" w:rsidP="{p}"')
        return "".join(parts)

    # ---- runs ------------------------------------------------------------------------------------

    def _rpr(self, ascii_only: bool, extra: R | None) -> str:
        if extra is None:
            cached = self._rpr_cache.get(ascii_only)
            if cached is None:
                cached = self._rpr_cache[ascii_only] = self._rpr_build(ascii_only, None)
            return cached
        return self._rpr_build(ascii_only, extra)

    def _rpr_build(self, ascii_only: bool, extra: R | None) -> str:
        pf = self.pf
        inner = []
        font = extra.font if extra is not None and extra.font else None
        if font:
            inner.append(f'<w:rFonts w:ascii="{font}" w:eastAsia="{font}" w:hAnsi="{font}"'
                         + ('' if ascii_only else ' w:hint="eastAsia"') + "/>")
            self._extra_fonts.add(font)
        elif pf.fonts_in_runs:
            inner.append(f'<w:rFonts w:ascii="{pf.body_font}" w:hAnsi="{pf.body_font}"'
                         + ('' if ascii_only or not pf.hint else ' w:hint="eastAsia"') + "/>")
        elif pf.hint and not ascii_only:
            inner.append('<w:rFonts w:hint="eastAsia"/>')
        if extra is not None and extra.b:
            inner.append("<w:b/>")
        if pf.kern_in_runs:
            inner.append('<w:kern w:val="0"/>')
        size = extra.sz if extra is not None and extra.sz else (pf.size if pf.size_in_runs else None)
        if size:
            inner.append(f'<w:sz w:val="{size}"/><w:szCs w:val="{size}"/>')
        if extra is not None and extra.u:
            inner.append('<w:u w:val="single"/>')
        if pf.lang_in_runs:
            inner.append('<w:lang w:eastAsia="ja-JP"/>')
        return "<w:rPr>" + "".join(inner) + "</w:rPr>" if inner else ""

    def _run(self, text: str, extra: R | None, tag: str = "t", rsid: str | None = None,
             rsid_del: str | None = None) -> str:
        pf = self.pf
        if rsid is not None:
            attrs = f' w:rsidR="{rsid}"'
        elif pf.run_rsid and self.rng.random() < pf.run_rsid:
            attrs = f' w:rsidR="{self._session()}"'
        else:
            attrs = ""
        if pf.run_rsid_rpr and self.rng.random() < pf.run_rsid_rpr:
            attrs += f' w:rsidRPr="{self._session()}"'
        if rsid_del is not None:
            attrs += f' w:rsidDel="{rsid_del}"'
        rpr = self._rpr(text.isascii(), extra)
        if "\t" not in text:
            sp = ' xml:space="preserve"' if text and (text[0] in " \u3000" or text[-1] in " \u3000") else ""
            return f"<w:r{attrs}>{rpr}<w:{tag}{sp}>{esc(text)}</w:{tag}></w:r>"
        body = []
        for k, piece in enumerate(text.split("\t")):
            if k:
                body.append("<w:tab/>")
            if piece:
                sp = ' xml:space="preserve"' if piece[0] in " \u3000" or piece[-1] in " \u3000" else ""
                body.append(f"<w:{tag}{sp}>{esc(piece)}</w:{tag}>")
        return f"<w:r{attrs}>{rpr}{''.join(body)}</w:r>"

    def _split_points(self, text: str) -> list[str]:
        """Cut a script-uniform string at random edit points."""
        mean = self.pf.run_len
        if len(text) <= 2 or mean >= 1000:
            return [text]
        out = []
        i = 0
        n = len(text)
        rnd = self.rng.random
        while i < n:
            step = max(1, int(-mean * _log1m(rnd())))
            out.append(text[i:i + step])
            i += step
        return out

    def _runs_for_text(self, text: str, extra: R | None = None, tag: str = "t",
                       rsid: str | None = None, rsid_del: str | None = None) -> list[str]:
        if not text:
            return []
        segs = _ASCII_RE.findall(text) if self.pf.script_split else [text]
        out = []
        pe = self.pf.proof_err
        for seg in segs:
            for chunk in (self._split_points(seg) if extra is None or not extra.b else [seg]):
                if pe and tag == "t" and self.rng.random() < pe:
                    kind = "spell" if chunk.isascii() else "gram"
                    out.append(f'<w:proofErr w:type="{kind}Start"/>')
                    out.append(self._run(chunk, extra, tag, rsid, rsid_del))
                    out.append(f'<w:proofErr w:type="{kind}End"/>')
                else:
                    out.append(self._run(chunk, extra, tag, rsid, rsid_del))
        return out

    def _inline(self, content, counted: bool = True, tag: str = "t", rsid: str | None = None,
                rsid_del: str | None = None) -> str:
        """Inline content (str or list) → run XML; counts accepted-view characters."""
        if content is None:
            return ""
        if isinstance(content, (str, R, Ins, Del, _Tab, _Br, _PageBreak)):
            content = [content]
        out = []
        for item in content:
            if isinstance(item, str):
                out.extend(self._runs_for_text(item, None, tag, rsid, rsid_del))
                if counted:
                    self.chars += len(item)
                    self.text_bytes += len(item.encode("utf-8"))
            elif isinstance(item, R):
                out.extend(self._runs_for_text(item.text, item, tag, rsid, rsid_del))
                if counted:
                    self.chars += len(item.text)
                    self.text_bytes += len(item.text.encode("utf-8"))
            elif isinstance(item, Ins):
                rs = self._new_rsid()
                self._rsids_used.add(rs)
                inner = self._inline(item.content, counted, tag, rs)
                out.append(f'<w:ins w:id="{self._next_id()}" w:author="{esc_attr(item.author)}" '
                           f'w:date="{item.date}">{inner}</w:ins>')
                self.revisions += 1
            elif isinstance(item, Del):
                rs = self._new_rsid()
                self._rsids_used.add(rs)
                inner = self._inline(item.content, False, "delText", rsid, rs)
                out.append(f'<w:del w:id="{self._next_id()}" w:author="{esc_attr(item.author)}" '
                           f'w:date="{item.date}">{inner}</w:del>')
                self.revisions += 1
            elif isinstance(item, _Tab):
                out.append("<w:r><w:tab/></w:r>")
            elif isinstance(item, _Br):
                out.append("<w:r><w:br/></w:r>")
            elif isinstance(item, _PageBreak):
                out.append('<w:r><w:br w:type="page"/></w:r>')
            else:
                raise TypeError(f"unsupported inline item: {item!r}")
        return "".join(out)

    # ---- paragraphs ------------------------------------------------------------------------------

    def p_xml(self, content=None, *, style: str | None = None, num: tuple[int, int] | None = None,
              ind: str | None = None, jc: str | None = None, keep_next: bool = False,
              spacing: str | None = None, page_break_before: bool = False,
              mark_rpr: R | None = None, snap: bool = False, outline: int | None = None) -> str:
        """One w:p as a string (for bodies and table cells)."""
        pf = self.pf
        ppr = []
        if style:
            ppr.append(f'<w:pStyle w:val="{style}"/>')
        if keep_next:
            ppr.append("<w:keepNext/>")
        if page_break_before:
            ppr.append("<w:pageBreakBefore/>")
        if num is not None:
            ppr.append(f'<w:numPr><w:ilvl w:val="{num[1]}"/><w:numId w:val="{num[0]}"/></w:numPr>')
        if snap:
            ppr.append('<w:snapToGrid w:val="0"/>')
        if spacing:
            ppr.append(spacing)
        if ind:
            ppr.append(ind)
        if jc:
            ppr.append(f'<w:jc w:val="{jc}"/>')
        if outline is not None:
            ppr.append(f'<w:outlineLvl w:val="{outline}"/>')
        if mark_rpr is not None or pf.para_mark_rpr:
            inner = []
            if pf.fonts_in_runs:
                inner.append(f'<w:rFonts w:ascii="{pf.body_font}" w:hAnsi="{pf.body_font}"/>')
            if mark_rpr is not None and mark_rpr.b:
                inner.append("<w:b/>")
            if pf.size_in_runs or (mark_rpr is not None and mark_rpr.sz):
                sz = mark_rpr.sz if mark_rpr is not None and mark_rpr.sz else pf.size
                inner.append(f'<w:sz w:val="{sz}"/><w:szCs w:val="{sz}"/>')
            if inner:
                ppr.append("<w:rPr>" + "".join(inner) + "</w:rPr>")
        runs = []
        if pf.rendered_breaks and self.rng.random() < pf.rendered_breaks and content:
            runs.append("<w:r><w:lastRenderedPageBreak/></w:r>")
        body = self._inline(content)
        if pf.bookmarks and body and self.rng.random() < pf.bookmarks:
            bid = self._next_id()
            name = f"_Hlk{self.rng.randint(100000000, 199999999)}"
            body = f'<w:bookmarkStart w:id="{bid}" w:name="{name}"/>{body}<w:bookmarkEnd w:id="{bid}"/>'
        runs.append(body)
        self.paragraphs += 1
        ppr_xml = "<w:pPr>" + "".join(ppr) + "</w:pPr>" if ppr else ""
        return f"<w:p{self._para_attrs()}>{ppr_xml}{''.join(runs)}</w:p>"

    def p(self, content=None, **kw) -> None:
        """Append a body paragraph. See p_xml for the keyword arguments."""
        self._body.append(self.p_xml(content, **kw))

    def empty(self, n: int = 1) -> None:
        for _ in range(n):
            self._body.append(f"<w:p{self._para_attrs()}/>")
            self.paragraphs += 1

    def page_break(self) -> None:
        self._body.append(f'<w:p{self._para_attrs()}><w:r><w:br w:type="page"/></w:r></w:p>')
        self.paragraphs += 1

    def raw(self, xml: str) -> None:
        self._body.append(xml)

    def goback(self) -> None:
        """Word leaves a _GoBack bookmark where the cursor was at the last save."""
        if self._goback_done:
            return
        self._goback_done = True
        bid = self._next_id()
        self._body.append(f'<w:p{self._para_attrs()}><w:bookmarkStart w:id="{bid}" w:name="_GoBack"/>'
                          f'<w:bookmarkEnd w:id="{bid}"/></w:p>')

    # ---- tables ----------------------------------------------------------------------------------

    def table(self, rows: list[list], widths: list[int], *, header: int = 1, jc: str | None = None,
              style: str = "a9", cell_jc: list[str | None] | None = None, sz: int | None = None,
              header_shade: str | None = "D9D9D9", ind: int = 0) -> None:
        """Append a table. rows: lists of cells (str, inline list or Cell)."""
        self.tables += 1
        total = sum(widths)
        out = [f'<w:tbl><w:tblPr><w:tblStyle w:val="{style}"/><w:tblW w:w="{total}" w:type="dxa"/>']
        if jc:
            out.append(f'<w:jc w:val="{jc}"/>')
        if ind:
            out.append(f'<w:tblInd w:w="{ind}" w:type="dxa"/>')
        out.append('<w:tblLook w:val="04A0" w:firstRow="1" w:lastRow="0" w:firstColumn="1" '
                   'w:lastColumn="0" w:noHBand="0" w:noVBand="1"/></w:tblPr><w:tblGrid>')
        out.extend(f'<w:gridCol w:w="{w}"/>' for w in widths)
        out.append("</w:tblGrid>")
        for ri, row in enumerate(rows):
            rs = self._session()
            out.append(f'<w:tr w:rsidR="{rs}" w:rsidTr="{rs}">')
            if ri < header:
                out.append("<w:trPr><w:tblHeader/></w:trPr>")
            col = 0
            for ci, cell in enumerate(row):
                c = cell if isinstance(cell, Cell) else Cell(cell)
                w = sum(widths[col:col + c.span])
                tcpr = [f'<w:tcW w:w="{w}" w:type="dxa"/>']
                if c.span > 1:
                    tcpr.append(f'<w:gridSpan w:val="{c.span}"/>')
                if c.vmerge == "restart":
                    tcpr.append('<w:vMerge w:val="restart"/>')
                elif c.vmerge == "continue":
                    tcpr.append("<w:vMerge/>")
                shade = c.shade or (header_shade if ri < header else None)
                if shade:
                    tcpr.append(f'<w:shd w:val="clear" w:color="auto" w:fill="{shade}"/>')
                tcpr.append('<w:vAlign w:val="center"/>' if ri < header else "")
                out.append("<w:tc><w:tcPr>" + "".join(tcpr) + "</w:tcPr>")
                cj = c.jc or (cell_jc[ci] if cell_jc and ci < len(cell_jc) else None)
                if ri < header and not c.jc:
                    cj = "center"
                mark = R("", sz=sz) if sz else None
                paras = c.content if c.paras else [c.content]
                if c.vmerge == "continue":
                    paras = [None]
                for para in paras:
                    if sz and para is not None:
                        para = _sized(para, sz)
                    out.append(self.p_xml(para, jc=cj, snap=False, mark_rpr=mark))
                out.append("</w:tc>")
                col += c.span
            out.append("</w:tr>")
        out.append("</w:tbl>")
        self._body.append("".join(out))

    # ---- package ---------------------------------------------------------------------------------

    def document_xml(self) -> str:
        sect_rsid = self._session()
        refs = []
        if self.header_text is not None:
            refs.append('<w:headerReference w:type="default" r:id="rId9"/>')
        if self.footer_text is not None:
            refs.append('<w:footerReference w:type="default" r:id="rId8"/>')
        sect = (f'<w:sectPr w:rsidR="{sect_rsid}" w:rsidSect="{sect_rsid}">{"".join(refs)}'
                '<w:pgSz w:w="11906" w:h="16838"/>'
                '<w:pgMar w:top="1701" w:right="1418" w:bottom="1418" w:left="1418" w:header="851" '
                'w:footer="567" w:gutter="0"/><w:cols w:space="425"/>'
                '<w:docGrid w:type="linesAndChars" w:linePitch="360" w:charSpace="1331"/></w:sectPr>')
        return (XML_DECL + f"<w:document {ROOT_NS}><w:body>" + "".join(self._body) + sect
                + "</w:body></w:document>")

    def _footer_xml(self) -> str:
        t = self.footer_text or ""
        pre, _, post = t.partition("{PAGE}")
        parts = []
        if pre:
            parts.append(self._run(pre, None))
        parts.append('<w:r><w:fldChar w:fldCharType="begin"/></w:r>'
                     '<w:r><w:instrText xml:space="preserve"> PAGE   \\* MERGEFORMAT </w:instrText></w:r>'
                     '<w:r><w:fldChar w:fldCharType="separate"/></w:r>'
                     '<w:r><w:rPr><w:noProof/><w:lang w:val="ja-JP"/></w:rPr><w:t>1</w:t></w:r>'
                     '<w:r><w:fldChar w:fldCharType="end"/></w:r>')
        if post:
            parts.append(self._run(post, None))
        return (XML_DECL + f"<w:ftr {ROOT_NS}><w:p{self._para_attrs()}><w:pPr><w:pStyle w:val=\"a7\"/>"
                '<w:jc w:val="center"/></w:pPr>' + "".join(parts) + "</w:p></w:ftr>")

    def _header_xml(self) -> str:
        return (XML_DECL + f"<w:hdr {ROOT_NS}><w:p{self._para_attrs()}><w:pPr><w:pStyle w:val=\"a5\"/>"
                '<w:jc w:val="right"/></w:pPr>' + self._run(self.header_text or "", None)
                + "</w:p></w:hdr>")

    def parts(self, *, title: str, creator: str, last_modified_by: str | None = None,
              created: str = "2026-03-02T00:41:00Z", modified: str = "2026-03-27T08:15:00Z",
              company: str = "", revision: int = 3, total_time: int = 95,
              track_revisions: bool = False) -> dict[str, bytes]:
        """All package parts of the document, by part name."""
        doc = self.document_xml()
        parts: dict[str, str] = {
            "word/document.xml": doc,
            "word/styles.xml": styles_xml(self.pf),
            "word/fontTable.xml": font_table_xml(self.pf, self._extra_fonts),
            "word/webSettings.xml": WEB_SETTINGS,
        }
        rels = [("rId1", REL_STYLES, "styles.xml"), ("rId2", REL_SETTINGS, "settings.xml"),
                ("rId3", REL_WEBSET, "webSettings.xml"), ("rId4", REL_FONTS, "fontTable.xml")]
        if not self.numbering.empty:
            parts["word/numbering.xml"] = self.numbering.xml()
            rels.append(("rId7", REL_NUMBERING, "numbering.xml"))
        if self.footer_text is not None:
            parts["word/footer1.xml"] = self._footer_xml()
            rels.append(("rId8", REL_FOOTER, "footer1.xml"))
        if self.header_text is not None:
            parts["word/header1.xml"] = self._header_xml()
            rels.append(("rId9", REL_HEADER, "header1.xml"))
        parts["word/settings.xml"] = settings_xml(sorted(self._rsids_used), self.rsid_root,
                                                  track_revisions)
        parts["word/_rels/document.xml.rels"] = rels_xml(rels)
        parts["_rels/.rels"] = rels_xml([("rId3", REL_APP, "docProps/app.xml"),
                                         ("rId2", REL_CORE, "docProps/core.xml"),
                                         ("rId1", REL_DOC, "word/document.xml")])
        parts["docProps/core.xml"] = core_xml(title, creator, last_modified_by or creator, created,
                                              modified, revision)
        pages = max(1, round(self.chars / 1150))
        parts["docProps/app.xml"] = app_xml(pages, self.chars, self.paragraphs, company, total_time)
        parts["[Content_Types].xml"] = content_types_xml(parts.keys())
        return {k: v.encode("utf-8") for k, v in parts.items()}

    def save(self, path, **meta) -> dict[str, bytes]:
        parts = self.parts(**meta)
        write_zip(path, parts, date_time=_zip_time(meta.get("modified", "2026-03-27T08:15:00Z")))
        return parts


def _log1m(x: float) -> float:
    return math.log(1.0 - x) if x < 1.0 else -30.0


def _sized(para, sz: int):
    if isinstance(para, str):
        return R(para, sz=sz) if para else para
    if isinstance(para, list):
        return [R(x, sz=sz) if isinstance(x, str) else x for x in para]
    return para


def _zip_time(iso: str) -> tuple[int, int, int, int, int, int]:
    m = re.match(r"(\d{4})-(\d\d)-(\d\d)T(\d\d):(\d\d):(\d\d)", iso)
    if not m:
        return (2026, 4, 1, 0, 0, 0)
    y, mo, d, h, mi, s = (int(g) for g in m.groups())
    return (y, mo, d, h, mi, s - s % 2)


# ---------------------------------------------------------------------------------------------------
# Fixed parts

WEB_SETTINGS = (XML_DECL + f"<w:webSettings {ROOT_NS}><w:optimizeForBrowser/><w:allowPNG/>"
                "</w:webSettings>")

_LATENT = ["Normal", "heading 1", "heading 2", "heading 3", "heading 4", "heading 5", "heading 6",
           "heading 7", "heading 8", "heading 9", "index 1", "toc 1", "toc 2", "toc 3",
           "Normal Indent", "footnote text", "annotation text", "header", "footer", "caption",
           "table of figures", "annotation reference", "page number", "endnote reference",
           "endnote text", "List", "List Bullet", "List Number", "Title", "Closing", "Signature",
           "Default Paragraph Font", "Body Text", "Body Text Indent", "Subtitle", "Salutation",
           "Date", "Body Text First Indent", "Note Heading", "Block Text", "Hyperlink",
           "FollowedHyperlink", "Strong", "Emphasis", "Plain Text", "Normal (Web)", "Normal Table",
           "annotation subject", "No List", "Balloon Text", "Table Grid", "Placeholder Text",
           "No Spacing", "Light Shading", "Revision", "List Paragraph", "Quote", "Intense Quote",
           "Subtle Emphasis", "Intense Emphasis", "Subtle Reference", "Intense Reference",
           "Book Title", "Bibliography", "TOC Heading", "Grid Table Light", "Plain Table 1",
           "Grid Table 1 Light", "Grid Table 4", "List Table 1 Light", "Mention", "Smart Hyperlink",
           "Hashtag", "Unresolved Mention", "Smart Link"]


def styles_xml(pf: Profile) -> str:
    """Styles with Japanese fonts: Normal, Title, heading 1–3, header/footer, Table Grid, List
    Paragraph, with the style ids Japanese Word writes (a, a0, a1, 1, 2 …)."""
    body, goth, asc, sz = pf.body_font, pf.gothic_font, pf.ascii_font, pf.size
    latent = "".join(
        f'<w:lsdException w:name="{n}"' + (' w:uiPriority="9" w:qFormat="1"' if n.startswith("heading")
                                           else ' w:qFormat="1"' if n in ("Normal", "Title", "caption",
                                                                          "List Paragraph")
                                           else ' w:semiHidden="1" w:unhideWhenUsed="1"'
                                           if n not in ("Table Grid", "Strong", "Emphasis")
                                           else "") + "/>" for n in _LATENT)
    return (
        XML_DECL + f"<w:styles {ROOT_NS}>"
        "<w:docDefaults><w:rPrDefault><w:rPr>"
        f'<w:rFonts w:ascii="{asc}" w:eastAsia="{body}" w:hAnsi="{asc}" w:cs="Times New Roman"/>'
        f'<w:kern w:val="2"/><w:sz w:val="{sz}"/><w:szCs w:val="22"/>'
        '<w:lang w:val="en-US" w:eastAsia="ja-JP" w:bidi="ar-SA"/></w:rPr></w:rPrDefault>'
        "<w:pPrDefault/></w:docDefaults>"
        '<w:latentStyles w:defLockedState="0" w:defUIPriority="99" w:defSemiHidden="0" '
        'w:defUnhideWhenUsed="0" w:defQFormat="0" w:count="376">' + latent + "</w:latentStyles>"
        '<w:style w:type="paragraph" w:default="1" w:styleId="a"><w:name w:val="Normal"/><w:qFormat/>'
        '<w:pPr><w:widowControl w:val="0"/><w:jc w:val="both"/></w:pPr></w:style>'
        '<w:style w:type="paragraph" w:styleId="1"><w:name w:val="heading 1"/><w:basedOn w:val="a"/>'
        '<w:next w:val="a"/><w:link w:val="10"/><w:uiPriority w:val="9"/><w:qFormat/>'
        '<w:pPr><w:keepNext/><w:outlineLvl w:val="0"/></w:pPr>'
        f'<w:rPr><w:rFonts w:ascii="{goth}" w:eastAsia="{goth}" w:hAnsi="{goth}"/><w:sz w:val="24"/>'
        '<w:szCs w:val="24"/></w:rPr></w:style>'
        '<w:style w:type="paragraph" w:styleId="2"><w:name w:val="heading 2"/><w:basedOn w:val="a"/>'
        '<w:next w:val="a"/><w:link w:val="20"/><w:uiPriority w:val="9"/><w:unhideWhenUsed/><w:qFormat/>'
        '<w:pPr><w:keepNext/><w:outlineLvl w:val="1"/></w:pPr>'
        f'<w:rPr><w:rFonts w:ascii="{goth}" w:eastAsia="{goth}" w:hAnsi="{goth}"/></w:rPr></w:style>'
        '<w:style w:type="paragraph" w:styleId="3"><w:name w:val="heading 3"/><w:basedOn w:val="a"/>'
        '<w:next w:val="a"/><w:link w:val="30"/><w:uiPriority w:val="9"/><w:unhideWhenUsed/><w:qFormat/>'
        '<w:pPr><w:keepNext/><w:ind w:leftChars="100" w:left="210"/><w:outlineLvl w:val="2"/></w:pPr>'
        f'<w:rPr><w:rFonts w:ascii="{goth}" w:eastAsia="{goth}" w:hAnsi="{goth}"/></w:rPr></w:style>'
        '<w:style w:type="character" w:default="1" w:styleId="a0"><w:name w:val="Default Paragraph Font"/>'
        '<w:uiPriority w:val="1"/><w:semiHidden/><w:unhideWhenUsed/></w:style>'
        '<w:style w:type="table" w:default="1" w:styleId="a1"><w:name w:val="Normal Table"/>'
        '<w:uiPriority w:val="99"/><w:semiHidden/><w:unhideWhenUsed/><w:tblPr><w:tblInd w:w="0" '
        'w:type="dxa"/><w:tblCellMar><w:top w:w="0" w:type="dxa"/><w:left w:w="108" w:type="dxa"/>'
        '<w:bottom w:w="0" w:type="dxa"/><w:right w:w="108" w:type="dxa"/></w:tblCellMar></w:tblPr>'
        '</w:style>'
        '<w:style w:type="numbering" w:default="1" w:styleId="a2"><w:name w:val="No List"/>'
        '<w:uiPriority w:val="99"/><w:semiHidden/><w:unhideWhenUsed/></w:style>'
        '<w:style w:type="paragraph" w:styleId="a3"><w:name w:val="Title"/><w:basedOn w:val="a"/>'
        '<w:next w:val="a"/><w:link w:val="a4"/><w:uiPriority w:val="10"/><w:qFormat/>'
        '<w:pPr><w:spacing w:before="240" w:after="120"/><w:jc w:val="center"/><w:outlineLvl w:val="0"/>'
        f'</w:pPr><w:rPr><w:rFonts w:ascii="{goth}" w:eastAsia="{goth}" w:hAnsi="{goth}"/>'
        '<w:sz w:val="32"/><w:szCs w:val="32"/></w:rPr></w:style>'
        '<w:style w:type="character" w:customStyle="1" w:styleId="a4"><w:name w:val="表題 (文字)"/>'
        '<w:basedOn w:val="a0"/><w:link w:val="a3"/><w:uiPriority w:val="10"/>'
        f'<w:rPr><w:rFonts w:ascii="{goth}" w:eastAsia="{goth}" w:hAnsi="{goth}"/>'
        '<w:sz w:val="32"/><w:szCs w:val="32"/></w:rPr></w:style>'
        '<w:style w:type="paragraph" w:styleId="a5"><w:name w:val="header"/><w:basedOn w:val="a"/>'
        '<w:link w:val="a6"/><w:uiPriority w:val="99"/><w:unhideWhenUsed/><w:pPr><w:tabs>'
        '<w:tab w:val="center" w:pos="4252"/><w:tab w:val="right" w:pos="8504"/></w:tabs>'
        '<w:snapToGrid w:val="0"/></w:pPr></w:style>'
        '<w:style w:type="character" w:customStyle="1" w:styleId="a6"><w:name w:val="ヘッダー (文字)"/>'
        '<w:basedOn w:val="a0"/><w:link w:val="a5"/><w:uiPriority w:val="99"/></w:style>'
        '<w:style w:type="paragraph" w:styleId="a7"><w:name w:val="footer"/><w:basedOn w:val="a"/>'
        '<w:link w:val="a8"/><w:uiPriority w:val="99"/><w:unhideWhenUsed/><w:pPr><w:tabs>'
        '<w:tab w:val="center" w:pos="4252"/><w:tab w:val="right" w:pos="8504"/></w:tabs>'
        '<w:snapToGrid w:val="0"/></w:pPr></w:style>'
        '<w:style w:type="character" w:customStyle="1" w:styleId="a8"><w:name w:val="フッター (文字)"/>'
        '<w:basedOn w:val="a0"/><w:link w:val="a7"/><w:uiPriority w:val="99"/></w:style>'
        '<w:style w:type="table" w:styleId="a9"><w:name w:val="Table Grid"/><w:basedOn w:val="a1"/>'
        '<w:uiPriority w:val="39"/><w:tblPr><w:tblBorders>'
        '<w:top w:val="single" w:sz="4" w:space="0" w:color="auto"/>'
        '<w:left w:val="single" w:sz="4" w:space="0" w:color="auto"/>'
        '<w:bottom w:val="single" w:sz="4" w:space="0" w:color="auto"/>'
        '<w:right w:val="single" w:sz="4" w:space="0" w:color="auto"/>'
        '<w:insideH w:val="single" w:sz="4" w:space="0" w:color="auto"/>'
        '<w:insideV w:val="single" w:sz="4" w:space="0" w:color="auto"/>'
        '</w:tblBorders></w:tblPr></w:style>'
        '<w:style w:type="paragraph" w:styleId="aa"><w:name w:val="List Paragraph"/><w:basedOn w:val="a"/>'
        '<w:uiPriority w:val="34"/><w:qFormat/><w:pPr><w:ind w:leftChars="400" w:left="840"/></w:pPr>'
        '</w:style>'
        '<w:style w:type="character" w:customStyle="1" w:styleId="10"><w:name w:val="見出し 1 (文字)"/>'
        '<w:basedOn w:val="a0"/><w:link w:val="1"/><w:uiPriority w:val="9"/>'
        f'<w:rPr><w:rFonts w:ascii="{goth}" w:eastAsia="{goth}" w:hAnsi="{goth}"/><w:sz w:val="24"/>'
        '<w:szCs w:val="24"/></w:rPr></w:style>'
        '<w:style w:type="character" w:customStyle="1" w:styleId="20"><w:name w:val="見出し 2 (文字)"/>'
        '<w:basedOn w:val="a0"/><w:link w:val="2"/><w:uiPriority w:val="9"/>'
        f'<w:rPr><w:rFonts w:ascii="{goth}" w:eastAsia="{goth}" w:hAnsi="{goth}"/></w:rPr></w:style>'
        '<w:style w:type="character" w:customStyle="1" w:styleId="30"><w:name w:val="見出し 3 (文字)"/>'
        '<w:basedOn w:val="a0"/><w:link w:val="3"/><w:uiPriority w:val="9"/>'
        f'<w:rPr><w:rFonts w:ascii="{goth}" w:eastAsia="{goth}" w:hAnsi="{goth}"/></w:rPr></w:style>'
        "</w:styles>")


_FONT_INFO = {
    "ＭＳ 明朝": ("MS Mincho", "02020609040205080304", "80", "roman", "fixed"),
    "ＭＳ ゴシック": ("MS Gothic", "020B0609070205080204", "80", "modern", "fixed"),
    "ＭＳ Ｐ明朝": ("MS PMincho", "02020600040205080304", "80", "roman", "variable"),
    "游明朝": ("Yu Mincho", "02020400000000000000", "80", "roman", "variable"),
    "游ゴシック": ("Yu Gothic", "020B0400000000000000", "80", "swiss", "variable"),
    "BIZ UD明朝 Medium": ("BIZ UDMincho Medium", "02020500000000000000", "80", "roman", "fixed"),
    "BIZ UDゴシック": ("BIZ UDGothic", "020B0400000000000000", "80", "modern", "fixed"),
    "Century": (None, "02040604050505020304", "00", "roman", "variable"),
    "Times New Roman": (None, "02020603050405020304", "00", "roman", "variable"),
}


def font_table_xml(pf: Profile, extra: set[str]) -> str:
    names = {pf.body_font, pf.gothic_font, pf.ascii_font, "Century", "Times New Roman"} | set(extra)
    out = [XML_DECL, f"<w:fonts {ROOT_NS}>"]
    for n in sorted(names):
        alt, panose, charset, family, pitch = _FONT_INFO.get(n, (None, "02020609040205080304", "80",
                                                                   "roman", "fixed"))
        out.append(f'<w:font w:name="{esc_attr(n)}">')
        if alt:
            out.append(f'<w:altName w:val="{alt}"/>')
        out.append(f'<w:panose1 w:val="{panose}"/><w:charset w:val="{charset}"/>'
                   f'<w:family w:val="{family}"/><w:pitch w:val="{pitch}"/></w:font>')
    out.append("</w:fonts>")
    return "".join(out)


def settings_xml(rsids: list[str], root: str, track_revisions: bool) -> str:
    return (
        XML_DECL + f"<w:settings {ROOT_NS}>"
        '<w:zoom w:percent="100"/><w:bordersDoNotSurroundHeader/><w:bordersDoNotSurroundFooter/>'
        '<w:proofState w:spelling="clean" w:grammar="dirty"/>'
        + ("<w:trackRevisions/>" if track_revisions else "")
        + '<w:defaultTabStop w:val="840"/><w:drawingGridHorizontalSpacing w:val="105"/>'
        '<w:drawingGridVerticalSpacing w:val="180"/><w:displayHorizontalDrawingGridEvery w:val="0"/>'
        '<w:displayVerticalDrawingGridEvery w:val="2"/>'
        '<w:characterSpacingControl w:val="compressPunctuation"/>'
        '<w:compat><w:spaceForUL/><w:balanceSingleByteDoubleByteWidth/><w:doNotLeaveBackslashAlone/>'
        '<w:ulTrailSpace/><w:doNotExpandShiftReturn/><w:adjustLineHeightInTable/><w:useFELayout/>'
        '<w:compatSetting w:name="compatibilityMode" w:uri="http://schemas.microsoft.com/office/word" '
        'w:val="15"/><w:compatSetting w:name="overrideTableStyleFontSizeAndJustification" '
        'w:uri="http://schemas.microsoft.com/office/word" w:val="1"/>'
        '<w:compatSetting w:name="enableOpenTypeFeatures" w:uri="http://schemas.microsoft.com/office/word" '
        'w:val="1"/><w:compatSetting w:name="doNotFlipMirrorIndents" '
        'w:uri="http://schemas.microsoft.com/office/word" w:val="1"/></w:compat>'
        f'<w:rsids><w:rsidRoot w:val="{root}"/>' + "".join(f'<w:rsid w:val="{r}"/>' for r in rsids)
        + "</w:rsids>"
        '<w:themeFontLang w:val="en-US" w:eastAsia="ja-JP"/>'
        '<w:clrSchemeMapping w:bg1="light1" w:t1="dark1" w:bg2="light2" w:t2="dark2" w:accent1="accent1" '
        'w:accent2="accent2" w:accent3="accent3" w:accent4="accent4" w:accent5="accent5" '
        'w:accent6="accent6" w:hyperlink="hyperlink" w:followedHyperlink="followedHyperlink"/>'
        '<w:decimalSymbol w:val="."/><w:listSeparator w:val=","/></w:settings>')


def rels_xml(rels: list[tuple[str, str, str]]) -> str:
    return (XML_DECL + f'<Relationships xmlns="{NS_PR}">'
            + "".join(f'<Relationship Id="{i}" Type="{t}" Target="{esc_attr(g)}"/>' for i, t, g in rels)
            + "</Relationships>")


_CT_BY_PART = {
    "word/document.xml": CT_MAIN, "word/styles.xml": CT_STYLES, "word/settings.xml": CT_SETTINGS,
    "word/webSettings.xml": CT_WEBSET, "word/fontTable.xml": CT_FONTS,
    "word/numbering.xml": CT_NUMBERING, "word/footer1.xml": CT_FOOTER, "word/header1.xml": CT_HEADER,
    "docProps/core.xml": CT_CORE, "docProps/app.xml": CT_APP,
}


def content_types_xml(part_names) -> str:
    out = [XML_DECL, f'<Types xmlns="{NS_CT}">',
           f'<Default Extension="rels" ContentType="{CT_RELS}"/>',
           '<Default Extension="xml" ContentType="application/xml"/>']
    order = ["word/document.xml", "word/numbering.xml", "word/styles.xml", "word/settings.xml",
             "word/webSettings.xml", "word/header1.xml", "word/footer1.xml", "word/fontTable.xml",
             "docProps/core.xml", "docProps/app.xml"]
    for name in order:
        if name in part_names:
            out.append(f'<Override PartName="/{name}" ContentType="{_CT_BY_PART[name]}"/>')
    out.append("</Types>")
    return "".join(out)


def core_xml(title: str, creator: str, last: str, created: str, modified: str, revision: int) -> str:
    return (XML_DECL +
            '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" '
            'xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" '
            'xmlns:dcmitype="http://purl.org/dc/dcmitype/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">'
            f"<dc:title>{esc(title)}</dc:title><dc:subject></dc:subject><dc:creator>{esc(creator)}</dc:creator>"
            f"<cp:keywords></cp:keywords><dc:description></dc:description>"
            f"<cp:lastModifiedBy>{esc(last)}</cp:lastModifiedBy><cp:revision>{revision}</cp:revision>"
            f'<dcterms:created xsi:type="dcterms:W3CDTF">{created}</dcterms:created>'
            f'<dcterms:modified xsi:type="dcterms:W3CDTF">{modified}</dcterms:modified>'
            "</cp:coreProperties>")


def app_xml(pages: int, chars: int, paragraphs: int, company: str, total_time: int) -> str:
    lines = max(1, chars // 38)
    return (XML_DECL +
            '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties" '
            'xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes">'
            f"<Template>Normal.dotm</Template><TotalTime>{total_time}</TotalTime><Pages>{pages}</Pages>"
            f"<Words>{max(1, chars // 2)}</Words><Characters>{chars}</Characters>"
            "<Application>Microsoft Office Word</Application><DocSecurity>0</DocSecurity>"
            f"<Lines>{lines}</Lines><Paragraphs>{paragraphs}</Paragraphs><ScaleCrop>false</ScaleCrop>"
            f"<Company>{esc(company)}</Company><LinksUpToDate>false</LinksUpToDate>"
            f"<CharactersWithSpaces>{chars + chars // 50}</CharactersWithSpaces><SharedDoc>false</SharedDoc>"
            "<HyperlinksChanged>false</HyperlinksChanged><AppVersion>16.0000</AppVersion></Properties>")


def write_zip(path, parts: dict[str, bytes], date_time=(2026, 4, 1, 0, 0, 0), level: int = 6) -> None:
    """Write parts deterministically: sorted names ([Content_Types].xml sorts first), fixed time,
    MS-DOS attributes, deflate at a fixed level."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        for name in sorted(parts):
            zi = zipfile.ZipInfo(name, date_time=date_time)
            zi.compress_type = zipfile.ZIP_DEFLATED
            zi.create_system = 0
            zi.external_attr = 0
            z.writestr(zi, parts[name], compresslevel=level)
    data = buf.getvalue()
    if hasattr(path, "write"):
        path.write(data)
    else:
        with open(path, "wb") as f:
            f.write(data)


# ---------------------------------------------------------------------------------------------------
# Validation without Word

# Child order of the property elements that Word rejects when out of order (subset of the schema).
_ORDER = {
    "pPr": ["pStyle", "keepNext", "keepLines", "pageBreakBefore", "framePr", "widowControl", "numPr",
            "suppressLineNumbers", "pBdr", "shd", "tabs", "suppressAutoHyphens", "kinsoku", "wordWrap",
            "overflowPunct", "topLinePunct", "autoSpaceDE", "autoSpaceDN", "bidi", "adjustRightInd",
            "snapToGrid", "spacing", "ind", "contextualSpacing", "mirrorIndents", "suppressOverlap",
            "jc", "textDirection", "textAlignment", "textboxTightWrap", "outlineLvl", "divId",
            "cnfStyle", "rPr", "sectPr", "pPrChange"],
    "rPr": ["rStyle", "rFonts", "b", "bCs", "i", "iCs", "caps", "smallCaps", "strike", "dstrike",
            "outline", "shadow", "emboss", "imprint", "noProof", "snapToGrid", "vanish", "webHidden",
            "color", "spacing", "w", "kern", "position", "sz", "szCs", "highlight", "u", "effect",
            "bdr", "shd", "fitText", "vertAlign", "rtl", "cs", "em", "lang", "eastAsianLayout",
            "specVanish", "oMath", "ins", "del", "rPrChange"],
    "tblPr": ["tblStyle", "tblpPr", "tblOverlap", "bidiVisual", "tblStyleRowBandSize",
              "tblStyleColBandSize", "tblW", "jc", "tblCellSpacing", "tblInd", "tblBorders", "shd",
              "tblLayout", "tblCellMar", "tblLook"],
    "tcPr": ["cnfStyle", "tcW", "gridSpan", "hMerge", "vMerge", "tcBorders", "shd", "noWrap",
             "tcMar", "textDirection", "tcFitText", "vAlign", "hideMark"],
    "sectPr": ["headerReference", "footerReference", "footnotePr", "endnotePr", "type", "pgSz",
               "pgMar", "paperSrc", "pgBorders", "lnNumType", "pgNumType", "cols", "formProt",
               "vAlign", "noEndnote", "titlePg", "textDirection", "bidi", "rtlGutter", "docGrid",
               "printerSettings"],
    "lvl": ["start", "numFmt", "lvlRestart", "pStyle", "isLgl", "suff", "lvlText", "lvlPicBulletId",
            "legacy", "lvlJc", "pPr", "rPr"],
    "abstractNum": ["nsid", "multiLevelType", "tmpl", "name", "styleLink", "numStyleLink", "lvl"],
    "style": ["name", "aliases", "basedOn", "next", "link", "autoRedefine", "hidden", "uiPriority",
              "semiHidden", "unhideWhenUsed", "qFormat", "locked", "personal", "personalCompose",
              "personalReply", "rsid", "pPr", "rPr", "tblPr", "trPr", "tcPr", "tblStylePr"],
    "settings": ["writeProtection", "view", "zoom", "removePersonalInformation", "removeDateAndTime",
                 "doNotDisplayPageBoundaries", "displayBackgroundShape", "printPostScriptOverText",
                 "printFractionalCharacterWidth", "printFormsData", "embedTrueTypeFonts",
                 "embedSystemFonts", "saveSubsetFonts", "saveFormsData", "mirrorMargins",
                 "alignBordersAndEdges", "bordersDoNotSurroundHeader", "bordersDoNotSurroundFooter",
                 "gutterAtTop", "hideSpellingErrors", "hideGrammaticalErrors", "activeWritingStyle",
                 "proofState", "formsDesign", "attachedTemplate", "linkStyles",
                 "stylePaneFormatFilter", "stylePaneSortMethod", "documentType", "mailMerge",
                 "revisionView", "trackRevisions", "doNotTrackMoves", "doNotTrackFormatting",
                 "documentProtection", "autoFormatOverride", "styleLockTheme", "styleLockQFSet",
                 "defaultTabStop", "autoHyphenation", "consecutiveHyphenLimit", "hyphenationZone",
                 "doNotHyphenateCaps", "showEnvelope", "summaryLength", "clickAndTypeStyle",
                 "defaultTableStyle", "evenAndOddHeaders", "bookFoldRevPrinting", "bookFoldPrinting",
                 "bookFoldPrintingSheets", "drawingGridHorizontalSpacing",
                 "drawingGridVerticalSpacing", "displayHorizontalDrawingGridEvery",
                 "displayVerticalDrawingGridEvery", "doNotUseMarginsForDrawingGridOrigin",
                 "drawingGridHorizontalOrigin", "drawingGridVerticalOrigin", "doNotShadeFormData",
                 "noPunctuationKerning", "characterSpacingControl", "printTwoOnOne",
                 "strictFirstAndLastChars", "noLineBreaksAfter", "noLineBreaksBefore",
                 "savePreviewPicture", "doNotValidateAgainstSchema", "saveInvalidXml",
                 "ignoreMixedContent", "alwaysShowPlaceholderText", "doNotDemarcateInvalidXml",
                 "saveXmlDataOnly", "useXSLTWhenSaving", "saveThroughXslt", "showXMLTags",
                 "alwaysMergeEmptyNamespace", "updateFields", "hdrShapeDefaults", "footnotePr",
                 "endnotePr", "compat", "docVars", "rsids", "mathPr", "attachedSchema",
                 "themeFontLang", "clrSchemeMapping", "doNotIncludeSubdocsInStats",
                 "doNotAutoCompressPictures", "forceUpgrade", "captions", "readModeInkLockDown",
                 "smartTagType", "schemaLibrary", "shapeDefaults", "doNotEmbedSmartTags",
                 "decimalSymbol", "listSeparator"],
    "tc": ["tcPr", "*"],
    "tr": ["tblPrEx", "trPr", "*"],
    "tbl": ["bookmarkStart", "tblPr", "tblGrid", "*"],
}


def _local(tag: str) -> tuple[str, str]:
    if tag.startswith("{"):
        ns, _, name = tag[1:].partition("}")
        return ns, name
    return "", tag


def _check_order(root: ET.Element, where: str, problems: list[str]) -> None:
    for el in root.iter():
        ns, name = _local(el.tag)
        if ns != NS_W or name not in _ORDER:
            continue
        order = _ORDER[name]
        last = -1
        for child in el:
            cns, cname = _local(child.tag)
            if cns != NS_W:
                continue
            if cname in order:
                idx = order.index(cname)
            elif "*" in order:
                idx = order.index("*")
            else:
                problems.append(f"{where}: unexpected w:{cname} in w:{name}")
                continue
            if idx < last:
                problems.append(f"{where}: w:{cname} out of order in w:{name}")
            last = max(last, idx)


def _resolve(base_dir: str, target: str) -> str:
    if target.startswith("/"):
        return target[1:]
    parts = [p for p in base_dir.split("/") if p]
    for seg in target.split("/"):
        if seg == "..":
            if parts:
                parts.pop()
        elif seg and seg != ".":
            parts.append(seg)
    return "/".join(parts)


def check_docx(path) -> list[str]:
    """Validate one package; returns a list of problems (empty when the file is sound)."""
    problems: list[str] = []
    try:
        z = zipfile.ZipFile(path)
    except zipfile.BadZipFile as e:
        return [f"not a zip: {e}"]
    with z:
        names = z.namelist()
        if len(names) != len(set(names)):
            problems.append("duplicate zip entries")
        if z.testzip() is not None:
            problems.append("CRC error")
        trees: dict[str, ET.Element] = {}
        for n in names:
            if n.endswith("/"):
                continue
            try:
                trees[n] = ET.fromstring(z.read(n))
            except ET.ParseError as e:
                problems.append(f"{n}: not well-formed: {e}")
        if problems:
            return problems
        # content types
        ct = trees.get("[Content_Types].xml")
        if ct is None:
            return problems + ["[Content_Types].xml missing"]
        defaults = {d.get("Extension").lower(): d.get("ContentType") for d in ct if _local(d.tag)[1] == "Default"}
        overrides = {o.get("PartName"): o.get("ContentType") for o in ct if _local(o.tag)[1] == "Override"}
        for o in overrides:
            if o[1:] not in trees:
                problems.append(f"content type override for missing part {o}")
        types: dict[str, str] = {}
        for n in trees:
            if n == "[Content_Types].xml":
                continue
            t = overrides.get("/" + n) or defaults.get(n.rsplit(".", 1)[-1].lower())
            if not t:
                problems.append(f"{n}: no content type")
            types[n] = t or ""
        # relationships
        rel_targets: dict[str, dict[str, tuple[str, str]]] = {}
        for n, tree in trees.items():
            if not n.endswith(".rels"):
                continue
            src_dir = n.rsplit("_rels/", 1)[0]
            rels = {}
            for rel in tree:
                if rel.get("TargetMode") == "External":
                    continue
                tgt = _resolve(src_dir, rel.get("Target", ""))
                if tgt not in trees:
                    problems.append(f"{n}: relationship {rel.get('Id')} targets missing part {tgt}")
                rels[rel.get("Id")] = (rel.get("Type"), tgt)
            owner = n.replace("_rels/", "").rsplit(".rels", 1)[0]
            rel_targets[owner] = rels
        root_rels = rel_targets.get("", {})
        main = [t for (ty, t) in root_rels.values() if ty == REL_DOC]
        if main != ["word/document.xml"]:
            problems.append(f"_rels/.rels: officeDocument relationship is {main}")
            return problems
        if types.get("word/document.xml") != CT_MAIN:
            problems.append("word/document.xml has the wrong content type")
        for n in ("docProps/core.xml", "docProps/app.xml"):
            if n not in trees:
                problems.append(f"{n} missing")
        doc_rels = rel_targets.get("word/document.xml", {})
        by_type = {ty: t for ty, t in doc_rels.values()}
        for need in (REL_STYLES, REL_SETTINGS):
            if need not in by_type:
                problems.append(f"document has no {need.rsplit('/', 1)[-1]} relationship")
        doc = trees["word/document.xml"]
        w = "{%s}" % NS_W
        # every r:id in the story parts resolves
        for n in [n for n in trees if n.startswith("word/") and not n.endswith(".rels")]:
            rels = rel_targets.get(n, {})
            for el in trees[n].iter():
                for k, v in el.attrib.items():
                    if k == "{%s}id" % NS_R and v not in rels:
                        problems.append(f"{n}: r:id {v} has no relationship")
            _check_order(trees[n], n, problems)
        # styles
        styles = trees.get(by_type.get(REL_STYLES, ""), None)
        style_ids = {s.get(w + "styleId") for s in styles.iter(w + "style")} if styles is not None else set()
        for el in doc.iter():
            _, name = _local(el.tag)
            if name in ("pStyle", "rStyle", "tblStyle") and el.get(w + "val") not in style_ids:
                problems.append(f"document: {name} {el.get(w + 'val')} not in styles.xml")
        # numbering
        numbering = trees.get(by_type.get(REL_NUMBERING, ""), None)
        nums, abstract = {}, set()
        if numbering is not None:
            abstract = {a.get(w + "abstractNumId") for a in numbering.iter(w + "abstractNum")}
            for nm in numbering.iter(w + "num"):
                nums[nm.get(w + "numId")] = nm.find(w + "abstractNumId").get(w + "val")
            for nid, aid in nums.items():
                if aid not in abstract:
                    problems.append(f"numbering: num {nid} points at missing abstractNum {aid}")
            seen_num = False
            for child in numbering:
                nm = _local(child.tag)[1]
                if nm == "num":
                    seen_num = True
                elif nm == "abstractNum" and seen_num:
                    problems.append("numbering: abstractNum after num")
        for np_ in doc.iter(w + "numId"):
            v = np_.get(w + "val")
            if v != "0" and v not in nums:
                problems.append(f"document: numId {v} not defined")
        # revision and annotation ids, paragraph ids
        rev_ids = []
        for el in doc.iter():
            _, name = _local(el.tag)
            if name in ("ins", "del") and el.get(w + "id") is not None and el.get(w + "author") is not None:
                rev_ids.append(el.get(w + "id"))
                if not el.get(w + "date"):
                    problems.append("revision without date")
        if len(rev_ids) != len(set(rev_ids)):
            problems.append("duplicate revision ids")
        bm = [el.get(w + "id") for el in doc.iter(w + "bookmarkStart")]
        if len(bm) != len(set(bm)):
            problems.append("duplicate bookmark ids")
        pids = [el.get("{%s}paraId" % NS_W14) for el in doc.iter(w + "p") if el.get("{%s}paraId" % NS_W14)]
        if len(pids) != len(set(pids)):
            problems.append("duplicate w14:paraId")
        if any(int(p, 16) >= 0x80000000 for p in pids):
            problems.append("w14:paraId out of range")
        # delText only inside del, t never inside del
        for d in doc.iter(w + "del"):
            if d.find(f".//{w}t") is not None:
                problems.append("w:t inside w:del")
        body = doc.find(w + "body")
        if body is None or _local(body[-1].tag)[1] != "sectPr":
            problems.append("document: body does not end with sectPr")
        for tc in doc.iter(w + "tc"):
            if tc.find(w + "p") is None:
                problems.append("table cell without a paragraph")
    return problems


def document_text(path, accepted: bool = True) -> list[str]:
    """Plain paragraph texts of word/document.xml (typed text only; no numbering labels)."""
    w = "{%s}" % NS_W
    with zipfile.ZipFile(path) as z:
        root = ET.fromstring(z.read("word/document.xml"))
    out = []

    def walk(el, acc):
        _, name = _local(el.tag)
        if name == "del" and accepted:
            return
        if name == "ins" and not accepted:
            return
        if name == "t" or (name == "delText" and not accepted):
            acc.append(el.text or "")
        elif name == "tab":
            acc.append("\t")
        for c in el:
            walk(c, acc)

    for p in root.iter(w + "p"):
        acc: list[str] = []
        walk(p, acc)
        out.append("".join(acc))
    return out
