"""项目支出绩效自评表: locate the scorecards of a document and rebuild them.

Scorecards reach us flattened: tab-separated lines with wrapped cells
(``年度总体 目标``), several values in one cell (``100.00% 10.00 分``) and the
一级 label displaced onto another row. So rows are read by meaning, not by
column position: 一级 is inferred from the 二级 name through the taxonomy, a
row without a 二级 cell inherits the previous one, and values are taken in
the order the column header gives.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache
from typing import TYPE_CHECKING, Sequence

from importers.extract.grid import body_lines, split_cells, squeeze, strip_markup, tidy
from importers.extract.numbers import parse_decimal
from importers.extract.taxonomy import (
    FUND_COLUMNS,
    INDICATOR_COLUMNS,
    LEVEL1,
    LEVEL2_PARENT,
    OPERATORS,
)
from importers.normalize import canonical_name, fold
from juesuan_tui.models import Goal, Indicator, Scorecard, ScoreFundRow

if TYPE_CHECKING:
    from juesuan_tui.models import Document

TITLE = "项目支出绩效自评表"
_WHOLE_DEPARTMENT = "部门整体"
_HEADING = re.compile(r"^(?:第[一二三四五六七八九十]+部分|[一二三四五六七八九十]+、|[(（][一二三四五六七八九十]+[)）])")
_YEAR = re.compile(r"((?:19|20)\d\d)\s*年")
_FIELD_LABELS = {
    "项目名称": "project",
    "主管部门": "department",
    "主管单位": "department",
    "主管部门(单位)": "department",
    "实施单位": "implementer",
    "项目实施单位": "implementer",
    "执行单位": "implementer",
}
_REGION = re.compile(r"^(?:年度)?(?:绩效指标|指标完成情况)|指标完成情况$|^项目资金|^资金情况|^预算执行情况")
_GOAL_LABEL = re.compile(r"^(?:年度总体目标|总体目标|年度目标|项目年度目标|绩效目标|预期目标|目标)$")
_GOAL_ACTUAL = re.compile(r"^(?:实际完成情况|年度目标完成情况|目标完成情况|完成情况)$")
_TOTAL = re.compile(r"^(?:总分|合计|总计|综合得分)")
_PREFIX_QIZHONG = re.compile(r"^其中\s*[:：]?\s*")
_FUND_ROW = re.compile(r"资金|拨款|总额|合计|财政")
_NATURE = re.compile(r"^(?:定性|定量|正向|反向|共性|个性)(?:指标)?$")
_ANNEX = re.compile(r"^附(?:件|表)\d*[:.、]?")
_LEVEL_HEADER = re.compile(r"[一二三]级指标")

# --- tokens ------------------------------------------------------------------

_OPS = sorted(OPERATORS, key=len, reverse=True)
_OP = "|".join(re.escape(op) for op in _OPS)
_NUM = r"[-+]?\d[\d,]*(?:\.\d+)?"
# A value: operator, number, and a unit written right after the number.
_VALUE = re.compile(
    rf"(?P<op>{_OP})?\s*(?P<num>{_NUM})(?P<unit>%|‰|[^\s\d<>=≥≤＞＜＝,，。;；:：、!！?？]{{1,5}})?"
)
_DASH = re.compile(r"(?:—+|-+|－+|/|无)(?=\s|$)")
_BOUNDARY = re.compile(rf"\s|$|(?:{_OP})\s*\d")
_BEFORE_OP_VALUE = re.compile(rf"\s+(?=(?:{_OP})\s*\d)")
_SHORT_UNIT = re.compile(r"^[^\s\d,，。;；:：、!！?？()（）]{1,4}$")


@dataclass
class _Piece:
    """One token of a cell: a value (op, number, unit) or a run of text."""

    text: str
    cell: int
    value: Decimal | None = None
    op: str | None = None
    unit: str | None = None
    is_value: bool = False


def _tokens(cells: Sequence[str]) -> list[_Piece]:
    pieces: list[_Piece] = []
    for index, cell in enumerate(cells):
        pos = 0
        while pos < len(cell):
            while pos < len(cell) and cell[pos].isspace():
                pos += 1
            if pos >= len(cell):
                break
            m = _VALUE.match(cell, pos)
            if m and _BOUNDARY.match(cell, m.end()):
                op = m.group("op")
                pieces.append(_Piece(
                    text=cell[pos:m.end()], cell=index, value=parse_decimal(m.group("num")),
                    op=OPERATORS[op] if op else None, unit=m.group("unit"), is_value=True,
                ))
                pos = m.end()
                continue
            d = _DASH.match(cell, pos)
            if d:
                pieces.append(_Piece(text=d.group(), cell=index, is_value=True))
                pos = d.end()
                continue
            # Text runs to the end of the cell or to the next operator value.
            nxt = _BEFORE_OP_VALUE.search(cell, pos)
            end = nxt.start() if nxt else len(cell)
            pieces.append(_Piece(text=cell[pos:end], cell=index))
            pos = end
    return pieces


# --- line classification ---------------------------------------------------------


@lru_cache(maxsize=4096)
def _key(cell: str) -> str:
    """A label cell in comparison form: folded, no whitespace, no trailing colon."""
    return squeeze(fold(cell)).rstrip(":")


def _cells(line: str) -> list[str]:
    return [c for c in split_cells(strip_markup(line)) if c.strip()]


def is_title(line: str) -> bool:
    """A scorecard title line (not a sentence that mentions one)."""
    if "评" not in line and "評" not in line:
        return False
    key = _key(line)
    if TITLE not in key or _WHOLE_DEPARTMENT in key or len(key) > 40 or re.search(r"[。，,；;]", key):
        return False
    # "附件1：项目支出绩效自评表" is a title; "具体附项目支出绩效自评表" is a sentence.
    return not key.startswith(("附", "具体", "详见", "见")) or _ANNEX.match(key) is not None


def _field(cells: Sequence[str]) -> dict[str, str | None]:
    """Header fields (项目名称 / 主管部门 / 实施单位) present on one line."""
    found: dict[str, str | None] = {}
    for i, cell in enumerate(cells):
        key = _key(cell)
        label, _, rest = key.partition(":")
        name = _FIELD_LABELS.get(label)
        if name is None:
            continue
        if rest:
            # "项目名称：XX" in one cell: keep the printed value after the colon.
            value = re.split(r"[:：]", cell, maxsplit=1)[1]
        else:
            nxt = cells[i + 1] if i + 1 < len(cells) else ""
            value = nxt if _key(nxt).partition(":")[0] not in _FIELD_LABELS else ""
        found[name] = canonical_name(value) or None
    return found


def _is_field_line(line: str) -> bool:
    if "称" not in line and "稱" not in line:
        return False
    return any(_key(c).partition(":")[0] == "项目名称" for c in _cells(line))


def _keywords(table: dict[str, str]) -> re.Pattern[str]:
    return re.compile("|".join(sorted(map(re.escape, table), key=len, reverse=True)))


_FUND_HEADER = _keywords(FUND_COLUMNS)
_INDICATOR_HEADER = _keywords(INDICATOR_COLUMNS)


def _header_kinds(cells: Sequence[str], table: dict[str, str]) -> list[str]:
    """Column kinds named by a header row, in order (merged cells split by keyword)."""
    pattern = _FUND_HEADER if table is FUND_COLUMNS else _INDICATOR_HEADER
    kinds: list[str] = []
    for cell in cells:
        for m in pattern.finditer(_key(cell)):
            kind = table[m.group()]
            if not kinds or kinds[-1] != kind:
                kinds.append(kind)
    return kinds


# --- taxonomy cells ---------------------------------------------------------------

_TERMS = sorted({*LEVEL1, *LEVEL2_PARENT}, key=len, reverse=True)
# A taxonomy term at the start of a cell, wrapped or not ("社会效益 指标"), with
# an optional weight ("产出指标(50分)"), ending the cell or followed by space.
_TERM_AT = re.compile(
    "(?P<term>" + "|".join(r"\s*".join(map(re.escape, t)) for t in _TERMS) + ")"
    r"(?:\s*[(（]\s*\d+(?:\.\d+)?\s*分?\s*[)）])?(?=\s|$)"
)
# 二级 names printed without 指标 ("社会效益", "服务对象满意度").
_TERMS_BARE = {t[:-2]: t for t in LEVEL2_PARENT if t.endswith("指标") and len(t) > 4}


def _taxonomy_prefix(cell: str, following: str | None = None) -> tuple[str | None, str]:
    """(term, rest of the cell) when the cell starts with a taxonomy term.

    A bare name ("社会效益") counts only when a name, not a value, follows it
    (``following`` is the next cell), since a 三级 indicator may be called so.
    """
    # Folded piece by piece: traditional and full-width forms matched, spaces kept.
    stripped = " ".join(fold(part) for part in cell.split())
    m = _TERM_AT.match(stripped)
    if m:
        return squeeze(m.group("term")), stripped[m.end():].strip()
    key = _key(stripped)
    if key in _TERMS_BARE and following is not None and not _VALUE.match(following.strip()):
        after = _key(following)
        # An operator or 定性/定量 cell follows a name (Sichuan's 指标性质 column), never a label.
        if after not in OPERATORS and not _NATURE.match(after):
            return _TERMS_BARE[key], ""
    return None, stripped


# --- the parser -------------------------------------------------------------------


def _assign_fund(row: ScoreFundRow, kinds: Sequence[str], values: Sequence[_Piece]) -> None:
    kinds = [k for k in kinds if k != "note"] or list(
        ("initial_budget", "annual_budget", "executed", "weight", "rate_pct", "score")
    )
    slots = list(kinds)
    # A percentage marks the 执行率 column: align the values around it.
    pct = next((i for i, v in enumerate(values) if v.unit in ("%", "％")), None)
    if pct is not None and "rate_pct" in slots:
        offset = slots.index("rate_pct") - pct
        pairs = [(slots[i + offset], v) for i, v in enumerate(values) if 0 <= i + offset < len(slots)]
    else:
        pairs = list(zip(slots, values))
    for kind, piece in pairs:
        setattr(row, kind, piece.value)


@dataclass
class _IndicatorState:
    level1: str = ""
    level2: str = ""
    level1_hint: str = ""


def _split_name(cell: str) -> tuple[str, str]:
    """Name and values run together in one cell ("热线受理量 >=85万条 …")."""
    m = _BEFORE_OP_VALUE.search(cell)
    return (cell[: m.start()], cell[m.end():]) if m else (cell, "")


def _parse_indicator(
    cells: list[str], kinds: Sequence[str], state: _IndicatorState
) -> Indicator | None:
    terms: list[str] = []
    while cells:
        term, rest = _taxonomy_prefix(cells[0], cells[1] if len(cells) > 1 else None)
        if term is None:
            break
        terms.append(term)
        if rest:
            cells[0] = rest
        else:
            cells.pop(0)
    # The last 二级 term names the row; 一级 follows from it, whatever column the
    # 一级 label was printed in. (成本指标 followed by 经济成本指标 is the 101号 form.)
    level2 = next((t for t in reversed(terms) if t in LEVEL2_PARENT), None)
    if level2 is not None:
        state.level2, state.level1 = level2, LEVEL2_PARENT[level2]
    elif terms:
        state.level1_hint = terms[-1]
        if not state.level2:
            state.level1 = terms[-1]
    if not cells:
        return None
    if (
        level2 is None
        and len(cells) >= 3
        and _key(cells[0]).endswith("指标")
        and not _VALUE.match(cells[1].strip())
    ):
        # A 二级 label outside the taxonomy: keep it, 一级 from the last 一级 label seen.
        state.level2 = canonical_name(cells.pop(0))
        state.level1 = state.level1_hint or state.level1
    name = cells.pop(0)
    if not cells:
        name, rest = _split_name(name)
        if rest:
            cells = [rest]
    indicator = Indicator(level1=state.level1, level2=state.level2, name=canonical_name(name))
    _fill_values(indicator, _tokens(cells), kinds or ("target", "actual", "weight", "score", "note"))
    return indicator


def _fill_values(ind: Indicator, pieces: list[_Piece], kinds: Sequence[str]) -> None:
    slots = [k for k in kinds if k in ("target", "actual", "op", "unit", "weight", "score", "note")]
    op_cell: tuple[str, str] | None = None  # (printed, normalised)
    unit_cell: str | None = None
    note: list[str] = []
    si, i = 0, 0
    while i < len(pieces):
        piece = pieces[i]
        slot = slots[si] if si < len(slots) else "note"
        if slot in ("target", "actual"):
            text, unit = piece.text, piece.unit
            nxt = pieces[i + 1] if i + 1 < len(pieces) else None
            if (
                piece.is_value and piece.value is not None and not unit and nxt is not None
                and not nxt.is_value and nxt.cell == piece.cell and _SHORT_UNIT.match(nxt.text)
            ):
                unit, text = nxt.text, f"{piece.text} {nxt.text}"
                i += 1
            setattr(ind, slot, tidy(text))
            if piece.is_value:
                setattr(ind, f"{slot}_op", piece.op)
                setattr(ind, f"{slot}_value", piece.value)
                setattr(ind, f"{slot}_unit", fold(unit) if unit else None)
            si += 1
            i += 1
        elif slot == "op":
            key = squeeze(piece.text)
            if not piece.is_value and key in OPERATORS:
                op_cell = (key, OPERATORS[key])
                i += 1
            elif not piece.is_value and _NATURE.match(key):
                i += 1  # 定性 / 定量: the kind of indicator, not an operator
            si += 1
        elif slot == "unit":
            if not piece.is_value and ind.target_value is not None:
                unit_cell = tidy(piece.text)
                i += 1
            si += 1
        elif slot in ("weight", "score"):
            if not piece.is_value:
                # Text where a number belongs: the remaining numbers are missing.
                si = slots.index("note") if "note" in slots else len(slots)
                continue
            setattr(ind, slot, piece.value)
            nxt = pieces[i + 1] if i + 1 < len(pieces) else None
            if nxt is not None and not nxt.is_value and squeeze(nxt.text) == "分":
                i += 1
            si += 1
            i += 1
        else:
            note.append(piece.text)
            i += 1
    ind.note = tidy(" ".join(note), loose=True)
    # Sichuan form: operator and unit in columns of their own.
    if op_cell and ind.target_value is not None and ind.target_op is None:
        ind.target_op = op_cell[1]
        ind.target = f"{op_cell[0]}{ind.target}"
    if unit_cell:
        for side in ("target", "actual"):
            if getattr(ind, f"{side}_value") is not None and not getattr(ind, f"{side}_unit"):
                setattr(ind, f"{side}_unit", unit_cell)
                setattr(ind, side, f"{getattr(ind, side)}{unit_cell}")


def parse_scorecard(lines: Sequence[str], section_id: str | None = None) -> Scorecard | None:
    """Rebuild one scorecard from the raw lines of its block (title to 总分).

    Returns None when the lines hold neither funds nor indicators.
    """
    fields: dict[str, str | None] = {}
    year: int | None = None
    funds: list[ScoreFundRow] = []
    goals: list[Goal] = []
    indicators: list[Indicator] = []
    total_weight = total_score = None
    state = "head"
    fund_kinds: list[str] = []
    ind_kinds: list[str] = []
    ind_state = _IndicatorState()
    pending_label = ""
    for line in lines:
        cells = _cells(line)
        if not cells:
            continue
        keys = [_key(c) for c in cells]
        if state == "head" and year is None and not fields:
            m = _YEAR.search(fold(line))
            if m and (is_title(line) or len(keys) == 1 and len(keys[0]) <= 12):
                year = int(m.group(1))
        found = _field(cells)
        if found and state != "indicators":
            for name, value in found.items():
                fields.setdefault(name, value)
            state = "head"
            continue
        if state != "indicators" and sum(bool(_LEVEL_HEADER.search(k)) for k in keys) >= 2:
            state, ind_kinds = "indicators", _header_kinds(cells, INDICATOR_COLUMNS)
            continue
        # The 项目资金 header: short cells naming columns (prose goals may use the words too).
        if state != "indicators" and len(_header_kinds([c for c, k in zip(cells, keys) if len(k) <= 10],
                                                       FUND_COLUMNS)) >= 2 and not any(
            _FUND_ROW.search(k) and not k.startswith("项目资金") for k in keys
        ):
            state, fund_kinds = "funds", _header_kinds(cells, FUND_COLUMNS)
            continue
        if state in ("head", "funds", "goals") and any(
            _GOAL_LABEL.match(k) or _GOAL_ACTUAL.match(k) for k in keys
        ):
            state = "goals"
        if state == "head" and any(k.startswith("项目资金") for k in keys):
            state = "funds"
        if state == "funds":
            content = [c for c in cells if not _REGION.search(_key(c))]
            pieces = _tokens(content)
            first = next((i for i, p in enumerate(pieces) if p.is_value), len(pieces))
            # The label precedes the values; text after them is a unit ("10.00 分").
            label = pending_label + "".join(p.text for p in pieces[:first])
            values = [p for p in pieces[first:] if p.is_value]
            if not values:
                pending_label = label
                continue
            pending_label = ""
            name = canonical_name(_PREFIX_QIZHONG.sub("", tidy(label))) or "年度资金总额"
            row = ScoreFundRow(name=name)
            _assign_fund(row, fund_kinds, values)
            funds.append(row)
        elif state == "goals":
            _goal_line(line, cells, keys, goals)
        elif state == "indicators":
            content = [c for c in cells if not _REGION.search(_key(c))]
            if not content:
                continue
            if _TOTAL.match(_key(content[0])):
                nums = [p.value for p in _tokens(content[1:]) if p.is_value and p.value is not None]
                total_weight = nums[0] if nums else None
                total_score = nums[1] if len(nums) > 1 else None
                break
            if len(content) == 1 and indicators and _taxonomy_prefix(content[0])[0] is None \
                    and not _tokens(content)[0].is_value:
                # A wrapped fragment of the row above.
                last = indicators[-1]
                if last.note:
                    last.note = tidy(last.note + content[0], loose=True)
                else:
                    last.name = canonical_name(last.name + content[0])
                continue
            indicator = _parse_indicator(content, ind_kinds, ind_state)
            if indicator is not None:
                indicators.append(indicator)
    if not funds and not indicators:
        return None
    return Scorecard(
        project=fields.get("project") or "",
        year=year,
        department=fields.get("department"),
        implementer=fields.get("implementer"),
        funds=funds,
        goals=goals,
        indicators=indicators,
        total_weight=total_weight,
        total_score=total_score,
        section=section_id,
    )


def _goal_line(line: str, cells: list[str], keys: list[str], goals: list[Goal]) -> None:
    labels = [k for k in keys if _GOAL_LABEL.match(k) or _GOAL_ACTUAL.match(k)]
    content = [tidy(c, loose=True) for c, k in zip(cells, keys)
               if not (_GOAL_LABEL.match(k) or _GOAL_ACTUAL.match(k))]
    if not content:
        return
    if "\t" not in line and "|" not in line and len(content) == 1 and not labels and goals:
        # A continuation line of the last cell.
        last = goals[-1]
        if last.actual:
            last.actual += content[0]
        else:
            last.expected += content[0]
        return
    if len(content) >= 2:
        goals.append(Goal(expected=content[0], actual="".join(content[1:])))
    elif any(_GOAL_ACTUAL.match(k) for k in labels) and goals and not goals[-1].actual:
        goals[-1].actual = content[0]
    elif any(_GOAL_ACTUAL.match(k) for k in labels):
        goals.append(Goal(actual=content[0]))
    else:
        goals.append(Goal(expected=content[0]))


def _block_end(lines: Sequence[str], start: int) -> int:
    """Index after the block starting at ``start``: after 总分, or before the next
    scorecard or a heading line."""
    seen_field = False
    in_indicators = False
    for j in range(start, len(lines)):
        line = lines[j]
        if j > start:
            if is_title(line) and seen_field:
                return j
            if _is_field_line(line) and seen_field:
                return j
            plain = "\t" not in line and "|" not in line
            if plain and _HEADING.match(_key(strip_markup(line))) and seen_field:
                return j
            if not seen_field and j - start > 6:
                return start
        if _is_field_line(line):
            seen_field = True
        keys = [_key(c) for c in _cells(line)]
        if sum(bool(_LEVEL_HEADER.search(k)) for k in keys) >= 2:
            in_indicators = True
        content = [k for k in keys if not _REGION.search(k)]
        if in_indicators and content and _TOTAL.match(content[0]):
            return j + 1
    return len(lines) if seen_field else start


def _scan(lines: Sequence[str]) -> list[tuple[int, int, Scorecard]]:
    """Each scorecard block of ``lines`` with its parse: (start, end, card)."""
    found: list[tuple[int, int, Scorecard]] = []
    i = 0
    while i < len(lines):
        if is_title(lines[i]) or _is_field_line(lines[i]):
            end = _block_end(lines, i)
            card = parse_scorecard(lines[i:end]) if end > i else None
            if card is not None:
                found.append((i, end, card))
                i = end
                continue
        i += 1
    return found


def scorecard_blocks(lines: Sequence[str]) -> list[tuple[int, int]]:
    """(start, end) line ranges of the scorecards in ``lines``."""
    return [(start, end) for start, end, _ in _scan(lines)]


def find_scorecards(lines: Sequence[str], section_ids: Sequence[str | None] | None = None) -> list[Scorecard]:
    """All scorecards in a sequence of raw lines (``section_ids`` parallel to it)."""
    cards = []
    for start, _, card in _scan(lines):
        card.section = section_ids[start] if section_ids else None
        cards.append(card)
    return cards


def extract_scorecards(doc: Document) -> list[Scorecard]:
    """The 项目支出绩效自评表 found anywhere in the document body."""
    return scan_scorecards(doc)[0]


def scan_scorecards(doc: Document) -> tuple[list[Scorecard], list[tuple[int, int]]]:
    """:func:`extract_scorecards` and the scorecards' line ranges in :func:`body_lines`
    (which the table extractor skips), from one scan."""
    pairs = body_lines(doc)
    found = _scan([line for _, line in pairs])
    cards = []
    for start, _, card in found:
        card.section = pairs[start][0]
        cards.append(card)
    return cards, [(start, end) for start, end, _ in found]
