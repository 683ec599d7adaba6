"""Grids of printed cells → ``Table`` models. Shared by the PDF and Excel importers.

A grid is what a PDF page or a worksheet gives: rows of printed cells, some of
them merged. This module knows the nine standard tables (titles and aliases),
finds the header rows and merges them into column names, recognises code
columns (one ``2010350`` column, split 类|款|项 columns, the flattened ``06`` /
``01 行政运行`` form), splits tables printed in several column groups (收入 |
支出 sides, or 科目编码/科目名称/决算数 pairs) into one list of rows, and parses
amounts exactly.

Contract of the resulting ``Table``: ``columns`` names the value columns only
(header parts joined with ``/``, e.g. ``本年支出/小计``); ``TableRow.values`` is
aligned with ``columns`` and holds amounts in 万元 whatever the printed unit
(``Table.unit`` keeps the printed unit); ``TableRow.cells`` are the printed
cells of the row's column group; ``code`` is the 3/5/7-digit code; ``label``
the row name without its ordinal.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal
from difflib import SequenceMatcher
from functools import lru_cache
from typing import Iterable, Sequence

from importers.extract.numbers import parse_decimal
from importers.memo import short_text_cache, text_cache
from importers.extract.taxonomy import OTHER_TABLES, TABLE_ALIASES
from importers.normalize import canonical_name, fold
from juesuan_tui.models import Table, TableRow


# --------------------------------------------------------------------------- #
# The standard tables
# --------------------------------------------------------------------------- #


@dataclass(frozen=True)
class TableKind:
    """A standard table: canonical key and name, and the titles it is printed under."""

    key: str | None
    name: str
    aliases: tuple[str, ...] = ()


# The title vocabulary is shared with the text extractor (extract/taxonomy.py).
TABLE_KINDS: tuple[TableKind, ...] = tuple(
    TableKind(key, aliases[0], aliases[1:]) for key, aliases in TABLE_ALIASES.items()
)
# Other tables that appear beside the nine in some regions. Recognising them
# keeps a fuzzy match from mistaking them for a standard table.
OTHER_KINDS: tuple[TableKind, ...] = tuple(TableKind(None, name) for name in OTHER_TABLES)
KIND_BY_KEY: dict[str, TableKind] = {kind.key: kind for kind in TABLE_KINDS if kind.key}

_QUOTES = str.maketrans("", "", "“”‘’\"'《》〈〉「」『』")
_TITLE_PREFIX = re.compile(
    r"^(?:附表|附件|表)?\s*(?:[一二三四五六七八九十]+|\d{1,2})?\s*[、.:：．]?\s*"
)
_PUBLIC_NO = re.compile(r"(?:公开|部门|决算)?\s*\d{1,2}\s*表$|^(?:公开|部门)\s*\d{1,2}\s*表")
_SENTENCE_MARKS = re.compile(r"[。；;，,]")


def _title_key(text: str) -> str:
    """Matching form of a title: folded, quotes and whitespace removed."""
    return re.sub(r"\s+", "", fold(text).translate(_QUOTES))


_ALIASES: list[tuple[str, TableKind]] = sorted(
    ((_title_key(alias), kind) for kind in TABLE_KINDS + OTHER_KINDS for alias in (kind.name, *kind.aliases)),
    key=lambda pair: -len(pair[0]),
)


_FISCAL_WORDS = re.compile(r"财政|预算|基金|资本|拨款|收入|支出|基本|项目|经费|三公|一般|明细|功能|经济")
_YEAR_PREFIX = re.compile(r"^.*?\d{4}年度?")


def _prefix_noise(prefix: str) -> str:
    """What precedes a title once ordinals, year and unit name are removed."""
    prefix = _YEAR_PREFIX.sub("", prefix)
    return _TITLE_PREFIX.sub("", prefix)


@short_text_cache(4096)  # pure (TableKind is frozen); the same titles recur in every disclosure
def identify_table(text: str) -> TableKind | None:
    """The table a title line names, or None.

    The title may carry an ordinal (``七、``, ``表7``, ``公开07表``), a unit and
    year prefix, a trailing parenthesis; characters dropped by a PDF text layer
    (``三、出决算表``, ``四、政拨款收入支出决算总表``) are tolerated by a fuzzy
    comparison.
    """
    key = _title_key(text)
    if not key or len(key) > 70 or _SENTENCE_MARKS.search(key) or "表" not in key:
        return None
    key = _PUBLIC_NO.sub("", key)
    key = re.sub(r"\((?:\d{4}年度?|续表?|续)\)$", "", key)
    suffixes = set()
    for alias, kind in _ALIASES:  # longest first: 财政拨款收入支出决算总表 before 收入支出决算总表
        if key.endswith(alias):
            if not _FISCAL_WORDS.search(_prefix_noise(key[: -len(alias)])):
                return kind
            # Fiscal words before the alias: another table, or a title missing a character.
            suffixes.add(kind)
    stripped = _prefix_noise(key)
    if not stripped.endswith("表"):
        return None
    return _fuzzy_kind(stripped[-_LONGEST_ALIAS - 1:], frozenset(suffixes))


_LONGEST_ALIAS = max(len(alias) for alias, _ in _ALIASES)


@lru_cache(maxsize=4096)  # titles differ by unit and year, their last characters rarely do
def _fuzzy_kind(tail: str, excluded: frozenset[TableKind]) -> TableKind | None:
    """The kind whose alias the end of ``tail`` resembles best (ratio ≥ 0.88), ``excluded`` aside."""
    best: tuple[float, int, TableKind] | None = None
    for alias, kind in _ALIASES:
        if kind in excluded:
            continue
        for size in (len(alias) - 1, len(alias), len(alias) + 1):
            ratio = SequenceMatcher(None, tail[-size:], alias, autojunk=False).ratio()
            if ratio >= 0.88 and (best is None or (ratio, len(alias)) > best[:2]):
                best = (ratio, len(alias), kind)
    return best[2] if best else None


# --------------------------------------------------------------------------- #
# Header words and small parsers
# --------------------------------------------------------------------------- #

_UNIT_RE = re.compile(r"(?:金额)?单位\s*[:：]\s*(亿元|万元|千元|元)")
_DEPT_RE = re.compile(r"(?:部门|单位|编制单位|预算单位|填报单位)(?:名称)?\s*[:：]\s*([^\s:：]{2,60}?)(?:\s|$|(?=(?:金额)?单位\s*[:：]))")
_YEAR_RE = re.compile(r"((?:19|20)\d{2})\s*年度?")
_NUMBER_RE = re.compile(r"(公开\s*\d{1,2}\s*表|(?:附表|表)\s*[一二三四五六七八九十\d]{1,3}(?![\d一二三四五六七八九十]))")
_NOTE_RE = re.compile(r"^\s*(?:注|说明|备注)\s*\d?\s*[:：]")
EMPTY_RE = re.compile(r"(?:故|因此|所以)?本表(?:为空|无数据)|为空表|无数据|空表")
_ORDINAL_RE = re.compile(
    r"^\s*(?:[一二三四五六七八九十]+\s*[、.．]|[（(]\s*[一二三四五六七八九十]+\s*[)）]|\d{1,2}\s*[、.．](?!\d))\s*"
)
_SPLIT_CODE_WORDS = ("类", "款", "项")
_CODE_HEADER = re.compile(r"(编码|代码|科目编号)")
_ROWNO_HEADER = re.compile(r"^(?:行次|栏次|序号)$")
_LABEL_HEADER = re.compile(r"(科目名称|项目|名称|项\s*目)")
_NOT_MONEY = re.compile(r"(人次|人数|批次|团组|辆|个数|[(（]人[)）]|[(（]个[)）]|[(（]台|台\s*[(（]套|率|%|％|行次|栏次|序号)")
SUMMARY_LABEL = re.compile(r"(合计|总计|小计)$")
_CODE_TEXT = re.compile(r"^\s*(\d{3}(?:\s*\d{2}){0,2}|\d{2})(?=\s|$|[^\d.,])\s*(.*)$", re.S)
_CJK = r"\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff（）：，、“”《》"
# Spaces between two CJK characters come from wrapped or letter-spaced cells.
_SPACE_BETWEEN_CJK = re.compile(rf"(?<=[{_CJK}])\s+(?=[{_CJK}])")
_CJK_START = re.compile(rf"[{_CJK}]")
_BLANKS = re.compile(r"[ \t]+")

_WAN = {"万元": Decimal(1), "元": Decimal("0.0001"), "千元": Decimal("0.1"), "亿元": Decimal(10000)}


def parse_unit(text: str) -> str | None:
    """``单位：万元`` / ``金额单位：元`` → the unit; None when the text states none."""
    match = _UNIT_RE.search(fold(text).replace("(", "").replace(")", ""))
    return match.group(1) if match else None


def parse_department(text: str) -> str | None:
    """``部门：XX`` / ``编制单位：XX`` → XX (canonical form)."""
    match = _DEPT_RE.search(fold(text))
    if not match:
        return None
    name = canonical_name(match.group(1))
    return None if name in {"万元", "元", "亿元"} or name.endswith("元") and len(name) <= 3 else name


def parse_year(text: str) -> int | None:
    match = _YEAR_RE.search(fold(text))
    return int(match.group(1)) if match else None


def clean_cell(value: object) -> str:
    """A printed cell as one line: wrapped lines re-joined, spaces inside CJK runs removed."""
    if value is None:
        return ""
    if type(value) is str:
        return _clean_text_cell(value)
    return _clean_cell(value)


@text_cache()  # pure; cells: headers, labels and dashes recur
def _clean_text_cell(value: str) -> str:
    return _clean_cell(value)


def _clean_cell(value: object) -> str:
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = str(value).replace("\r", "\n").replace("\u3000", " ")
    parts = [part.strip() for part in text.split("\n") if part.strip()]
    joined = ""
    for part in parts:
        left, right = joined[-1:], part[0]
        # A wrap between two words of Latin text stood for a space; a wrap
        # inside CJK text or inside a number (digit | digit) did not.
        if left and left.isascii() and right.isascii() and not (left.isdigit() and right.isdigit()) \
                and not left.isspace() and left not in "(（-/" and right not in ")）,.%-/":
            joined += " "
        joined += part
    return _SPACE_BETWEEN_CJK.sub("", _BLANKS.sub(" ", joined)).strip()


def strip_ordinal(label: str) -> str:
    """``一、一般公共服务支出`` → ``一般公共服务支出``."""
    return _ORDINAL_RE.sub("", label, count=1).strip()


_WHITESPACE = re.compile(r"\s+")


def _is_code(text: str, widths: Iterable[int] = (3, 5, 7)) -> bool:
    if len(text) > 10:  # (checked last below too) labels are longer: no need to squeeze them
        return False
    digits = text if text.isdigit() else _WHITESPACE.sub("", text)
    return digits.isdigit() and len(digits) in (widths if isinstance(widths, tuple) else set(widths)) and len(text) <= 10


_AMOUNT_CELL = re.compile(r"[-+]?[\d,]*\.?\d+%?")


@text_cache()  # pure, and a Decimal is immutable; cells
def _amount(text: str) -> Decimal | None:
    """A printed amount, or None when the cell is not a number."""
    folded = fold(text).strip()
    if not folded or not _AMOUNT_CELL.fullmatch(folded.replace(" ", "")):
        return None
    return parse_decimal(folded.rstrip("%"))


# --------------------------------------------------------------------------- #
# Grids
# --------------------------------------------------------------------------- #


@dataclass
class Grid:
    """A rectangular grid of printed cells.

    ``origin[r][c]`` is the top-left position of the (merged) cell that covers
    ``(r, c)``; the text of a merged cell is stored at its origin only.
    """

    cells: list[list[str]]
    origin: list[list[tuple[int, int]]]

    @classmethod
    def from_rows(cls, rows: Sequence[Sequence[object]],
                  merges: Iterable[tuple[int, int, int, int]] = ()) -> Grid:
        """Build from plain rows; ``merges`` are inclusive ``(r0, c0, r1, c1)`` ranges."""
        width = max((len(row) for row in rows), default=0)
        cells = [[clean_cell(row[c]) if c < len(row) else "" for c in range(width)] for row in rows]
        origin = [[(r, c) for c in range(width)] for r in range(len(rows))]
        for r0, c0, r1, c1 in merges:
            for r in range(r0, min(r1, len(rows) - 1) + 1):
                for c in range(c0, min(c1, width - 1) + 1):
                    origin[r][c] = (r0, c0)
                    if (r, c) != (r0, c0):
                        cells[r][c] = ""
        return cls(cells, origin)

    @property
    def width(self) -> int:
        return len(self.cells[0]) if self.cells else 0

    def text(self, r: int, c: int) -> str:
        r0, c0 = self.origin[r][c]
        return self.cells[r0][c0]

    def own(self, r: int, c: int) -> str:
        """The text only if this position is the cell's origin."""
        return self.cells[r][c] if self.origin[r][c] == (r, c) else ""

    def row_texts(self, r: int) -> list[str]:
        """Distinct non-empty cell texts of a row, left to right."""
        seen: set[tuple[int, int]] = set()
        out = []
        for c in range(self.width):
            o = self.origin[r][c]
            if o in seen:
                continue
            seen.add(o)
            text = self.cells[o[0]][o[1]]
            if text:
                out.append(text)
        return out

    def span(self, r: int, c: int) -> range:
        """The columns covered by the cell at (r, c) in row r."""
        o = self.origin[r][c]
        cols = [k for k in range(self.width) if self.origin[r][k] == o]
        return range(cols[0], cols[-1] + 1)

    def subgrid(self, rows: Sequence[int]) -> Grid:
        """These rows only; merged cells whose origin is dropped keep their text at the first kept row."""
        width = self.width
        # Rows without merged cells (every text grid) are copied as they are.
        if all(self.origin[r] == [(r, c) for c in range(width)] and len(self.cells[r]) == width for r in rows):
            return Grid([self.cells[r][:] for r in rows], [[(i, c) for c in range(width)] for i in range(len(rows))])
        index = {r: i for i, r in enumerate(rows)}
        cells = [[""] * self.width for _ in rows]
        origin: list[list[tuple[int, int]]] = [[(0, 0)] * self.width for _ in rows]
        first: dict[tuple[int, int], tuple[int, int]] = {}
        for i, r in enumerate(rows):
            for c in range(self.width):
                o = self.origin[r][c]
                if o not in first:
                    first[o] = (i, c) if o[0] not in index else (index[o[0]], o[1])
                    cells[first[o][0]][first[o][1]] = self.cells[o[0]][o[1]]
                origin[i][c] = first[o]
        return Grid(cells, origin)

    def extend(self, other: Grid) -> Grid:
        """This grid with ``other``'s rows below (a table continued on the next page)."""
        width = max(self.width, other.width)
        rows = [row + [""] * (width - len(row)) for row in self.cells]
        origin = [o + [(r, c) for c in range(len(o), width)] for r, o in enumerate(self.origin)]
        offset = len(rows)
        for r, row in enumerate(other.cells):
            rows.append(row + [""] * (width - len(row)))
            origin.append([(o[0] + offset, o[1]) for o in other.origin[r]]
                          + [(r + offset, c) for c in range(len(row), width)])
        return Grid(rows, origin)


# --------------------------------------------------------------------------- #
# Grid → Table
# --------------------------------------------------------------------------- #


@dataclass
class TableContext:
    """What surrounds a grid: title, unit line, department, ordinal, notes."""

    lines: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    # The title nearest the grid names it: lines higher up may list other tables
    # (a 附表 list whose grids were images, with one grid printed as text).
    @property
    def kind(self) -> TableKind | None:
        for line in reversed(self.lines):
            kind = identify_table(line)
            if kind:
                return kind
        return None

    @property
    def title(self) -> str | None:
        for line in reversed(self.lines):
            if identify_table(line):
                return line
        return None

    @property
    def unit(self) -> str | None:
        return next((u for u in map(parse_unit, self.lines) if u), None)

    @property
    def department(self) -> str | None:
        return next((d for d in map(parse_department, self.lines) if d), None)

    @property
    def year(self) -> int | None:
        return next((y for y in map(parse_year, self.lines) if y), None)

    @property
    def number(self) -> str:
        for line in self.lines:
            match = _NUMBER_RE.search(fold(line))
            if match:
                return re.sub(r"\s+", "", match.group(1))
        return ""

    @property
    def stated_empty(self) -> bool:
        return any(EMPTY_RE.search(fold(line)) for line in self.notes + self.lines)


# Compiled once (these run per cell and per caption row).
_YEAR_CAPTION = re.compile(r"\s*[(（]?\s*(?:19|20)\d{2}\s*年度?\s*[)）]?\s*")
_NUMBER_CAPTION = re.compile(r"\s*(?:公开\s*\d{1,2}\s*表|(?:附表|表)\s*[一二三四五六七八九十\d]{1,3})\s*")


def _is_caption_row(texts: list[str]) -> bool:
    """A title / unit / department / ordinal row printed inside the grid."""
    if not texts or len(texts) > 3:
        return False
    joined = " ".join(texts)
    return bool(identify_table(joined) or any(identify_table(t) for t in texts)
                or parse_unit(joined) or _DEPT_RE.search(fold(joined))
                or _YEAR_CAPTION.fullmatch(joined)
                or _NUMBER_CAPTION.fullmatch(fold(joined)))


def split_context(grid: Grid) -> tuple[Grid, TableContext]:
    """Take title/unit rows off the top and note rows off the bottom of a grid."""
    context = TableContext()
    rows = list(range(len(grid.cells)))
    while rows:
        texts = grid.row_texts(rows[0])
        if not texts:
            rows.pop(0)
            continue
        if not _is_caption_row(texts):
            break
        context.lines.append(" ".join(texts))
        rows.pop(0)
    tail: list[str] = []
    while rows:
        texts = grid.row_texts(rows[-1])
        if not texts:
            rows.pop()
            continue
        if len(texts) > 2 or not _NOTE_RE.match(fold(texts[0])):
            # A note may run over several rows; only the first carries 注：.
            if tail and len(texts) == 1 and not _amount(texts[0]) and len(texts[0]) > 8:
                tail.insert(0, texts[0])
                rows.pop()
                continue
            break
        tail.insert(0, " ".join(texts))
        rows.pop()
    context.notes = _merge_notes(tail)
    return grid.subgrid(rows), context


def _merge_notes(lines: list[str]) -> list[str]:
    out: list[str] = []
    for line in lines:
        if out and not _NOTE_RE.match(fold(line)):
            out[-1] += line
        else:
            out.append(line)
    return out


def _data_signal(grid: Grid, r: int) -> bool:
    """True when row r holds data rather than header words."""
    texts = [t for t in (grid.own(r, c) for c in range(grid.width)) if t]
    if not texts:
        return False
    if any("栏次" in t for t in texts):
        return False
    if any(_amount(t) is not None or _is_code(t) for t in texts):
        return True
    # A 合计 / 一、… label starts a data row when the rest of the row is labels
    # of the same sort (a two-sided table) — not column headers beside it.
    return all(_row_label_like(fold(t)) for t in texts)


def _row_label_like(text: str) -> bool:
    return bool((SUMMARY_LABEL.search(text) and len(text) <= 16) or (_ORDINAL_RE.match(text) and len(text) > 3))


@dataclass
class _Column:
    index: int
    name: str
    role: str = "value"  # code | rowno | label | value


def _column_names(grid: Grid, header_rows: list[int], extra: dict[int, list[str]]) -> list[str]:
    # The 栏次 row numbers the columns (栏次 | | 1 | 2 …): its "栏次" sits over the labels,
    # so it names no column (else the label column would pass for a 行次 column).
    header_rows = [r for r in header_rows if not any(fold(t) == "栏次" for t in grid.row_texts(r))]
    names = []
    for c in range(grid.width):
        parts: list[str] = []
        seen: set[tuple[int, int]] = set()
        for r in header_rows:
            o = grid.origin[r][c]
            if o in seen:
                continue
            seen.add(o)
            text = grid.cells[o[0]][o[1]]
            if not text:
                continue
            # A caption over every column names the table, not a column.
            if len(grid.span(r, c)) == grid.width and grid.width > 1:
                continue
            if not parts or parts[-1] != text:
                parts.append(text)
        parts += extra.get(c, [])
        names.append("/".join(parts))
    return names


_PLACEHOLDERS = frozenset({"-", "—", "--", "——", "－", "–", "―", "/"})


def _roles(grid: Grid, names: list[str], data_rows: list[int]) -> list[_Column]:
    columns = []
    for c, name in enumerate(names):
        last = fold(name.split("/")[-1]) if name else ""
        values = [grid.own(r, c) for r in data_rows]
        # A dash is a blank amount, not text: it must not make an amount column a label column.
        values = [v for v in values if v and v.strip() not in _PLACEHOLDERS]
        codes = sum(1 for v in values if _is_code(v, (2, 3, 5, 7)))
        amounts = sum(1 for v in values if _amount(v) is not None)
        texts = len(values) - amounts
        if last in _SPLIT_CODE_WORDS or (_CODE_HEADER.search(fold(name)) and (codes or not values)
                                          and not _LABEL_HEADER.search(last)):
            role = "code"
        elif _ROWNO_HEADER.match(last):
            role = "rowno"
        elif values and codes == len(values) and not any("." in v or "," in v for v in values) \
                and any(len(v.strip()) in (3, 5, 7) for v in values) and not _NOT_MONEY.search(name):
            role = "code"
        elif texts > 0 and texts >= amounts:
            role = "label"
        elif not values and _LABEL_HEADER.search(last) and not re.search(r"(数|额|金额|合计|支出|收入|结余|费)$", last):
            role = "label"
        else:
            role = "value"
        columns.append(_Column(c, name, role))
    return columns


def _groups(columns: list[_Column]) -> list[list[_Column]]:
    """Column groups, one per label column (with the code columns just before it)."""
    labels = [col.index for col in columns if col.role == "label"]
    if len(labels) <= 1:
        return [columns]
    starts, previous = [], -1
    for index in labels:
        start = index
        while start - 1 > previous and columns[start - 1].role in ("code", "rowno"):
            start -= 1
        starts.append(start)
        previous = index
    starts[0] = 0
    bounds = starts + [len(columns)]
    return [columns[bounds[i]:bounds[i + 1]] for i in range(len(starts))]


def _assemble_code(parts: list[str], previous: str | None) -> str | None:
    """Split or single code cells → a 3/5/7-digit code, inheriting parents when cells are blank."""
    parts = [_WHITESPACE.sub("", p) for p in parts]
    if not any(parts):
        return None
    if len(parts) == 1:
        return _single_code(parts[0], previous)
    if not all(p.isdigit() or not p for p in parts):
        return None
    widths = [3] + [2] * (len(parts) - 1)
    code = ""
    for i, (part, width) in enumerate(zip(parts, widths)):
        if part:
            if len(part) == sum(widths[: i + 1]) and i > 0:  # a full code printed in a sub-column
                code = part
                continue
            if i > 0 and not code:
                # The parent cells are blank: inherit them from the row above.
                prefix = (previous or "")[: sum(widths[:i])]
                if len(prefix) != sum(widths[:i]):
                    return None
                code = prefix
            code += part
        elif code and any(parts[i + 1:]):
            return None
    return code or None


def _single_code(text: str, previous: str | None) -> str | None:
    digits = _WHITESPACE.sub("", text)
    if not digits.isdigit():
        return None
    if len(digits) in (3, 5, 7):
        return digits
    if len(digits) == 2 and previous:
        # Flattened 款/项 form: a 2-digit code under the row above.
        if len(previous) == 3:
            return previous + digits
        if len(previous) in (5, 7):
            return previous[:5] + digits
    return None


def _split_code_from_label(label: str) -> tuple[str | None, str]:
    match = _CODE_TEXT.match(label)
    if not match:
        return None, label
    code, rest = _WHITESPACE.sub("", match.group(1)), match.group(2).strip()
    if not rest or not _CJK_START.match(rest):
        return None, label
    return code, rest


def build_table(grid: Grid, context: TableContext | None = None, *, page: int | None = None,
                source: str | None = None, number: str = "", section: str | None = None) -> Table | None:
    """A ``Table`` from a grid and the lines around it; None when the grid holds nothing tabular."""
    grid, inner = split_context(grid)
    ctx = TableContext(lines=(context.lines if context else []) + inner.lines,
                       notes=(context.notes if context else []) + inner.notes)
    kind = ctx.kind
    unit = ctx.unit
    factor = _WAN.get(unit or "万元", Decimal(1))

    rows = [r for r in range(len(grid.cells)) if grid.row_texts(r)]
    if not rows and not kind:
        return None
    grid = grid.subgrid(rows) if rows else grid
    nrows = len(grid.cells) if rows else 0

    header_rows: list[int] = []
    r = 0
    while r < nrows and not _data_signal(grid, r):
        header_rows.append(r)
        r += 1
    data_rows = list(range(r, nrows))
    # 类 | 款 | 项 words sharing a row with the first data (no rule between them).
    extra: dict[int, list[str]] = {}
    if data_rows:
        first = data_rows[0]
        for c in range(grid.width):
            text = grid.own(first, c)
            if fold(text) in _SPLIT_CODE_WORDS:
                extra[c] = [text]
                grid.cells[first][c] = ""
    names = _column_names(grid, header_rows, extra)
    columns = _roles(grid, names, data_rows)
    groups = _groups(columns)

    group_values = [[col for col in group if col.role == "value"] for group in groups]
    shared = len(groups) > 1 and all(
        [c.name for c in vals] == [c.name for c in group_values[0]] for vals in group_values)
    if shared or len(groups) == 1:
        value_names = [c.name for c in group_values[0]]
        offsets = [0] * len(groups)
    else:
        value_names, offsets = [], []
        for vals in group_values:
            offsets.append(len(value_names))
            value_names += [c.name for c in vals]
    money = [not _NOT_MONEY.search(name) for name in value_names]

    out_rows: list[TableRow] = []
    for g, group in enumerate(groups):
        previous: str | None = None
        codes = [col for col in group if col.role == "code"]
        label_cols = [col for col in group if col.role == "label"]
        vals = group_values[g]
        for r in data_rows:
            cells = [grid.own(r, col.index) for col in group]
            if not cells[0] and grid.origin[r][group[0].index][0] == r:
                cells[0] = grid.text(r, group[0].index)  # a merged cell starting left of the group
            if not any(cells):
                continue
            code_parts = [grid.own(r, col.index) for col in codes]
            label = next((t for t in (grid.text(r, col.index) for col in label_cols) if t), "")
            if not label:
                # 合计 printed across the code columns, or a name run into a code cell.
                label = next((t for t in (grid.text(r, col.index) for col in codes)
                              if t and not _is_code(t, (2, 3, 5, 7))), "")
            if label:
                code_parts = ["" if t == label else t for t in code_parts]
            code = _assemble_code(code_parts, previous) if codes else None
            if code is None:
                # Codes run into the label cell (`01 行政运行`, `2010350 行政运行`).
                embedded, rest = _split_code_from_label(label)
                found = embedded if embedded and len(embedded) in (3, 5, 7) else (
                    _single_code(embedded, previous) if embedded else None)
                if found:
                    code, label = found, rest
            if code:
                previous = code
            values: list[Decimal | None] = [None] * len(value_names)
            for k, col in enumerate(vals):
                amount = _amount(grid.own(r, col.index))
                slot = (k if (shared or len(groups) == 1) else offsets[g] + k)
                if amount is not None and money[slot]:
                    amount = amount * factor
                values[slot] = amount
            label = strip_ordinal(label)
            if fold(label) in {"栏次", "行次"} or (not label and not code and all(v is None for v in values)):
                continue
            out_rows.append(TableRow(cells=cells, code=code, label=label, values=values))

    empty = ctx.stated_empty and not any(v is not None for row in out_rows for v in row.values)
    if empty:
        out_rows = [row for row in out_rows if row.code or any(v is not None for v in row.values)]
    if not out_rows and not kind:
        return None
    title = ctx.title
    name = kind.name if kind else (canonical_name(title) if title else "")
    return Table(
        name=name,
        key=kind.key if kind else None,
        number=number or ctx.number,
        status="empty" if empty else "included",
        unit=unit,
        columns=value_names,
        rows=out_rows,
        note="\n".join(ctx.notes),
        section=section,
        page=page,
        source=source,
    )


def render_table(table: Table) -> str:
    """A readable, tab-separated rendering of a table (for search and for nothing-lost text)."""
    lines = [f"{table.number} {table.name}".strip()]
    if table.unit:
        lines.append(f"单位：{table.unit}")
    lines.append("\t".join(["编码", "名称", *table.columns]))
    for row in table.rows:
        values = ["" if v is None else format(v, "f") for v in row.values]
        lines.append("\t".join([row.code or "", row.label, *values]).rstrip("\t"))
    if table.note:
        lines.append(table.note)
    return "\n".join(lines)
