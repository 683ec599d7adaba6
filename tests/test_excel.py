"""Excel workbooks of 附表 → tables-only Documents, and attaching tables to a narrative."""

from __future__ import annotations

from datetime import datetime, timezone
from decimal import Decimal
from pathlib import Path
from types import SimpleNamespace

import pytest

import openpyxl  # noqa: F401

from fixtures_build import general_budget_workbook  # noqa: E402
from importers.attach import attach_tables  # noqa: E402
from importers.errors import ImportRefused  # noqa: E402
from importers.excel import cell_text, load_excel, sheets_from_xlrd  # noqa: E402
from importers.text import load_text  # noqa: E402
from juesuan_tui.models import Document, LineItem, Source, Table, TableRow  # noqa: E402

D = Decimal
SEED = Path(__file__).resolve().parent / "fixtures" / "urumqi-12345-2024-juesuan.txt"
UNIT = "乌鲁木齐市12345政务服务热线中心"

# The seed unit's 一般公共预算财政拨款支出决算表 as its 附表 would print it (codes per domain.md §3).
SEED_ROWS = [
    ["合计", None, None, None, 3300.15, 571.15, 2729.00],
    ["201", None, None, "一般公共服务支出", 1577.40, None, None],
    ["201", "03", None, "政府办公厅（室）及相关机构事务", 1577.40, None, None],
    ["201", "03", "50", "事业运行", 512.51, None, None],
    ["201", "03", "99", "其他政府办公厅（室）及相关机构事务支出", 1064.89, None, None],
    ["206", None, None, "科学技术支出", 1664.11, None, None],
    ["206", "04", None, "技术研究与开发", 1664.11, None, None],
    ["206", "04", "04", "科技成果转化与扩散", 1664.11, None, None],
    ["208", None, None, "社会保障和就业支出", 58.65, None, None],
    ["208", "05", None, "行政事业单位养老支出", 58.65, None, None],
    ["208", "05", "02", "事业单位离退休", 2.80, None, None],
    ["208", "05", "05", "机关事业单位基本养老保险缴费支出", 55.85, None, None],
]


@pytest.fixture(scope="module")
def seed_doc():
    return load_text(SEED)


def _workbook(tmp_path, rows=SEED_ROWS, **kwargs) -> Document:
    path = general_budget_workbook(tmp_path / "tables.xlsx", UNIT, 2024, rows, **kwargs)
    return load_excel(path)


# --------------------------------------------------------------------------- #
# Workbook → Document
# --------------------------------------------------------------------------- #


def test_workbook_becomes_a_tables_only_document(tmp_path):
    doc = _workbook(tmp_path)
    assert doc.unit == UNIT
    assert doc.year == 2024
    assert doc.source.format == "xlsx"
    assert doc.facts == [] and doc.line_items == []
    (table,) = doc.tables
    assert (table.key, table.name, table.status, table.unit) == (
        "general_budget", "一般公共预算财政拨款支出决算表", "included", "万元")
    assert table.columns == ["合计", "基本支出", "项目支出"]
    assert [r.code for r in table.rows] == [None, "201", "20103", "2010350", "2010399", "206", "20604",
                                           "2060404", "208", "20805", "2080502", "2080505"]
    assert table.rows[0].label == "合计"
    assert table.rows[0].values == [D("3300.15"), D("571.15"), D("2729.00")]
    assert table.rows[3].values == [D("512.51"), None, None]
    # Nothing lost: one section holds every sheet as text.
    (section,) = doc.sections
    assert section.key == "tables"
    assert "【公开05表】" in doc.text
    assert "201\t03\t50\t事业运行\t512.51" in doc.text.split("\n")
    assert table.section == section.id


def test_single_code_column_in_yuan(tmp_path):
    rows = [[code, name, float(amount), None, None] for code, name, amount in [
        ("2010350", "事业运行", "5125100.00"), ("2080505", "机关事业单位基本养老保险缴费支出", "558500.10"),
    ]]
    doc = _workbook(tmp_path, rows=rows, money_unit="元", split_codes=False)
    (table,) = doc.tables
    assert table.unit == "元"
    assert [r.code for r in table.rows] == ["2010350", "2080505"]
    assert [r.values[0] for r in table.rows] == [D("512.5100"), D("55.8500100")]
    assert table.rows[0].cells[2] == "5125100.00"


def test_cell_text_shows_what_excel_shows():
    assert cell_text(2940.05, "#,##0.00") == "2940.05"
    assert cell_text(0.1 + 0.2, "General") == "0.3"
    assert cell_text(10, "0.00") == "10.00"
    assert cell_text(0.5, "0.00%") == "50.00%"
    assert cell_text(3, None) == "3"
    assert cell_text(None) == ""
    assert cell_text("行政运行") == "行政运行"


def test_xls_sheets_are_read_with_formats_and_merges():
    cells = {
        (0, 0): ("一般公共预算财政拨款支出决算表", 1, 0), (1, 0): ("单位：万元", 1, 0),
        (2, 0): ("科目编码", 1, 0), (2, 1): ("科目名称", 1, 0), (2, 2): ("合计", 1, 0),
        (3, 0): ("2010350", 1, 0), (3, 1): ("事业运行", 1, 0), (3, 2): (512.51, 2, 1),
    }

    class FakeSheet:
        name, nrows, ncols, visibility = "Sheet1", 4, 3, 0
        merged_cells = [(0, 1, 0, 3)]  # xlrd: rlo, rhi, clo, chi (exclusive)

        def cell(self, r, c):
            value, ctype, xf = cells.get((r, c), ("", 0, 0))
            return SimpleNamespace(value=value, ctype=ctype, xf_index=xf)

    book = SimpleNamespace(
        nsheets=1, sheet_by_index=lambda i: FakeSheet(),
        xf_list=[SimpleNamespace(format_key=0), SimpleNamespace(format_key=1)],
        format_map={0: SimpleNamespace(format_str="General"), 1: SimpleNamespace(format_str="0.00")},
    )
    (sheet,) = sheets_from_xlrd(book, Path("x.xls"))
    assert sheet.rows[3] == ["2010350", "事业运行", "512.51"]
    assert sheet.merges == [(0, 0, 0, 2)]


def test_bad_workbooks_are_refused(tmp_path):
    broken = tmp_path / "broken.xlsx"
    broken.write_bytes(b"PK\x03\x04 not really a zip")
    with pytest.raises(ImportRefused) as info:
        load_excel(broken)
    assert str(info.value) == f"{broken}: Excel 文件损坏或不是 .xlsx 文件"

    import openpyxl

    book = openpyxl.Workbook()
    book.active.append(["会议纪要", "无表格"])
    plain = tmp_path / "plain.xlsx"
    book.save(plain)
    with pytest.raises(ImportRefused) as info:
        load_excel(plain)
    assert info.value.reason == "工作簿中没有可识别的决算表"


# --------------------------------------------------------------------------- #
# Attaching tables to a narrative
# --------------------------------------------------------------------------- #


def _items(doc):
    return {item.path[-1]: item for item in doc.line_items if item.fund == "一般公共预算财政拨款"}


def test_attach_gives_codes_and_table_amounts(seed_doc, tmp_path):
    tables = _workbook(tmp_path)
    doc = attach_tables(seed_doc, tables)
    assert doc.id == seed_doc.id and len(doc.line_items) == len(seed_doc.line_items)
    items = _items(doc)
    assert items["事业运行"].code == "2010350"
    assert items["其他政府办公厅（室）及相关机构事务支出"].code == "2010399"
    assert items["科技成果转化与扩散"].code == "2060404"
    assert items["事业单位离退休"].code == "2080502"
    assert items["政府办公厅（室）及相关机构事务"].code == "20103"
    assert items["一般公共服务支出"].code == "201"
    assert items["事业运行"].table_amount == items["事业运行"].amount == D("512.51")
    assert items["一般公共服务支出"].table_amount == D("1577.40")
    # Not printed in the table: no code, no table amount, no finding.
    assert items["城管执法"].code is None and items["城管执法"].table_amount is None
    assert not [f for f in doc.findings if f.rule == "table.item_amount"]
    # The table replaces the listed one and keeps its ordinal; the others stay listed.
    general = next(t for t in doc.tables if t.key == "general_budget")
    assert (general.status, general.number, general.source) == ("included", "五", tables.source.path)
    assert len(doc.tables) == len(seed_doc.tables)
    # The target itself is untouched.
    assert _items(seed_doc)["事业运行"].code is None


def test_attach_reports_a_changed_cell(seed_doc, tmp_path):
    rows = [list(row) for row in SEED_ROWS]
    rows[3][4] = 510.00  # 事业运行
    doc = attach_tables(seed_doc, _workbook(tmp_path, rows=rows))
    findings = [f for f in doc.findings if f.rule == "table.item_amount"]
    assert len(findings) == 1
    (finding,) = findings
    assert finding.severity == "error"
    assert finding.values == {"说明": "512.51", "附表": "510.00"}
    assert finding.difference == D("2.51")
    assert finding.location == "table:general_budget:row 4:col 1"
    assert "事业运行" in finding.message and "合计" in finding.message
    assert finding.section == _items(doc)["事业运行"].section
    assert _items(doc)["事业运行"].table_amount == D("510.00")


def test_attach_tables_in_yuan_round_to_the_printed_precision(seed_doc, tmp_path):
    rows = [[c, k, x, n, a * 10000 if isinstance(a, float) else a, None, None]
            for c, k, x, n, a, *_ in SEED_ROWS]
    rows[3][4] = 5125149.0  # 512.5149 万元 is printed as 512.51
    doc = attach_tables(seed_doc, _workbook(tmp_path, rows=rows, money_unit="元"))
    assert _items(doc)["事业运行"].table_amount == D("512.5149")
    assert not [f for f in doc.findings if f.rule == "table.item_amount"]


def _source(path="x"):
    return Source(path=path, sha256="0" * 64, format="text", imported_at=datetime.now(timezone.utc),
                  importer_version="test")


def test_attach_on_a_hand_made_document():
    fund = "政府性基金预算财政拨款"
    items = [
        LineItem(fund=fund, level="类", name="城乡社区支出", path=["城乡社区支出"],
                 children=["城乡社区支出/国有土地使用权出让收入安排的支出"]),
        LineItem(fund=fund, level="款", name="国有土地使用权出让收入安排的支出",
                 path=["城乡社区支出", "国有土地使用权出让收入安排的支出"], parent="城乡社区支出",
                 children=["城乡社区支出/国有土地使用权出让收入安排的支出/城市建设支出"]),
        LineItem(fund=fund, level="项", name="城市建设支出", amount=D("11.68"),
                 path=["城乡社区支出", "国有土地使用权出让收入安排的支出", "城市建设支出"],
                 parent="城乡社区支出/国有土地使用权出让收入安排的支出"),
    ]
    target = Document(id="t", title="t", unit="某单位", source=_source(), text="", line_items=items)
    table = Table(name="政府性基金预算财政拨款收入支出决算表", key="gov_fund", status="included",
                  columns=["年初结转和结余", "本年收入", "本年支出/小计"],
                  rows=[TableRow(cells=[], code="212", label="城乡社区支出", values=[None, None, D("11.70")]),
                        TableRow(cells=[], code="21208", label="国有土地使用权出让收入安排的支出",
                                 values=[None, None, D("11.70")]),
                        TableRow(cells=[], code="2120803", label="城市建设支出", values=[None, None, D("11.70")])])
    tables = Document(id="x", title="x", unit="某单位", source=_source("x.xlsx"), text="", tables=[table])
    doc = attach_tables(target, tables)
    assert [i.code for i in doc.line_items] == ["212", "21208", "2120803"]
    # 本年支出 小计 is the amount column of a fund table.
    (finding,) = doc.findings
    assert finding.values == {"说明": "11.68", "附表": "11.70"}
    assert finding.location == "table:gov_fund:row 3:col 3"
    # Attaching again replaces the table and the finding rather than adding copies.
    again = attach_tables(doc, tables)
    assert len(again.tables) == 1 and len(again.findings) == 1


def test_a_sheet_with_two_stacked_tables(tmp_path):
    import openpyxl

    book = openpyxl.Workbook()
    ws = book.active
    ws.title = "附表"
    for row in [
        ["公开07表"],
        ["政府性基金预算财政拨款收入支出决算表"],
        ["部门：某某中心", None, "单位：万元"],
        ["科目编码", "科目名称", "本年支出"],
        ["2120803", "城市建设支出", "11.68"],
        [],
        ["国有资本经营预算财政拨款收入支出决算表"],
        ["单位：万元"],
        ["科目编码", "科目名称", "本年支出"],
        ["合计", None, None],
        ["注：本单位无国有资本经营预算财政拨款收入和支出，故本表无数据。"],
    ]:
        ws.append(row)
    path = tmp_path / "stacked.xlsx"
    book.save(path)
    doc = load_excel(path)
    assert doc.unit == "某某中心"
    assert [(t.key, t.number, t.status) for t in doc.tables] == [
        ("gov_fund", "公开07表", "included"), ("state_capital", "", "empty")]
    assert doc.tables[0].rows[0].code == "2120803"
    assert doc.tables[0].rows[0].values == [D("11.68")]
