"""附表: title aliases, listed tables, empty statements, grids with codes."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from pathlib import Path

import pytest

from importers.extract.tables import (
    extract_tables,
    find_empty_statements,
    find_grid_tables,
    parse_listing,
    parse_listing_line,
)
from importers.extract.taxonomy import table_key
from juesuan_tui.models import Document, Section, Source

SEED = Path(__file__).resolve().parent / "fixtures" / "urumqi-12345-2024-juesuan.txt"
D = Decimal

SEED_KEYS = [
    "income_expenditure_total", "income", "expenditure", "fiscal_total", "general_budget",
    "basic", "gov_fund", "state_capital", "sangong",
]


def doc_of(sections: list[Section], text: str = "", toc_raw: str = "") -> Document:
    source = Source(path="t.txt", sha256="0", format="text", imported_at=datetime(2025, 1, 1),
                    importer_version="test")
    return Document(id="t", title="t", unit="u", source=source, text=text, toc_raw=toc_raw,
                    sections=sections)


def seed_parts() -> tuple[str, list[Section]]:
    """The seed cut into its four parts by the part headings after the 目录."""
    lines = SEED.read_text(encoding="utf-8").split("\n")
    heads = [i for i, line in enumerate(lines) if line.startswith("第") and "部分" in line[:5]]
    body = heads[len(heads) // 2 :]  # the 目录 lists the same four headings first
    sections = []
    for n, (a, b) in enumerate(zip(body, body[1:] + [len(lines)]), start=1):
        number, _, title = lines[a].partition(" ")
        sections.append(Section(id=str(n), level=0, number=number, title=title,
                                raw="\n".join(lines[a:b]) + "\n", line_start=a, line_end=b))
    return "\n".join(lines[: body[0]]), sections


@pytest.mark.parametrize(
    ("title", "key"),
    [
        ("收入支出决算总表", "income_expenditure_total"),
        ("部门收支决算总表", "income_expenditure_total"),
        ("2024年度收入支出决算表", "income_expenditure_total"),
        ("收入决算总表", "income"),
        ("支出决算总表", "expenditure"),
        ("财政拨款收入支出决算表", "fiscal_total"),
        ("一般公共预算财政拨款收入支出决算表", "general_budget"),
        ("一般公共预算财政拨款基本支出决算明细表", "basic"),
        ("政府性基金预算财政拨款支出决算表", "gov_fund"),
        ("国有资本经营预算财政拨款支出决算表", "state_capital"),
        ('财政拨款"三公"经费支出决算表', "sangong"),
        ("“三公”经费、行政参公单位机关运行经费情况表", "sangong"),
        ("“三公”经费及会议费、培训费支出决算表", "sangong"),
        ("某某局收入支出决算总表", "income_expenditure_total"),
        ("出决算表", "expenditure"),  # first character dropped by the PDF
        ("政拨款收入支出决算总表", "fiscal_total"),
        ("一般公共预算财政拨款项目支出决算表", None),
        ("政府性基金预算财政拨款“三公”经费支出决算表", None),
        ("国有资产使用情况表", None),
    ],
)
def test_table_key_aliases(title, key):
    assert table_key(title) == key


def test_listing_line_forms():
    assert parse_listing_line("- 一、《收入支出决算总表》") == ("一", "收入支出决算总表")
    assert parse_listing_line("7.政府性基金预算财政拨款收入支出决算表") == ("7", "政府性基金预算财政拨款收入支出决算表")
    assert parse_listing_line("表九 财政拨款“三公”经费支出决算表") == ("九", "财政拨款“三公”经费支出决算表")
    assert parse_listing_line("收入决算表（公开02表）") == ("公开02表", "收入决算表")
    assert parse_listing_line("三、支出决算表………………12") == ("三", "支出决算表")
    # Part headings and narrative sentences are not listed tables.
    assert parse_listing_line("第四部分 部门决算报表（见附表）") is None
    assert parse_listing_line("2024年度部门决算表") is None
    assert parse_listing_line("五、一般公共预算财政拨款支出决算情况说明") is None
    assert parse_listing_line("详见下表") is None


def test_seed_nine_listed_tables_and_the_empty_one():
    toc, sections = seed_parts()
    tables = extract_tables(doc_of(sections, toc_raw=toc))
    assert [t.key for t in tables] == SEED_KEYS
    assert [t.number for t in tables] == list("一二三四五六七八九")
    assert tables[0].name == "收入支出决算总表"
    assert tables[8].name == "财政拨款“三公”经费支出决算表"
    statuses = {t.key: t.status for t in tables}
    assert statuses.pop("state_capital") == "empty"
    assert set(statuses.values()) == {"listed"}
    empty = tables[7]
    assert empty.name == "国有资本经营预算财政拨款收入支出决算表"
    assert "为空表" in empty.note
    assert all(t.section == "4" for t in tables)


def test_toc_only_listing():
    toc, sections = seed_parts()
    without_tables_part = sections[:3]
    tables = extract_tables(doc_of(without_tables_part, toc_raw=toc))
    assert [t.key for t in tables] == SEED_KEYS
    assert tables[0].section is None


def test_listing_of_titles_on_one_line():
    tables = parse_listing(["附表：《收入决算表》《支出决算表》《某某统计表》"], "5")
    assert [(t.name, t.key, t.section) for t in tables] == [
        ("收入决算表", "income", "5"), ("支出决算表", "expenditure", "5"), ("某某统计表", None, "5")]


@pytest.mark.parametrize(
    ("sentence", "key"),
    [
        ("本单位本年度无国有资本经营预算财政拨款收入、支出及结转和结余，国有资本经营预算财政拨款收入支出决算表为空表。",
         "state_capital"),
        ("说明：本单位本年度没有政府性基金预算财政拨款收入和支出，故本表无数据。", "gov_fund"),
        ("本部门2024年度无政府性基金预算财政拨款收入、支出。", "gov_fund"),
        ("国有资本经营预算财政拨款支出决算表为空表。", "state_capital"),
    ],
)
def test_empty_statements(sentence, key):
    (table,) = find_empty_statements("前文。" + sentence + "后文。", "2.8")
    assert (table.key, table.status, table.section) == (key, "empty", "2.8")
    assert table.note.startswith(sentence[:6])


def test_not_empty_statements():
    text = ("政府性基金预算财政拨款支出 0.00 万元。本单位无因公出国（境）费。"
            "本单位无政府性基金预算财政拨款支出。本单位无其他需说明的事项。")
    assert find_empty_statements(text) == []


GRID_TAB = """五、一般公共预算财政拨款支出决算表
公开05表
部门：某某局\t\t单位：万元
科目编码\t科目名称\t合计\t基本支出\t项目支出
栏次\t\t1\t2\t3
\t合计\t1,234.50\t800.00\t434.50
201\t一般公共服务支出\t1,000.00\t700.00\t300.00
20103\t政府办公厅(室)及相关机构事务\t1,000.00\t700.00\t300.00
2010301\t行政运行\t700.00\t700.00\t—
2010350\t事业运行\t300.00\t\t300.00
208\t社会保障和就业支出\t234.50\t100.00\t134.50
注：本表反映部门本年度一般公共预算财政拨款实际支出情况。
这一段不是表格。
"""


def test_grid_single_code_column_in_wan():
    (table,) = find_grid_tables(GRID_TAB.split("\n"), ["2.5"] * len(GRID_TAB.split("\n")))
    assert (table.name, table.key, table.number, table.unit, table.status, table.section) == (
        "一般公共预算财政拨款支出决算表", "general_budget", "公开05表", "万元", "included", "2.5")
    # Contract shared with the PDF/Excel importers: ``columns`` names the value columns.
    assert [c.split("/")[0] for c in table.columns] == ["合计", "基本支出", "项目支出"]
    assert [(r.code, r.label) for r in table.rows] == [
        (None, "合计"), ("201", "一般公共服务支出"), ("20103", "政府办公厅(室)及相关机构事务"),
        ("2010301", "行政运行"), ("2010350", "事业运行"), ("208", "社会保障和就业支出")]
    assert table.rows[0].values == [D("1234.50"), D("800.00"), D("434.50")]
    assert table.rows[3].values == [D("700.00"), D("700.00"), None]
    assert table.rows[4].values == [D("300.00"), None, D("300.00")]
    assert table.rows[4].cells == ["2010350", "事业运行", "300.00", "", "300.00"]
    assert table.note.startswith("注：本表反映")


GRID_PIPE = """支出决算表
金额单位：元
| 科目编码 | | | 科目名称 | 本年支出合计 | 基本支出 | 项目支出 |
| 类 | 款 | 项 | | | | |
| | | | 合计 | 12,345,678.90 | 10,000,000.00 | 2,345,678.90 |
| 201 | | | 一般公共服务支出 | 12,000,000.00 | 10,000,000.00 | 2,000,000.00 |
| 201 | 03 | | 政府办公厅（室）及相关机构事务 | 12,000,000.00 | 10,000,000.00 | 2,000,000.00 |
| 201 | 03 | 50 | 事业运行 | 10,000,000.00 | 10,000,000.00 | - |
| | | 99 | 其他政府办公厅（室）及相关机构事务支出 | 2,000,000.00 | | 2,000,000.00 |
| 208 | | | 社会保障和就业支出 | 345,678.90 | | 345,678.90 |
| | 05 | | 行政事业单位养老支出 | 345,678.90 | | 345,678.90 |
| | | 02 事业单位离退休 | | 345,678.90 | | 345,678.90 |
"""


def test_grid_split_code_columns_in_yuan_with_inherited_parents():
    (table,) = find_grid_tables(GRID_PIPE.split("\n"))
    assert (table.key, table.unit) == ("expenditure", "元")
    assert table.columns == ["本年支出合计", "基本支出", "项目支出"]
    assert [r.code for r in table.rows] == [
        None, "201", "20103", "2010350", "2010399", "208", "20805", "2080502"]
    assert table.rows[-1].label == "事业单位离退休"
    # Amounts printed in 元 are held in 万元, exactly.
    assert table.rows[0].values == [D("1234.56789"), D("1000"), D("234.56789")]
    assert table.rows[3].values == [D("1000"), D("1000"), None]
    assert table.rows[0].cells[3:5] == ["合计", "12,345,678.90"]


def test_grid_flattened_codes_and_text_form():
    single = """一般公共预算财政拨款支出决算表
单位：万元
科目编码\t科目名称\t决算数
201\t一般公共服务支出\t100.00
06\t财政事务\t100.00
01 行政运行\t\t60.00
02\t一般行政管理事务\t40.00
"""
    (table,) = find_grid_tables(single.split("\n"))
    assert [(r.code, r.label, r.values) for r in table.rows] == [
        ("201", "一般公共服务支出", [D("100.00")]), ("20106", "财政事务", [D("100.00")]),
        ("2010601", "行政运行", [D("60.00")]), ("2010602", "一般行政管理事务", [D("40.00")])]
    spaced = """表三  支出决算表
单位：万元
项目                        本年支出合计      基本支出      项目支出
合计                          100.00          60.00        40.00
201 03 50 事业运行              60.00          60.00        0.00
206 04 04 科技成果转化与扩散      40.00          0.00         40.00
"""
    (table,) = find_grid_tables(spaced.split("\n"))
    assert (table.number, table.key, table.columns) == ("表三", "expenditure", ["本年支出合计", "基本支出", "项目支出"])
    assert [(r.code, r.label, r.values) for r in table.rows] == [
        (None, "合计", [D("100.00"), D("60.00"), D("40.00")]),
        ("2010350", "事业运行", [D("60.00"), D("60.00"), D("0.00")]),
        ("2060404", "科技成果转化与扩散", [D("40.00"), D("0.00"), D("40.00")])]


def test_grid_with_an_unlisted_title_and_an_empty_note():
    text = """某某专项资金统计表
单位：万元
项目\t金额
专项一\t10.00
专项二\t20.00

政府性基金预算财政拨款收入支出决算表
科目编码\t科目名称\t本年支出
\t合计\t
说明：本单位本年度没有政府性基金预算财政拨款收入和支出，故本表无数据。
"""
    first, fund = find_grid_tables(text.split("\n"))
    assert (first.name, first.key, [r.values for r in first.rows]) == (
        "某某专项资金统计表", None, [[D("10.00")], [D("20.00")]])
    assert (fund.key, fund.status) == ("gov_fund", "empty")
    assert "故本表无数据" in fund.note


def test_grid_without_title_is_not_a_table():
    assert find_grid_tables(["甲\t乙\t丙", "一\t1.00\t2.00", "二\t3.00\t4.00"]) == []


def test_included_grid_merges_with_its_listing():
    listing = Section(id="2", level=0, number="第二部分", title="部门决算表", key="tables",
                      raw="第二部分 部门决算表\n五、一般公共预算财政拨款支出决算表\n" + GRID_TAB)
    tables = extract_tables(doc_of([listing]))
    assert len(tables) == 1
    (table,) = tables
    assert (table.number, table.status, table.unit, len(table.rows)) == ("五", "included", "万元", 6)


def test_seed_end_to_end():
    import importers

    doc = importers.load(SEED)
    assert [t.key for t in doc.tables] == SEED_KEYS
    assert [t.status for t in doc.tables] == ["listed"] * 7 + ["empty", "listed"]
    listing = doc.section(doc.tables[0].section)
    assert listing is not None and "《收入支出决算总表》" in listing.raw


def test_toc_titles_missing_their_first_character_are_repaired():
    toc = "目 录\n三、出决算表 PAGEREF _Toc25831 h 3\n四、政拨款收入支出决算总表……4\n五、2024年度某某统计表"
    tables = extract_tables(doc_of([], toc_raw=toc))
    assert [(t.number, t.name, t.key) for t in tables] == [
        ("三", "支出决算表", "expenditure"), ("四", "财政拨款收入支出决算总表", "fiscal_total"),
        ("五", "2024年度某某统计表", None)]


def test_empty_statement_about_revenue_and_spending_together():
    (table,) = find_empty_statements("本单位无国有资本经营预算财政拨款收支。")
    assert table.key == "state_capital" and table.name == "国有资本经营预算财政拨款收入支出决算表"


def test_empty_statement_does_not_hide_printed_amounts():
    text = "\n".join([
        "第二部分 部门决算表",
        "七、政府性基金预算财政拨款收入支出决算表",
        "单位：万元",
        "科目编码\t科目名称\t本年支出",
        "\t合计\t12.00",
        "212\t城乡社区支出\t12.00",
    ])
    tables_part = Section(id="2", level=0, number="第二部分", title="部门决算表", key="tables", raw=text + "\n")
    statement = Section(id="3.7", level=1, number="七、", title="政府性基金预算财政拨款收入支出决算情况说明",
                        raw="本单位本年度无政府性基金预算财政拨款收入、支出。\n")
    (table,) = extract_tables(doc_of([tables_part, statement]))
    assert (table.key, table.number, table.status) == ("gov_fund", "七", "included")
    assert table.rows[-1].values == [D("12.00")]
    assert "无政府性基金" in table.note


def test_tables_listed_as_child_headings_of_an_annex_part():
    """Chongqing style: "六、附件" whose children are the table titles (keys vary)."""
    titles = ["收入支出决算总表", "财政拨款收入支出决算总表", "一般公共预算财政拨款基本支出决算明细表"]
    children = [Section(id=f"6.{n}", level=3, number=f"{n}.", title=title, key=None, raw=f"{n}.{title}\n")
                for n, title in enumerate(titles, start=1)]
    annex = Section(id="6", level=1, number="六、", title="附件", key="performance", raw="六、附件\n",
                    children=children)
    card = "\n".join(["项目支出绩效自评表", "项目名称\t示例项目",
                      "一级指标\t二级指标\t三级指标\t年度指标值\t实际完成值\t分值\t得分",
                      "数量指标\t完成项目数\t=3个\t=3个\t90\t90", "总分\t90\t90"])
    annex_with_card = annex.model_copy(update={"raw": "六、附件\n" + card + "\n"})
    for part in (annex, annex_with_card):
        tables = extract_tables(doc_of([part]))
        assert [(t.number, t.key, t.section) for t in tables] == [
            ("1", "income_expenditure_total", "6.1"), ("2", "fiscal_total", "6.2"), ("3", "basic", "6.3")]
