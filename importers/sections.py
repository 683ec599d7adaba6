"""Cover, 目录 and the section tree of a disclosure's lines.

Every line of the document lands in exactly one place: the cover (lines
before the 目录), the 目录 block, or the own lines of one section. Headings
are recognised by numbering *and* shape (short, no sentence punctuation, no
``：`` followed by prose); canonical keys come from title keywords, never from
ordinals.
"""

from __future__ import annotations

import bisect
import re
import unicodedata
from dataclasses import dataclass, field
from collections.abc import Sequence

from juesuan_tui.models import Section, TocEntry

from . import normalize as _normalize
from .memo import short_text_cache, text_cache

from .normalize import (
    clean_line,
    compact_cjk,
    display_paragraphs,
    display_text,
    fold,
    is_grid_line,
    is_page_furniture,
)

# --- numbering ---------------------------------------------------------------

_CN = "一二三四五六七八九十百零〇两"
_CN_VALUE = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_SP = r"[ \t\u3000]"
_DIGITS = r"[0-9０-９]"

_PART = re.compile(rf"^(第{_SP}*([{_CN}0-9０-９]+){_SP}*部{_SP}*分){_SP}*[:：、.．]?{_SP}*(.*)$")
# Damaged part headings seen in the wild: "部分 2020年度部门决算表", "第三部  2024…".
_PART_NO_ORDINAL = re.compile(rf"^(部{_SP}*分)(?:{_SP}|[:：])+(.+)$")
_PART_NO_FEN = re.compile(rf"^(第{_SP}*([{_CN}]+){_SP}*部)(?![门分]){_SP}*[:：]?{_SP}*(.+)$")
_L1 = re.compile(rf"^(([{_CN}]+){_SP}*[、.．]){_SP}*(.*)$")
_L1_SPACE = re.compile(rf"^(([{_CN}]+)){_SP}+(\S.*)$")
_L2 = re.compile(rf"^([（(]{_SP}*([{_CN}]+){_SP}*[）)]|([\u3220-\u3229])){_SP}*[、.．]?{_SP}*(.*)$")
_L3 = re.compile(rf"^(({_DIGITS}{{1,2}}){_SP}*[.、．])(?!{_DIGITS}){_SP}*(.*)$")

# Word fields, dot leaders and page numbers at the end of a 目录 entry.
_TOC_TAIL = re.compile(
    r"(?:\s*PAGEREF\s+_Toc\d+(?:\s*\\?h)?(?:\s*\d+)?\s*)+$"
    r"|(?:\s*[.．·…‥_\-—]{2,}\s*\d*\s*$)"
    r"|(?<=[^\d\s])\s+\d{1,3}\s*$",
    re.IGNORECASE,
)
_PAGEREF = re.compile(r"\s*PAGEREF\s+_Toc\d+(?:\s*\\?h)?(?:\s*\d+)?", re.IGNORECASE)
_TOC_MARK = re.compile(r"^目\s*[录次][:：]?$")

_HAS_CJK = re.compile(r"[\u3400-\u9fff]")
_AMOUNT = re.compile(r"\d[\d,]*(?:\.\d+)?(?:万元|亿元|元|%)")
_LOOSE_COMMA = re.compile(r"(?<!\d),|,(?!\d)")
# A decimal amount or a second enumeration inside the title: a flattened table row.
_TABLE_ROW = re.compile(r"\d\.\d|[一二三四五六七八九十]+、")
_COLON_PROSE = re.compile(r"[:：]\s*\S\s*\S")
_NOT_A_TITLE_START = frozenset("为是的和与及中在包")
_LEVEL3_TITLE = re.compile(r"(?:情况|说明|概况|分析|事项)$")


def cn_number(text: str) -> int | None:
    """``"十二"`` → 12, ``"二十一"`` → 21, ``"３"`` → 3; None when not a number."""
    text = unicodedata.normalize("NFKC", text)
    if text.isdigit():
        return int(text)
    total, current = 0, 0
    for ch in text:
        if ch in _CN_VALUE:
            current = _CN_VALUE[ch]
        elif ch == "十":
            total += (current or 1) * 10
            current = 0
        elif ch == "百":
            total += (current or 1) * 100
            current = 0
        else:
            return None
    return total + current


# --- canonical keys ----------------------------------------------------------

_KEYS: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (key, re.compile(pattern))
    for key, pattern in (
        ("glossary", r"名词解释|名词说明|术语解释|专业名词"),
        ("contact", r"联系"),
        ("other_matters", r"其他重要事项"),
        ("other", r"其他需要?说明|其他说明|其他需要?公开|其他事项"),
        ("performance", r"绩效"),
        ("sangong", r"三公"),
        # 一般性支出情况说明 (Hunan): 会议费, 培训费 and the 机关运行经费.
        ("operating_costs", r"机关运行经费|公用经费|一般性支出"),
        ("procurement", r"政府采购"),
        ("assets", r"国有资产|资产占用|资产使用"),
        ("gov_fund", r"政府性基金"),
        ("state_capital", r"国有资本经营"),
        ("basic_expenditure", r"基本支出"),
        ("general_budget", r"一般公共预算"),
        ("fiscal_totals", r"财政拨款收入支出|财政拨款收支"),
        ("tables", r"决算表|报表|附表|公开表|决算总表"),
        ("totals", r"收入支出决算总体|收支决算总体|收入支出总体|收支总体|^总体情况"),
        ("income", r"收入决算|收入情况"),
        ("expenditure", r"支出决算|支出情况"),
        ("explanation", r"情况说明|决算说明|决算情况|公开说明"),
        ("functions", r"职能|职责"),
        ("staffing", r"机构设置|人员"),
        ("overview", r"概况|基本情况|简介"),
        ("performance", r"^附件"),
    )
)
_GENERAL_BUDGET_PARTS = (
    ("general_budget_structure", re.compile(r"结构")),
    ("general_budget_detail", re.compile(r"具体|明细")),
    ("general_budget_total", re.compile(r"总体")),
)
# Blocks whose numbered lines are entries (terms, table names, table rows), never sub-headings.
LEAF_KEYS = frozenset({"glossary", "tables"})


@text_cache(4096)  # pure; headings recur in every disclosure
def title_key(title: str, parent_key: str | None = None) -> str | None:
    """Canonical key of a heading title (any width or script; matched folded).

    The parts of 一般公共预算财政拨款支出 (总体 / 结构 / 具体) get their own keys,
    also when printed briefly ("（二）结构情况") under a general_budget parent.
    """
    folded = "".join(fold(title).split())
    key = next((key for key, pattern in _KEYS if pattern.search(folded)), None)
    if key == "general_budget" or (parent_key == "general_budget" and key in (None, "totals")):
        sub = next((sub for sub, pattern in _GENERAL_BUDGET_PARTS if pattern.search(folded)), None)
        if sub is not None:
            return sub
    return key


# --- headings ----------------------------------------------------------------


@dataclass(frozen=True)
class Numbered:
    """A line that starts with a heading number (not yet judged a heading)."""

    level: int  # 0 part, 1 一、, 2 （一）, 3 1.
    number: str  # as printed, spaces removed: "第二部分", "五、", "（一）", "1."
    ordinal: int | None
    title: str  # printed title, CJK spacing compacted, trailing ：/。 dropped
    folded: str  # title in the matching form, no whitespace
    damaged: bool = False  # a form that counts only with a keyword ("部分 …", "一 概况")
    key: str | None = None


def _numbered(number: str, ordinal: int | None, level: int, title: str, damaged: bool = False) -> Numbered:
    title = compact_cjk(title).rstrip(":：。").strip()
    folded = "".join(fold(title).split())
    return Numbered(
        level=level,
        number="".join(number.split()),
        ordinal=ordinal,
        title=title,
        folded=folded,
        damaged=damaged,
        key=title_key(folded) if folded else None,
    )


def _match(text: str) -> tuple[int, str, int | None, str, bool] | None:
    """``(level, number, ordinal, title, damaged)`` of a cleaned line's numbering."""
    if m := _PART.match(text):
        return 0, m.group(1), cn_number(m.group(2)), m.group(3), False
    if m := _PART_NO_ORDINAL.match(text):
        return 0, m.group(1), None, m.group(2), True
    if m := _PART_NO_FEN.match(text):
        return 0, m.group(1), cn_number(m.group(2)), m.group(3), True
    if m := _L1.match(text):
        return 1, m.group(1), cn_number(m.group(2)), m.group(3), False
    if m := _L2.match(text):
        ordinal = cn_number(m.group(2)) if m.group(2) else ord(m.group(3)) - 0x3220 + 1
        return 2, m.group(1), ordinal, m.group(4), False
    if m := _L3.match(text):
        return 3, m.group(1), cn_number(m.group(2)), m.group(3), False
    if m := _L1_SPACE.match(text):
        return 1, m.group(1), cn_number(m.group(2)), m.group(3), True
    return None


_QUICK = re.compile(rf"^(?:第|部{_SP}*分|[{_CN}（(\u3220-\u3229]|{_DIGITS})")
# First characters a line may have when its cleaned form can match _QUICK: those _QUICK
# starts with, and markdown debris that clean_line removes ("**" included).
_HEADING_FIRST = frozenset("第部（(" + _CN + "0123456789０１２３４５６７８９"
                           + "".join(map(chr, range(0x3220, 0x322A)))) | _normalize._MARKUP_STARTS


def match_numbered(line: str) -> Numbered | None:
    """The numbering of a cleaned line, leniently (used for 目录 entries too)."""
    text = line.strip()
    if not text or not _QUICK.match(text) or is_grid_line(text):
        return None
    found = _match(text)
    return None if found is None else _numbered(found[1], found[2], found[0], found[3], found[4])


def _heading_like(n: Numbered) -> bool:
    """Short, no sentence punctuation, no ``：`` followed by prose, no amounts."""
    f = n.folded
    if not f:
        return n.level == 0 and not n.damaged  # "第一部分" with its title on the next line
    if not _HAS_CJK.search(f) or f[0] in "《<〈":
        return False
    if len(f) > (60 if n.level == 0 else 24 if n.level == 3 else 50):
        return False
    if n.level == 0 and f[0] in _NOT_A_TITLE_START:
        return False  # "第一部分为……": a sentence about a part
    if any(c in f for c in "。;；!?！？"):  # a trailing 。 was dropped from the title already
        return False
    colon = f.find(":")
    if colon >= 0 and len(f) - colon - 1 >= 2:
        return False
    if _LOOSE_COMMA.search(f) or _AMOUNT.search(f) or _TABLE_ROW.search(f):
        return False
    if n.damaged and n.key is None:
        return False
    if n.level == 3 and n.key is None and not _LEVEL3_TITLE.search(f):
        return False
    return True


@short_text_cache(4096)  # pure (Numbered is frozen); headings recur in every disclosure
def parse_heading(line: str) -> Numbered | None:
    """The heading a raw line would be, judged without context; None for content."""
    if line.strip()[:1] not in _HEADING_FIRST:  # most lines: no cleaning needed to tell
        return None
    text = clean_line(line).strip()
    if not text or not _QUICK.match(text) or is_grid_line(text) or is_page_furniture(text):
        return None
    found = _match(text)
    if found is None:
        return None
    title = found[3]
    # Cheap rejections before folding: long lines, sentences, clauses.
    if (
        len(title) > 90
        or "；" in title
        or title.lstrip()[:1] in ("《", "<", "〈")
        or ("。" in title and (title.count("。") > 1 or not title.rstrip().endswith("。")))
        or _COLON_PROSE.search(title)
    ):
        return None
    n = _numbered(found[1], found[2], found[0], title, found[4])
    if title.rstrip().endswith("。") and n.key is None:
        return None  # a sentence; a few headings end in 。 but they name a block
    return n if _heading_like(n) else None


def starts_numbered(line: str) -> bool:
    """A cleaned line that opens with a numbering marker (never glued to the line before)."""
    text = line.strip()
    return bool(text) and bool(_QUICK.match(text)) and not is_grid_line(text) and _match(text) is not None


# --- 目录 ----------------------------------------------------------------------

_TOC_SEARCH_LINES = 400


_NON_WORD = re.compile(r"[\W_]+")


def _signature(line: str) -> str:
    text = _TOC_TAIL.sub("", _PAGEREF.sub("", clean_line(line)))
    return _NON_WORD.sub("", fold(text))


def _is_prose_line(line: str) -> bool:
    text = _TOC_TAIL.sub("", _PAGEREF.sub("", clean_line(line)))
    if not text or is_grid_line(text):
        return False
    compact = "".join(text.split())
    return len(compact) >= 40 or ("。" in compact and len(compact) >= 12)


def _next_content(lines: Sequence[str], i: int, end: int) -> int | None:
    for j in range(i + 1, end):
        if lines[j].strip() and not is_page_furniture(lines[j]):
            return j
    return None


def find_toc(lines: Sequence[str], heads: Sequence[Numbered | None] | None = None) -> tuple[int, int] | None:
    """``(start, body_start)`` of the 目录 block, or None when there is none.

    It starts at the ``目录`` line and ends where the body starts: the second
    occurrence of its first entry, else the first prose line, or the headings
    stacked right above that line when their numbering starts over.
    """
    n = len(lines)
    start = next(
        (
            i
            for i in range(min(n, _TOC_SEARCH_LINES))
            if "目" in lines[i] and _TOC_MARK.match("".join(fold(clean_line(lines[i])).split()))
        ),
        None,
    )
    if start is None:
        return None
    if heads is None:
        heads = [parse_heading(line) for line in lines]
    first = _next_content(lines, start, n)
    if first is None:
        return None
    sig = _signature(lines[first])
    for j in range(first + 1, n):
        if heads[j] is None and _is_prose_line(lines[j]):
            body = _climb(lines, heads, start, j)
            return (start, body) if body > first else None
        if sig and heads[j] is not None and _signature(lines[j]) == sig:
            return start, j
    return None


def _climb(lines: Sequence[str], heads: Sequence[Numbered | None], start: int, prose: int) -> int:
    """The body start for the first prose line after a 目录.

    The headings stacked right above the prose (part above section) open the
    body when the topmost one starts its numbering over (第一部分 after the
    目录's 第四部分); otherwise they are the 目录's last entries and the body
    starts at the prose.
    """
    top = None
    k = prose
    while True:
        prev = next((i for i in range(k - 1, start, -1) if lines[i].strip()), None)
        if prev is None or heads[prev] is None or (top is not None and heads[prev].level >= heads[top].level):
            break
        top = k = prev
    if top is None:
        return prose
    level, ordinal = heads[top].level, heads[top].ordinal
    for i in range(top - 1, start, -1):
        entry = match_numbered(clean_line(lines[i]))
        if entry is not None and entry.level == level:
            restarts = ordinal is not None and entry.ordinal is not None and ordinal <= entry.ordinal
            return top if restarts else prose
    return top


def toc_entries(lines: Sequence[str], start: int, end: int) -> list[TocEntry]:
    """Entries of the 目录 block ``lines[start:end]`` (the 目录 line itself excluded)."""
    entries: list[TocEntry] = []
    for i in range(start + 1, end):
        text = clean_line(lines[i])
        if not text or is_page_furniture(text):
            continue
        text = _TOC_TAIL.sub("", _PAGEREF.sub("", text)).strip()
        if not _HAS_CJK.search(text):
            continue  # a wrapped year or a lone page number
        n = match_numbered(text)
        if n is not None:
            entries.append(TocEntry(number=n.number, title=n.title, level=n.level, line=i))
        else:
            entries.append(TocEntry(title=compact_cjk(text), level=entries[-1].level if entries else 0, line=i))
    return entries


def body_start_without_toc(lines: Sequence[str], heads: Sequence[Numbered | None]) -> int:
    """Where the body starts when there is no 目录: the first heading or prose line."""
    for i, line in enumerate(lines):
        if heads[i] is not None or _is_prose_line(line):
            return i
    return len(lines)


# --- tree --------------------------------------------------------------------


@dataclass(eq=False)
class _Node:
    level: int
    number: str = ""
    ordinal: int | None = None
    title: str = ""
    key: str | None = None
    start: int = 0
    children: list[_Node] = field(default_factory=list)
    last: dict[int, int | None] = field(default_factory=dict)  # level → ordinal of the last child
    leading: bool = False  # the text before the first heading


def _accept(h: Numbered, stack: list[_Node]) -> bool:
    """Whether a heading-shaped line opens a node here (numbering in context)."""
    if h.level == 0:
        return True
    ancestors = [node for node in stack if node.level < h.level]
    if any(node.key in LEAF_KEYS for node in ancestors[1:]):
        return False  # glossary terms and table names are entries of their block
    if h.ordinal is None:
        return False
    parent = ancestors[-1]
    last = parent.last.get(h.level)
    if last is None:
        return h.ordinal <= 3
    return last < h.ordinal <= last + 3


def _title_from_next_line(lines: Sequence[str], i: int, end: int) -> str:
    """A part printed as "第一部分" alone takes its title from the next line."""
    j = _next_content(lines, i, min(end, i + 4))
    if j is None:
        return ""
    text = compact_cjk(clean_line(lines[j]))
    return text if text and len(text) <= 40 and match_numbered(text) is None and not _is_prose_line(text) else ""


def build_tree(
    lines: Sequence[str], start: int, end: int, heads: Sequence[Numbered | None] | None = None
) -> list[_Node]:
    """Nodes (leading text first, then the heading hierarchy) of ``lines[start:end]``."""
    if heads is None:
        heads = [parse_heading(line) for line in lines]
    root = _Node(level=-1)
    stack = [root]
    leading: _Node | None = None
    for i in range(start, end):
        h = heads[i]
        if h is None or not _accept(h, stack):
            if len(stack) == 1 and leading is None and root.children == []:
                leading = _Node(level=0, start=i, leading=True)
            continue
        while stack[-1].level >= h.level:
            stack.pop()
        parent = stack[-1]
        title, key = h.title, h.key
        if h.level == 0 and not title:
            title = _title_from_next_line(lines, i, end)
            key = title_key(title) if title else None
        elif parent.key == "general_budget":
            key = title_key(h.folded, parent.key)
        node = _Node(level=h.level, number=h.number, ordinal=h.ordinal, title=title, key=key, start=i)
        parent.children.append(node)
        parent.last[h.level] = h.ordinal
        stack.append(node)
    return ([leading] if leading is not None else []) + root.children


def _walk(nodes: list[_Node]):
    for node in nodes:
        yield node
        yield from _walk(node.children)


def _display(own: Sequence[str], heading: bool) -> str:
    """Display text of a node's own lines; its heading line is never glued to the text."""
    if not heading:
        return display_text(own, starts_numbered)
    paragraphs = display_paragraphs(own[1:], starts_numbered)
    return "\n".join([clean_line(own[0]).strip(), *paragraphs])


def to_sections(
    nodes: list[_Node], lines: Sequence[str], end: int, pages: Sequence[int] | None = None
) -> list[Section]:
    """Section models with ids, own line ranges, raw and display text."""
    ordered = list(_walk(nodes))
    ends = {id(node): (ordered[k + 1].start if k + 1 < len(ordered) else end) for k, node in enumerate(ordered)}
    order = {id(node): k for k, node in enumerate(ordered)}

    def page_of(line: int) -> int | None:
        if not pages:
            return None
        return max(1, bisect.bisect_right(pages, line))

    def make(node: _Node, section_id: str) -> Section:
        own = lines[node.start : ends[id(node)]]
        return Section(
            id=section_id,
            level=node.level,
            number=node.number,
            title=node.title,
            key=node.key,
            raw="\n".join(own),
            text=_display(own, heading=not node.leading),
            order=order[id(node)],
            page=page_of(node.start),
            line_start=node.start,
            line_end=ends[id(node)],
            children=[make(child, f"{section_id}.{k}") for k, child in enumerate(node.children, 1)],
        )

    sections: list[Section] = []
    position = 0
    for node in nodes:
        if node.leading:
            sections.append(make(node, "0"))  # text before the first heading
            continue
        position += 1
        sections.append(make(node, str(position)))
    return sections


# --- all together ------------------------------------------------------------


@dataclass
class Layout:
    """Where the cover, the 目录 and the body are, and the body's sections."""

    cover_end: int  # lines[:cover_end] are the cover
    body_start: int  # lines[cover_end:body_start] are the 目录 (empty when none)
    toc: list[TocEntry]
    sections: list[Section]


def page_starts_from_form_feeds(lines: Sequence[str]) -> list[int] | None:
    """Line indexes where pages start, from form feeds a PDF converter left; None if none."""
    starts = [i for i, line in enumerate(lines) if "\f" in line]
    if not starts:
        return None
    return [0] + [i for i in starts if i > 0]


def segment(lines: Sequence[str], pages: Sequence[int] | None = None) -> Layout:
    """Split a document's lines into cover, 目录 and the section tree."""
    heads = [parse_heading(line) for line in lines]
    toc = find_toc(lines, heads)
    if toc is not None:
        cover_end, body_start = toc
        entries = toc_entries(lines, cover_end, body_start)
    else:
        cover_end = body_start = body_start_without_toc(lines, heads)
        entries = []
    if pages is None:
        pages = page_starts_from_form_feeds(lines)
    nodes = build_tree(lines, body_start, len(lines), heads)
    return Layout(
        cover_end=cover_end,
        body_start=body_start,
        toc=entries,
        sections=to_sections(nodes, lines, len(lines), pages),
    )
