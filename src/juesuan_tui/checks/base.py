"""Shared machinery of the rule families: the rule registry type, fact lookup, and
the two comparisons almost every rule reduces to (a sum, a ratio).

Facts are found by ``Fact.key`` (see ``importers.extract.vocab``), never by wording.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from functools import lru_cache

from importers.extract.numbers import NUM, parse_decimal
from importers.normalize import fold
from juesuan_tui.models import Document, Fact, Finding, Severity

from .tolerance import WAN_SHIFT, Approx, Verdict, judge, total

MONEY_UNITS = frozenset(WAN_SHIFT)


@dataclass(frozen=True)
class Rule:
    """A consistency rule: its id, Chinese title, and the severity of a breach."""

    id: str
    title: str
    severity: Severity
    description: str = ""


@dataclass(frozen=True)
class Term:
    """One side of a comparison: a Chinese label, the value's interval, and how it reads."""

    label: str
    approx: Approx
    text: str


def show(value: Decimal, unit: str = "") -> str:
    """A Decimal as printed (no exponent, decimals kept) followed by its unit."""
    return f"{value:f}{unit}"


def signed(value: Decimal) -> str:
    return f"+{value:f}" if value > 0 else f"{value:f}"


def printed_approx(value: Decimal, unit: str | None, *, money_unit: str = "万元") -> Approx:
    """The interval a printed number stands for, in 万元 for money.

    Whole numbers of non-money units (人, 辆, 个, 批次…) are counts and exact;
    anything printed with decimals was rounded.
    """
    if unit in MONEY_UNITS:
        return Approx.printed(value, WAN_SHIFT[unit])
    if unit is None or unit == "":
        return Approx.printed(value, WAN_SHIFT.get(money_unit, 0))
    exponent = value.as_tuple().exponent
    if unit != "%" and isinstance(exponent, int) and exponent >= 0:
        return Approx.exact(value)
    return Approx.printed(value)


_PRINTED_AMOUNT = re.compile(rf"({NUM})\s*(亿元|万元|千元|元)")


def companion_unit(fact: Fact, value: Decimal) -> str:
    """The unit a fact's companion number (change, budget, final) was printed in.

    ``Fact`` keeps one unit, the value's; a sentence may print the value in 元
    and the change in 万元 (“支出365300.00元，较上年增加5.56万元”). When the
    fact's unit is money, the sentence is searched for the number with a money
    unit; otherwise the value's unit is assumed.
    """
    if fact.unit not in MONEY_UNITS or not fact.sentence:
        return fact.unit
    units = {unit for amount, unit in _printed_amounts(fact.sentence) if abs(amount) == abs(value)}
    return units.pop() if len(units) == 1 else fact.unit


@lru_cache(maxsize=2048)  # several rules ask about each fact's numbers
def _printed_amounts(sentence: str) -> tuple[tuple[Decimal, str], ...]:
    """(amount, money unit) of every amount printed in a sentence."""
    return tuple((n, m.group(2)) for m in _PRINTED_AMOUNT.finditer(fold(sentence))
                 if (n := parse_decimal(m.group(1))) is not None)


def _id_parts(section: str | None) -> list[str]:
    return section.split(".") if section else []


def _affinity(a: str | None, b: str | None) -> int:
    """How close two section ids are: the length of their common dotted prefix."""
    n = 0
    for x, y in zip(_id_parts(a), _id_parts(b)):
        if x != y:
            break
        n += 1
    return n


@dataclass
class Context:
    """A document prepared for checking: facts indexed by key, findings collected."""

    doc: Document
    by_key: dict[str, list[Fact]] = field(default_factory=dict)
    findings: list[Finding] = field(default_factory=list)
    _seen: set[tuple] = field(default_factory=set)
    # Derived data a rule family computes once per document (checks never modify it).
    memo: dict[tuple, object] = field(default_factory=dict)

    def __post_init__(self) -> None:
        for fact in self.doc.facts:
            if fact.key:
                self.by_key.setdefault(fact.key, []).append(fact)

    # Facts ----------------------------------------------------------------------

    def facts(self, key: str) -> list[Fact]:
        return self.by_key.get(key, [])

    def pick(self, key: str, near: str | None = None, *, where=None) -> Fact | None:
        """The fact with ``key`` closest to section ``near`` (same section first), else the first.

        ``where`` filters candidates (e.g. only facts that carry a budget).
        """
        candidates = [f for f in self.facts(key) if where is None or where(f)]
        if not candidates:
            return None
        if near is None:
            return candidates[0]
        # max() keeps the first of equals, so document order breaks ties.
        return max(candidates, key=lambda f: (f.section == near, _affinity(f.section, near)))

    def section_with_key(self, *keys: str) -> str | None:
        """The id of the first section carrying one of ``keys`` (in the order given)."""
        for key in keys:
            found = next((s.id for s in self.doc.walk_sections() if s.key == key), None)
            if found is not None:
                return found
        return None

    def money(self, fact: Fact, value: Decimal | None = None) -> Approx:
        """A fact's value (or one of its companion numbers) as an interval, money in 万元."""
        if value is None:
            return printed_approx(fact.value, fact.unit, money_unit=self.doc.money_unit)
        return printed_approx(value, companion_unit(fact, value), money_unit=self.doc.money_unit)

    def term(self, fact: Fact, label: str | None = None, value: Decimal | None = None) -> Term:
        if value is None:
            return Term(label or fact.label, self.money(fact), show(fact.value, fact.unit))
        return Term(label or fact.label, self.money(fact, value), show(value, companion_unit(fact, value)))

    def item_approx(self, amount: Decimal) -> Approx:
        """A line-item / scorecard amount, printed in the document's money unit."""
        return Approx.printed(amount, WAN_SHIFT.get(self.doc.money_unit, 0))

    # Findings -------------------------------------------------------------------

    def add(
        self,
        rule: Rule,
        severity: Severity,
        message: str,
        values: dict[str, str],
        difference: Decimal | None = None,
        *,
        section: str | None = None,
        sentence: str = "",
        location: str | None = None,
    ) -> Finding | None:
        """Record a finding once (the same rule over the same values is reported once)."""
        signature = (rule.id, severity, tuple(sorted(values.items())), location)
        if signature in self._seen:
            return None
        self._seen.add(signature)
        finding = Finding(
            rule=rule.id,
            title=rule.title,
            severity=severity,
            message=message,
            values=values,
            difference=difference,
            section=section,
            sentence=sentence,
            location=location,
        )
        self.findings.append(finding)
        return finding

    # The two common comparisons -------------------------------------------------

    def check_sum(
        self,
        rule: Rule,
        whole: Term,
        parts: Iterable[Term],
        *,
        complete: bool = True,
        unit: str = "万元",
        section: str | None = None,
        sentence: str = "",
        location: str | None = None,
    ) -> Finding | None:
        """``whole = Σ parts``.

        With ``complete=False`` the parts may not all be listed (a breakdown that
        names only some items, or an extractor that missed one): a sum above the
        whole is still an error, a sum below it is not checkable (no finding).
        """
        parts = list(parts)
        if not parts:
            return None
        computed = total([p.approx for p in parts])
        verdict = judge(whole.approx, computed)
        if verdict.severity is None:
            return None
        severity = verdict.severity
        if severity == "error":
            if not complete and verdict.difference > 0:
                return None  # the unlisted parts may make up the difference
            severity = rule.severity
        joined = " + ".join(p.label for p in parts)
        values = {whole.label: whole.text}
        for p in parts:
            values[p.label] = p.text
        values["合计（计算）"] = show(verdict.computed, unit)
        message = _sum_message(whole, joined, verdict, severity, unit)
        return self.add(rule, severity, message, values, verdict.difference,
                        section=section, sentence=sentence, location=location)

    def check_ratio(
        self,
        rule: Rule,
        stated: Term,
        computed: Approx | None,
        formula: str,
        inputs: Iterable[Term],
        *,
        section: str | None = None,
        sentence: str = "",
        location: str | None = None,
        unit: str = "%",
    ) -> Finding | None:
        """A stated percentage (or derived value) against the value computed from its inputs."""
        if computed is None:  # the base may be zero: not checkable
            return None
        verdict = judge(stated.approx, computed)
        if verdict.severity is None:
            return None
        severity = rule.severity if verdict.severity == "error" else verdict.severity
        values = {t.label: t.text for t in inputs}
        values[stated.label] = stated.text
        values[f"{formula}（计算）"] = show(verdict.computed, unit)
        if severity == "info":
            message = (f"{stated.label} {stated.text}，按 {formula} 计算为 {show(verdict.computed, unit)}，"
                       f"相差 {signed(verdict.difference)}{unit}，在四舍五入误差范围内")
        else:
            message = (f"{stated.label} {stated.text}，按 {formula} 计算应为 {show(verdict.computed, unit)}，"
                       f"相差 {signed(verdict.difference)}{unit}")
        return self.add(rule, severity, message, values, verdict.difference,
                        section=section, sentence=sentence, location=location)


def _sum_message(whole: Term, joined: str, verdict: Verdict, severity: Severity, unit: str) -> str:
    base = f"{whole.label} {whole.text}，{joined} = {show(verdict.computed, unit)}，相差 {signed(verdict.difference)}{unit}"
    if severity == "info":
        return base + "，在四舍五入误差范围内"
    return base
