"""The rounding policy: printed numbers are intervals; rounding explains a difference (info)
only when the intervals allow it, and the bound is derived, not guessed."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal as D

from hypothesis import given, settings
from hypothesis import strategies as st

from checks_docs import consistent_doc, node, one
from juesuan_tui.checks import run_checks
from juesuan_tui.checks.tolerance import Approx, half_unit, judge

CENT = D("0.01")


def test_half_unit_follows_the_printed_precision():
    assert half_unit(D("3300.15")) == D("0.005")
    assert half_unit(D("35")) == D("0.5")
    assert half_unit(D("0.0")) == D("0.05")
    assert half_unit(D("0")) == 0  # "0万元" means none: nothing was rounded
    # 元 moved to 万元 keeps its digits: 1,234.56 元 is 0.123456 万元 ± 0.0000005 (0.005 元)
    money = Approx.printed(D("1234.56"), -4)
    assert money.value == D("0.123456") and money.hi - money.value == D("0.0000005")
    # 1.23 亿元 was rounded to 0.01 亿元 = 100 万元
    assert Approx.printed(D("1.23"), 4).hi - Approx.printed(D("1.23"), 4).value == D("50")


def test_sum_of_n_rounded_amounts_may_differ_by_n_half_cents():
    stated = Approx.printed(D("3300.15"))
    parts = Approx.printed(D("1577.40")) + Approx.printed(D("1664.11")) + Approx.printed(D("58.65"))
    verdict = judge(stated, parts)
    assert (verdict.severity, verdict.difference, verdict.computed) == ("info", D("-0.01"), D("3300.16"))
    # four printed numbers allow at most 4 × 0.005 = 0.02
    assert judge(Approx.printed(D("3300.14")), parts).severity == "info"
    assert judge(Approx.printed(D("3300.18")), parts).severity == "info"
    assert judge(Approx.printed(D("3300.13")), parts).severity == "error"
    assert judge(Approx.printed(D("3300.13")), parts).difference == D("-0.03")
    assert judge(Approx.printed(D("3300.19")), parts).severity == "error"


def test_percentage_bound_is_derived_from_the_amounts():
    # 1.00 / 3.00: the amounts allow 0.995/3.005 … 1.005/2.995 = 33.11% … 33.56%
    ratio = Approx.printed(D("1.00")).percent_of(Approx.printed(D("3.00")))
    assert ratio is not None
    assert D("33.11") < ratio.lo < D("33.12") and D("33.55") < ratio.hi < D("33.56")
    assert judge(Approx.printed(D("33.33")), ratio).severity is None  # the correct rounding
    assert judge(Approx.printed(D("33.50")), ratio).severity == "info"
    assert judge(Approx.printed(D("33.60")), ratio).severity == "error"
    # large amounts leave almost no room: 1577.40 / 3300.15 = 47.798…%
    big = Approx.printed(D("1577.40")).percent_of(Approx.printed(D("3300.15")))
    assert judge(Approx.printed(D("47.80")), big).severity is None
    assert judge(Approx.printed(D("47.81")), big).severity == "error"


def test_division_by_a_possible_zero_is_not_checkable():
    assert Approx.printed(D("5.00")).div(Approx.printed(D("0.00"))) is None
    assert Approx.printed(D("5.00")).div(Approx.exact(0)) is None


def test_counts_are_exact():
    assert judge(Approx.exact(35), Approx.exact(32) + Approx.exact(3)).severity is None
    assert judge(Approx.exact(35), Approx.exact(34)).severity == "error"


def test_a_rounded_statement_is_consistent_with_its_exact_value():
    # the computed value rounded to the printed precision equals the statement: no finding
    assert judge(Approx.printed(D("234.56")), Approx.exact(D("234.5612"))).severity is None


# --- the same through run_checks: rounding stays info -----------------------------------------


def test_seed_like_structure_rounding_is_info():
    doc = consistent_doc()
    one(doc, "general.expenditure").value = D("3300.15")
    doc.facts = [f for f in doc.facts if f.key != "general.expenditure" or f.section == "2.5.1"]
    g = one(doc, "general.expenditure")
    g.share_pct, g.change, g.change_pct, g.budget, g.diff_pct, g.completion_pct = (None,) * 6
    doc.facts = [f for f in doc.facts if not f.key.startswith(("fiscal.", "fund."))]
    template = doc.line_items[0]
    doc.line_items = [
        template.model_copy(update={"name": name, "path": [name], "amount": D(a), "share_pct": D(s)})
        for name, a, s in (("一般公共服务支出", "1577.40", "47.80"), ("科学技术支出", "1664.11", "50.43"),
                           ("社会保障和就业支出", "58.65", "1.78"))
    ]
    findings = run_checks(doc)
    got = sorted((f.rule, f.severity, f.difference) for f in findings)
    # Σ 类 = 3300.16 vs 3300.15; Σ shares = 100.01
    assert got == [("tree.fund_total", "info", D("-0.01")), ("tree.share", "info", D("0.01"))]


def test_change_rate_from_rounded_amounts_is_not_an_error():
    doc = consistent_doc()
    item = node(doc, "事业运行")
    # 0.31 万元, +0.01: the change may be off by 0.01 (difference of two rounded years) and the
    # prior is 0.30 ± 0.015, so the rate can be anything from 0% to 0.02 / 0.285 = 7.02%
    item.amount, item.change, item.change_pct = D("0.31"), D("0.01"), D("6.90")
    findings = [f for f in run_checks(doc) if f.rule.startswith("change.")]
    assert [(f.rule, f.severity) for f in findings] == [("change.consistency", "info")]
    item.change_pct = D("7.10")
    findings = [f for f in run_checks(doc) if f.rule.startswith("change.")]
    assert [(f.rule, f.severity) for f in findings] == [("change.consistency", "error")]


# --- property: honest rounding never yields an error ----------------------------------------


def _wan(yuan: int) -> D:
    """元 → 万元 printed to 2 decimals, half up (how disclosures print)."""
    return (D(yuan) / D(10000)).quantize(CENT, rounding=ROUND_HALF_UP)


def _pct(part: int, whole: int) -> D:
    return (D(part) * 100 / D(whole)).quantize(CENT, rounding=ROUND_HALF_UP)


yuan = st.integers(min_value=0, max_value=5_000_000_000)


@settings(max_examples=150, deadline=None)
@given(parts=st.lists(yuan, min_size=6, max_size=6), begin=yuan, prior=st.integers(min_value=1, max_value=10**10),
       classes=st.lists(st.integers(min_value=1, max_value=10**9), min_size=1, max_size=8))
def test_documents_rounded_from_exact_yuan_have_no_errors(parts, begin, prior, classes):
    """Amounts kept in 元 and printed in 万元 (totals summed before rounding, shares and
    rates computed from unrounded amounts) must never produce an error or a warning."""
    doc = consistent_doc()
    current = sum(parts)
    keep = {"income.total", "income.current", "income.nonfiscal_balance_used", "income.carryover_begin",
            "income.fiscal", "income.superior_subsidy", "income.business", "income.operating", "income.affiliated",
            "income.other", "general.expenditure"}
    doc.facts = [f for f in doc.facts if f.key in keep and f.section in ("2.1", "2.2", "2.5.1")]
    keys = ["income.fiscal", "income.superior_subsidy", "income.business", "income.operating",
            "income.affiliated", "income.other"]
    for key, amount in zip(keys, parts):
        f = one(doc, key)
        f.value = _wan(amount)
        f.share_pct = _pct(amount, current) if current else None
    for f in doc.facts:
        if f.key == "income.current":
            f.value = _wan(current)
    one(doc, "income.carryover_begin").value = _wan(begin)
    one(doc, "income.nonfiscal_balance_used").value = D("0.00")
    total = one(doc, "income.total")
    total.value = _wan(current + begin)
    total.change = _wan(current + begin) - _wan(prior)  # both printed values are rounded
    total.change_pct = _pct(current + begin - prior, prior)
    total.direction = "increase" if total.change > 0 else "decrease" if total.change < 0 else None
    # the 类 structure of the fund: amounts and shares from exact 元
    fund_total = sum(classes)
    g = one(doc, "general.expenditure")
    g.value, g.share_pct, g.change, g.change_pct, g.budget = _wan(fund_total), None, None, None, None
    g.diff_pct = g.completion_pct = None
    template = doc.line_items[0]
    doc.line_items = [template.model_copy(update={"name": f"类{i}", "path": [f"类{i}"], "amount": _wan(a),
                                                  "share_pct": _pct(a, fund_total)})
                      for i, a in enumerate(classes)]
    bad = [f for f in run_checks(doc) if f.severity != "info"]
    assert bad == [], [(f.rule, f.message) for f in bad]
