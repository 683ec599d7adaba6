"""Facts and line items on a real Shanghai disclosure (PDF in the shared folder; skipped when absent)."""

from __future__ import annotations

from decimal import Decimal as D
from pathlib import Path

import pytest

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
PUTUO = SHARED / "samples" / "shanghai-putuo-caizhengju-2024-juesuan.pdf"


@pytest.fixture(scope="module")
def putuo():
    if not PUTUO.is_file():
        pytest.skip("shared sample PDFs are absent")
    from importers import load

    import pdfplumber  # noqa: F401
    return load(PUTUO)


def only(facts, key):
    found = [f for f in facts if f.key == key]
    assert len(found) == 1, (key, [(f.label, f.value, f.section) for f in found])
    return found[0]


def test_shanghai_totals_and_components(putuo):
    f = putuo.facts
    for key in ("income.total", "expenditure.total"):  # 收入支出总计 names both
        fact = only(f, key)
        assert (fact.value, fact.change, fact.change_pct, fact.direction) == (D("2995.39"), D("-56.95"), D("-1.87"), "decrease")
        assert fact.reason.startswith("基本支出中人员进出及退休变化")
    assert [(x.key, x.value, x.share_pct) for x in f if x.key in ("income.fiscal", "income.other")] == [
        ("income.fiscal", D("2940.05"), D("99.79")), ("income.other", D("6.2"), D("0.21"))]
    assert (only(f, "expenditure.project").value, only(f, "expenditure.project").share_pct) == (D("603.14"), D("20.51"))
    for key in ("fiscal.income_total", "fiscal.expenditure_total"):
        assert (only(f, key).value, only(f, key).direction) == (D("0.3"), "flat")


def test_shanghai_budget_execution_and_items(putuo):
    detail = [x for x in putuo.facts if x.key == "general.expenditure" and x.budget is not None]
    assert [(x.value, x.budget, x.budget_basis, x.completion_pct) for x in detail] == [
        (D("2940.05"), D("2993.92"), "年初", D("98.20"))]
    assert detail[0].budget_reason.startswith("因年度工作计划安排")
    items = {i.path_key: i for i in putuo.line_items if i.level == "项"}
    assert len(items) == 11
    run = items["一般公共服务支出/财政事务/行政运行"]
    assert (run.amount, run.budget) == (D("1511.89"), D("1560.05"))
    assert run.reason.startswith("人员进出及退休变化")
    assert items["住房保障支出/住房改革支出/购房补贴"].amount == D("258.50")
    structure = {i.name: (i.amount, i.share_pct) for i in putuo.line_items if i.level == "类"}
    assert structure == {"一般公共服务支出": (D("2106.66"), D("71.73")), "社会保障和就业支出": (D("326.72"), D("11.11")),
                         "卫生健康支出": (D("60.99"), D("2.07")), "住房保障支出": (D("445.69"), D("15.16"))}


def test_shanghai_sangong_operating_procurement_assets(putuo):
    f = putuo.facts
    total = only(f, "sangong.total")
    assert (total.value, total.budget, total.completion_pct, total.direction) == (D("0.00"), D("0.95"), D("0"), "flat")
    for key in ("sangong.abroad", "sangong.vehicle", "sangong.reception"):
        assert (only(f, key).value, only(f, key).completion_pct) == (D("0.00"), D("0"))
    costs = only(f, "operating.costs")
    assert (costs.value, costs.change, costs.change_pct) == (D("184.65"), D("2.55"), D("1.40"))
    assert [(k, only(f, k).value) for k in ("procurement.total", "procurement.goods", "procurement.works", "procurement.services")] == [
        ("procurement.total", D("251.25")), ("procurement.goods", D("4.79")),
        ("procurement.works", D("0")), ("procurement.services", D("246.47"))]
    assert only(f, "procurement.sme_reserved").value == D("246.47")
    assert only(f, "assets.vehicles").value == D("0")
    assert len([x for x in f if x.key == "assets.vehicles_by_category"]) == 8
    assert only(f, "assets.equipment_over_1m").value == D("2")
    assert putuo.profile.functions[-1] == "完成区委、区政府交办的其他任务。"
    assert len(putuo.profile.functions) == 12
