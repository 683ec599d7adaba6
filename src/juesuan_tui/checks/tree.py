"""The 类 / 款 / 项 tree of each fund: sums, shares, and the fund total (domain §7.7, §7.19)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal

from importers.normalize import fold
from juesuan_tui.models import LineItem

from .base import Context, Rule, Term, show
from .tolerance import HUNDRED, Approx, judge, total

SUM = Rule("tree.sum", "上级科目金额不等于下级科目之和", "error",
           "类 = Σ 款 = Σ 项（只在下级金额都已知时检查）")
SHARE = Rule("tree.share", "科目占比与金额不符", "error",
             "科目占比 = 科目金额 ÷ 该资金支出合计 × 100%；各类占比合计 = 100%")
FUND_TOTAL = Rule("tree.fund_total", "各类支出之和不等于该资金支出合计", "error",
                  "一般公共预算财政拨款支出（政府性基金、国有资本经营同理）= Σ 类")
RULES = (SUM, SHARE, FUND_TOTAL)

# The fact that states a fund's spending total, found by words of the fund's name.
FUND_TOTAL_KEYS = (("一般公共预算", "general.expenditure"), ("政府性基金", "fund.expenditure_current"),
                   ("国有资本经营", "capital.expenditure_current"))


def fund_total_key(fund: str) -> str | None:
    folded = fold(fund)
    return next((key for word, key in FUND_TOTAL_KEYS if word in folded), None)


@dataclass
class Node:
    """A node of one fund's tree, with every line item that names it."""

    fund: str
    path: tuple[str, ...]  # folded names, 类 first
    name: str
    items: list[LineItem] = field(default_factory=list)
    children: list[Node] = field(default_factory=list)

    @property
    def stated(self) -> LineItem | None:
        return next((i for i in self.items if i.amount is not None), None)

    @property
    def share_item(self) -> LineItem | None:
        return next((i for i in self.items if i.share_pct is not None), None)

    @property
    def location(self) -> str:
        return f"item:{self.fund}:{'/'.join(self.path)}"


def _is_code(name: str) -> bool:
    return name.isdigit() and len(name) in (3, 5, 7)


def code_names(doc_items: Iterable[LineItem], tables: Iterable) -> dict[str, str]:
    """code → name, from line items and table rows that print both."""
    names: dict[str, str] = {}
    for item in doc_items:
        if item.code and not _is_code(item.name):
            names.setdefault(item.code, item.name)
    for table in tables:
        for row in table.rows:
            if row.code and row.label and not _is_code(row.label):
                names.setdefault(row.code, row.label)
    return names


def build(items: Iterable[LineItem], names: dict[str, str] | None = None) -> dict[str, list[Node]]:
    """The 类 nodes of each fund (intermediate levels created from the paths).

    A path may name a level by its code when the text printed only the code
    (``201`` for 一般公共服务支出); ``names`` resolves such codes so that both
    statements land on one node.
    """
    names = names or {}
    roots: dict[str, list[Node]] = {}
    index: dict[tuple[str, tuple[str, ...]], Node] = {}
    for item in items:
        if not item.path:
            continue
        fund = item.fund
        path: tuple[str, ...] = ()
        node = None
        for name in (names.get(n, n) if _is_code(n) else n for n in item.path):
            path = path + (fold(name),)
            node = index.get((fund, path))
            if node is None:
                node = Node(fund, path, name)
                index[(fund, path)] = node
                if len(path) == 1:
                    roots.setdefault(fund, []).append(node)
                else:
                    index[(fund, path[:-1])].children.append(node)
        assert node is not None
        node.items.append(item)
    return roots


@dataclass(frozen=True)
class Amount:
    term: Term
    derived: bool  # summed from the children rather than printed


def amount(ctx: Context, node: Node) -> Amount | None:
    """The node's printed amount, else the sum of its children when all of them are known."""
    stated = node.stated
    if stated is not None:
        assert stated.amount is not None
        return Amount(Term(node.name, ctx.item_approx(stated.amount), show(stated.amount, ctx.doc.money_unit)), False)
    if not node.children:
        return None
    parts = [amount(ctx, child) for child in node.children]
    if any(p is None for p in parts):
        return None
    value = total([p.term.approx for p in parts])  # type: ignore[union-attr]
    return Amount(Term(f"{node.name}（下级合计）", value, show(value.value, ctx.doc.money_unit)), True)


def _walk(nodes: list[Node]) -> Iterable[Node]:
    for node in nodes:
        yield node
        yield from _walk(node.children)


def _sums(ctx: Context, roots: list[Node]) -> None:
    for node in _walk(roots):
        stated = node.stated
        if stated is None or not node.children:
            continue
        parts = [amount(ctx, child) for child in node.children]
        if any(p is None for p in parts):
            continue
        whole = amount(ctx, node)
        assert whole is not None
        ctx.check_sum(SUM, whole.term, [p.term for p in parts], complete=False,  # type: ignore[union-attr]
                      unit=ctx.doc.money_unit, section=stated.section, sentence=stated.sentence,
                      location=node.location)


def _fund(ctx: Context, fund: str, roots: list[Node]) -> None:
    # A 类 known only by an unresolved code may be one of the named 类: leave it out
    # of the fund's sums rather than count it twice.
    if any(not _is_code(node.name) for node in roots):
        roots = [node for node in roots if not _is_code(node.name)]
    key = fund_total_key(fund)
    base = ctx.pick(key) if key else None
    amounts = [amount(ctx, node) for node in roots]
    if base is not None and all(a is not None for a in amounts):
        ctx.check_sum(FUND_TOTAL, ctx.term(base), [a.term for a in amounts], complete=False,  # type: ignore[union-attr]
                      section=base.section, sentence=base.sentence, location=f"fund:{fund}")
    # Each stated share against the fund total.
    if base is not None:
        whole = ctx.term(base)
        for node in _walk(roots):
            item = node.share_item
            own = amount(ctx, node)
            if item is None or own is None or own.derived:
                continue
            assert item.share_pct is not None
            stated = Term(f"{node.name}占比", Approx.printed(item.share_pct), show(item.share_pct, "%"))
            ctx.check_ratio(SHARE, stated, own.term.approx.percent_of(whole.approx), f"{node.name} ÷ {base.label}",
                            [own.term, whole], section=item.section, sentence=item.sentence, location=node.location)
    _share_sum(ctx, fund, roots, amounts, known_base=base is not None)


def _share_sum(ctx: Context, fund: str, roots: list[Node], amounts: list[Amount | None], *, known_base: bool) -> None:
    """Σ shares of the 类 = 100%. A 类 without a share counts only when its amount is 0.

    Within rounding but not exactly 100: info. Beyond rounding this only restates
    what tree.share / tree.fund_total report when the fund total is known; without
    it, a sum above 100% is a contradiction (error) and a sum below may just be an
    unlisted 类 (not checkable).
    """
    shares: list[Approx] = []
    values: dict[str, str] = {}
    first = None
    for node, own in zip(roots, amounts):
        item = node.share_item
        if item is not None and item.share_pct is not None:
            shares.append(Approx.printed(item.share_pct))
            values[f"{node.name}占比"] = show(item.share_pct, "%")
            first = first or item
        elif own is None or own.term.approx.value != 0:
            return
    if len(shares) < 2 or first is None:
        return
    summed = total(shares)
    verdict = judge(summed, Approx.exact(HUNDRED), printed=Decimal("100.00"))
    if verdict.severity is None:
        return
    values["占比合计"] = show(summed.value, "%")
    where = {"section": first.section, "sentence": first.sentence, "location": f"fund:{fund}"}
    excess = summed.value - HUNDRED
    if verdict.severity == "info":
        ctx.add(SHARE, "info", f"{fund}各类支出占比合计 {show(summed.value, '%')}，与100%相差"
                f" {show(excess, '%')}，在四舍五入误差范围内", values, excess, **where)
    elif not known_base and excess > 0:
        ctx.add(SHARE, "error", f"{fund}各类支出占比合计 {show(summed.value, '%')}，超过100%",
                values, excess, **where)


def check(ctx: Context) -> None:
    narrative = [i for i in ctx.doc.line_items if i.source != "table"]
    tabled = [i for i in ctx.doc.line_items if i.source == "table"]
    names = code_names(ctx.doc.line_items, ctx.doc.tables)
    for items in (narrative, tabled):
        for fund, roots in build(items, names).items():
            _sums(ctx, roots)
            _fund(ctx, fund, roots)
