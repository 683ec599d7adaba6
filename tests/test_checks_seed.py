"""The real seed disclosure: exactly the findings its printed numbers warrant, and a changed
number in the text is caught through the whole import → check chain."""

from __future__ import annotations

from decimal import Decimal as D
from pathlib import Path

import pytest

from juesuan_tui.checks import run_checks

import importers

SEED = Path(__file__).resolve().parent / "fixtures" / "urumqi-12345-2024-juesuan.txt"
GENERAL = "一般公共预算财政拨款"


@pytest.fixture(scope="module")
def seed_findings():
    return run_checks(importers.load(SEED))


def test_seed_findings_are_exactly_what_its_numbers_warrant(seed_findings):
    got = sorted((f.rule, f.severity, f.difference, f.location or f.section) for f in seed_findings)
    assert got == sorted([
        # 政府采购支出总额 900.52 but 6.54 + 0.00 + 893.58 = 900.12: a real misprint, far beyond rounding.
        ("parts.procurement", "error", D("0.40"), "2.10.2"),
        # Three 项 went from nothing to something and the text says 增长 100.00%: the rate of a
        # change from 0 cannot be computed (it implies a prior equal to the change, which the
        # amounts rule out). It is the template's convention, so a warning, once per statement.
        ("change.from_zero", "warning", None,
         f"item:{GENERAL}:一般公共服务支出/政府办公厅（室）及相关机构事务/事业运行"),
        ("change.from_zero", "warning", None,
         f"item:{GENERAL}:一般公共服务支出/政府办公厅（室）及相关机构事务/其他政府办公厅（室）及相关机构事务支出"),
        ("change.from_zero", "warning", None, f"item:{GENERAL}:科学技术支出/技术研究与开发/科技成果转化与扩散"),
        # 政府性基金: 年初预算数 0.00, 决算数 54.20, 预决算差异率 100.00% (domain §7.21: flag it).
        # Stated once for the 收入支出总体, so reported once.
        ("budget.diff_rate", "warning", None, "2.7"),
        # 类 structure: 1577.40 + 1664.11 + 58.65 (+ 城乡社区支出 0.00) = 3300.16 vs 3300.15 — rounding.
        ("tree.fund_total", "info", D("-0.01"), f"fund:{GENERAL}"),
        # 47.80% + 50.43% + 1.78% = 100.01% — rounding.
        ("tree.share", "info", D("0.01"), f"fund:{GENERAL}"),
    ])


def test_seed_findings_cite_their_sentences(seed_findings):
    procurement = next(f for f in seed_findings if f.rule == "parts.procurement")
    assert procurement.values["政府采购支出总额"] == "900.52万元"
    assert procurement.values["合计（计算）"] == "900.12万元"
    assert "900.52" in procurement.sentence
    fund = next(f for f in seed_findings if f.rule == "budget.diff_rate")
    assert "100.00%" in fund.message and "54.20" in fund.message


# A changed number in the text: (what is replaced, by what, the finding expected).
BREAKS = [
    ("年初结转和结余 61.25 万元。", "年初结转和结余 62.25 万元。", ("totals.income", "error", D("-1.00"))),
    ("1,577.40 万元，占 47.80%", "1,577.40 万元，占 48.80%", ("tree.share", "error", D("1.00"))),
    ("增长 38.61%", "增长 48.61%", ("change.consistency", "error", D("10.00"))),
    ("预决算差异率 125.99%", "预决算差异率 135.99%", ("budget.diff_rate", "error", D("10.00"))),
    ("实有人数 35 人", "实有人数 36 人", ("parts.staff", "error", D("1"))),
    ("公务用车运行维护费 3.73 万元。", "公务用车运行维护费 3.63 万元。", ("parts.vehicle", "error", D("0.10"))),
    ("全年执行数 432.20 万元。", "全年执行数 433.20 万元。", ("scorecard.narrative", "error", D("1.00"))),
]


@pytest.mark.parametrize(("old", "new", "expected"), BREAKS, ids=[b[2][0] for b in BREAKS])
def test_a_changed_number_in_the_seed_is_caught(tmp_path, seed_findings, old, new, expected):
    text = SEED.read_text(encoding="utf-8")
    assert text.count(old) == 1, old
    path = tmp_path / "changed.txt"
    path.write_text(text.replace(old, new), encoding="utf-8")
    findings = run_checks(importers.load(path))
    baseline = {(f.rule, f.severity, f.difference) for f in seed_findings}
    new_findings = {(f.rule, f.severity, f.difference) for f in findings} - baseline
    assert new_findings == {expected}
