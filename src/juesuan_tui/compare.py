"""Compare two documents: headline facts side by side, and the 类/款/项 trees aligned.

Pure functions over two ``Document`` objects (A is the base, B the other:
difference = B − A, % difference = (B − A) / A × 100). All arithmetic is exact
Decimal; results are quantized to 0.01 (percentages always, money differences;
counts stay whole).
"""

from __future__ import annotations

from collections.abc import Iterable
from decimal import ROUND_HALF_UP, Decimal
from typing import Literal

from importers.normalize import fold_compact
from juesuan_tui.models import FUNDS, Document, Fact, LineItem, Model

__all__ = ["Comparison", "DocRef", "FactDiff", "ItemDiff", "compare", "diff_values"]

CENT = Decimal("0.01")
ItemStatus = Literal["matched", "added", "removed"]
STATUS_TEXT = {"matched": "", "added": "新增", "removed": "删除"}
_LEVELS = {"类": 0, "款": 1, "项": 2}


class DocRef(Model):
    id: str
    unit: str
    year: int | None = None
    title: str = ""


class FactDiff(Model):
    """One fact (by canonical key, or key + label when a key names several figures) on both sides."""

    key: str
    label: str
    unit: str  # 万元 for money, else the printed unit
    a: Decimal | None = None
    b: Decimal | None = None
    difference: Decimal | None = None
    difference_pct: Decimal | None = None


class ItemDiff(Model):
    """A 类/款/项 aligned across the two documents."""

    fund: str
    level: str
    status: ItemStatus
    renamed: bool = False  # same code, another name
    code_a: str | None = None
    code_b: str | None = None
    name_a: str | None = None
    name_b: str | None = None
    path_a: list[str] | None = None
    path_b: list[str] | None = None
    a: Decimal | None = None
    b: Decimal | None = None
    difference: Decimal | None = None
    difference_pct: Decimal | None = None
    matched_by: Literal["code", "path"] | None = None

    @property
    def code(self) -> str | None:
        return self.code_b or self.code_a

    @property
    def name(self) -> str:
        return self.name_b or self.name_a or ""

    @property
    def path(self) -> list[str]:
        return self.path_b or self.path_a or []


class Comparison(Model):
    a: DocRef
    b: DocRef
    facts: list[FactDiff]
    items: list[ItemDiff]

    def items_with(self, status: ItemStatus) -> list[ItemDiff]:
        return [i for i in self.items if i.status == status]

    @property
    def renamed(self) -> list[ItemDiff]:
        return [i for i in self.items if i.renamed]


def _q(value: Decimal) -> Decimal:
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


def diff_values(a: Decimal | None, b: Decimal | None, *, money: bool = True) -> tuple[Decimal | None, Decimal | None]:
    """(B − A, (B − A) / A × 100), quantized to 0.01; None when a side is missing (and % when A is 0)."""
    if a is None or b is None:
        return None, None
    difference = b - a
    pct = None if a == 0 else _q(difference / a * 100)
    return (_q(difference) if money else difference), pct


def _ref(doc: Document) -> DocRef:
    return DocRef(id=doc.id, unit=doc.unit, year=doc.year, title=doc.title)


def _key(text: str | None) -> str:
    return fold_compact(text or "").casefold()


# ---------------------------------------------------------------- facts


def _fact_amount(fact: Fact) -> tuple[Decimal, str, bool]:
    """(value, unit, is money): money in 万元 when converted, else as printed."""
    if fact.value_wan is not None:
        return fact.value_wan, "万元", True
    return fact.value, fact.unit, fact.unit in ("万元", "元", "亿元")


def _fact_slots(doc: Document) -> dict[tuple[str, str], Fact]:
    """The first statement of each keyed fact. A key printed with several different labels in
    one document (车辆 by category…) names several figures: those are told apart by label."""
    labels: dict[str, set[str]] = {}
    for fact in doc.facts:
        if fact.key:
            labels.setdefault(fact.key, set()).add(_key(fact.label))
    slots: dict[tuple[str, str], Fact] = {}
    for fact in doc.facts:
        if fact.key:
            slot = (fact.key, _key(fact.label) if len(labels[fact.key]) > 1 else "")
            slots.setdefault(slot, fact)
    return slots


def compare_facts(a: Document, b: Document) -> list[FactDiff]:
    """Keyed facts of both documents, in vocabulary order (then first appearance)."""
    from importers.extract.vocab import FACT_KEYS

    slots_a, slots_b = _fact_slots(a), _fact_slots(b)
    # A key naming several figures on one side only: tell them apart by label on both sides.
    for key in {k for k, label in (*slots_a, *slots_b) if label}:
        for slots in (slots_a, slots_b):
            if (key, "") in slots:
                fact = slots.pop((key, ""))
                slots[(key, _key(fact.label))] = fact
    order = {k: i for i, k in enumerate(FACT_KEYS)}
    seen = list(dict.fromkeys([*slots_a, *slots_b]))
    first = {slot: i for i, slot in enumerate(seen)}
    seen.sort(key=lambda s: (order.get(s[0], len(order)), first[s]))
    result = []
    for slot in seen:
        fa, fb = slots_a.get(slot), slots_b.get(slot)
        va, unit_a, money_a = _fact_amount(fa) if fa else (None, "", False)
        vb, unit_b, money_b = _fact_amount(fb) if fb else (None, "", False)
        if fa and fb and unit_a != unit_b:  # 人 against 人次: shown, not subtracted
            unit, (difference, pct) = f"{unit_a}/{unit_b}", (None, None)
        else:
            unit, (difference, pct) = unit_b or unit_a, diff_values(va, vb, money=money_a or money_b)
        shown = fb or fa
        label = shown.label if slot[1] else FACT_KEYS.get(slot[0], shown.label)  # type: ignore[union-attr]
        result.append(FactDiff(key=slot[0], label=label, unit=unit, a=va, b=vb,
                               difference=difference, difference_pct=pct))
    return result


# ---------------------------------------------------------------- line items


def _amount(item: LineItem) -> Decimal | None:
    return item.amount if item.amount is not None else item.table_amount


def _unique(items: Iterable[LineItem]) -> list[LineItem]:
    """One item per (level, path): the first, with an amount filled from a later duplicate
    (the narrative and a 附表 can both state an item)."""
    by_path: dict[tuple[str, tuple[str, ...]], LineItem] = {}
    for item in items:
        slot = (item.level, tuple(_key(p) for p in item.path))
        kept = by_path.get(slot)
        if kept is None:
            by_path[slot] = item
        elif (_amount(kept) is None and _amount(item) is not None) or (kept.code is None and item.code):
            by_path[slot] = kept.model_copy(update={
                "amount": kept.amount if kept.amount is not None else item.amount,
                "table_amount": kept.table_amount if kept.table_amount is not None else item.table_amount,
                "code": kept.code or item.code,
            })
    return list(by_path.values())


def compare_items(a: Document, b: Document) -> list[ItemDiff]:
    """The 类/款/项 of each fund aligned: by code where both sides have one, else by path
    (a path under a matched parent follows the parent's B path, so children of a renamed
    类 still match). Unmatched items are ``removed`` (only in A) or ``added`` (only in B)."""
    funds = list(FUNDS) + sorted({i.fund for i in (*a.line_items, *b.line_items)} - set(FUNDS))
    result: list[ItemDiff] = []
    for fund in funds:
        items_a = sorted(_unique(i for i in a.line_items if i.fund == fund), key=lambda i: _LEVELS.get(i.level, 3))
        items_b = _unique(i for i in b.line_items if i.fund == fund)
        if items_a or items_b:
            result += _align_fund(fund, items_a, items_b)
    return result


def _align_fund(fund: str, items_a: list[LineItem], items_b: list[LineItem]) -> list[ItemDiff]:
    by_code_b: dict[tuple[str, str], LineItem] = {}
    for item in items_b:
        if item.code:
            by_code_b.setdefault((item.level, item.code), item)
    by_path_b = {(i.level, tuple(_key(p) for p in i.path)): i for i in items_b}
    used: set[int] = set()
    moved: dict[tuple[str, ...], tuple[str, ...]] = {}  # A path → matched B path (folded)
    pairs: list[tuple[LineItem | None, LineItem | None, str | None]] = []
    for item in items_a:  # parents first, so moved paths are known for their children
        path = tuple(_key(p) for p in item.path)
        match, how = None, None
        if item.code:
            candidate = by_code_b.get((item.level, item.code))
            if candidate is not None and id(candidate) not in used:
                match, how = candidate, "code"
        if match is None:
            translated = _translate(path, moved)
            for wanted in dict.fromkeys((translated, path)):
                candidate = by_path_b.get((item.level, wanted))
                if candidate is not None and id(candidate) not in used and not (
                    candidate.code and item.code and candidate.code != item.code
                ):
                    match, how = candidate, "path"
                    break
        if match is not None:
            used.add(id(match))
            moved[path] = tuple(_key(p) for p in match.path)
        pairs.append((item, match, how))
    pairs += [(None, item, None) for item in items_b if id(item) not in used]
    return [_item_diff(fund, ia, ib, how) for ia, ib, how in _tree_order(pairs)]


Pair = tuple[LineItem | None, LineItem | None, str | None]


def _translate(path: tuple[str, ...], moved: dict[tuple[str, ...], tuple[str, ...]]) -> tuple[str, ...]:
    """``path`` under the B path of its nearest matched ancestor (renamed parents carry their children)."""
    for cut in range(len(path) - 1, 0, -1):
        if path[:cut] in moved:
            return moved[path[:cut]] + path[cut:]
    return path


def _tree_order(pairs: list[Pair]) -> list[Pair]:
    """Pairs as a tree in B's order, children under their parents; a removed item goes
    under its (matched, maybe renamed) parent, after the parent's B children."""
    def folded(item: LineItem) -> tuple[str, ...]:
        return tuple(_key(p) for p in item.path)

    alias = {folded(ia): folded(ib) for ia, ib, _ in pairs if ia is not None and ib is not None}

    def b_path(pair: Pair) -> tuple[str, ...]:
        ia, ib, _ = pair
        return folded(ib) if ib is not None else _translate(folded(ia), alias)  # type: ignore[arg-type]

    ordered = [p for p in pairs if p[1] is not None] + [p for p in pairs if p[1] is None]
    rank: dict[tuple[str, ...], int] = {}
    for pair in ordered:
        path = b_path(pair)
        for n in range(1, len(path) + 1):
            rank.setdefault(path[:n], len(rank))
    return sorted(ordered, key=lambda pair: tuple(rank[b_path(pair)[:n]] for n in range(1, len(b_path(pair)) + 1)))


def _item_diff(fund: str, ia: LineItem | None, ib: LineItem | None, how: str | None) -> ItemDiff:
    status: ItemStatus = "matched" if ia and ib else ("removed" if ia else "added")
    va = _amount(ia) if ia else None
    vb = _amount(ib) if ib else None
    difference, pct = diff_values(va, vb)
    return ItemDiff(
        fund=fund, level=(ib or ia).level, status=status,  # type: ignore[union-attr]
        renamed=bool(ia and ib and _key(ia.name) != _key(ib.name)),
        code_a=ia.code if ia else None, code_b=ib.code if ib else None,
        name_a=ia.name if ia else None, name_b=ib.name if ib else None,
        path_a=list(ia.path) if ia else None, path_b=list(ib.path) if ib else None,
        a=va, b=vb, difference=difference, difference_pct=pct,
        matched_by=how,  # type: ignore[arg-type]
    )


def compare(a: Document, b: Document) -> Comparison:
    """A (base) against B: keyed facts side by side and the line item trees aligned."""
    return Comparison(a=_ref(a), b=_ref(b), facts=compare_facts(a, b), items=compare_items(a, b))
