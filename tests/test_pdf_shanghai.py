"""The real Shanghai 普陀区财政局 2024 disclosure (shared sample, never committed): nine tables
first, then the narrative, then the glossary. Parsed once per module."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

import pdfplumber  # noqa: F401

from importers.pdf import load_pdf  # noqa: E402

SAMPLE = Path(__file__).resolve().parents[1].parent / "shared" / "samples" / "shanghai-putuo-caizhengju-2024-juesuan.pdf"

D = Decimal


@pytest.fixture(scope="module")
def doc():
    if not SAMPLE.is_file():
        pytest.skip("shared sample PDF is absent")
    return load_pdf(SAMPLE)


def _table(doc, key):
    return next(t for t in doc.tables if t.key == key)


def _row(table, label=None, code=None):
    return next(r for r in table.rows if (code is None or r.code == code) and (label is None or r.label == label))


def test_identity(doc):
    assert doc.unit == "上海市普陀区财政局"
    assert doc.year == 2024
    assert doc.kind == "部门决算"
    assert doc.source.format == "pdf"


def test_the_nine_tables(doc):
    tables = {t.key: t for t in doc.tables}
    assert list(tables) == ["income_expenditure_total", "income", "expenditure", "fiscal_total",
                            "general_budget", "basic", "sangong", "gov_fund", "state_capital"]
    # Ordinals as the 目录 lists them (三公 is 七 in Shanghai).
    assert [t.number for t in doc.tables] == list("一二三四五六七八九")
    assert {t.unit for t in doc.tables} == {"万元"}
    assert [t.page for t in doc.tables] == [6, 8, 10, 12, 15, 16, 18, 19, 20]
    tables_part = next(s for s in doc.walk_sections() if s.key == "tables")
    assert {t.section for t in doc.tables} == {tables_part.id}
    assert tables["gov_fund"].status == tables["state_capital"].status == "empty"
    assert "故本表无数据" in tables["gov_fund"].note
    assert all(t.status == "included" for k, t in tables.items() if k not in ("gov_fund", "state_capital"))


def test_two_sided_totals_table(doc):
    table = _table(doc, "income_expenditure_total")
    assert table.columns == ["收入/决算数", "支出/决算数"]
    assert _row(table, "一般公共预算财政拨款收入").values == [D("2940.05"), None]
    assert _row(table, "本年收入合计").values == [D("2946.25"), None]
    assert _row(table, "住房保障支出").values == [None, D("445.69")]
    # Continued on page 7: the closing rows of both sides.
    totals = [r.values for r in table.rows if r.label == "总计"]
    assert totals == [[D("2995.39"), None], [None, D("2995.39")]]
    assert _row(table, "年末结转和结余").values == [None, D("55.34")]
    assert len([r for r in table.rows if r.label.endswith("支出") and r.values[0] is None]) >= 26


def test_expenditure_table_codes_and_amounts(doc):
    table = _table(doc, "expenditure")
    assert table.columns == ["本年支出合计", "基本支出", "项目支出", "上缴上级支出", "经营支出", "对附属单位补助支出"]
    assert _row(table, "合计").values[:3] == [D("2940.05"), D("2336.91"), D("603.14")]
    assert _row(table, code="201").label == "一般公共服务支出"
    assert _row(table, code="20106").label == "财政事务"
    assert _row(table, code="2010601").values[:3] == [D("1511.89"), D("1503.52"), D("8.37")]
    # A name wrapped in its cell (…基本养老保险缴 / 费支出) is whole again.
    assert _row(table, code="2080505").label == "机关事业单位基本养老保险缴费支出"
    # Rows continued on page 11.
    assert _row(table, code="2210203").values[0] == D("258.50")
    codes = [r.code for r in table.rows if r.code]
    assert all(len(c) in (3, 5, 7) for c in codes) and len(codes) == 19


def test_income_table(doc):
    table = _table(doc, "income")
    assert table.columns[:2] == ["本年收入合计", "财政拨款收入"]
    assert table.columns[-1] == "其他收入"
    assert _row(table, code="2010602").values == [D("16.19"), D("10.00"), None, None, None, None, D("6.19")]


def test_fiscal_total_table(doc):
    table = _table(doc, "fiscal_total")
    assert table.columns[0] == "收入/决算数"
    assert table.columns[1:] == ["支出/合计", "支出/一般公共预算财政拨款", "支出/政府性基金预算财政拨款",
                                 "支出/国有资本经营预算财政拨款"]
    assert _row(table, "年初财政拨款结转和结余").values[0] == D("21.63")
    assert [r.values for r in table.rows if r.label == "总计"] == [
        [D("2961.68"), None, None, None, None], [None, D("2961.68"), D("2961.68"), None, None]]


def test_general_budget_table(doc):
    table = _table(doc, "general_budget")
    assert table.columns == ["合计", "基本支出", "项目支出"]
    assert _row(table, "合计").values == [D("2940.05"), D("2336.91"), D("603.14")]
    assert _row(table, code="2101101").values == [D("60.99"), D("60.99"), None]


def test_basic_table_pairs_unfolded(doc):
    table = _table(doc, "basic")
    assert table.columns == ["决算数"]
    assert _row(table, code="301").label == "工资福利支出"
    assert _row(table, code="30113").values == [D("187.19")]
    assert _row(table, code="30239").values == [D("48.49")]
    # Letter-spaced, wrapped names in the second pair.
    assert _row(table, code="30231").label == "公务用车运行维护费"
    assert _row(table, "人员经费合计").values == [D("2152.26")]
    assert _row(table, "公用经费合计").values == [D("184.65")]
    assert _row(table, code="31002").values == [D("13.58")]


def test_sangong_table(doc):
    table = _table(doc, "sangong")
    assert len(table.columns) == 12
    assert table.columns[0] == "合计/预算数" and table.columns[-1] == "公务接待费/决算数"
    (row,) = table.rows
    assert row.values[0] == D("0.95") and row.values[10] == D("0.95")
    assert row.values[1] is None


def test_line_items_get_codes_and_table_amounts(doc):
    items = {item.path[-1]: item for item in doc.line_items if item.fund == "一般公共预算财政拨款"}
    assert items["行政运行"].code == "2010601"
    assert items["行政运行"].amount == items["行政运行"].table_amount == D("1511.89")
    assert items["财政事务"].code == "20106"
    assert items["一般公共服务支出"].code == "201"
    assert items["购房补贴"].code == "2210203"
    # The narrative agrees with the tables in this document.
    assert not [f for f in doc.findings if f.rule == "table.item_amount"]


def test_narrative_facts(doc):
    keys = {(f.key, f.value) for f in doc.facts if f.key}
    assert ("income.total", D("2995.39")) in keys
    assert ("income.current", D("2946.25")) in keys
    assert ("expenditure.basic", D("2336.91")) in keys
    assert ("basic.personnel", D("2152.26")) in keys
    assert ("operating.costs", D("184.65")) in keys
    # No fact comes from the table pages.
    tables_part = next(s for s in doc.walk_sections() if s.key == "tables")
    assert not [f for f in doc.facts if f.section == tables_part.id]
    assert all(f.page is None or f.page >= 21 for f in doc.facts)


def test_narrative_text_has_its_numbers_inline(doc):
    # Digits sit on a lower baseline than the CJK text in this PDF.
    totals = next(s for s in doc.walk_sections() if s.key == "totals")
    assert "2024年度收入支出总计2995.39万元。与2023年度相比，收入支出总计减少56.95万元，下降1.87%。" in totals.text


def test_glossary(doc):
    assert len(doc.glossary) == 11
    assert doc.glossary[0].term == "财政拨款收入"
    assert doc.glossary[-1].term == "机关运行经费"
