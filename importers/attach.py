"""Attach 附表 parsed from another file (or from a PDF's grids) to a narrative document.

Pure functions over models: no SQL, no I/O. The tables give 类/款/项 codes to
the narrative's line items (matched by name path) and their amounts are put
beside the narrative's in ``LineItem.table_amount``; each disagreement becomes
a ``Finding`` with both numbers.
"""

from __future__ import annotations

import re
from decimal import ROUND_HALF_UP, Decimal
from typing import Iterable

from importers.normalize import fold
from juesuan_tui.models import Document, Finding, LineItem, Table, TableRow

# Line items against their table cells; the checks keep these findings (checks.IMPORT_RULES)
# because only the attaching knows the row and column a cell came from.
RULE = "table.item_amount"

# The table that details each fund's spending by 功能分类.
FUND_TABLES: dict[str, str] = {
    "一般公共预算财政拨款": "general_budget",
    "政府性基金预算财政拨款": "gov_fund",
    "国有资本经营预算财政拨款": "state_capital",
}
# Tables whose rows carry 支出功能分类 codes (table 06 carries 经济分类 codes instead).
_FUNCTIONAL = {"income", "expenditure", "general_budget", "gov_fund", "state_capital", None}
_LEVEL_WIDTH = {"类": 3, "款": 5, "项": 7}


def _match(name: str) -> str:
    """Comparison form of a 科目 name: folded, no whitespace, no ordinal or level marker."""
    text = re.sub(r"\s+", "", fold(name))
    text = re.sub(r"^(?:[一二三四五六七八九十]+[、.]|\d{1,2}[、.](?!\d))", "", text)
    return re.sub(r"\((?:类|款|项)\)$", "", text)


def total_column(table: Table) -> int | None:
    """Index of the column holding a row's total spending (合计 / 本年支出 小计)."""
    names = [fold(c) for c in table.columns]
    for i, name in enumerate(names):
        if "本年支出" in name and re.search(r"(合计|小计)$", name):
            return i
    for i, name in enumerate(names):
        if name.endswith("本年支出") or name == "本年支出合计":
            return i
    for i, name in enumerate(names):
        if re.search(r"(合计|小计)$", name.split("/")[-1]) and "年初" not in name and "年末" not in name:
            return i
    return 0 if names else None


class _CodeIndex:
    """Rows of functional-classification tables indexed by code and by name path."""

    def __init__(self, tables: Iterable[Table]) -> None:
        self.by_path: dict[tuple[str, ...], str] = {}
        self.by_name: dict[tuple[int, str], set[str]] = {}
        for table in tables:
            if table.key not in _FUNCTIONAL:
                continue
            labels = {row.code: row.label for row in table.rows if row.code}
            for code, label in labels.items():
                if not code.startswith("2") or len(code) not in (3, 5, 7):
                    continue
                prefixes = [code[:w] for w in (3, 5, 7) if w <= len(code)]
                if not all(p in labels for p in prefixes):
                    continue
                path = tuple(_match(labels[p]) for p in prefixes)
                self.by_path.setdefault(path, code)
                self.by_name.setdefault((len(code), path[-1]), set()).add(code)

    def code_for(self, item: LineItem) -> str | None:
        path = tuple(_match(p) for p in item.path)
        if path in self.by_path:
            return self.by_path[path]
        width = _LEVEL_WIDTH.get(item.level)
        candidates = self.by_name.get((width or 0, path[-1] if path else ""), set())
        return next(iter(candidates)) if len(candidates) == 1 else None


def _rows_by_code(table: Table) -> dict[str, int]:
    out: dict[str, int] = {}
    for i, row in enumerate(table.rows):
        if row.code:
            out.setdefault(row.code, i)
    return out


def _rows_by_path(table: Table) -> dict[tuple[str, ...], int]:
    labels = {row.code: row.label for row in table.rows if row.code}
    out: dict[tuple[str, ...], int] = {}
    for i, row in enumerate(table.rows):
        if not row.code:
            continue
        prefixes = [row.code[:w] for w in (3, 5, 7) if w <= len(row.code)]
        if all(p in labels for p in prefixes):
            out.setdefault(tuple(_match(labels[p]) for p in prefixes), i)
    return out


def _same_printed(narrative: Decimal, table: Decimal) -> bool:
    """Equal once the table amount is rounded to the narrative's printed precision."""
    exponent = narrative.as_tuple().exponent
    if not isinstance(exponent, int):
        return narrative == table
    return table.quantize(Decimal(1).scaleb(exponent), rounding=ROUND_HALF_UP) == narrative


def _fmt(value: Decimal) -> str:
    return format(value, "f")


def merge_tables(target: list[Table], new: Iterable[Table]) -> list[Table]:
    """``target`` with ``new`` tables replacing those of the same key; ordinals kept."""
    out = list(target)
    for table in new:
        same = [i for i, t in enumerate(out) if table.key and t.key == table.key]
        if same:
            old = out[same[0]]
            table = table.model_copy(update={
                "number": table.number or old.number,
                "section": table.section if table.section is not None else old.section,
            })
            out[same[0]] = table
            for extra in reversed(same[1:]):
                del out[extra]
        else:
            out.append(table)
    return out


def fill_from_tables(doc: Document) -> None:
    """Codes and table amounts on the document's line items, and a finding per disagreement (in place)."""
    index = _CodeIndex(t for t in doc.tables if t.status == "included")
    by_key = {item.path_key: item for item in doc.line_items}
    for item in doc.line_items:
        if item.code is None:
            item.code = index.code_for(item)
    # A coded 项 gives its 款 and 类 their codes by prefix.
    for item in doc.line_items:
        parent_key, code = item.parent, item.code
        while parent_key and code:
            parent = by_key.get(parent_key)
            if parent is None:
                break
            width = _LEVEL_WIDTH.get(parent.level, 0)
            if parent.code is None and len(code) > width:
                parent.code = code[:width]
            parent_key, code = parent.parent, parent.code

    doc.findings = [f for f in doc.findings if f.rule != RULE]
    tables = {t.key: t for t in doc.tables if t.key and t.status == "included"}
    for item in doc.line_items:
        table = tables.get(FUND_TABLES.get(fold(item.fund), ""))
        if table is None:
            continue
        column = total_column(table)
        if column is None:
            continue
        row_index = _rows_by_code(table).get(item.code or "")
        if row_index is None:
            row_index = _rows_by_path(table).get(tuple(_match(p) for p in item.path))
        if row_index is None:
            continue
        row: TableRow = table.rows[row_index]
        value = row.values[column] if column < len(row.values) else None
        item.table_amount = value
        if item.amount is None:
            continue
        cell = value if value is not None else Decimal(0)  # a blank cell means 0
        if _same_printed(item.amount, cell):
            continue
        where = f"table:{table.key}:row {row_index + 1}:col {column + 1}"
        name = "/".join(item.path)
        column_name = table.columns[column] if column < len(table.columns) else ""
        doc.findings.append(Finding(
            rule=RULE,
            title="说明金额与附表不一致",
            severity="error",
            message=(f"{name}：说明 {_fmt(item.amount)} 万元，{table.name}"
                     f"（{row.label or row.code}，{column_name}）{_fmt(cell)} 万元"),
            values={"说明": _fmt(item.amount), "附表": _fmt(cell)},
            difference=item.amount - cell,
            section=item.section,
            sentence=item.sentence,
            location=where,
        ))


def attach_tables(target: Document, tables_doc: Document) -> Document:
    """A copy of ``target`` with ``tables_doc``'s tables added and checked against the narrative.

    Tables replace listed/empty/text versions of the same table; line items get
    7/5/3-digit codes by name path, ``table_amount`` from the fund's table, and
    a ``table.item_amount`` finding for each amount that disagrees.
    """
    doc = target.model_copy(deep=True)
    source = tables_doc.source.path
    new = [t.model_copy(update={"source": t.source or source, "section": None}, deep=True)
           for t in tables_doc.tables]
    doc.tables = merge_tables(doc.tables, new)
    fill_from_tables(doc)
    return doc
