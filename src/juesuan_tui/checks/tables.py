"""Narrative against the included tables, and the tables' own code hierarchy (domain §7.7, §7.18, §7.22).

Only tables with ``status == "included"`` (a grid was read) are compared. Rows
are found by their printed label (folded) and code, columns by words of their
header; a cell that cannot be located unambiguously is not checked.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from importers.extract.numbers import parse_decimal
from importers.normalize import fold
from juesuan_tui.models import LineItem, Table, TableRow

from .base import Context, Rule, Term, show
from .tolerance import Approx

NARRATIVE_AMOUNT = Rule("table.narrative_amount", "说明中的金额与附表不符", "error",
                        "情况说明中的金额 = 附表中对应单元格的金额")
CODE_NAME = Rule("table.code_name", "同一科目编码的名称不一致", "warning",
                 "同一功能分类编码在说明和各附表中应使用同一名称")
SUM = Rule("table.sum", "附表中上级科目不等于下级科目之和", "error",
           "附表中：合计 = Σ 类，类 = Σ 款，款 = Σ 项（按编码前缀，逐列）")
# Computed while attaching tables (importers.attach), where the cell's row and column are known.
ITEM_AMOUNT = Rule("table.item_amount", "类款项金额与附表不符", "error",
                   "情况说明中类/款/项的金额 = 对应附表同一科目的金额")
CROSS = Rule("table.cross", "附表之间对应金额不一致", "error",
             "收入决算表合计 = 收入支出决算总表本年收入合计；支出决算表合计 = 本年支出合计；"
             "收入决算表财政拨款收入 = 财政拨款收入支出决算总表本年收入合计")
RULES = (NARRATIVE_AMOUNT, CODE_NAME, SUM, ITEM_AMOUNT, CROSS)


@dataclass(frozen=True)
class Cell:
    """Where a fact is printed in a table: rows by label, columns by header words."""

    key: str  # Fact.key
    table: str  # Table.key
    labels: tuple[str, ...]  # row labels (folded prefix match); () = the first row with values
    occurrence: int = 0  # 0: first matching row (收入 side), -1: last (支出 side)
    columns: tuple[tuple[str, ...], ...] = ()  # header word sets tried in order; () = first value
    exclusive: tuple[str, ...] = ()  # words of sibling columns: a header naming two of them is misread


_SANGONG_WORDS = ("合计", "出国", "小计", "车购置费", "车运行维护费", "接待")
_SPEND = (("本年支出", "合计"), ("本年支出", "小计"), ("本年支出",), ("支出", "合计"), ("合计",))
_T01, _T04 = "income_expenditure_total", "fiscal_total"

CELLS: tuple[Cell, ...] = (
    Cell("income.total", _T01, ("总计", "收入总计"), 0),
    Cell("income.current", _T01, ("本年收入合计",)),
    Cell("income.nonfiscal_balance_used", _T01, ("使用非财政拨款结余",)),
    Cell("income.carryover_begin", _T01, ("年初结转和结余",)),
    Cell("income.superior_subsidy", _T01, ("上级补助收入",)),
    Cell("income.business", _T01, ("事业收入",)),
    Cell("income.operating", _T01, ("经营收入",)),
    Cell("income.affiliated", _T01, ("附属单位上缴收入",)),
    Cell("income.other", _T01, ("其他收入",)),
    Cell("expenditure.total", _T01, ("总计", "支出总计"), -1),
    Cell("expenditure.current", _T01, ("本年支出合计",)),
    Cell("expenditure.surplus_distribution", _T01, ("结余分配",)),
    Cell("expenditure.carryover_end", _T01, ("年末结转和结余",)),
    Cell("fiscal.income_total", _T04, ("总计", "收入总计"), 0),
    Cell("fiscal.income_current", _T04, ("本年收入合计",)),
    Cell("fiscal.carryover_begin", _T04, ("年初财政拨款结转和结余", "年初结转和结余")),
    Cell("fiscal.expenditure_total", _T04, ("总计", "支出总计"), -1),
    Cell("fiscal.expenditure_current", _T04, ("本年支出合计",)),
    Cell("fiscal.carryover_end", _T04, ("年末财政拨款结转和结余", "年末结转和结余")),
    Cell("general.expenditure", "general_budget", ("合计",), 0, _SPEND),
    Cell("basic.personnel", "basic", ("人员经费合计", "人员经费")),
    Cell("basic.public", "basic", ("公用经费合计", "公用经费")),
    *(Cell(f"{scope}.{name}", table, ("合计",), 0, cols)
      for scope, table in (("fund", "gov_fund"), ("capital", "state_capital"))
      for name, cols in (("carryover_begin", (("年初",),)), ("income_current", (("本年收入",),)),
                         ("expenditure_current", _SPEND), ("carryover_end", (("年末",),)))),
    *(Cell(f"sangong.{name}", "sangong", (), 0, ((side, word),), _SANGONG_WORDS + ("预算",))
      for side in ("决算",)
      for name, word in (("total", "合计"), ("abroad", "出国"), ("vehicle", "小计"),
                         ("vehicle_purchase", "车购置费"), ("vehicle_operation", "车运行维护费"),
                         ("reception", "接待"))),
)

@dataclass(frozen=True)
class Spot:
    """A cell of one table: rows by label (folded prefix match), columns by header words."""

    table: str  # Table.key
    labels: tuple[str, ...]
    columns: tuple[tuple[str, ...], ...] = ()  # () = the row's first value


_TOTAL_ROW = ("合计", "总计")
# The same amount printed in two tables (domain §7.8, §7.11).
CROSS_SPOTS: tuple[tuple[Spot, Spot], ...] = (
    (Spot(_T01, ("本年收入合计",)), Spot("income", _TOTAL_ROW, (("本年收入合计",), ("收入合计",), ("合计",)))),
    (Spot(_T01, ("本年支出合计",)), Spot("expenditure", _TOTAL_ROW, (("本年支出合计",), ("支出合计",), ("合计",)))),
    (Spot(_T04, ("本年收入合计",)), Spot("income", _TOTAL_ROW, (("财政拨款",),))),
)

ITEM_TABLES = (("一般公共预算", "general_budget"), ("政府性基金", "gov_fund"), ("国有资本经营", "state_capital"))


# Headers of label and code columns. A value column named like one means the grid was
# misread (cells shifted against the header), and such a table is not compared.
_LABEL_HEADERS = frozenset({"科目名称", "项目", "科目编码", "编码", "类", "款", "项", "名称", "行次", "栏次"})


def _readable(table: Table) -> bool:
    """Whether the grid's header was understood: no label header among the value
    columns, and no two value columns with the same name (a header whose upper
    rows were lost, e.g. 预算数 | 决算数 | 预算数 …)."""
    names = [fold(name).replace(" ", "") for name in table.columns]
    if len(set(names)) != len(names):
        return False
    return not any(part in _LABEL_HEADERS for name in names for part in name.split("/"))


def _included(ctx: Context) -> dict[str, Table]:
    found: dict[str, Table] = {}
    for table in ctx.doc.tables:
        if (table.status == "included" and table.key and table.rows and table.key not in found
                and _readable(table)):
            found[table.key] = table
    return found


def _label(row: TableRow) -> str:
    return fold(row.label).replace(" ", "")


def _rows(table: Table, labels: tuple[str, ...]) -> list[int]:
    if not labels:
        return [i for i, row in enumerate(table.rows) if any(v is not None for v in row.values)][:1]
    for label in labels:
        want = fold(label)
        hits = [i for i, row in enumerate(table.rows) if _label(row) == want]
        if not hits:
            hits = [i for i, row in enumerate(table.rows) if _label(row).startswith(want)]
        if hits:
            return hits
    return []


def _column(table: Table, row: TableRow, hints: tuple[tuple[str, ...], ...],
            exclusive: tuple[str, ...] = ()) -> int | None:
    names = [fold(name).replace("/", "") for name in table.columns]
    for words in hints:
        hits = [j for j, name in enumerate(names) if all(w in name for w in words)
                and not any(x in name for x in exclusive if x not in words)
                and j < len(row.values) and row.values[j] is not None]
        if hits:
            return hits[0]
    if hints:
        return None
    return next((j for j, v in enumerate(row.values) if v is not None), None)


def _cell_term(table: Table, r: int, c: int, label: str) -> tuple[Term, str]:
    value = table.rows[r].values[c]
    assert value is not None
    column = table.columns[c] if c < len(table.columns) else f"第{c + 1}列"
    return (Term(f"{table.name}“{table.rows[r].label or label}”{column}", Approx.printed(value), show(value, "万元")),
            f"table:{table.key}:row {r}:col {c}")


def _facts(ctx: Context, tables: dict[str, Table]) -> None:
    # A combined statement (收入支出总计 X) is one fact per key, each matched to its own
    # cell (收入 side, 支出 side); one misprint is reported once.
    seen: set[tuple] = set()
    for cell in CELLS:
        table = tables.get(cell.table)
        if table is None:
            continue
        rows = _rows(table, cell.labels)
        if not rows:
            continue
        r = rows[cell.occurrence]
        if r in _ambiguous(ctx, table):
            continue
        c = _column(table, table.rows[r], cell.columns, cell.exclusive)
        if c is None:
            continue
        for fact in ctx.facts(cell.key):
            signature = (fact.section, fact.sentence, fact.value, table.key, table.rows[r].values[c])
            if signature in seen:
                continue
            seen.add(signature)
            printed, location = _cell_term(table, r, c, fact.label)
            ctx.check_sum(NARRATIVE_AMOUNT, ctx.term(fact), [printed],
                          section=fact.section, sentence=fact.sentence, location=location)


def _coded(table: Table, ctx: Context | None = None) -> dict[str, int]:
    """code → first row index (computed once per table when ``ctx`` is given)."""
    if ctx is not None:
        key = ("tables.coded", id(table))
        if key not in ctx.memo:
            ctx.memo[key] = _coded(table)
        return ctx.memo[key]  # type: ignore[return-value]
    index: dict[str, int] = {}
    for i, row in enumerate(table.rows):
        if row.code and row.code not in index:
            index[row.code] = i
    return index


def _ambiguous(ctx: Context, table: Table) -> set[int]:
    """Rows whose cells cannot be placed under their columns.

    A grid read from plain text loses the position of a blank cell: a row that
    prints fewer amounts than the fullest row of the table may have its amounts
    under the wrong columns. (PDF and spreadsheet grids keep positions.) A row
    whose label is a number was misread too.
    """
    key = ("tables.ambiguous", id(table))
    if key not in ctx.memo:
        ctx.memo[key] = _unplaced(ctx, table)
    return ctx.memo[key]  # type: ignore[return-value]


def _unplaced(ctx: Context, table: Table) -> set[int]:
    numeric_label = {i for i, row in enumerate(table.rows) if row.label and parse_decimal(row.label) is not None}
    if ctx.doc.source.format != "text":
        return numeric_label
    counts = {i: sum(v is not None for v in row.values) for i, row in enumerate(table.rows) if row.code}
    width = max(counts.values(), default=0)
    return numeric_label | {i for i, n in counts.items() if n < width}


def _by_path(table: Table, path: list[str]) -> int | None:
    """The row of a narrative path (类/款/项 names) found through the table's codes."""
    prefix = ""
    found = None
    for depth, name in enumerate(path):
        want = fold(name)
        width = 3 + 2 * depth
        hits = [i for i, row in enumerate(table.rows) if row.code and len(row.code) == width
                and row.code.startswith(prefix) and _label(row) == want]
        if len(hits) != 1:
            return None
        found = hits[0]
        prefix = table.rows[found].code or ""
    return found


def _item_table(item: LineItem, tables: dict[str, Table]) -> Table | None:
    folded = fold(item.fund)
    return next((tables.get(key) for word, key in ITEM_TABLES if word in folded), None)


def _has_grid(ctx: Context, item: LineItem) -> bool:
    """Whether the document includes a grid for the item's fund (then it is read here, with
    the same guards as every other cell, rather than trusting ``item.table_amount``)."""
    grids = {t.key: t for t in ctx.doc.tables if t.status == "included" and t.key}
    return _item_table(item, grids) is not None


def _items(ctx: Context, tables: dict[str, Table]) -> None:
    unit = ctx.doc.money_unit
    for item in ctx.doc.line_items:
        if item.source == "table" or item.amount is None:
            continue
        mine = Term(f"{item.name}（说明）", ctx.item_approx(item.amount), show(item.amount, unit))
        location = f"item:{item.fund}:{item.path_key}"
        table = _item_table(item, tables)
        if table is None and item.table_amount is not None and not _has_grid(ctx, item):
            # an amount an extractor matched from a table this document does not include
            theirs = Term(f"{item.name}（附表）", ctx.item_approx(item.table_amount), show(item.table_amount, unit))
            ctx.check_sum(NARRATIVE_AMOUNT, mine, [theirs], unit=unit,
                          section=item.section, sentence=item.sentence, location=location)
            continue
        if table is None:
            continue
        r = _coded(table, ctx).get(item.code) if item.code else _by_path(table, item.path)
        if r is None or r in _ambiguous(ctx, table):
            continue
        c = _column(table, table.rows[r], _SPEND)
        if c is None:
            continue
        printed, where = _cell_term(table, r, c, item.name)
        ctx.check_sum(NARRATIVE_AMOUNT, mine, [printed], unit=unit,
                      section=item.section, sentence=item.sentence, location=where)


def _names(ctx: Context, tables: dict[str, Table]) -> None:
    """One name per code, across the narrative and the tables."""
    seen: dict[str, tuple[str, str, str | None, str]] = {}  # code → (name, where, section, location)

    def visit(code: str | None, name: str, where: str, section: str | None, location: str) -> None:
        if not code or not name:
            return
        if code not in seen:
            seen[code] = (name, where, section, location)
            return
        first, first_where, _, first_location = seen[code]
        if fold(first).replace(" ", "") != fold(name).replace(" ", ""):
            ctx.add(CODE_NAME, "warning", f"编码 {code} 在{first_where}中为“{first}”，在{where}中为“{name}”",
                    {f"{first_where}名称": first, f"{where}名称": name, "编码": code}, None,
                    section=section, location=location)

    for item in ctx.doc.line_items:
        if item.source != "table":
            visit(item.code, item.name, "情况说明", item.section, f"item:{item.fund}:{item.path_key}")
    for table in tables.values():
        for r, row in enumerate(table.rows):
            visit(row.code, row.label, table.name, table.section, f"table:{table.key}:row {r}")


def _children(table: Table, parent: str, codes: Iterable[str]) -> list[str]:
    width = 3 if parent == "" else len(parent) + 2
    return [c for c in codes if len(c) == width and c.startswith(parent)]


def _sums(ctx: Context, table: Table) -> None:
    coded = _coded(table)
    if not coded:
        return
    unplaced = _ambiguous(ctx, table)
    totals = [i for i, row in enumerate(table.rows) if not row.code and _label(row) in {"合计", "总计"}]
    parents: list[tuple[str, int]] = [(code, i) for code, i in coded.items() if len(code) in (3, 5)]
    if len(totals) == 1:
        parents.insert(0, ("", totals[0]))
    for parent, r in parents:
        kids = _children(table, parent, coded)
        if not kids or r in unplaced or any(coded[kid] in unplaced for kid in kids):
            continue
        row = table.rows[r]
        for c, value in enumerate(row.values):
            if value is None:
                continue
            # Blank child cells count as 0 (domain §7: blanks and dashes are 0).
            parts = []
            for kid in kids:
                kid_row = table.rows[coded[kid]]
                kid_value = kid_row.values[c] if c < len(kid_row.values) else None
                label = f"{kid} {kid_row.label}"
                if kid_value is None:
                    parts.append(Term(label, Approx.exact(0), "—"))
                else:
                    parts.append(Term(label, Approx.printed(kid_value), show(kid_value, "万元")))
            column = table.columns[c] if c < len(table.columns) else f"第{c + 1}列"
            whole = Term(f"{parent or ''} {row.label}（{column}）".strip(), Approx.printed(value), show(value, "万元"))
            ctx.check_sum(SUM, whole, parts, section=table.section, location=f"table:{table.key}:row {r}:col {c}")


def _spot(ctx: Context, tables: dict[str, Table], spot: Spot) -> tuple[Table, int, int] | None:
    """Where ``spot`` is printed, when it can be located unambiguously."""
    table = tables.get(spot.table)
    if table is None:
        return None
    rows = _rows(table, spot.labels)
    if len(rows) != 1 or rows[0] in _ambiguous(ctx, table):
        return None  # a label printed twice (two-sided tables): which one is meant is unknown
    c = _column(table, table.rows[rows[0]], spot.columns)
    return None if c is None else (table, rows[0], c)


def _cross(ctx: Context, tables: dict[str, Table]) -> None:
    for first, second in CROSS_SPOTS:
        a, b = _spot(ctx, tables, first), _spot(ctx, tables, second)
        if a is None or b is None:
            continue
        (table_a, ra, ca), (table_b, rb, cb) = a, b
        term_a, location = _cell_term(table_a, ra, ca, first.labels[0])
        term_b, _ = _cell_term(table_b, rb, cb, second.labels[0])
        ctx.check_sum(CROSS, term_a, [term_b], section=table_a.section, location=location)


def check(ctx: Context) -> None:
    tables = _included(ctx)
    _names(ctx, tables)
    if not tables:
        _items(ctx, {})  # table_amount set by an extractor still counts
        return
    _facts(ctx, tables)
    _items(ctx, tables)
    _cross(ctx, tables)
    for table in tables.values():
        _sums(ctx, table)
