"""View models: pure functions from a ``Document`` to what the widgets show.

No Textual here, so every rule (drill-down sums, table rebuilding, term
matching) is testable on plain models.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cache
from typing import TYPE_CHECKING

from importers.extract.numbers import to_wan
from importers.normalize import fold
from juesuan_tui.format import share
from juesuan_tui.models import (
    FUNDS,
    Document,
    DocumentSummary,
    Fact,
    Finding,
    GlossaryTerm,
    Indicator,
    LineItem,
    Scorecard,
    Section,
    Table,
)

if TYPE_CHECKING:
    # Imported where used: the app's start-up needs none of them (compare alone builds models).
    from juesuan_tui.compare import Comparison, ItemDiff
    from juesuan_tui.exporting import Sheet
    from juesuan_tui.overview import OverviewRow

# ---------------------------------------------------------------------------
# Matching helpers

_PARENS = {"（": "[（(]", "(": "[（(]", "）": "[）)]", ")": "[）)]"}
_QUOTES = set("“”\"‘’'「」『』")
_COLONS = {"：": "[：:]", ":": "[：:]"}


def flexible_pattern(phrase: str) -> str:
    """A regex for ``phrase`` as it may be printed: either width of （）： and of ASCII
    characters, any or no quotes, and whitespace (a wrapped cell, a page break) between characters."""
    parts: list[str] = []
    for char in phrase.strip():
        if char.isspace():
            continue
        if char in _QUOTES:
            parts.append("[“”\"‘’'「」『』]?")
        elif char in _PARENS:
            parts.append(_PARENS[char])
        elif char in _COLONS:
            parts.append(_COLONS[char])
        elif "!" <= char <= "~" or "\uff01" <= char <= "\uff5e":
            # Either width of an ASCII character (3/３, %/％), as search finds both.
            other = chr(ord(char) + 0xFEE0) if char <= "~" else chr(ord(char) - 0xFEE0)
            parts.append(f"[{re.escape(char)}{re.escape(other)}]")
        else:
            parts.append(re.escape(char))
    return r"\s*".join(parts)


def find_spans(text: str, phrases: Iterable[str]) -> list[tuple[int, int, str]]:
    """Non-overlapping ``(start, end, phrase)`` occurrences in ``text``; longer phrases win."""
    unique = sorted({p for p in phrases if p and p.strip()}, key=len, reverse=True)
    taken: list[tuple[int, int, str]] = []
    for phrase in unique:
        for match in re.finditer(flexible_pattern(phrase), text, flags=re.IGNORECASE):
            start, end = match.span()
            if end > start and all(end <= s or start >= e for s, e, _ in taken):
                taken.append((start, end, phrase))
    return sorted(taken)


# A number with its unit, in display text (either width of % and digits' separators).
AMOUNT_RE = re.compile(r"-?\d[\d,，]*(?:\.\d+)?\s*(?:亿元|万元|元|%|％)")


def amount_spans(text: str) -> list[tuple[int, int]]:
    """Where amounts and percentages (``3,361.40 万元``, ``47.80%``) are in ``text``."""
    return [m.span() for m in AMOUNT_RE.finditer(text)]


def terms_in_text(terms: Sequence[GlossaryTerm], text: str) -> list[GlossaryTerm]:
    """The glossary terms that occur in ``text``, in order of first occurrence."""
    by_phrase = {t.term: t for t in terms}
    first: dict[str, int] = {}
    for start, _end, phrase in find_spans(text, by_phrase):
        first.setdefault(phrase, start)
    return [by_phrase[p] for p in sorted(first, key=first.__getitem__)]


def filter_terms(terms: Sequence[GlossaryTerm], query: str) -> list[GlossaryTerm]:
    """Terms whose name or definition contains ``query`` (width- and space-insensitive)."""
    needle = fold(query).strip().casefold()
    if not needle:
        return list(terms)
    return [t for t in terms if needle in fold(t.term).casefold() or needle in fold(t.definition).casefold()]


# ---------------------------------------------------------------------------
# Documents and sections


@dataclass
class YearGroup:
    year: int | None
    documents: list[DocumentSummary]


@dataclass
class UnitGroup:
    unit: str
    years: list[YearGroup]


def document_groups(summaries: Iterable[DocumentSummary]) -> list[UnitGroup]:
    """Documents grouped by unit (sorted; spellings differing only in width or spacing
    are one unit) then year (newest first)."""
    units: dict[str, dict[int | None, list[DocumentSummary]]] = {}
    names: dict[str, str] = {}
    for summary in summaries:
        key = fold(summary.unit)
        names.setdefault(key, summary.unit)
        units.setdefault(key, {}).setdefault(summary.year, []).append(summary)
    groups = []
    for key in sorted(units):
        years = sorted(units[key].items(), key=lambda kv: (kv[0] is None, -(kv[0] or 0)))
        groups.append(UnitGroup(names[key], [YearGroup(y, sorted(d, key=lambda s: s.title)) for y, d in years]))
    return groups


def section_trail(doc: Document, section_id: str) -> list[Section]:
    """The sections from the top of the tree down to ``section_id`` (empty when absent)."""

    def search(nodes: list[Section], trail: list[Section]) -> list[Section] | None:
        for node in nodes:
            here = [*trail, node]
            if node.id == section_id:
                return here
            found = search(node.children, here)
            if found:
                return found
        return None

    return search(doc.sections, []) or []


def first_section_id(doc: Document) -> str | None:
    """The first section with text of its own, else the first section."""
    sections = list(doc.walk_sections())
    for section in sections:
        if section.text.strip():
            return section.id
    return sections[0].id if sections else None


@dataclass
class Block:
    """A line of the 正文 view: a heading of the section (or a descendant) or a paragraph."""

    kind: str  # heading / paragraph
    section_id: str
    text: str
    level: int = 0


def section_blocks(section: Section) -> list[Block]:
    """Headings and paragraphs of a section and its descendants, in document order."""
    blocks: list[Block] = []
    for node in section.walk():
        lines = [line.strip() for line in node.text.splitlines() if line.strip()]
        if node.heading:
            blocks.append(Block("heading", node.id, node.heading, node.level))
            if lines and fold(lines[0]) == fold(node.heading):
                lines = lines[1:]  # the display text may repeat its heading
        blocks.extend(Block("paragraph", node.id, line, node.level) for line in lines)
    return blocks


def subtree_text(section: Section) -> str:
    """The display text of a section and its descendants, headings included."""
    parts = []
    for node in section.walk():
        if node is not section and node.heading:
            parts.append(node.heading)
        if node.text.strip():
            parts.append(node.text.strip())
    return "\n".join(parts)


# ---------------------------------------------------------------------------
# Facts


def facts_by_key(doc: Document) -> dict[str, Fact]:
    """The first fact for every canonical key (the narrative states a total before repeating it)."""
    out: dict[str, Fact] = {}
    for fact in doc.facts:
        if fact.key and fact.key not in out:
            out[fact.key] = fact
    return out


def fact_amount(fact: Fact | None) -> Decimal | None:
    """A fact's money value in 万元 (its printed value when it is not money)."""
    if fact is None:
        return None
    if fact.value_wan is not None:
        return fact.value_wan
    converted = to_wan(fact.value, fact.unit)  # an extractor that left value_wan unset
    return converted if converted is not None else fact.value


# ---------------------------------------------------------------------------
# 类 / 款 / 项 drill-down

LEVELS = ("类", "款", "项")
FUND_TOTAL_KEYS = {
    "一般公共预算财政拨款": "general.expenditure",
    "政府性基金预算财政拨款": "fund.expenditure_current",
    "国有资本经营预算财政拨款": "capital.expenditure_current",
}


@dataclass(eq=False)
class DrillNode:
    """A fund, 类, 款 or 项 with what the document says about it."""

    name: str
    level: str  # 资金 / 类 / 款 / 项
    fund: str
    path: tuple[str, ...] = ()
    code: str | None = None
    stated: Decimal | None = None  # as printed; None when not disclosed
    printed_share: Decimal | None = None
    change: Decimal | None = None
    change_pct: Decimal | None = None
    reason: str | None = None
    sentence: str = ""
    section: str | None = None
    children: list[DrillNode] = field(default_factory=list)
    parent: DrillNode | None = field(default=None, repr=False)

    @property
    def children_sum(self) -> Decimal | None:
        """Σ children's amounts, None when a child's amount is unknown."""
        if not self.children:
            return None
        values = [child.amount for child in self.children]
        if any(v is None for v in values):
            return None
        return sum(values, Decimal(0))  # type: ignore[arg-type]

    @property
    def amount(self) -> Decimal | None:
        """The stated amount, else the sum of the children."""
        return self.stated if self.stated is not None else self.children_sum

    @property
    def derived(self) -> bool:
        return self.stated is None and self.amount is not None

    @property
    def tolerance(self) -> Decimal:
        """Rounding allowance for a sum of k printed values (max(0.01, 0.005·k) 万元)."""
        return max(Decimal("0.01"), Decimal("0.005") * len(self.children))

    @property
    def difference(self) -> Decimal | None:
        total = self.children_sum
        if total is None or self.stated is None:
            return None
        return total - self.stated

    @property
    def check(self) -> str:
        """✓ children add up to the stated amount, ✗ they do not, — cannot tell."""
        diff = self.difference
        if diff is None:
            return "—"
        return "✓" if abs(diff) <= self.tolerance else "✗"

    @property
    def share_of_parent(self) -> Decimal | None:
        parent_amount = self.parent.amount if self.parent else None
        computed = share(self.amount, parent_amount)
        return computed if computed is not None else self.printed_share

    @property
    def trail(self) -> list[DrillNode]:
        node: DrillNode | None = self
        out = []
        while node is not None:
            out.append(node)
            node = node.parent
        return out[::-1]


def _add_child(parent: DrillNode, child: DrillNode) -> DrillNode:
    child.parent = parent
    parent.children.append(child)
    return child


def drill_tree(doc: Document) -> DrillNode:
    """A root whose children are the funds that have line items or a stated total, each
    holding its 类 → 款 → 项 tree. Duplicate line items (structure and narrative) merge."""
    facts = facts_by_key(doc)
    root = DrillNode(name="全部资金", level="全部", fund="")
    index: dict[tuple[str, tuple[str, ...]], DrillNode] = {}
    funds: dict[str, DrillNode] = {}

    def fund_node(fund: str) -> DrillNode:
        if fund not in funds:
            total = facts.get(FUND_TOTAL_KEYS.get(fund, ""))
            funds[fund] = DrillNode(name=fund, level="资金", fund=fund, stated=fact_amount(total),
                                    change=total.change if total else None,
                                    change_pct=total.change_pct if total else None,
                                    reason=total.reason if total else None,
                                    sentence=total.sentence if total else "",
                                    section=total.section if total else None)
        return funds[fund]

    for item in doc.line_items:
        if not item.path:
            continue
        parent = fund_node(item.fund)
        keys = tuple(fold(name) for name in item.path)
        for depth in range(len(item.path)):
            key = (item.fund, keys[: depth + 1])
            node = index.get(key)
            if node is None:
                level = item.level if depth == len(item.path) - 1 else LEVELS[min(depth, 2)]
                node = _add_child(parent, DrillNode(name=item.path[depth], level=level, fund=item.fund,
                                                    path=tuple(item.path[: depth + 1])))
                index[key] = node
            parent = node
        node = parent
        # Merge: the first source that states a field wins (narrative and structure agree
        # when the document is consistent; a disagreement is the checker's business).
        node.code = node.code or item.code
        if node.stated is None:
            node.stated = item.amount if item.amount is not None else item.table_amount
        node.printed_share = node.printed_share if node.printed_share is not None else item.share_pct
        node.change = node.change if node.change is not None else item.change
        node.change_pct = node.change_pct if node.change_pct is not None else item.change_pct
        node.reason = node.reason or item.reason
        node.sentence = node.sentence or item.sentence
        node.section = node.section or item.section

    for fund in FUNDS:
        if fund not in funds and facts.get(FUND_TOTAL_KEYS[fund]) is not None:
            fund_node(fund)
    order = {f: i for i, f in enumerate(FUNDS)}
    for fund in sorted(funds, key=lambda f: order.get(f, len(order))):
        _add_child(root, funds[fund])
    return root


def find_drill_node(root: DrillNode, names: Sequence[str]) -> DrillNode | None:
    """Walk down from ``root`` by names (width-insensitive); None when a step is missing."""
    node = root
    for name in names:
        wanted = fold(name)
        node = next((c for c in node.children if fold(c.name) == wanted), None)  # type: ignore[assignment]
        if node is None:
            return None
    return node


# ---------------------------------------------------------------------------
# Standard tables rebuilt from facts

Cell = Decimal | str | None


@dataclass
class TableView:
    """A table to show: header, rows of cells (Decimal amounts, str labels, None = not disclosed)."""

    key: str
    title: str
    columns: list[str]
    rows: list[list[Cell]]
    unit: str = "万元"
    status: str | None = None  # listed / empty / included, from doc.tables
    note: str = ""
    from_facts: bool = True
    row_levels: list[int] = field(default_factory=list)  # indent per row (0 = total)
    label_column: int = 0  # the column holding row labels (indented by level)
    # Where a rebuilt cell's number comes from: "fact:<key>" or "item:<fund>:<path>" (as in
    # Finding.location), so findings about that number can be marked on the cell.
    sources: dict[tuple[int, int], str] = field(default_factory=dict)
    # Filled by ``mark_tables``: findings per row, the worst severity per cell, and findings
    # about the table as a whole.
    row_findings: dict[int, list[Finding]] = field(default_factory=dict)
    cell_marks: dict[tuple[int, int], str] = field(default_factory=dict)
    table_findings: list[Finding] = field(default_factory=list)


@dataclass(frozen=True)
class _StandardTable:
    key: str
    title: str

    def matches(self, name: str) -> bool:
        return _TABLE_MATCHERS[self.key](fold(name))


STANDARD_TABLES: tuple[_StandardTable, ...] = (
    _StandardTable("income_expenditure_total", "收入支出决算总表"),
    _StandardTable("income", "收入决算表"),
    _StandardTable("expenditure", "支出决算表"),
    _StandardTable("fiscal_total", "财政拨款收入支出决算总表"),
    _StandardTable("general_budget", "一般公共预算财政拨款支出决算表"),
    _StandardTable("basic_expenditure", "一般公共预算财政拨款基本支出决算表"),
    _StandardTable("gov_fund", "政府性基金预算财政拨款收入支出决算表"),
    _StandardTable("state_capital", "国有资本经营预算财政拨款收入支出决算表"),
    _StandardTable("sangong", "财政拨款“三公”经费支出决算表"),
)

_FUND_WORDS = ("一般公共预算", "政府性基金", "国有资本", "三公")
# Titles vary by region (domain §2); recognise each table by its distinguishing words.
_TABLE_MATCHERS = {
    "income_expenditure_total": lambda n: ("收入支出决算" in n or "收支决算" in n) and "财政拨款" not in n,
    "income": lambda n: "收入决算" in n and "支出" not in n,
    "expenditure": lambda n: "支出决算" in n and "收入" not in n and "财政拨款" not in n,
    "fiscal_total": lambda n: ("财政拨款收入支出决算" in n or "财政拨款收支决算" in n)
    and not any(w in n for w in _FUND_WORDS),
    "general_budget": lambda n: "一般公共预算财政拨款" in n and "支出决算" in n
    and not any(w in n for w in ("基本支出", "项目支出", "三公")),
    "basic_expenditure": lambda n: "基本支出" in n,
    "gov_fund": lambda n: "政府性基金" in n and "三公" not in n,
    "state_capital": lambda n: "国有资本经营" in n,
    "sangong": lambda n: "三公" in n,
}

_TABLE_KEY_ALIASES = {  # Table.key spellings other extractors may use
    "income_expenditure_total": {"income_expenditure_total", "income_expenditure"},
    "income": {"income"},
    "expenditure": {"expenditure"},
    "fiscal_total": {"fiscal_total", "fiscal_income_expenditure_total", "fiscal_income_expenditure", "fiscal"},
    "general_budget": {"general_budget", "general_budget_expenditure", "general"},
    "basic_expenditure": {"basic_expenditure", "basic"},
    "gov_fund": {"gov_fund", "government_fund", "fund"},
    "state_capital": {"state_capital", "capital"},
    "sangong": {"sangong"},
}


def match_table(doc: Document, key: str) -> Table | None:
    """The ``doc.tables`` entry for a standard table: by key, else by title words."""
    aliases = _TABLE_KEY_ALIASES.get(key, {key})
    for table in doc.tables:
        if table.key in aliases:
            return table
    spec = next(s for s in STANDARD_TABLES if s.key == key)
    return next((t for t in doc.tables if spec.matches(t.name)), None)


def _fund_items(root: DrillNode, fund: str) -> list[DrillNode]:
    node = next((c for c in root.children if c.fund == fund), None)
    return [n for child in (node.children if node else []) for n in _walk(child)]


def _item_source(node: DrillNode) -> str:
    """A drill node as a ``Finding.location`` names it."""
    return f"item:{node.fund}:{'/'.join(node.path)}"


def _walk(node: DrillNode) -> Iterable[DrillNode]:
    yield node
    for child in node.children:
        yield from _walk(child)


def standard_tables(doc: Document) -> list[TableView]:
    """The nine standard tables rebuilt from facts and line items; undisclosed cells are None."""
    facts = facts_by_key(doc)

    def v(key: str) -> Decimal | None:
        return fact_amount(facts.get(key))

    def budget(key: str) -> Decimal | None:
        fact = facts.get(key)
        return fact.budget if fact else None

    root = drill_tree(doc)
    views: list[TableView] = []

    income = [("财政拨款收入", "income.fiscal"), ("上级补助收入", "income.superior_subsidy"),
              ("事业收入", "income.business"), ("经营收入", "income.operating"),
              ("附属单位上缴收入", "income.affiliated"), ("其他收入", "income.other"),
              ("本年收入合计", "income.current"),
              ("使用非财政拨款结余（含专用结余）", "income.nonfiscal_balance_used"),
              ("年初结转和结余", "income.carryover_begin"), ("收入总计", "income.total")]
    spend = [("基本支出", "expenditure.basic"), ("项目支出", "expenditure.project"),
             ("上缴上级支出", "expenditure.remit_superior"), ("经营支出", "expenditure.operating"),
             ("对附属单位补助支出", "expenditure.affiliated_subsidy"), ("本年支出合计", "expenditure.current"),
             ("结余分配", "expenditure.surplus_distribution"), ("年末结转和结余", "expenditure.carryover_end"),
             ("支出总计", "expenditure.total")]
    rows: list[list[Cell]] = []
    sources: dict[tuple[int, int], str] = {}
    for i in range(max(len(income), len(spend))):
        left = income[i] if i < len(income) else None
        right = spend[i] if i < len(spend) else None
        rows.append([left[0] if left else "", v(left[1]) if left else "",
                     right[0] if right else "", v(right[1]) if right else ""])
        if left:
            sources[(i, 1)] = f"fact:{left[1]}"
        if right:
            sources[(i, 3)] = f"fact:{right[1]}"
    views.append(TableView("income_expenditure_total", "收入支出决算总表",
                           ["收入项目", "决算数", "支出项目", "决算数"], rows,
                           note="支出按基本支出、项目支出等列示；按功能分类的支出见“类款项”。", sources=sources))

    income_keys = ("income.current", "income.fiscal", "income.superior_subsidy", "income.business",
                   "income.operating", "income.affiliated", "income.other")
    views.append(TableView("income", "收入决算表",
                           ["项目", "本年收入合计", "财政拨款收入", "上级补助收入", "事业收入", "经营收入",
                            "附属单位上缴收入", "其他收入"],
                           [["合计", *(v(k) for k in income_keys)]],
                           sources={(0, c): f"fact:{k}" for c, k in enumerate(income_keys, 1)}))
    spend_keys = ("expenditure.current", "expenditure.basic", "expenditure.project", "expenditure.remit_superior",
                  "expenditure.operating", "expenditure.affiliated_subsidy")
    views.append(TableView("expenditure", "支出决算表",
                           ["项目", "本年支出合计", "基本支出", "项目支出", "上缴上级支出", "经营支出",
                            "对附属单位补助支出"],
                           [["合计", *(v(k) for k in spend_keys)]],
                           sources={(0, c): f"fact:{k}" for c, k in enumerate(spend_keys, 1)}))

    fiscal_rows = [
        ("年初财政拨款结转和结余", "fiscal.carryover_begin", None, "fund.carryover_begin", "capital.carryover_begin"),
        ("本年财政拨款收入", "fiscal.income_current", None, "fund.income_current", "capital.income_current"),
        ("收入总计", "fiscal.income_total", None, "fund.income_total", "capital.income_total"),
        ("本年财政拨款支出", "fiscal.expenditure_current", "general.expenditure", "fund.expenditure_current",
         "capital.expenditure_current"),
        ("年末财政拨款结转和结余", "fiscal.carryover_end", None, "fund.carryover_end", "capital.carryover_end"),
        ("支出总计", "fiscal.expenditure_total", None, "fund.expenditure_total", "capital.expenditure_total"),
    ]
    views.append(TableView("fiscal_total", "财政拨款收入支出决算总表",
                           ["项目", "合计", "一般公共预算财政拨款", "政府性基金预算财政拨款", "国有资本经营预算财政拨款"],
                           [[label, *(v(k) if k else None for k in keys)] for label, *keys in fiscal_rows],
                           sources={(r, c): f"fact:{k}" for r, (_, *keys) in enumerate(fiscal_rows)
                                    for c, k in enumerate(keys, 1) if k}))

    general = _fund_items(root, "一般公共预算财政拨款")
    views.append(TableView(
        "general_budget", "一般公共预算财政拨款支出决算表", ["科目编码", "科目名称", "合计", "基本支出", "项目支出"],
        [["", "合计", v("general.expenditure"), v("basic.total"), None],
         *([n.code or "", n.name, n.amount, None, None] for n in general)],
        row_levels=[0, *(LEVELS.index(n.level) + 1 if n.level in LEVELS else 1 for n in general)], label_column=1,
        sources={(0, 2): "fact:general.expenditure", (0, 3): "fact:basic.total",
                 **{(r, 2): _item_source(n) for r, n in enumerate(general, 1)}}))

    basic_keys = (("人员经费", "basic.personnel"), ("公用经费", "basic.public"), ("合计", "basic.total"))
    views.append(TableView("basic_expenditure", "一般公共预算财政拨款基本支出决算表", ["项目", "决算数"],
                           [[label, v(k)] for label, k in basic_keys],
                           sources={(r, 1): f"fact:{k}" for r, (_, k) in enumerate(basic_keys)}))

    for key, title, fund, prefix in (
        ("gov_fund", "政府性基金预算财政拨款收入支出决算表", "政府性基金预算财政拨款", "fund"),
        ("state_capital", "国有资本经营预算财政拨款收入支出决算表", "国有资本经营预算财政拨款", "capital"),
    ):
        items = _fund_items(root, fund)
        totals = (f"{prefix}.carryover_begin", f"{prefix}.income_current", f"{prefix}.expenditure_current",
                  f"{prefix}.carryover_end")
        views.append(TableView(
            key, title, ["科目编码", "科目名称", "年初结转和结余", "本年收入", "本年支出", "年末结转和结余"],
            [["", "合计", *(v(k) for k in totals)],
             *([n.code or "", n.name, None, None, n.amount, None] for n in items)],
            row_levels=[0, *(LEVELS.index(n.level) + 1 if n.level in LEVELS else 1 for n in items)], label_column=1,
            sources={**{(0, c): f"fact:{k}" for c, k in enumerate(totals, 2)},
                     **{(r, 4): _item_source(n) for r, n in enumerate(items, 1)}}))

    sangong = ("sangong.total", "sangong.abroad", "sangong.vehicle", "sangong.vehicle_purchase",
               "sangong.vehicle_operation", "sangong.reception")
    views.append(TableView("sangong", "财政拨款“三公”经费支出决算表",
                           ["项目", "合计", "因公出国（境）费", "公务用车购置及运行维护费", "公务用车购置费",
                            "公务用车运行维护费", "公务接待费"],
                           [["预算数", *(budget(k) for k in sangong)], ["决算数", *(v(k) for k in sangong)]],
                           sources={(r, c): f"fact:{k}" for r in (0, 1) for c, k in enumerate(sangong, 1)}))

    for view in views:
        table = match_table(doc, view.key)
        if table is not None:
            view.status = table.status
            if table.note:
                view.note = (view.note + " " + table.note).strip()
    return views


def included_tables(doc: Document) -> list[TableView]:
    """``doc.tables`` that come with their grid (status ``included``), as printed."""
    out = []
    for table in doc.tables:
        if table.status != "included" or not table.rows:
            continue
        width = max([len(table.columns), *(len(r.cells) for r in table.rows)])
        columns = table.columns + [""] * (width - len(table.columns))
        out.append(TableView(key=table.key or table.name, title=table.name, columns=columns,
                             rows=[list(r.cells) + [""] * (width - len(r.cells)) for r in table.rows],
                             unit=table.unit or "", status=table.status, note=table.note, from_facts=False))
    return out


TABLE_STATUS_LABELS = {"listed": "仅列出", "empty": "空表", "included": "含数据", None: "未列出"}


# ---------------------------------------------------------------------------
# Scorecards


@dataclass
class IndicatorRow:
    """A row of the indicator tree: a 一级 or 二级 group, an indicator, or the total."""

    kind: str  # level1 / level2 / indicator / total
    name: str
    target: str = ""
    actual: str = ""
    weight: Decimal | None = None
    score: Decimal | None = None
    note: str = ""
    index: int | None = None  # the indicator's position in ``Scorecard.indicators``


def _sum(values: Iterable[Decimal | None]) -> Decimal | None:
    values = list(values)
    if not values or any(v is None for v in values):
        return None
    return sum(values, Decimal(0))  # type: ignore[arg-type]


def indicator_rows(card: Scorecard) -> list[IndicatorRow]:
    """Indicators grouped 一级 → 二级 (in order of first appearance), with group sums and the total."""
    groups: dict[str, dict[str, list[Indicator]]] = {}
    positions = {id(ind): n for n, ind in enumerate(card.indicators)}
    for ind in card.indicators:
        groups.setdefault(ind.level1, {}).setdefault(ind.level2, []).append(ind)
    rows: list[IndicatorRow] = []
    for level1, level2s in groups.items():
        members = [i for inds in level2s.values() for i in inds]
        rows.append(IndicatorRow("level1", level1, weight=_sum(i.weight for i in members),
                                 score=_sum(i.score for i in members)))
        for level2, inds in level2s.items():
            rows.append(IndicatorRow("level2", level2, weight=_sum(i.weight for i in inds),
                                     score=_sum(i.score for i in inds)))
            rows.extend(IndicatorRow("indicator", i.name, i.target, i.actual, i.weight, i.score, i.note,
                                     index=positions[id(i)])
                        for i in inds)
    rows.append(IndicatorRow("total", "总分", weight=card.total_weight, score=card.total_score))
    return rows


def scorecards_for_section(doc: Document, section_id: str | None) -> list[Scorecard]:
    """Scorecards found in ``section_id`` or below it."""
    if section_id is None:
        return []
    section = doc.section(section_id)
    if section is None:
        return []
    ids = {s.id for s in section.walk()}
    return [card for card in doc.scorecards if card.section in ids]


# ---------------------------------------------------------------------------
# Findings (检查): grouping, where each one points, and which shown numbers it concerns

SEVERITIES: tuple[str, ...] = ("error", "warning", "info")
SEVERITY_LABELS = {"error": "错误", "warning": "警告", "info": "提示"}
SEVERITY_MARKS = {"error": "错", "warning": "警", "info": "提"}  # one-cell markers beside numbers
_RANK = {s: i for i, s in enumerate(SEVERITIES)}


def findings_by_severity(findings: Iterable[Finding]) -> list[tuple[str, list[Finding]]]:
    """``(severity, findings)`` for error, warning and info (in that order, empty ones kept)."""
    groups: dict[str, list[Finding]] = {s: [] for s in SEVERITIES}
    for finding in findings:
        groups.setdefault(finding.severity, []).append(finding)
    return list(groups.items())


def worst(findings: Iterable[Finding]) -> str | None:
    """The most severe severity among ``findings`` (None when there are none)."""
    severities = [f.severity for f in findings]
    return min(severities, key=lambda s: _RANK.get(s, len(_RANK))) if severities else None


@dataclass(frozen=True)
class Location:
    """A parsed ``Finding.location``.

    ``table:<key>[:row R[:col C]]``, ``item:<fund>:<path/…>``, ``fund:<fund>``,
    ``scorecard:<i>:funds:<j or column>`` / ``:indicator:<j>`` / ``:total``.
    """

    kind: str  # table / item / fund / scorecard
    table: str | None = None
    row: int | None = None
    col: int | None = None
    fund: str | None = None
    path: tuple[str, ...] = ()
    card: int | None = None
    part: str | None = None  # funds / indicator / total
    index: int | None = None


_TABLE_LOC = re.compile(r"table:(?P<key>[^:]+)(?::row (?P<row>\d+))?(?::col (?P<col>\d+))?")
_CARD_LOC = re.compile(r"scorecard:(?P<card>\d+):(?P<part>funds|indicator|total)(?::(?P<rest>.+))?")


def parse_location(location: str | None) -> Location | None:
    """The structured form of a finding's location; None when absent or not understood."""
    if not location:
        return None
    if match := _TABLE_LOC.fullmatch(location):
        row, col = match["row"], match["col"]
        return Location("table", table=match["key"], row=int(row) if row else None, col=int(col) if col else None)
    if match := _CARD_LOC.fullmatch(location):
        rest = match["rest"]
        index = int(rest) if rest and rest.isdigit() else (0 if match["part"] == "funds" else None)
        return Location("scorecard", card=int(match["card"]), part=match["part"], index=index)
    kind, _, rest = location.partition(":")
    if kind == "item":
        fund, _, path = rest.partition(":")
        if fund and path:
            return Location("item", fund=fund, path=tuple(path.split("/")))
    if kind == "fund" and rest:
        return Location("fund", fund=rest)
    return None


@dataclass(frozen=True)
class FindingTarget:
    """Where Enter on a finding goes: a tab and the place in it."""

    tab: str  # text / drill / report / perf
    section_id: str | None = None
    sentence: str = ""
    drill_path: tuple[str, ...] = ()  # fund, then 类/款/项 names
    table_key: str | None = None
    included: bool = False  # the document's own table (row indices are its rows), not a rebuilt one
    row: int | None = None
    card: int | None = None
    card_part: str | None = None
    card_index: int | None = None


def _included_table(doc: Document, key: str) -> Table | None:
    return next((t for t in doc.tables if t.status == "included" and t.rows and (t.key or t.name) == key), None)


def finding_target(doc: Document, finding: Finding, root: DrillNode | None = None) -> FindingTarget | None:
    """The place a finding is about: a table row, a drill-down item, a scorecard row or,
    failing those, its sentence in the section text. None when it names no place."""
    loc = parse_location(finding.location)
    if loc is not None and loc.kind == "table" and loc.table:
        table = _included_table(doc, loc.table)
        if table is not None and loc.row is not None and loc.row < len(table.rows):
            return FindingTarget("report", table_key=loc.table, included=True, row=loc.row)
        if loc.row is None and (table is not None or any(s.key == loc.table for s in STANDARD_TABLES)):
            return FindingTarget("report", table_key=loc.table, included=table is not None
                                 and not any(s.key == loc.table for s in STANDARD_TABLES))
    if loc is not None and loc.kind in ("item", "fund") and loc.fund:
        root = root if root is not None else drill_tree(doc)
        names = (loc.fund, *loc.path)
        if find_drill_node(root, names) is not None:
            return FindingTarget("drill", drill_path=names)
    if loc is not None and loc.kind == "scorecard" and loc.card is not None and loc.card < len(doc.scorecards):
        return FindingTarget("perf", card=loc.card, card_part=loc.part, card_index=loc.index)
    if finding.section and doc.section(finding.section) is not None:
        return FindingTarget("text", section_id=finding.section, sentence=finding.sentence)
    return None


def finding_place(doc: Document, finding: Finding, target: FindingTarget | None = None) -> str:
    """Where a finding points, in one line of Chinese (shown under it in 检查)."""
    target = target or finding_target(doc, finding)
    if target is None:
        return "（未给出位置）"
    if target.tab == "report":
        table = _included_table(doc, target.table_key or "") if target.included else None
        spec = next((s for s in STANDARD_TABLES if s.key == target.table_key), None)
        name = table.name if table is not None else (spec.title if spec else target.table_key or "")
        row = f" 第 {target.row + 1} 行" if target.row is not None else ""
        return f"报表《{name}》{row}"
    if target.tab == "drill":
        return "类款项 " + " › ".join(target.drill_path)
    if target.tab == "perf":
        card = doc.scorecards[target.card or 0]
        if target.card_part == "indicator" and target.card_index is not None \
                and target.card_index < len(card.indicators):
            what = f"指标“{card.indicators[target.card_index].name}”"
        elif target.card_part == "total":
            what = "总分"
        else:
            what = "项目资金"
        return f"绩效 {card.project} › {what}"
    trail = section_trail(doc, target.section_id or "")
    return "正文 " + " › ".join(s.heading or s.title for s in trail)


def _value_keys(finding: Finding) -> list[str]:
    """The folded labels of a finding's values, computed results left out."""
    return [fold(k) for k in finding.values if not k.endswith("（计算）")]


def _names_in(name: str, keys: Sequence[str]) -> bool:
    needle = fold(name)
    return bool(needle) and any(needle in key for key in keys)


def fact_findings(doc: Document) -> dict[int, list[Finding]]:
    """``id(fact)`` → the findings about it: its label among the finding's values (same
    section), else its sentence (when the finding names none of that sentence's facts)."""
    by_sentence: dict[str, list[Fact]] = {}
    for fact in doc.facts:
        if fact.sentence:
            by_sentence.setdefault(fact.sentence, []).append(fact)
    out: dict[int, list[Finding]] = {}
    for finding in doc.findings:
        keys = _value_keys(finding)
        hits = {id(f): f for f in doc.facts
                if f.section is not None and f.section == finding.section and _names_in(f.label, keys)}
        if finding.sentence:
            same = by_sentence.get(finding.sentence, [])
            if not any(id(f) in hits for f in same):
                hits.update((id(f), f) for f in same)
        for key in hits:
            out.setdefault(key, []).append(finding)
    return out


def node_findings(doc: Document, root: DrillNode) -> dict[DrillNode, list[Finding]]:
    """Drill-down nodes → the findings about them: by location (``item:``/``fund:``), by
    sentence, and (for findings not located on one item) by name among the values, same section."""
    nodes = [n for n in _walk(root) if n is not root]
    by_sentence: dict[str, list[DrillNode]] = {}
    for node in nodes:
        if node.sentence:
            by_sentence.setdefault(node.sentence, []).append(node)
    out: dict[DrillNode, list[Finding]] = {}
    for finding in doc.findings:
        loc = parse_location(finding.location)
        hits: list[DrillNode] = []
        if loc is not None and loc.kind in ("item", "fund") and loc.fund:
            found = find_drill_node(root, (loc.fund, *loc.path))
            if found is not None:
                hits.append(found)
        if finding.sentence:
            hits += by_sentence.get(finding.sentence, [])
        if loc is None or loc.kind != "item":
            keys = _value_keys(finding)
            hits += [n for n in nodes if n.level in LEVELS and n.section is not None
                     and n.section == finding.section and _names_in(n.name, keys)]
        for node in dict.fromkeys(hits):
            out.setdefault(node, []).append(finding)
    return out


def mark_tables(doc: Document, views: Sequence[TableView], root: DrillNode | None = None) -> None:
    """Mark findings on tables: rebuilt cells through their sources (fact or item), the
    document's own tables through ``table:`` locations. Fills ``row_findings``,
    ``cell_marks`` and ``table_findings`` in place."""
    facts = facts_by_key(doc)
    about_facts = fact_findings(doc)
    root = root if root is not None else drill_tree(doc)
    about_items = {_item_source(n): found for n, found in node_findings(doc, root).items()}
    standard = {s.key for s in STANDARD_TABLES}
    for view in views:
        view.row_findings, view.cell_marks, view.table_findings = {}, {}, []

        def add(row: int, col: int | None, found: Sequence[Finding], view: TableView = view) -> None:
            if not found:
                return
            listed = view.row_findings.setdefault(row, [])
            listed.extend(f for f in found if not any(f is g for g in listed))
            if col is not None:
                marks = [m for m in (view.cell_marks.get((row, col)), worst(found)) if m]
                view.cell_marks[(row, col)] = min(marks, key=lambda s: _RANK.get(s, len(_RANK)))

        for (row, col), source in view.sources.items():
            if source.startswith("fact:"):
                fact = facts.get(source[5:])
                add(row, col, about_facts.get(id(fact), []) if fact is not None else [])
            else:
                add(row, col, about_items.get(source, []))
        for finding in doc.findings:
            loc = parse_location(finding.location)
            if loc is None or loc.kind != "table" or loc.table != view.key:
                continue
            if view.from_facts:
                if loc.row is None and view.key in standard:
                    view.table_findings.append(finding)
            elif loc.row is None:
                view.table_findings.append(finding)
            elif loc.row < len(view.rows):
                add(loc.row, loc.col, [finding])


def scorecard_findings(doc: Document) -> dict[tuple[int, str, int | None], list[Finding]]:
    """``(card, part, index)`` → findings: part ``funds`` (row index), ``indicator``
    (index in ``Scorecard.indicators``) or ``total`` (index None)."""
    out: dict[tuple[int, str, int | None], list[Finding]] = {}
    for finding in doc.findings:
        loc = parse_location(finding.location)
        if loc is None or loc.kind != "scorecard" or loc.card is None or loc.part is None:
            continue
        index = None if loc.part == "total" else loc.index
        out.setdefault((loc.card, loc.part, index), []).append(finding)
    return out


# ---------------------------------------------------------------------------
# Review-note anchors and exports of what is shown


def line_item_for(doc: Document, fund: str, path: Sequence[str]) -> LineItem | None:
    """The line item of ``fund`` at ``path`` (width-insensitive); one with an amount first."""
    wanted = tuple(fold(p) for p in path)
    hits = [i for i in doc.line_items if i.fund == fund and tuple(fold(p) for p in i.path) == wanted]
    return next((i for i in hits if i.amount is not None), hits[0] if hits else None)


def sheet_title(text: str) -> str:
    """A sheet name every writer accepts (XLSX: no ``[]:*?/\\``, at most 31 characters)."""
    return re.sub(r"[\[\]:*?/\\]", "", " ".join(text.split()))[:31] or "表"


def _column_kind(values: Sequence[object]) -> str:
    shown = [v for v in values if v is not None and v != ""]
    return "money" if shown and all(isinstance(v, Decimal) for v in shown) else "text"


def table_sheet(view: TableView) -> Sheet:
    """A table as shown in 报表: its columns and cells (amounts exact, undisclosed empty)."""
    from juesuan_tui.exporting import Column, Sheet, TableSpec

    columns = tuple(Column(f"c{c}", name or f"第{c + 1}列", _column_kind([row[c] for row in view.rows]),  # type: ignore[arg-type]
                           width=14 if c != view.label_column else 32)
                    for c, name in enumerate(view.columns))
    rows = [{f"c{c}": (None if cell == "" else cell) for c, cell in enumerate(row)} for row in view.rows]
    return Sheet(TableSpec(view.key, sheet_title(view.title), columns), rows)


@cache
def drill_columns() -> tuple:
    """The columns of an exported 类款项 level."""
    from juesuan_tui.exporting import Column

    return (
        Column("name", "名称", width=36), Column("code", "编码", width=10), Column("level", "级次", width=6),
        Column("amount", "金额（万元）", "money"), Column("share", "占上级（%）", "number"),
        Column("change", "比上年增减", "money"), Column("change_pct", "增减率（%）", "number"),
        Column("check", "下级合计", width=8), Column("reason", "说明", width=48),
    )


def drill_sheet(node: DrillNode) -> Sheet:
    """One level of 类款项 as shown: the children of ``node``."""
    from juesuan_tui.exporting import Sheet, TableSpec

    title = " › ".join(n.name for n in node.trail[1:]) or "全部资金"
    rows = [{"name": c.name, "code": c.code, "level": c.level, "amount": c.amount, "share": c.share_of_parent,
             "change": c.change, "change_pct": c.change_pct, "check": c.check, "reason": c.reason}
            for c in node.children]
    return Sheet(TableSpec("drill", sheet_title("类款项 " + title), drill_columns()), rows)


def comparison_sheets(result: Comparison) -> list[Sheet]:
    """A comparison as shown: the headline facts, then the aligned 类/款/项."""
    from juesuan_tui.exporting import Column, Sheet, TableSpec

    name_a = " ".join(filter(None, [result.a.unit, f"{result.a.year}" if result.a.year else ""]))
    name_b = " ".join(filter(None, [result.b.unit, f"{result.b.year}" if result.b.year else ""]))
    facts = TableSpec("compare_facts", "比较-主要数据", (
        Column("label", "项目", width=28), Column("unit", "单位", width=8),
        Column("a", f"A（{name_a}）", "money", 16), Column("b", f"B（{name_b}）", "money", 16),
        Column("difference", "差额（B−A）", "money"), Column("difference_pct", "差异率（%）", "number"),
    ))
    items = TableSpec("compare_items", "比较-支出科目", (
        Column("fund", "资金来源", width=22), Column("level", "级次", width=6), Column("code", "编码", width=10),
        Column("path", "科目", width=48), Column("a", f"A（{name_a}）", "money", 16),
        Column("b", f"B（{name_b}）", "money", 16), Column("difference", "差额（B−A）", "money"),
        Column("difference_pct", "差异率（%）", "number"), Column("status", "状态", width=24),
    ))
    return [
        Sheet(facts, [{"label": f.label, "unit": f.unit, "a": f.a, "b": f.b, "difference": f.difference,
                       "difference_pct": f.difference_pct} for f in result.facts]),
        Sheet(items, [{"fund": i.fund, "level": i.level, "code": i.code, "path": " / ".join(i.path),
                       "a": i.a, "b": i.b, "difference": i.difference, "difference_pct": i.difference_pct,
                       "status": item_status(i)} for i in result.items]),
    ]


def item_status(item: ItemDiff) -> str:
    """新增 / 删除 / 更名：旧名 → 新名 / "" for an aligned 类款项."""
    if item.renamed:
        return f"更名：{item.name_a} → {item.name_b}"
    return {"added": "新增", "removed": "删除"}.get(item.status, "")


def overview_sheet(rows: Sequence[OverviewRow]) -> Sheet:
    """The overview list as shown: identity, headline figures and finding counts."""
    from juesuan_tui.exporting import Column, Sheet, TableSpec
    from juesuan_tui.overview import HEADLINES

    columns = (
        Column("unit", "单位", width=28), Column("year", "年度", "int", 6), Column("kind", "类型", width=8),
        *(Column(h.name, f"{h.label}（万元）", "money", 14) for h in HEADLINES),
        Column("errors", "错误", "int", 6), Column("warnings", "警告", "int", 6), Column("infos", "提示", "int", 6),
        Column("id", "文档ID", width=18),
    )
    return Sheet(TableSpec("overview", "总览", columns), [
        {"unit": r.unit, "year": r.year, "kind": r.kind, **{h.name: r.headline.get(h.key) for h in HEADLINES},
         "errors": r.findings.get("error", 0), "warnings": r.findings.get("warning", 0),
         "infos": r.findings.get("info", 0), "id": r.id}
        for r in rows
    ])


def safe_file_name(*parts: object) -> str:
    """A file name from parts (unit, year, what): path separators and odd characters removed."""
    text = "-".join(str(p) for p in parts if p not in (None, ""))
    return re.sub(r"[\s/\\:*?\"<>|\x00-\x1f]+", "", text)[:80] or "导出"
