"""类 / 款 / 项 line items per fund, from the narrative and from the 附表.

The narrative gives items as ``X（类）Y（款）Z（项）：支出决算数为 …`` (with change,
budget and reason) and as the structure list ``X（类）1,577.40 万元，占 47.80%``;
tables give codes and amounts (``TableRow.code`` of 3 / 5 / 7 digits). Only the
subject of an item statement counts: a path quoted inside a reason
(``由 A（类）…（项）调整为 …``) creates nothing. Parents are created from the
paths with ``amount=None`` — amounts are never invented or summed.
"""

from __future__ import annotations

import json
import re
from decimal import Decimal
from functools import lru_cache
from importlib import resources
from typing import Iterable, Sequence

from importers.normalize import canonical_name, fold
from juesuan_tui.models import FUNDS, Document, LineItem, Table, TableRow

from .facts import Statement, analyse_document, iter_items

_LEVELS = ("类", "款", "项")
_CODE_WIDTH = {3: "类", 5: "款", 7: "项"}
_WIDTH = {"类": 3, "款": 5, "项": 7}

# Tables that hold one fund's 功能分类 rows (basic-expenditure tables use economic codes).
_TABLE_FUNDS = (("gov_fund", FUNDS[1]), ("state_capital", FUNDS[2]), ("general_budget", FUNDS[0]))
_TABLE_WORDS = (("政府性基金", FUNDS[1]), ("国有资本经营", FUNDS[2]), ("一般公共预算", FUNDS[0]))
# The spending column of a table, most specific first.
_SPEND = (("本年支出", "合计"), ("本年支出", "小计"), ("支出", "合计"), ("合计",), ("小计",), ("决算数",), ("金额",))


def _key(fund: str, path: Sequence[str]) -> tuple[str, tuple[str, ...]]:
    return fund, tuple(path)


class _Tree:
    """Items by (fund, path), in first-seen order, with parents created on demand."""

    def __init__(self) -> None:
        self.items: dict[tuple[str, tuple[str, ...]], LineItem] = {}

    def ensure(self, fund: str, path: list[tuple[str, str]], *, source: str = "narrative",
               section: str | None = None) -> LineItem:
        names = [name for _, name in path]
        item: LineItem | None = None
        for depth in range(1, len(path) + 1):
            key = _key(fund, names[:depth])
            item = self.items.get(key)
            if item is None:
                level = path[depth - 1][0]
                item = LineItem(
                    fund=fund, level=level, name=names[depth - 1], path=names[:depth],
                    parent="/".join(names[: depth - 1]) or None, section=section, source=source,
                )
                self.items[key] = item
                if depth > 1:
                    parent = self.items[_key(fund, names[: depth - 1])]
                    if item.path_key not in parent.children:
                        parent.children.append(item.path_key)
        assert item is not None
        return item

    def find(self, fund: str, path: Sequence[str]) -> LineItem | None:
        return self.items.get(_key(fund, path))

    def of_fund(self, fund: str) -> list[LineItem]:
        return [i for (f, _), i in self.items.items() if f == fund]


def _fill(item: LineItem, **values: object) -> None:
    for name, value in values.items():
        if value is not None and getattr(item, name) in (None, ""):
            setattr(item, name, value)


@lru_cache(maxsize=1)
def code_names() -> dict[str, str]:
    """类 (3 digits) and 款 (5 digits) names of the functional classification by code (a data file)."""
    data = json.loads(resources.files(__package__).joinpath("data", "functional_codes.json").read_text(encoding="utf-8"))
    return {**data["classes"], **data["sections"]}


_OTHER = re.compile(r"^其他(.+?)(?:支出)?$")


def _names_from_others(statements: Iterable[Statement]) -> dict[str, str]:
    """款 names that 其他…支出 items give away: 2010499 其他发展与改革事务支出 → 20104 发展与改革事务."""
    names: dict[str, str] = {}
    for stmt in statements:
        head = stmt.item
        if head is None or not head.code or len(head.code) != 7 or not head.code.endswith("99"):
            continue
        m = _OTHER.match(head.path[-1][1])
        if m:
            name = m.group(1)
            # 其他行政事业单位养老支出: the 支出 may be the 款's own (行政事业单位养老支出).
            official = code_names().get(head.code[:5])
            names.setdefault(head.code[:5], official if official == f"{name}支出" else name)
    return names


def _coded_path(tree: _Tree, fund: str, code: str, leaf: tuple[str, str],
                names: dict[str, str]) -> list[tuple[str, str]]:
    """The path of an item known by code and name only: parents named by the items or
    table rows that carry their codes, a sibling 其他…支出 item, the classification's
    list — and the code itself when nothing names the parent."""
    path: list[tuple[str, str]] = []
    for width in (3, 5):
        if width >= len(code):
            break
        prefix = code[:width]
        known = (next((i.name for i in tree.of_fund(fund) if i.code == prefix), None) or names.get(prefix)
                 or code_names().get(prefix))
        path.append((_CODE_WIDTH[width], known or prefix))
    return path + [leaf]


def _from_statement(tree: _Tree, stmt: Statement, names: dict[str, dict[str, str]]) -> None:
    head = stmt.item
    assert head is not None
    fact = stmt.fact
    fund = stmt.fund or FUNDS[0]
    structure = head.path[-1][0] != "项" and fact.share_pct is not None and fact.change is None
    path = head.path
    if len(path) == 1 and head.code and len(head.code) > 3:
        path = _coded_path(tree, fund, head.code, path[0], names.get(fund, {}))
    item = tree.ensure(fund, path, section=fact.section)
    _fill(
        item,
        amount=fact.value,
        share_pct=fact.share_pct,
        change=fact.change,
        change_pct=fact.change_pct,
        budget=fact.budget,
        reason=fact.reason or fact.budget_reason,
        section=fact.section,
        sentence=fact.sentence,
        page=fact.page,
        code=_code_for(head.code, head.path[-1][0]),
    )
    # Codes printed for the parents of the path (201 一般公共服务支出（类）03 …（款）).
    for depth, code in enumerate(head.codes[:-1], start=1):
        parent = tree.find(fund, [n for _, n in path[:depth]])
        if parent is not None and code and parent.code is None:
            parent.code = code
    if item.source == "narrative" and structure and not item.children:
        item.source = "structure"
    _fill_parent_codes(tree, fund, item)


def _code_for(code: str | None, level: str) -> str | None:
    if not code:
        return None
    return code if len(code) == _WIDTH[level] else None


def _fill_parent_codes(tree: _Tree, fund: str, item: LineItem) -> None:
    """A 项 code (7 digits) names its 款 (5) and 类 (3)."""
    if not item.code:
        return
    for depth in range(len(item.path) - 1, 0, -1):
        parent = tree.find(fund, item.path[:depth])
        if parent is None:
            continue
        width = _WIDTH[parent.level]
        if len(item.code) > width and parent.code is None:
            parent.code = item.code[:width]


# --- tables ---------------------------------------------------------------------------


def table_fund(table: Table) -> str | None:
    """The fund whose 功能分类 rows a table holds, or None (all-fund or economic tables)."""
    for key, fund in _TABLE_FUNDS:
        if table.key == key:
            return fund
    name = fold(table.name)
    if "基本支出" in name or "三公" in name or table.key == "basic":
        return None
    if table.key is None:
        for word, fund in _TABLE_WORDS:
            if word in name:
                return fund
    return None


_ANY_SPACE = re.compile(r"\s")  # compiled once: these run per table column and per name pair


def spend_value(table: Table, row: TableRow) -> Decimal | None:
    """The row's amount in the table's spending column (本年支出合计 …), else its first amount."""
    values = row.values
    if not values:
        return None
    columns = [_ANY_SPACE.sub("", fold(c)) for c in table.columns]
    offset = max(len(columns) - len(values), 0)
    for words in _SPEND:
        for i, column in enumerate(columns):
            if i >= offset and all(w in column for w in words):
                j = i - offset
                if j < len(values):
                    return values[j]
    return next((v for v in values if v is not None), None)


def _names_equal(a: str, b: str) -> bool:
    return _ANY_SPACE.sub("", canonical_name(a)) == _ANY_SPACE.sub("", canonical_name(b))


def _attach_table(tree: _Tree, table: Table, fund: str) -> None:
    rows = [r for r in table.rows if r.code and len(r.code) in _CODE_WIDTH and r.label]
    if not rows:
        return
    by_code = {r.code: r for r in rows}
    items = tree.of_fund(fund)
    # Narrative items first: match by name, the parents' names (or codes) confirming.
    matched: set[str] = set()
    for item in items:
        width = _WIDTH[item.level]
        candidates = [r for r in rows if len(r.code or "") == width and _names_equal(r.label, item.name)]
        if item.code:
            candidates = [r for r in candidates if r.code == item.code] or candidates
        if len(candidates) > 1:
            parents = item.path[:-1]

            def fits(row: TableRow) -> bool:
                code = row.code or ""
                for depth, name in enumerate(parents):
                    parent_row = by_code.get(code[: _WIDTH[_LEVELS[depth]]]) if depth < 2 else None
                    if parent_row is not None and not _names_equal(parent_row.label, name):
                        return False
                return True

            candidates = [r for r in candidates if fits(r)] or candidates
        if len(candidates) != 1:
            continue
        row = candidates[0]
        assert row.code is not None
        matched.add(row.code)
        if item.code is None:
            item.code = row.code
        if item.table_amount is None:
            item.table_amount = spend_value(table, row)
        _fill_parent_codes(tree, fund, item)
    # Rows the narrative does not mention: items of their own (amount stays None).
    for row in rows:
        code = row.code
        assert code is not None
        if code in matched or any(i.code == code for i in tree.of_fund(fund)):
            continue
        path: list[tuple[str, str]] = []
        for width in (3, 5, 7):
            if width > len(code):
                break
            prefix = code[:width]
            ancestor = by_code.get(prefix)
            named = next((i for i in tree.of_fund(fund) if i.code == prefix), None)
            name = ancestor.label if ancestor is not None else (named.name if named else None)
            if name:
                path.append((_CODE_WIDTH[width], canonical_name(name)))
        if not path or path[-1][1] != canonical_name(row.label):
            continue
        existing = tree.find(fund, [n for _, n in path])
        item = existing or tree.ensure(fund, path, source="table", section=table.section)
        if item.code is None:
            item.code = code
        if item.table_amount is None:
            item.table_amount = spend_value(table, row)
        if existing is None:
            item.source = "table"
        # Parents created for a table row come from the table too.
        for depth in range(1, len(path)):
            parent = tree.find(fund, [n for _, n in path[:depth]])
            if parent is not None and parent.code is None:
                parent.code = code[: _WIDTH[parent.level]]


# --- public ---------------------------------------------------------------------------------


def build_line_items(statements: Iterable[Statement], tables: Iterable[Table] = ()) -> list[LineItem]:
    """The item tree from item statements, then codes and amounts from fund tables."""
    tree = _Tree()
    tables = list(tables)
    names: dict[str, dict[str, str]] = {}  # fund → code → name, from the tables
    for table in tables:
        fund = table_fund(table)
        if fund is not None:
            for row in table.rows:
                if row.code and row.label:
                    names.setdefault(fund, {}).setdefault(row.code, canonical_name(row.label))
    # Items named by their path first, so that items known only by code find their parents' names.
    items = list(iter_items(statements))
    for code, name in _names_from_others(items).items():
        for fund_names in [names.setdefault(s.fund or FUNDS[0], {}) for s in items]:
            fund_names.setdefault(code, name)
    by_code_only = [s for s in items if s.item is not None and len(s.item.path) == 1 and len(s.item.code or "") > 3]
    for stmt in [s for s in items if s not in by_code_only] + by_code_only:
        _from_statement(tree, stmt, names)
    for table in tables:
        fund = table_fund(table)
        if fund is not None and table.rows:
            _attach_table(tree, table, fund)
    return list(tree.items.values())


def extract_line_items(doc: Document, statements: list[Statement] | None = None) -> list[LineItem]:
    """Line items of the document: narrative statements plus code-bearing table rows."""
    if statements is None:
        statements = analyse_document(doc)
    return build_line_items(statements, doc.tables)


def line_items_from_text(text: str, fund: str | None = None, section_id: str | None = None,
                         block: str | None = None) -> list[LineItem]:
    """Line items of one section's display text (for tests and other importers)."""
    from .facts import analyse_text

    return build_line_items(analyse_text(text, section_id, block, fund=fund))
