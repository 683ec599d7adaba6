"""Grids of printed cells → Table (shared by the PDF and Excel importers)."""

from __future__ import annotations

from decimal import Decimal

import pytest

from importers.tablegrid import (
    Grid,
    TableContext,
    build_table,
    clean_cell,
    identify_table,
    parse_department,
    parse_unit,
    render_table,
)

D = Decimal


@pytest.mark.parametrize("title, key", [
    ("收入支出决算总表", "income_expenditure_total"),
    ("一、收入支出决算表", "income_expenditure_total"),
    ("财政拨款收入支出决算总表", "fiscal_total"),
    ("四、政拨款收入支出决算总表", "fiscal_total"),  # a dropped character
    ("三、出决算表", "expenditure"),
    ("表5 一般公共预算财政拨款支出决算表", "general_budget"),
    ("一般公共预算财政拨款基本支出决算明细表", "basic"),
    ("公开07表 财政拨款\"三公\"经费支出决算表", "sangong"),
    ("上海市某某局2024年度收入决算表", "income"),
    ("收入决算表（续）", "income"),
    ("国有资本经营预算财政拨款支出决算表", "state_capital"),
])
def test_identify_table(title, key):
    kind = identify_table(title)
    assert kind is not None and kind.key == key


@pytest.mark.parametrize("text", [
    "第二部分 上海市某某局2024年度部门决算表",
    "七、财政拨款“三公”经费支出决算情况说明",
    "本表反映收入支出决算总表的内容。",
    "基本支出决算表",  # 基本 before 支出决算表: not table 03
])
def test_identify_table_rejects(text):
    kind = identify_table(text)
    assert kind is None or kind.key is None


def test_other_tables_are_not_mistaken_for_standard_ones():
    kind = identify_table("某某局2024年度一般公共预算财政拨款项目支出决算表")
    assert kind is not None and kind.key is None


def test_unit_and_department_lines():
    assert parse_unit("金额单位：元") == "元"
    assert parse_unit("编制单位：某某局        单位：万元") == "万元"
    assert parse_unit("单位(万元)") is None
    assert parse_department("编制单位：某某市某某中心        单位：万元") == "某某市某某中心"
    assert parse_department("部门：某某局") == "某某局"


def test_clean_cell_joins_wrapped_text():
    assert clean_cell("机关事业单位基本养老保\n险缴费支出") == "机关事业单位基本养老保险缴费支出"
    assert clean_cell("因 公 出 国 （ 境 ） 费\n用") == "因公出国（境）费用"
    assert clean_cell("100.00%\n10.00 分") == "100.00% 10.00 分"
    assert clean_cell("=99.9\n9%") == "=99.99%"
    assert clean_cell(None) == ""


def test_split_codes_with_header_words_on_the_first_data_row():
    # No rule between the 类 | 款 | 项 header words and the 合计 row (as pdfplumber sees it).
    grid = Grid.from_rows([
        ["项目", None, None, None, "本年支出合\n计", "基本支出", "项目支\n出"],
        ["科目编码", None, None, "科目名称", None, None, None],
        ["类", "款", "项", "合计", "1,000.00", "600.00", "400.00"],
        ["201", "", "", "一般公共服务支出", "1,000.00", "600.00", "400.00"],
        ["201", "06", "", "财政事务", "1,000.00", "600.00", "400.00"],
        ["201", "06", "01", "行政运行", "600.00", "600.00", ""],
        ["", "", "08", "财政委托业务支出", "400.00", "", "400.00"],
    ], merges=[(0, 0, 0, 3), (1, 0, 1, 2), (0, 4, 1, 4), (0, 5, 1, 5), (0, 6, 1, 6)])
    table = build_table(grid, TableContext(lines=["支出决算表", "单位：万元"]))
    assert table.key == "expenditure"
    assert table.columns == ["本年支出合计", "基本支出", "项目支出"]
    assert [(r.code, r.label) for r in table.rows] == [
        (None, "合计"), ("201", "一般公共服务支出"), ("20106", "财政事务"), ("2010601", "行政运行"),
        ("2010608", "财政委托业务支出")]
    assert table.rows[3].values == [D("600.00"), D("600.00"), None]
    assert table.rows[3].cells == ["201", "06", "01", "行政运行", "600.00", "600.00", ""]


def test_flattened_code_form_inherits_parents():
    grid = Grid.from_rows([
        ["科目编码", "科目名称", "合计"],
        ["201", "一般公共服务支出", "100.00"],
        ["06", "财政事务", "100.00"],
        ["01 行政运行", "", "60.00"],
        ["02 一般行政管理事务", "", "40.00"],
        ["208", "社会保障和就业支出", "5.00"],
        ["201 03 50 事业运行", "", "1.00"],
    ])
    table = build_table(grid, TableContext(lines=["一般公共预算财政拨款支出决算表"]))
    assert [(r.code, r.label) for r in table.rows] == [
        ("201", "一般公共服务支出"), ("20106", "财政事务"), ("2010601", "行政运行"),
        ("2010602", "一般行政管理事务"), ("208", "社会保障和就业支出"), ("2010350", "事业运行")]


def test_yuan_converted_to_wan_with_printed_unit_kept():
    grid = Grid.from_rows([
        ["科目编码", "科目名称", "合计", "基本支出"],
        ["2010350", "事业运行", "5,125,100.00", "25,754,899.39"],
    ])
    table = build_table(grid, TableContext(lines=["一般公共预算财政拨款支出决算表", "金额单位：元"]))
    assert table.unit == "元"
    assert table.rows[0].values == [D("512.51"), D("2575.489939")]
    assert table.rows[0].cells[2] == "5,125,100.00"


def test_caption_and_note_rows_inside_the_grid():
    # Excel style: title, unit and note are rows of the sheet.
    grid = Grid.from_rows([
        ["政府性基金预算财政拨款收入支出决算表", None, None, None],
        ["编制单位：某某中心", None, None, "单位：万元"],
        ["科目编码", "科目名称", "本年收入", "本年支出"],
        ["合计", None, "", ""],
        ["注：本单位本年度没有政府性基金预算财政拨款收入和支出，故本表无数据。", None, None, None],
    ], merges=[(0, 0, 0, 3), (3, 0, 3, 1), (4, 0, 4, 3)])
    table = build_table(grid)
    assert table.key == "gov_fund"
    assert table.status == "empty"
    assert table.unit == "万元"
    assert table.columns == ["本年收入", "本年支出"]
    assert table.note.startswith("注：")


def test_two_sided_table_gets_two_column_groups():
    grid = Grid.from_rows([
        ["收入", None, "支出", None],
        ["项目", "决算数", "项目", "决算数"],
        ["一、一般公共预算财政拨款收入", "100.00", "一、一般公共服务支出", "90.00"],
        ["", "", "二、外交支出", ""],
        ["总计", "110.00", "总计", "110.00"],
    ], merges=[(0, 0, 0, 1), (0, 2, 0, 3)])
    table = build_table(grid, TableContext(lines=["收入支出决算总表"]))
    assert table.columns == ["收入/决算数", "支出/决算数"]
    assert [(r.label, r.values) for r in table.rows] == [
        ("一般公共预算财政拨款收入", [D("100.00"), None]),
        ("总计", [D("110.00"), None]),
        ("一般公共服务支出", [None, D("90.00")]),
        ("外交支出", [None, None]),
        ("总计", [None, D("110.00")]),
    ]


def test_side_by_side_pairs_unfold_into_one_list():
    grid = Grid.from_rows([
        ["科目编码", "科目名称", "决算数", "科目编码", "科目名称", "决算数", "科目编码", "科目名称", "决算数"],
        ["301", "工资福利支出", "10.00", "302", "商品和服务支出", "5.00", "310", "资本性支出", "1.00"],
        ["30101", "基本工资", "10.00", "30201", "办公费", "5.00", "31002", "办公设备购置", "1.00"],
        ["人员经费合计", "", "10.00", "公用经费合计", "", "6.00", "", "", ""],
    ])
    table = build_table(grid, TableContext(lines=["一般公共预算财政拨款基本支出决算表"]))
    assert table.columns == ["决算数"]
    assert [(r.code, r.label, r.values) for r in table.rows] == [
        ("301", "工资福利支出", [D("10.00")]), ("30101", "基本工资", [D("10.00")]),
        (None, "人员经费合计", [D("10.00")]),
        ("302", "商品和服务支出", [D("5.00")]), ("30201", "办公费", [D("5.00")]),
        (None, "公用经费合计", [D("6.00")]),
        ("310", "资本性支出", [D("1.00")]), ("31002", "办公设备购置", [D("1.00")]),
    ]


def test_multi_row_header_names_and_counts_are_not_converted():
    grid = Grid.from_rows([
        ["“三公”经费", None, None, None],
        ["合计", None, "公务用车购置及运行维护费", None],
        ["预算数", "决算数", "车辆数（辆）", "决算数"],
        ["20,000.00", "18,000.00", "3", "9,000.00"],
    ], merges=[(0, 0, 0, 3), (1, 0, 1, 1), (1, 2, 1, 3)])
    table = build_table(grid, TableContext(lines=["财政拨款“三公”经费支出决算表", "单位：元"]))
    assert table.columns == ["合计/预算数", "合计/决算数", "公务用车购置及运行维护费/车辆数（辆）",
                             "公务用车购置及运行维护费/决算数"]
    assert table.rows[0].values == [D("2.0000"), D("1.8000"), D("3"), D("0.9000")]


def test_render_table_is_tab_separated():
    grid = Grid.from_rows([["科目编码", "科目名称", "合计"], ["2010350", "事业运行", "512.51"]])
    table = build_table(grid, TableContext(lines=["一般公共预算财政拨款支出决算表", "单位：万元"]))
    text = render_table(table)
    assert "2010350\t事业运行\t512.51" in text.split("\n")
    assert text.split("\n")[1] == "单位：万元"


def test_grid_without_title_or_data_is_nothing():
    assert build_table(Grid.from_rows([["说明", "备注"], ["这是一段文字", "另一段"]])) is None
    assert build_table(Grid.from_rows([])) is None


def test_a_dash_placeholder_does_not_turn_an_amount_column_into_labels():
    from importers.tablegrid import Grid, TableContext, build_table

    grid = Grid.from_rows([["项目", "本年支出合计", "基本支出", "项目支出"],
                           ["合计", "100.00", "60.00", "40.00"],
                           ["201 03 50 事业运行", "60.00", "60.00", "—"]])
    table = build_table(grid, TableContext(lines=["支出决算表"]))
    assert table.columns == ["本年支出合计", "基本支出", "项目支出"]
    assert [(r.code, r.label) for r in table.rows] == [(None, "合计"), ("2010350", "事业运行")]
    assert table.rows[0].values[2] == Decimal("40.00") and table.rows[1].values[2] is None
