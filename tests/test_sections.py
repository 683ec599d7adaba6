"""The 目录 and the section tree: seed, Shanghai (tables first), Chongqing (no 第X部分), damaged forms."""

from __future__ import annotations

from datetime import datetime, timezone
from pathlib import Path

import pytest

from importers.normalize import split_lines
from importers.pipeline import build_document
from importers.sections import cn_number, parse_heading, title_key
from juesuan_tui.models import Document, Section, Source

SEED_TEXT = (Path(__file__).resolve().parent / "fixtures" / "urumqi-12345-2024-juesuan.txt").read_text(encoding="utf-8")

GLOSSARY_TERMS = (
    "财政拨款收入", "上级补助收入", "事业收入", "经营收入", "附属单位上缴收入", "其他收入", "年初结转和结余",
    "年末结转和结余", "基本支出", "项目支出", "经营支出", "对附属单位补助支出", "“三公”经费", "机关运行经费",
)  # fmt: skip


def _source(name: str = "t.txt") -> Source:
    return Source(path=name, sha256="0" * 64, format="text", imported_at=datetime.now(timezone.utc), importer_version="t")


def _doc(text: str) -> Document:
    return build_document(text, _source(), extract=False)


def _outline(sections: list[Section]) -> list[tuple]:
    """(id, number, key) for every node in tree order."""
    return [(s.id, s.number, s.key) for top in sections for s in top.walk()]


@pytest.fixture(scope="module")
def seed() -> Document:
    return _doc(SEED_TEXT)


# --- the seed --------------------------------------------------------------------


def test_seed_has_four_parts_after_the_toc(seed):
    assert [(s.id, s.number, s.title) for s in seed.sections] == [
        ("1", "第一部分", "单位概况"),
        ("2", "第二部分", "部门决算情况说明"),
        ("3", "第三部分", "专业名词解释"),
        ("4", "第四部分", "部门决算报表（见附表）"),
    ]
    body_start = seed.sections[0].line_start
    lines = split_lines(SEED_TEXT)
    # The body starts at the second 第一部分 line: the 目录 copy is not a section.
    assert lines[body_start] == "第一部分 单位概况"
    assert [i for i, line in enumerate(lines) if line == "第一部分 单位概况"] == [7, body_start]
    assert seed.cover.strip().splitlines() == ["乌鲁木齐市 12345 政务服务热线中心 2024 年", "单位决算公开"]
    assert seed.toc_raw.startswith("目 录")


def test_seed_toc_entries(seed):
    parts = [(e.number, e.title) for e in seed.toc if e.level == 0]
    assert parts == [(s.number, s.title) for s in seed.sections]
    items = [e for e in seed.toc if e.level == 1 and e.title.startswith("《") is False]
    assert [e.number for e in items] == ["一、", "二、", *[f"{n}、" for n in "一二三四五六七八九十"], "十一、", "十二、"]
    subs = [e.title for e in seed.toc if e.level == 2]
    assert subs[0] == "一般公共预算财政拨款支出决算总体情况" and subs[-1] == "国有资产占用情况说明" and len(subs) == 6
    tables = [e.title for e in seed.toc if e.title.startswith("《")]
    assert len(tables) == 9 and tables[-1] == "《财政拨款“三公”经费支出决算表》"


def test_seed_explanation_part_has_twelve_sections_and_their_subsections(seed):
    part = seed.sections[1]
    assert [c.number for c in part.children] == [f"{n}、" for n in "一二三四五六七八九十"] + ["十一、", "十二、"]
    assert [c.id for c in part.children][:2] == ["2.1", "2.2"] and part.children[-1].id == "2.12"
    five, ten = part.children[4], part.children[9]
    assert [(c.id, c.number) for c in five.children] == [("2.5.1", "（一）"), ("2.5.2", "（二）"), ("2.5.3", "（三）")]
    assert [c.title for c in ten.children] == ["机关运行经费及公用经费支出情况", "政府采购情况", "国有资产占用情况说明"]
    assert all(not c.children for i, c in enumerate(part.children) if i not in (4, 9))
    assert not seed.sections[0].children[0].children  # "1. 负责…" items are content


def test_seed_keys(seed):
    keys = {s.id: s.key for s in seed.walk_sections()}
    assert keys == {
        "1": "overview", "1.1": "functions", "1.2": "staffing",
        "2": "explanation", "2.1": "totals", "2.2": "income", "2.3": "expenditure", "2.4": "fiscal_totals",
        "2.5": "general_budget", "2.5.1": "general_budget_total", "2.5.2": "general_budget_structure",
        "2.5.3": "general_budget_detail", "2.6": "basic_expenditure", "2.7": "gov_fund", "2.8": "state_capital",
        "2.9": "sangong", "2.10": "other_matters", "2.10.1": "operating_costs", "2.10.2": "procurement",
        "2.10.3": "assets", "2.11": "performance", "2.12": "other",
        "3": "glossary", "4": "tables",
    }  # fmt: skip


def test_seed_glossary_part_holds_all_terms_as_content(seed):
    glossary = seed.sections[2]
    assert glossary.key == "glossary" and glossary.children == []
    for term in GLOSSARY_TERMS:
        assert term in glossary.text, term
    assert "**" not in glossary.text
    assert not any(line.startswith("-") for line in glossary.text.splitlines())
    assert glossary.text.splitlines()[1] == "一、财政拨款收入：指同级财政当年拨付的资金。"
    assert "- 一、**财政拨款收入**：" in glossary.raw  # raw stays verbatim


def test_seed_table_list_and_scorecard_are_content(seed):
    tables = seed.sections[3]
    assert tables.children == [] and tables.text.count("《") == 9
    performance = next(s for s in seed.walk_sections() if s.key == "performance")
    assert performance.children == []
    assert "项目名称\t\t乌鲁木齐市 12345 政务服务便民热线服务项目采购" in performance.text
    assert "十二、其他需说明的事项" not in performance.raw


def test_seed_display_text_rejoins_page_breaks(seed):
    by_id = {s.id: s for s in seed.walk_sections()}
    assert "增加 2,744.89 万元，增长 494.34%，主要原因是" in by_id["2.5.1"].text
    assert "上缴上级支出 0.00万元，占 0.00%；经营支出" in by_id["2.3"].text
    assert "由政府基金调整到一般公共预算资金。与年初预算相比" in by_id["2.7"].text
    assert "城管执法(项)功能科目调整为" in by_id["2.5.3"].text
    assert "增\n\n长" in by_id["2.5.1"].raw  # raw stays verbatim


def test_seed_raw_and_text_of_a_node(seed):
    five = seed.section("2.5")
    assert five.raw.splitlines()[0] == "五、一般公共预算财政拨款支出决算情况说明"
    assert "（一）" not in five.raw  # children excluded
    assert five.text == "五、一般公共预算财政拨款支出决算情况说明"
    lines = split_lines(SEED_TEXT)
    assert five.raw == "\n".join(lines[five.line_start : five.line_end])


def test_traditional_seed_gives_the_same_tree():
    import zhconv
    traditional = zhconv.convert(SEED_TEXT, "zh-tw")
    assert _outline(_doc(traditional).sections) == _outline(_doc(SEED_TEXT).sections)


# --- other layouts ---------------------------------------------------------------------

SHANGHAI = """上海市某某区某某局
2024年度部门决算

目 录
第一部分 上海市某某区某某局概况 ........ 3
一、主要职能 ........ 3
二、部门决算单位构成 ........ 4
第二部分 上海市某某区某某局2024年度部门决算表 PAGEREF _Toc25831 h 5
一、收入支出决算总表 ........ 5
二、收入决算表 ........ 6
第三部分 上海市某某区某某局2024年度部门决算情况说明 ........ 7
一、收入支出决算总体情况说明 ........ 7
二、财政拨款“三公”经费支出决算情况说明 ........ 8
三、预算绩效管理情况 ........ 9
四、其他重要事项的情况说明 ........ 9
第四部分 名词解释 ........ 10

第一部分 上海市某某区某某局概况
一、主要职能
上海市某某区某某局是主管全区某某工作的区政府工作部门，主要职责是：
（一）贯彻执行国家和本市有关法律、法规、规章和方针、政策；
（二）完成区委、区政府交办的其他任务。
二、部门决算单位构成
某某局部门决算包括：本级决算、下属单位决算。
第二部分 上海市某某区某某局2024年度部门决算表
收入支出决算总表
单位：万元
一、一般公共预算财政拨款收入 100.00 一、一般公共服务支出 90.00
二、政府性基金预算财政拨款收入 二、外交支出
三、国有资本经营预算财政拨款收入 三、国防支出
收入决算表
项目\t本年收入合计\t财政拨款收入
合计\t100.00\t100.00
第三部分 上海市某某区某某局2024年度部门决算情况说明
一、收入支出决算总体情况说明
2024年度收入总计100.00万元，支出总计100.00万元。
二、财政拨款“三公”经费支出决算情况说明
（一）“三公”经费财政拨款支出决算总体情况说明。
“三公”经费财政拨款支出1.00万元。
（二）“三公”经费财政拨款支出决算具体情况说明。
公务接待费1.00万元。
三、预算绩效管理情况
本部门开展绩效评价项目2个。
四、其他重要事项的情况说明
（一）机关运行经费支出情况
机关运行经费10.00万元。
（二）政府采购支出情况
政府采购支出总额5.00万元。
（三）国有资产占有使用情况说明
截至2024年12月31日，车辆2辆。
第四部分 名词解释
一、财政拨款收入：指单位本年度从本级财政部门取得的财政拨款。
二、基本支出：指单位为保障机构正常运转而发生的各项支出。
"""


def test_shanghai_layout_with_tables_first():
    doc = _doc(SHANGHAI)
    assert [(s.number, s.key) for s in doc.sections] == [
        ("第一部分", "overview"), ("第二部分", "tables"), ("第三部分", "explanation"), ("第四部分", "glossary"),
    ]  # fmt: skip
    overview, tables, explanation, glossary = doc.sections
    assert [c.title for c in overview.children] == ["主要职能", "部门决算单位构成"]
    assert overview.children[0].children == []  # enumerated duties are sentences, not headings
    assert tables.children == [] and "三、国有资本经营预算财政拨款收入 三、国防支出" in tables.text
    assert [c.key for c in explanation.children] == ["totals", "sangong", "performance", "other_matters"]
    assert [c.key for c in explanation.children[3].children] == ["operating_costs", "procurement", "assets"]
    assert [c.title for c in explanation.children[1].children] == [
        "“三公”经费财政拨款支出决算总体情况说明",
        "“三公”经费财政拨款支出决算具体情况说明",
    ]
    assert glossary.children == [] and "基本支出：指单位" in glossary.text
    # 目录 entries lose their dot leaders, page numbers and Word fields.
    assert [e.title for e in doc.toc[:4]] == [
        "上海市某某区某某局概况", "主要职能", "部门决算单位构成", "上海市某某区某某局2024年度部门决算表",
    ]  # fmt: skip
    assert doc.cover.split() == ["上海市某某区某某局", "2024年度部门决算"]
    assert (doc.unit, doc.year, doc.kind) == ("上海市某某区某某局", 2024, "部门决算")


CHONGQING = """重庆市某某区某某局2024年度决算公开说明

一、部门基本情况
（一）职能职责
负责全区某某事务的统筹管理，拟订相关政策并组织实施。
（二）机构设置
本部门内设科室4个，下属事业单位1个。
二、部门决算情况说明
（一）收入支出决算总体情况说明
1.总体情况
2024年度收入总计120.50万元，支出总计120.50万元。
2.收入情况
本年收入合计110.00万元，其中：财政拨款收入110.00万元，占100.00%。
3.支出情况
本年支出合计115.00万元，其中：基本支出80.00万元，项目支出35.00万元。
（二）一般公共预算财政拨款支出决算情况说明
1.总体情况
一般公共预算财政拨款支出110.00万元。
2.结构情况
一般公共服务支出（类）100.00万元，占90.91%。
3.具体情况
事业运行（项）100.00万元。
（三）“三公”经费支出决算情况说明
“三公”经费支出1.20万元。
三、其他需要说明的事项
（一）机关运行经费情况
机关运行经费10.00万元。
（二）政府采购情况
政府采购支出总额5.00万元。
四、专业名词解释
（一）财政拨款收入：指本级财政当年拨付的资金。
（二）基本支出
指为保障机构正常运转而发生的支出。
五、决算公开联系人和联系方式
联系人：张某，联系电话：023-00000000
"""


def test_chongqing_layout_without_parts():
    doc = _doc(CHONGQING)
    assert doc.toc == [] and doc.cover.strip() == "重庆市某某区某某局2024年度决算公开说明"
    assert [(s.id, s.number, s.key, s.level) for s in doc.sections] == [
        ("1", "一、", "overview", 1), ("2", "二、", "explanation", 1), ("3", "三、", "other", 1),
        ("4", "四、", "glossary", 1), ("5", "五、", "contact", 1),
    ]  # fmt: skip
    explanation = doc.sections[1]
    assert _outline([explanation])[1:] == [
        ("2.1", "（一）", "totals"),
        ("2.1.1", "1.", "totals"), ("2.1.2", "2.", "income"), ("2.1.3", "3.", "expenditure"),
        ("2.2", "（二）", "general_budget"),
        ("2.2.1", "1.", "general_budget_total"), ("2.2.2", "2.", "general_budget_structure"),
        ("2.2.3", "3.", "general_budget_detail"),
        ("2.3", "（三）", "sangong"),
    ]  # fmt: skip
    assert [c.key for c in doc.sections[0].children] == ["functions", "staffing"]
    glossary = doc.sections[3]
    assert glossary.children == [] and "（二）基本支出" in glossary.text  # terms stay content
    assert (doc.unit, doc.year) == ("重庆市某某区某某局", 2024)


def test_zhejiang_layout_tables_section_ends_at_the_next_item():
    text = "\n".join(
        [
            "某某局2024年度部门决算",
            "一、部门概况",
            "本部门主要负责某某工作，内设机构3个。",
            "二、2024年度部门决算公开表（详见附表）",
            "一、收入支出决算总表",
            "二、收入决算表",
            "三、部门决算情况说明",
            "（一）收入支出决算总体情况说明",
            "2024年度收入总计1.00万元。",
        ]
    )
    doc = _doc(text)
    assert [(s.number, s.key) for s in doc.sections] == [("一、", "overview"), ("二、", "tables"), ("三、", "explanation")]
    assert "一、收入支出决算总表" in doc.sections[1].text


def test_damaged_part_headings():
    text = "\n".join(
        [
            "某某局2020年度部门决算",
            "第一部分 部门概况",
            "本部门负责某某工作，内设机构2个。",
            "部分 2020年度部门决算表",
            "见附表。",
            "第三部  2020年度部门决算情况说明",
            "一、收入支出决算总体情况说明",
            "2020年度收入总计1.00万元。",
            "部分项目经费本年未执行",
        ]
    )
    doc = _doc(text)
    assert [(s.number, s.key) for s in doc.sections] == [("第一部分", "overview"), ("部分", "tables"), ("第三部", "explanation")]
    assert "部分项目经费本年未执行" in doc.sections[2].children[0].raw  # prose starting with 部分 is content


def test_part_number_alone_takes_its_title_from_the_next_line():
    doc = _doc("第一部分\n单位概况\n本单位负责某某工作，内设机构2个。\n第二部分\n名词解释\n一、基本支出：指保障运转的支出。")
    assert [(s.title, s.key) for s in doc.sections] == [("单位概况", "overview"), ("名词解释", "glossary")]


def test_text_before_the_first_heading_is_a_leading_section():
    doc = _doc("目 录\n一、概况\n二、情况说明\n\n根据有关规定，现将本单位决算情况公开如下。\n一、概况\n本单位负责某某工作。")
    assert doc.sections[0].id == "0" and doc.sections[0].number == "" and "根据有关规定" in doc.sections[0].text
    assert [(s.id, s.key) for s in doc.sections[1:]] == [("1", "overview")]


def test_toc_without_a_repeat_of_its_first_entry_ends_at_the_first_heading_followed_by_prose():
    text = "\n".join(
        [
            "某某局2024年度部门决算",
            "目录",
            "第一部分 部门概况 …… 1",
            "第二部分 2024年度部门决算情况说明 …… 3",
            "第一部分 某某局概况",  # the body's wording differs from the 目录's
            "一、主要职能",
            "负责全市某某工作的统筹规划、组织实施和监督管理，指导各区开展相关工作。",
            "第二部分 2024年度部门决算情况说明",
            "一、收入支出决算总体情况说明",
            "2024年度收入总计1.00万元，支出总计1.00万元。",
        ]
    )
    doc = _doc(text)
    assert [e.title for e in doc.toc] == ["部门概况", "2024年度部门决算情况说明"]
    assert [(s.number, s.title) for s in doc.sections] == [("第一部分", "某某局概况"), ("第二部分", "2024年度部门决算情况说明")]


def test_pages_from_form_feeds_and_from_the_importer():
    text = "第一部分 单位概况\n本单位负责某某工作。\n\f第二部分 名词解释\n一、基本支出：指支出。"
    assert [s.page for s in _doc(text).sections] == [1, 2]
    doc = build_document(text.replace("\f", ""), _source(), pages=[0, 2, 2], extract=False)
    assert [s.page for s in doc.sections] == [1, 3]  # page 2 was blank


# --- headings ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "line",
    [
        "一、**财政拨款收入**：指同级财政当年拨付的资金。",
        "九、基本支出：指为保障机构正常运转而发生的支出。",
        "一、《收入支出决算总表》",
        "1. 一般公共服务支出（类）1,577.40 万元，占 47.80%。",
        "（一）贯彻执行国家和本市有关法律、法规；",
        "项目名称\t\t热线服务项目",
        "1. 综合科",
        "一、一般公共预算财政拨款收入 100.00 一、一般公共服务支出 90.00",
    ],
)
def test_content_lines_are_not_headings(line):
    assert parse_heading(line) is None


@pytest.mark.parametrize(
    ("line", "level", "number", "title"),
    [
        ("第二部分 部门决算情况说明", 0, "第二部分", "部门决算情况说明"),
        ("第 三 部 分：名词解释", 0, "第三部分", "名词解释"),
        ("十一、预算绩效的情况说明", 1, "十一、", "预算绩效的情况说明"),
        (" - (一) 一般公共预算财政拨款支出决算总体情况", 2, "(一)", "一般公共预算财政拨款支出决算总体情况"),
        ("（三）国有资产占用情况说明", 2, "（三）", "国有资产占用情况说明"),
        ("㈡ 政府采购情况", 2, "㈡", "政府采购情况"),
        ("2.收入情况", 3, "2.", "收入情况"),
        ("一、主要职能：", 1, "一、", "主要职能"),
    ],
)
def test_heading_lines(line, level, number, title):
    h = parse_heading(line)
    assert h is not None and (h.level, h.number, h.title) == (level, number, title)


def test_chinese_numbers():
    assert [cn_number(t) for t in ("一", "十", "十二", "二十", "二十一", "一百零五", "３", "甲")] == [1, 10, 12, 20, 21, 105, 3, None]


@pytest.mark.parametrize(
    ("title", "key"),
    [
        ("单位概况", "overview"), ("部门基本情况", "overview"), ("主要职责", "functions"),
        ("机构设置及人员情况", "staffing"), ("2024年度部门决算情况说明", "explanation"),
        ("专业名词解释", "glossary"), ("部门决算报表（见附表）", "tables"), ("附表", "tables"),
        ("预算绩效管理情况", "performance"), ("其他重要事项的情况说明", "other_matters"),
        ("收入支出决算总体情况说明", "totals"), ("收入决算情况说明", "income"), ("支出决算情况说明", "expenditure"),
        ("财政拨款收入支出决算总体情况说明", "fiscal_totals"),
        ("一般公共预算财政拨款支出决算情况说明", "general_budget"),
        ("一般公共预算财政拨款基本支出决算情况说明", "basic_expenditure"),
        ("政府性基金预算财政拨款收入支出决算情况说明", "gov_fund"),
        ("国有资本经营预算财政拨款收入支出决算情况说明", "state_capital"),
        ("财政拨款“三公”经费支出决算情况说明", "sangong"), ("机关运行经费支出情况", "operating_costs"),
        ("政府采购情况", "procurement"), ("国有资产占用情况说明", "assets"),
        ("决算公开联系人和联系方式", "contact"), ("其他需要说明的事项", "other"), ("其他需说明的事项", "other"),
        ("部門決算情況說明", "explanation"), ("本年度工作亮点", None),
    ],
)  # fmt: skip
def test_title_keys(title, key):
    assert title_key(title) == key
