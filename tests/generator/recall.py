"""Recall of the extractors against generated ground truth, with a per-layout breakdown of misses.

``measure(pairs)`` takes ``(Generated, Document)`` pairs and returns a ``Report``; values must be
exactly equal (Decimal), text is compared in the folded form without whitespace. A truth fact is
found when some extracted fact has the same key and value (and unit), and every qualifier the
text states is carried by one of the extracted facts with that key and value.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, Iterable

from importers.normalize import canonical_name, fold

from . import Generated

FACT_QUALIFIERS = ("unit", "share_pct", "change", "change_pct", "change_text", "direction", "budget",
                   "budget_basis", "final", "diff_pct", "completion_pct")
ITEM_QUALIFIERS = ("code", "share_pct", "change", "change_pct", "budget")
CATEGORIES = ("identity", "facts", "line_items", "indicators", "glossary", "tables")

_QUOTES = re.compile(r"[“”\"'‘’《》]")


def norm(text: str | None) -> str:
    """Folded, without whitespace, quotes and a final full stop; ≥/≤ spelled as ASCII."""
    text = fold(text or "")
    text = "".join(text.split())
    text = _QUOTES.sub("", text).replace("≥", ">=").replace("≤", "<=").replace("＞", ">").replace("＜", "<")
    return text.rstrip("。.;；")


@dataclass
class Miss:
    category: str
    layout: str
    seed: int
    reason: str  # groups misses, e.g. "facts:sangong.abroad:change_pct"
    expected: Any
    got: Any = None


@dataclass(repr=False)
class Report:
    """Counts per (category, layout) and the misses."""

    total: Counter = field(default_factory=Counter)
    found: Counter = field(default_factory=Counter)
    misses: list[Miss] = field(default_factory=list)

    def __repr__(self) -> str:  # pytest prints fixtures on failure: keep it short
        return f"Report({sum(self.total.values())} statements, {len(self.misses)} misses)"

    def recall(self, category: str, layout: str | None = None) -> float:
        keys = [k for k in self.total if k[0] == category and (layout is None or k[1] == layout)]
        total = sum(self.total[k] for k in keys)
        return 1.0 if total == 0 else sum(self.found[k] for k in keys) / total

    def summary(self, category: str, examples: int = 2, top: int = 25) -> str:
        """Recall per layout and the most frequent miss reasons with examples."""
        layouts = sorted({k[1] for k in self.total if k[0] == category})
        lines = [f"{category}: recall {self.recall(category):.2%} overall"]
        for layout in layouts:
            key = (category, layout)
            lines.append(f"  {layout:10} {self.found[key]}/{self.total[key]} = {self.recall(category, layout):.2%}")
        grouped: dict[tuple[str, str], list[Miss]] = defaultdict(list)
        for miss in self.misses:
            if miss.category == category:
                grouped[(miss.layout, miss.reason)].append(miss)
        for (layout, reason), group in sorted(grouped.items(), key=lambda kv: -len(kv[1]))[:top]:
            lines.append(f"  [{layout}] {reason}: {len(group)} misses")
            for miss in group[:examples]:
                lines.append(f"      seed {miss.seed}: expected {miss.expected!r} got {miss.got!r}")
        return "\n".join(lines)


def _qual_equal(name: str, want: Any, got: Any) -> bool:
    if got is None:
        return False
    if name == "change_text":
        return ("不可比" in norm(want) and "不可比" in norm(str(got))) or norm(want) == norm(str(got))
    if name == "code":
        return str(got).replace(" ", "") == str(want)
    if isinstance(want, Decimal):
        try:
            return Decimal(got) == want
        except Exception:  # noqa: BLE001 - a non-number is simply not equal
            return False
    return want == got


def _facts(gen: Generated, doc, report: Report) -> None:
    by_key: dict[str, list] = defaultdict(list)
    for fact in doc.facts:
        by_key[fact.key].append(fact)
    layout = gen.layout
    for want in gen.truth.facts:
        report.total[("facts", layout)] += 1
        key = want["key"]
        candidates = [f for f in by_key.get(key, []) if f.value == want["value"]]
        if key == "assets.vehicles_by_category":
            candidates = [f for f in candidates if norm(want["label"]) in norm(f.label)]
        if not candidates:
            values = [str(f.value) for f in by_key.get(key, [])][:4]
            report.misses.append(Miss("facts", layout, gen.seed, f"{key}: not found",
                                      f"{want['label']} {want['printed']}{want['unit']}", values or None))
            continue
        bad = []
        for name in FACT_QUALIFIERS:
            if name not in want:
                continue
            if not any(_qual_equal(name, want[name], getattr(f, name, None)) for f in candidates):
                bad.append((name, want[name], [getattr(f, name, None) for f in candidates][:3]))
        if bad:
            for name, expected, got in bad:
                report.misses.append(Miss("facts", layout, gen.seed, f"{key}: {name}",
                                          f"{want['label']} {want['printed']} {name}={expected}", got))
        else:
            report.found[("facts", layout)] += 1


def _items(gen: Generated, doc, report: Report) -> None:
    index: dict[tuple, list] = defaultdict(list)
    for item in doc.line_items:
        index[(item.fund, tuple(norm(p) for p in item.path))].append(item)
    layout = gen.layout
    for want in gen.truth.line_items:
        report.total[("line_items", layout)] += 1
        path = tuple(norm(p) for p in want["path"])
        same_path = index.get((want["fund"], path), [])
        candidates = [i for i in same_path if i.amount == want["amount"]]
        label = f"{want['fund'][:4]} {'/'.join(want['path'])} {want['printed']}"
        if not candidates:
            reason = "amount differs" if same_path else "path not found"
            got = [str(i.amount) for i in same_path][:3] if same_path else _near(doc, want)
            report.misses.append(Miss("line_items", layout, gen.seed, f"{want['level']}: {reason}", label, got))
            continue
        bad = [(n, want[n], [getattr(i, n, None) for i in candidates][:3]) for n in ITEM_QUALIFIERS
               if want.get(n) is not None and not any(_qual_equal(n, want[n], getattr(i, n, None)) for i in candidates)]
        if bad:
            for name, expected, got in bad:
                report.misses.append(Miss("line_items", layout, gen.seed, f"{want['level']}: {name}",
                                          f"{label} {name}={expected}", got))
        else:
            report.found[("line_items", layout)] += 1


def _near(doc, want: dict) -> list[str]:
    """Extracted items with the same last name, to show what the extractor made of the path."""
    name = norm(want["name"])
    return ["/".join(i.path) + f" [{i.fund[:4]}]" for i in doc.line_items if i.path and norm(i.path[-1]) == name][:3]


def _indicators(gen: Generated, doc, report: Report) -> None:
    layout = gen.layout
    every = [i for card in doc.scorecards for i in card.indicators]
    for want in gen.truth.indicators:
        report.total[("indicators", layout)] += 1
        # the scorecard of the same project first: two projects may share an indicator name
        own = [i for card in doc.scorecards if norm(card.project) == norm(want["project"]) for i in card.indicators]
        candidates = [i for i in (own or every) if norm(i.name) == norm(want["name"])]
        if not candidates:
            report.misses.append(Miss("indicators", layout, gen.seed, "not found", want["name"],
                                      [i.name for i in (own or every)][:6] or None))
            continue
        results = []
        for ind in candidates:
            checks = {
                "level1": norm(ind.level1) == norm(want["level1"]),
                "level2": norm(ind.level2) == norm(want["level2"]),
                "target": norm(ind.target) == norm(want["target"]),
                "actual": norm(ind.actual) == norm(want["actual"]),
                "weight": ind.weight == want["weight"],
                "score": ind.score == want["score"],
            }
            results.append(([k for k, ok in checks.items() if not ok], ind))
        bad, ind = min(results, key=lambda r: len(r[0]))
        if bad:
            for k in bad:
                report.misses.append(Miss("indicators", layout, gen.seed, k, f"{want['name']} {k}={want[k]}",
                                          getattr(ind, k)))
        else:
            report.found[("indicators", layout)] += 1


def _glossary(gen: Generated, doc, report: Report) -> None:
    terms = {norm(t.term): t for t in doc.glossary}
    layout = gen.layout
    for want in gen.truth.glossary:
        report.total[("glossary", layout)] += 1
        got = terms.get(norm(want["term"]))
        if got is None:
            report.misses.append(Miss("glossary", layout, gen.seed, "term not found", want["term"],
                                      list(terms)[:5] or None))
        elif norm(got.definition) != norm(want["definition"]):
            report.misses.append(Miss("glossary", layout, gen.seed, "definition differs",
                                      want["definition"][:40], got.definition[:60]))
        else:
            report.found[("glossary", layout)] += 1


def _tables(gen: Generated, doc, report: Report) -> None:
    tables = {norm(t.name): t for t in doc.tables}
    layout = gen.layout
    for want in gen.truth.tables:
        report.total[("tables", layout)] += 1
        got = tables.get(norm(want["name"]))
        if got is None:
            report.misses.append(Miss("tables", layout, gen.seed, "not found", want["name"], list(tables)[:4] or None))
        elif got.status != want["status"]:
            report.misses.append(Miss("tables", layout, gen.seed, f"status {want['status']}", want["name"], got.status))
        else:
            report.found[("tables", layout)] += 1


def _identity(gen: Generated, doc, report: Report) -> None:
    layout = gen.layout
    for name, want, got in (("unit", canonical_name(gen.truth.unit), canonical_name(doc.unit)),
                            ("year", gen.truth.year, doc.year), ("kind", gen.truth.kind, doc.kind)):
        report.total[("identity", layout)] += 1
        if want == got:
            report.found[("identity", layout)] += 1
        else:
            report.misses.append(Miss("identity", layout, gen.seed, name, want, got))


def measure(pairs: Iterable[tuple[Generated, Any]]) -> Report:
    """Compare each extracted Document with the truth of the Generated it came from."""
    report = Report()
    for gen, doc in pairs:
        for part in (_identity, _facts, _items, _indicators, _glossary, _tables):
            part(gen, doc, report)
    return report
