"""The checks over generated disclosures (tests/generator): no false errors on consistent
documents, and every perturbation the generator's ``break_rule`` hook makes is caught.

Two routes: the generator's ground truth turned straight into a Document (tests the
rules alone), and the generated text through ``importers.load`` (the whole chain).
"""

from __future__ import annotations

import re
from datetime import datetime
from decimal import Decimal

import pytest

from importers.normalize import fold
from juesuan_tui.checks import run_checks
from juesuan_tui.models import (
    Document,
    Fact,
    Indicator,
    LineItem,
    Profile,
    Scorecard,
    ScoreFundRow,
    Source,
    Staffing,
    Table,
)

import generator

LAYOUTS = sorted(generator.ALL_LAYOUTS)
SEEDS = range(12)

# Warnings a consistent generated document may legitimately carry: the generator
# reproduces the seed's conventions (a new item stated as 增长100.00%, a 预决算差异率
# over a zero budget), which the rules flag by design.
CONVENTIONS = {"change.from_zero", "budget.diff_rate", "budget.reason"}

# generator break rule → the rule that must catch it, and rules the same perturbed number
# may legitimately break as well (none so far: a misprinted 总计 is not reported a second
# time as an imbalance of 收入总计 and 支出总计).
CAUGHT_BY = {
    "totals.income": ("totals.income", set()),
    "totals.expenditure": ("totals.expenditure", set()),
    "change.pct": ("change.consistency", set()),
    "share.pct": ("share.amount", set()),
    "sangong.total": ("parts.sangong", set()),
    "procurement.total": ("parts.procurement", set()),
    "basic.total": ("parts.basic", set()),
    "staff.total": ("parts.staff", set()),
}
# Totals are checkable from the narrative only where it states the carry-over.
NEEDS = {"totals.income": "income.carryover_begin", "totals.expenditure": "expenditure.carryover_end"}


def _sentence(folded: str, printed: str, unit: str) -> str:
    """The sentence of the (folded) generated text that prints ``printed`` (the importer's job, done simply)."""
    at = folded.find(fold(printed) + unit)
    if at < 0:
        return ""
    start = folded.rfind("。", 0, at) + 1
    end = folded.find("。", at)
    return folded[start:end if end >= 0 else None]


def _pick(data: dict, model) -> dict:
    return {k: v for k, v in data.items() if k in model.model_fields}


def truth_document(g) -> Document:
    """The generator's ground truth as a Document (no importer involved)."""
    t = g.truth
    facts = []
    folded = fold(g.text)
    for f in t.facts:
        fields = _pick(f, Fact)
        fields.setdefault("sentence", _sentence(folded, f.get("printed", str(f["value"])), f["unit"]))
        if f.get("budget") is not None and any("原因" in p for p in _paragraphs_with(g.text, str(f["budget"]))):
            # The generator states reasons in the text only: the paragraph gives one.
            fields.setdefault("budget_reason", "（见原文）")
        facts.append(Fact(**fields))
    cards = [Scorecard(**{k: v for k, v in _pick(c, Scorecard).items() if k not in ("funds", "indicators")},
                       funds=[ScoreFundRow(**_pick(r, ScoreFundRow)) for r in c.get("funds", [])],
                       indicators=[Indicator(**_pick(i, Indicator)) for i in t.indicators
                                   if i.get("project") == c["project"]])
             for c in t.scorecards]
    # Listed / empty tables only: the truth of an included grid has no parsed values.
    tables = [Table(name=x["name"], status="listed" if x["status"] == "included" else x["status"])
              for x in t.tables]
    return Document(
        id=f"gen-{g.layout}-{g.seed}", title=t.title, unit=t.unit, year=t.year,
        source=Source(path=g.filename, sha256="0" * 64, format="text", imported_at=datetime(2025, 1, 1),
                      importer_version="test"),
        text=g.text, facts=facts, line_items=[LineItem(**_pick(i, LineItem)) for i in t.line_items],
        scorecards=cards, tables=tables,
        profile=Profile(staffing=Staffing(**t.staffing) if t.staffing else Staffing()),
    )


def _zero(text: str) -> bool:
    return Decimal(text.rstrip("万元")) == 0


def _budget_lines(finding, text: str) -> list[str]:
    """The paragraphs of ``text`` (folded) that print the budget a finding cites."""
    budget = next(v for k, v in finding.values.items() if k.endswith("预算数")).removesuffix("万元")
    return _paragraphs_with(text, budget)


def _paragraphs_with(text: str, printed: str) -> list[str]:
    """Where ``text`` prints the amount ``printed`` (by value: 40.1 is 40.10): from there to the
    end of the next sentence (a reason follows its statement), folded, page wraps joined."""
    joined = "".join(fold(line) for line in text.splitlines()).replace(",", "")
    value = Decimal(printed)
    found = []
    for number in re.finditer(r"\d+(?:\.\d+)?", joined):
        if Decimal(number.group()) == value:
            end = joined.find("。", joined.find("。", number.start()) + 1)
            found.append(joined[number.start():end if end >= 0 else len(joined)])
    return found


def _justified(finding, text: str) -> bool:
    """A convention warning is warranted by the numbers it cites (or, for a missing
    reason, by the paragraph that states the budget saying no reason)."""
    if finding.rule == "budget.reason":
        lines = _budget_lines(finding, text)
        return bool(lines) and not any("原因" in line for line in lines)
    if finding.rule == "change.from_zero":
        prior = next(v for k, v in finding.values.items() if k.endswith("上年数（推算）"))
        return abs(Decimal(prior.rstrip("万元"))) <= Decimal("0.01")
    if finding.rule == "budget.diff_rate":
        budget = next(v for k, v in finding.values.items() if k.endswith("预算数"))
        return _zero(budget)
    return False


@pytest.mark.parametrize("layout", LAYOUTS)
def test_consistent_generated_documents_have_no_false_findings(layout):
    for seed in SEEDS:
        g = generator.generate(seed, layout)
        findings = run_checks(truth_document(g))
        wrong = [f for f in findings if f.severity == "error"
                 or f.severity == "warning" and (f.rule not in CONVENTIONS or not _justified(f, g.text))]
        assert wrong == [], (seed, [(f.rule, f.message) for f in wrong])


@pytest.mark.parametrize("layout", LAYOUTS)
@pytest.mark.parametrize("break_rule", sorted(CAUGHT_BY))
def test_every_generated_break_is_caught(layout, break_rule):
    rule, collateral = CAUGHT_BY[break_rule]
    for seed in range(3):
        g = generator.generate(seed, layout, break_rule=break_rule)
        broken = g.truth.broken
        assert broken is not None
        errors = [f for f in run_checks(truth_document(g)) if f.severity == "error"]
        assert {f.rule for f in errors} <= {rule} | collateral, [(f.rule, f.message) for f in errors]
        if break_rule in NEEDS and not g.truth.facts_by_key(NEEDS[break_rule]):
            assert errors == []  # not stated, not checkable: silence, not a guess
            continue
        caught = [f for f in errors if f.rule == rule]
        assert caught, (seed, broken)
        # The finding is off by exactly the perturbation. The stated number is taken from the
        # truth's fact: a perturbed rate that crosses zero is printed as its magnitude.
        stated = next(f.get(broken["field"]) for f in g.truth.facts_by_key(broken["key"])
                      if f.get(broken["field"]) is not None)
        assert any(f.difference == stated - broken["expected"] for f in caught), \
            (seed, broken, [(f.difference, f.message) for f in caught])


# --- the whole chain: generated text → importers.load → checks --------------------------------


@pytest.fixture(scope="module")
def load():
    import importers
    return importers.load


def _imported(load, tmp_path, g) -> Document:
    path = tmp_path / g.filename
    path.write_text(g.text, encoding="utf-8")
    return load(path)


@pytest.mark.parametrize("layout", LAYOUTS)
def test_imported_generated_documents_have_no_false_errors(layout, load, tmp_path):
    for seed in range(6):
        g = generator.generate(seed, layout)
        errors = [f for f in run_checks(_imported(load, tmp_path, g)) if f.severity == "error"]
        assert errors == [], (seed, [(f.rule, f.message) for f in errors])


@pytest.mark.parametrize("layout", LAYOUTS)
@pytest.mark.parametrize("break_rule", sorted(CAUGHT_BY))
def test_imported_generated_breaks_are_caught(break_rule, layout, load, tmp_path):
    rule, _ = CAUGHT_BY[break_rule]
    g = generator.generate(0, layout, break_rule=break_rule)
    if break_rule in NEEDS and not g.truth.facts_by_key(NEEDS[break_rule]):
        pytest.skip("the narrative of this layout does not state the carry-over")
    findings = run_checks(_imported(load, tmp_path, g))
    assert any(f.rule == rule and f.severity == "error" for f in findings), \
        [(f.rule, f.severity, f.message) for f in findings]


def test_a_budget_difference_without_a_reason_is_warned_only_when_no_reason_is_printed(load, tmp_path):
    warned = given = 0
    for seed in range(12):
        g = generator.generate(seed, "chongqing")
        found = [f for f in run_checks(_imported(load, tmp_path, g)) if f.rule == "budget.reason"]
        for finding in found:
            assert finding.severity == "warning"
            assert _justified(finding, g.text), (seed, finding.message)
        general = next(line for line in map(fold, g.text.splitlines()) if "年初预算" in line and "完成年初预算" in line
                       or "预决算差异率" in line and "年初预算数" in line)
        if "原因" in general:
            given += 1
            assert not [f for f in found if f.values and any(k.startswith("一般公共预算财政拨款支出") for k in f.values)]
        else:
            warned += 1
    assert warned and given  # both kinds occur among these seeds
