"""Tokens of a folded paragraph: amounts, counts, qualifiers, reasons, 类/款/项 heads.

:func:`scan` finds, in the folded form (:func:`importers.normalize.fold`):
reason spans (主要原因是：… up to the sentence end), item heads
(``X（类）Y（款）Z（项）``, split only on those markers), and the tokens the
fact analyser reads — amounts and counts, and the qualifier words around them
(比上年 / 增加 X / 增长 Y% / 占 Z% / 年初预算数 / 决算数 / 差异率 / 完成预算的 /
持平 / 包括：…). Text inside a reason yields only plain amounts.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any, Iterable

from importers.normalize import canonical_name as _canonical_name

from .numbers import COUNT_UNIT, MONEY_UNIT, NUM

canonical_name = lru_cache(maxsize=8192)(_canonical_name)

# --- tokens ---------------------------------------------------------------------

_YEARISH = r"(?:上年度?|上一年度?|去年|上年同期|\d{4}年度?)"
_AMT = rf"(?P<num>{NUM})\s*(?P<unit>{MONEY_UNIT})"
_PCT = rf"(?P<pct>{NUM})\s*%"
# 单价 100 万元（含）以上设备: the amount is part of a label, not a fact.
_NOT_THRESHOLD = r"(?!\s*(?:\(含\))?\s*(?:以上|以下|及以上|以内))"

# Keyword-led tokens, in priority order (at one position the first that matches wins).
# Each starts at a rare character (预算, 决算, 增加 …): words around them that are
# frequent (年初 / 全年, 支出, 基本, 主要) stay in the text before and are read from there.
_SPECS: tuple[tuple[str, str], ...] = (
    ("cmp_budget", r"(?:与|和|同)(?P<basis>年初|全年|调整后)?预算(?:数)?(?:相比|比较|对比)"),
    ("cmp_yoy", rf"(?:与|和|同){_YEARISH}(?:决算数?)?(?:相比|比较|对比)?"),
    ("cmp_yoy", rf"(?:比|较|相比|相较于?){_YEARISH}(?:决算数?|同期)?"),
    ("cmp_yoy", r"同比"),
    # 完成年初预算的 95.00% / 完成预算 95.00% (Sichuan prints no 的).
    ("completion", rf"完成(?:了)?(?P<basis>年初|全年|调整后)?预算(?:数)?(?:{_AMT})?(?:的)?{_PCT}"),
    ("completion", rf"(?:预算)?(?:完成率|执行率)(?:为|达到?)?{_PCT}"),
    ("diff", rf"(?:预决算)?差异率(?:为)?{_PCT}"),
    # 一般公共预算 80 万元 names a fund, not a budget.
    ("budget", rf"(?<!公共)(?<!基金)(?<!经营)预算(?:数|金额|数额)?(?:为|是)?{_AMT}"),
    ("final", rf"决算(?:数)?(?:为|是)?{_AMT}"),
    ("change", rf"(?P<word>增加|减少|增长|下降|降低|增支|减支)(?:了)?(?P<num>{NUM})\s*(?P<unit>{MONEY_UNIT}|{COUNT_UNIT})"),
    ("change_pct", rf"(?P<word>增长|下降|降低|增加|减少|增幅|降幅|减幅)(?:了|幅度)?(?:为|达)?{_PCT}"),
    ("change_na", r"(?P<word>增长|下降|增加|减少)(?:率)?(?:为)?(?P<text>(?:--|—+|-|/)(?!\d)\s*(?:\([^()]{0,20}\))?)"),
    ("flat", r"持平|无变化|没有变化|未发生变化"),
    ("share", rf"占(?:比)?(?P<base>[^,;:。%\d]{{0,24}}?)(?:的)?(?:比重|比例)?(?:为|是)?{_PCT}"),
    ("items", r"(?:包括|包含):(?P<list>[^;。\d]+)"),
    ("pair", rf"(?:各|分别)(?:是|为)(?P<num>{NUM})[,、和与及](?P<num2>{NUM})\s*(?P<unit>{MONEY_UNIT})"),
)
# Number-led tokens: an amount (not a threshold inside a label) or a count.
# (The leading lookahead only lets the engine skip positions that cannot start a number.)
_NUMBER = re.compile(
    rf"(?=[-\d])(?P<num>{NUM})\s*(?:(?P<unit>{MONEY_UNIT}){_NOT_THRESHOLD}|(?P<count>{COUNT_UNIT}))"
)
BASIS_BEFORE = re.compile(r"(年初|全年|调整后)$")


class _NumberMatch:
    """A :data:`_NUMBER` match seen as an ``amount`` / ``count`` token."""

    __slots__ = ("_m", "_unit")

    def __init__(self, m: re.Match[str]) -> None:
        self._m = m
        self._unit = "unit" if m.group("unit") else "count"

    def group(self, name: str) -> str:
        return self._m.group(self._unit if name == "unit" else name)

    def start(self, name: str = "") -> int:
        return self._m.start(self._unit if name == "unit" else name) if name else self._m.start()

    def end(self, name: str = "") -> int:
        return self._m.end(self._unit if name == "unit" else name) if name else self._m.end()


def _one_pattern() -> tuple[re.Pattern[str], tuple[str, ...]]:
    """The keyword tokens as one alternation (leftmost match, first alternative wins);
    group names are made unique per alternative (``t3_num``)."""
    parts = []
    for i, (_, pattern) in enumerate(_SPECS):
        unique = re.sub(r"\(\?P<(\w+)>", lambda m: f"(?P<t{i}_{m.group(1)}>", pattern)
        parts.append(f"(?P<t{i}>{unique})")
    # The lookahead lets the engine skip positions where no token can start.
    first = "与和同比较相完预执差决增减下降持占包各分无没未"
    return re.compile(rf"(?=[{first}])(?:{'|'.join(parts)})"), tuple(kind for kind, _ in _SPECS)


_SCAN, _KINDS = _one_pattern()
_PREFIXES = tuple(f"t{i}_" for i in range(len(_KINDS)))  # group-name prefix per alternative
_ALTERNATIVE = {f"t{i}": i for i in range(len(_KINDS))}  # outer group name → alternative


class _Match:
    """The groups of one alternative of :data:`_SCAN`, under their plain names."""

    __slots__ = ("_m", "_p")

    def __init__(self, m: re.Match[str], index: int) -> None:
        self._m = m
        self._p = _PREFIXES[index]

    def group(self, name: str) -> str:
        return self._m.group(self._p + name)

    def groupdict(self) -> dict[str, str | None]:
        p = self._p
        return {k[len(p):]: v for k, v in self._m.groupdict().items() if k.startswith(p)}

    def start(self, name: str = "") -> int:
        return self._m.start(self._p + name) if name else self._m.start()

    def end(self, name: str = "") -> int:
        return self._m.end(self._p + name) if name else self._m.end()


COMPARISON_KINDS = frozenset({"cmp_budget", "budget", "final", "diff", "completion"})

# 主要原因是：… / 差异原因是：… (not 问题及原因：…, which lists problems, not why a number moved).
_REASON = re.compile(r"主要原因(?:是|为|主要是|有|在于)?:?|原因(?:是|为|主要是|在于)[:]?")
_ENUM_START = re.compile(r"\s*(?:\d+[.、)]|\(\d+\)|[一二三四五六七八九十]+是|其[一二三四五六七八九十]是|[一二三四五六七八九十]+、)")

DELIMS = frozenset(",;:。、!?")
_DIGIT = re.compile(r"\d")
_SPACE = re.compile(r"\s")
COUNTED_NOUN = re.compile(r"([\u4e00-\u9fff][\u4e00-\u9fff()]{0,9}?)(?=[,;:。、!?)]|$)")

# Item heads: NAME（类）NAME（款）NAME（项）, split only on the markers.
_MARK = re.compile(r"\((类|款|项)\)")
_LEVEL_ORDER = {"类": 0, "款": 1, "项": 2}
_ENUM_PREFIX = re.compile(r"^(?:\d+[.、)]|\(\d+\)|[一二三四五六七八九十]+、|\([一二三四五六七八九十]+\)|[①-⑳])\s*")
# A code before a name: 7/5/3 digits, ``201 03 50``, or a 2-digit segment (``03 政府办公厅…``).
_CODE_PREFIX = re.compile(r"^(\d{3}(?:\s?\d{2}){0,2}|\d{2})(?![\d.,%])\s*(?=\D)")
_CODE_AFTER = re.compile(r"\s*\((\d{7}|\d{5}|\d{3}|\d{3}\s\d{2}(?:\s\d{2})?)\)")
# A head is the subject of its clause unless it is the object of a reclassification.
_NOT_SUBJECT = re.compile(r"^(?:由|从|将|把|为|对|在|与|和|及|按|至|到|原)|调整|调入|调出|划转|划入|调至|变更")


@dataclass
class ItemHead:
    """A 类/款/项 path printed as the subject of a clause."""

    start: int
    end: int
    path: list[tuple[str, str]]  # (level, canonical name), 类 first
    code: str | None  # the deepest code printed (3 / 5 / 7 digits)
    label: str
    subject: bool
    codes: list[str | None] = field(default_factory=list)  # per level of ``path``


@dataclass(slots=True)  # thousands per document: slots make them cheaper to build and read
class Token:
    kind: str
    start: int
    end: int
    match: Any = None  # re.Match or _Match: .group(name), .start(name)
    head: ItemHead | None = None
    reason_start: int = 0  # reason: where the reason text starts


# --- paragraph scanning ---------------------------------------------------------


def _reason_spans(folded: str) -> list[tuple[int, int, int]]:
    """(marker start, text start, text end) of each 主要原因… up to the sentence end.

    An enumerated reason (1.…。2.…) continues over the sentences its numbering opens.
    """
    spans: list[tuple[int, int, int]] = []
    pos = 0
    for m in _REASON.finditer(folded):
        if m.start() < pos:
            continue
        end = _sentence_end(folded, m.end())
        enumerated = _ENUM_START.match(folded, m.end()) is not None
        while enumerated and end < len(folded) and _ENUM_START.match(folded, end + 1):
            nxt = _sentence_end(folded, end + 1)
            if _MARK.search(folded, end + 1, nxt):
                break
            end = nxt
        spans.append((m.start(), m.end(), end))
        pos = end
    return spans


def _sentence_end(folded: str, start: int) -> int:
    """Index of the next sentence terminator at or after ``start`` (len when none)."""
    best = len(folded)
    for t in "。!?":
        i = folded.find(t, start)
        if i != -1 and i < best:
            best = i
    return best


def _inside(pos: int, spans: Iterable[tuple[int, int, int]]) -> bool:
    return any(a <= pos < c for a, _, c in spans)


def _item_heads(folded: str, reasons: list[tuple[int, int, int]]) -> list[ItemHead]:
    heads: list[ItemHead] = []
    marks = [m for m in _MARK.finditer(folded) if not _inside(m.start(), reasons)]
    groups: list[list[re.Match[str]]] = []
    for m in marks:
        if groups:
            last = groups[-1][-1]
            gap = folded[last.end():m.start()]
            bare = _CODE_PREFIX.sub("", gap, count=1)
            if (
                _LEVEL_ORDER[m.group(1)] > _LEVEL_ORDER[last.group(1)]
                and bare
                and not any(c in DELIMS for c in gap)
                and not _DIGIT.search(bare)
            ):
                groups[-1].append(m)
                continue
        groups.append([m])
    floor = 0
    for group in groups:
        first = group[0]
        b = first.start()
        while b > floor and folded[b - 1] not in DELIMS:
            b -= 1
        at_clause_start = b == 0 or folded[b - 1] in DELIMS
        raw_first = folded[b:first.start()]
        raw_first = _ENUM_PREFIX.sub("", raw_first)
        names = [raw_first]
        for prev, m in zip(group, group[1:]):
            names.append(folded[prev.end():m.start()])
        end = group[-1].end()
        # 一般公共服务（类）支出 1,577.40 万元: the 类 name ends in 支出.
        if len(group) == 1 and group[0].group(1) == "类" and folded.startswith("支出", end) and not names[0].endswith("支出"):
            names[0] += "支出"
            end += 2
        path: list[tuple[str, str]] = []
        codes: list[str | None] = []
        for m, name in zip(group, names):
            cm = _CODE_PREFIX.match(name)
            segment = None
            if cm and len(name) > cm.end():
                segment = _SPACE.sub("", cm.group(1))
                name = name[cm.end():]
            codes.append(_level_code(segment, m.group(1), codes[-1] if codes else None))
            path.append((m.group(1), canonical_name(name)))
        after = _CODE_AFTER.match(folded, end)
        if after:
            codes[-1] = _level_code(_SPACE.sub("", after.group(1)), group[-1].group(1), codes[-2] if len(codes) > 1 else None)
            end = after.end()
        code = codes[-1] or next((c for c in reversed(codes) if c), None)
        if any(not name for _, name in path):
            floor = end
            continue
        subject = at_clause_start and not _NOT_SUBJECT.search(raw_first) and not any(
            _NOT_SUBJECT.match(n) for _, n in path[1:]
        )
        label = "".join(f"{name}（{level}）" for level, name in path)
        heads.append(ItemHead(b, end, path, code, label, subject, codes))
        floor = end
    return heads


def _segments(length: int, blocked: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """The stretches of ``[0, length)`` outside the blocked spans."""
    out: list[tuple[int, int]] = []
    pos = 0
    for a, b in sorted(blocked):
        if a > pos:
            out.append((pos, a))
        pos = max(pos, b)
    if pos < length:
        out.append((pos, length))
    return out


_CODE_WIDTH = {"类": 3, "款": 5, "项": 7}


def _level_code(segment: str | None, level: str, parent: str | None) -> str | None:
    """The full code of one level from what is printed before its name (full or 2-digit segment)."""
    if not segment:
        return None
    width = _CODE_WIDTH[level]
    if len(segment) == width:
        return segment
    if len(segment) == 2 and parent and len(parent) + 2 == width:
        return parent + segment
    return None


def _tokens(folded: str, reasons: list[tuple[int, int, int]], heads: list[ItemHead]) -> list[Token]:
    blocked = [(h.start, h.end) for h in heads] + [(a, c) for a, _, c in reasons]
    keyword: list[Token] = []
    numbers: list[Token] = []
    for seg_start, seg_end in _segments(len(folded), blocked):
        for m in _SCAN.finditer(folded, seg_start, seg_end):
            start, end = m.span()
            if end > start:
                index = _alternative(m)
                keyword.append(Token(_KINDS[index], start, end, _Match(m, index)))
        for m in _NUMBER.finditer(folded, seg_start, seg_end):
            start, end = m.span()
            numbers.append(Token("amount" if m.group("unit") else "count", start, end, _NumberMatch(m)))
    # A number inside a keyword token (增加 5.01 万元) belongs to that token.
    tokens: list[Token] = []
    ki = 0
    for tok in numbers:
        while ki < len(keyword) and keyword[ki].end <= tok.start:
            tokens.append(keyword[ki])
            ki += 1
        if ki < len(keyword) and keyword[ki].start < tok.end:
            continue
        tokens.append(tok)
    tokens.extend(keyword[ki:])
    for head in heads:
        tokens.append(Token("head", head.start, head.end, head=head))
    for a, text_start, c in reasons:
        tokens.append(Token("reason", a, c, reason_start=text_start))
        # Amounts inside a reason are facts too, but never subjects or qualifiers.
        for m in _NUMBER.finditer(folded, text_start, c):
            kind = "reason_amount" if m.group("unit") else "reason_count"
            tokens.append(Token(kind, m.start(), m.end(), _NumberMatch(m)))
    tokens.sort(key=lambda t: (t.start, 0 if t.kind == "reason" else 1))
    return tokens


def _alternative(m: re.Match[str]) -> int:
    index = _ALTERNATIVE.get(m.lastgroup)  # type: ignore[arg-type]
    if index is not None:
        return index
    name = m.lastgroup or ""
    if name[1:].isdigit():
        return int(name[1:])
    return next(i for i in range(len(_KINDS)) if m.group(f"t{i}") is not None)


# 2010350 事业运行：支出决算数为 … / （1）201 03 50 事业运行 … — a code instead of the markers.
_CODE_LED = re.compile(
    r"(?=[\s\d(])(?:^|(?<=[,;:。]))(?:\d{1,2}[.、)]|\(\d{1,2}\))?\s*(\d{7}|\d{5}|\d{3}\s\d{2}\s\d{2}|\d{3}\s\d{2})\s*"
    r"([\u4e00-\u9fff][^,;:。\d]{1,40}?)(?=[:,]|(?:支出)?决算|\d)"
)
# 201 一般公共服务支出 4,968.65 万元 (a 类 of the structure list, printed with its code).
_CLASS_CODE_LED = re.compile(
    r"(?=[\s\d(])(?:^|(?<=[,;:。]))(?:\d{1,2}[.、)]|\(\d{1,2}\))?\s*(2\d{2})\s*([\u4e00-\u9fff][^,;:。\d]{0,30}?支出)(?=\d)"
)
_CODE_LEVEL = {3: "类", 5: "款", 7: "项"}


def _code_heads(folded: str, reasons: list[tuple[int, int, int]], heads: list[ItemHead]) -> list[ItemHead]:
    """Item heads printed as code + name (the path is rebuilt from the code later)."""
    found: list[ItemHead] = []
    matches = sorted([*_CODE_LED.finditer(folded), *_CLASS_CODE_LED.finditer(folded)], key=lambda m: m.start())
    for m in matches:
        if _inside(m.start(), reasons) or any(h.start <= m.start() < h.end for h in heads + found):
            continue
        code = _SPACE.sub("", m.group(1))
        level = _CODE_LEVEL.get(len(code))
        name = canonical_name(m.group(2).strip())
        if level is None or _NOT_SUBJECT.search(name):
            continue
        found.append(ItemHead(m.start(), m.end(), [(level, name)], code, f"{code} {name}", True, [code]))
    return found


def scan(folded: str) -> tuple[list[Token], list[ItemHead]]:
    """All tokens of a folded paragraph in order (reasons and heads included), and its heads."""
    reasons = _reason_spans(folded)
    heads = _item_heads(folded, reasons)
    heads = sorted(heads + _code_heads(folded, reasons, heads), key=lambda h: h.start)
    return _tokens(folded, reasons, heads), heads
