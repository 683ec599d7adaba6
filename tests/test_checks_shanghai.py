"""A real Shanghai 2024 部门决算 PDF (the shared samples folder; skipped when absent).

The published document has two genuine mistakes, and the checks find exactly those:
its 一般公共服务支出 share is printed 71.73% where 2106.66 / 2940.05 = 71.65%, and its
财政拨款收入支出总计 is printed "0.3万元" where the table says 2,961.68. Everything
else reconciles up to rounding (info only).
"""

from __future__ import annotations

from decimal import Decimal as D
from pathlib import Path

import pytest

from juesuan_tui.checks import run_checks

SAMPLES = Path(__file__).resolve().parents[1].parent / "shared" / "samples"
PUTUO = SAMPLES / "shanghai-putuo-caizhengju-2024-juesuan.pdf"


@pytest.fixture(scope="module")
def putuo_doc():
    if not PUTUO.is_file():
        pytest.skip("shared samples are absent")
    import importers
    import pdfplumber  # noqa: F401
    return importers.load(PUTUO)


@pytest.fixture(scope="module")
def putuo_findings(putuo_doc):
    return run_checks(putuo_doc)


def test_real_pdf_errors_are_its_real_mistakes(putuo_findings):
    problems = sorted((f.rule, f.severity, f.difference) for f in putuo_findings if f.severity != "info")
    assert problems == [("table.narrative_amount", "error", D("-2961.4")), ("tree.share", "error", D("0.08"))]
    share = next(f for f in putuo_findings if f.rule == "tree.share")
    assert share.values["一般公共服务支出占比"] == "71.73%"
    assert share.values["一般公共服务支出 ÷ 一般公共预算财政拨款支出（计算）"] == "71.65%"
    total = next(f for f in putuo_findings if f.rule == "table.narrative_amount")
    assert total.values["财政拨款收入支出总计"] == "0.3万元"
    assert total.location and total.location.startswith("table:fiscal_total:")


def test_real_pdf_rounding_differences_stay_info(putuo_findings):
    infos = [f for f in putuo_findings if f.severity == "info"]
    assert infos, "the tables' 类 sums differ from their 合计 by 0.01 in places"
    assert all(f.difference is not None and abs(f.difference) <= D("0.02") for f in infos)


def test_real_pdf_tables_agree_with_each_other(putuo_doc):
    """The cross-table identities are located in the real tables (and hold)."""
    from juesuan_tui.checks.base import Context
    from juesuan_tui.checks.tables import CROSS_SPOTS, _included, _spot

    ctx = Context(putuo_doc)
    tables = _included(ctx)
    pairs = []
    for first, second in CROSS_SPOTS:
        (ta, ra, ca), (tb, rb, cb) = _spot(ctx, tables, first), _spot(ctx, tables, second)
        pairs.append((ta.rows[ra].values[ca], tb.rows[rb].values[cb]))
    assert pairs == [(D("2946.25"), D("2946.25")), (D("2940.05"), D("2940.05")), (D("2940.05"), D("2940.05"))]
