"""Pure view models of issue 5 and 7: where findings point, which shown numbers they mark,
and the sheets exported from what is on screen."""

from __future__ import annotations

import csv
import io
from decimal import Decimal as D

from app_fixtures import GENERAL, checked_document, next_year_document, sample_document

from juesuan_tui import views
from juesuan_tui.compare import compare
from juesuan_tui.exporting import to_csv, to_markdown
from juesuan_tui.models import Finding

KUAN = "政府办公厅（室）及相关机构事务"


def _finding(**kwargs) -> Finding:
    return Finding(rule=kwargs.pop("rule", "r"), title="t", severity=kwargs.pop("severity", "warning"),
                   message="m", **kwargs)


# --------------------------------------------------------------------------- locations and targets


def test_locations_parse_into_their_parts():
    assert views.parse_location("table:income:row 3:col 2") == views.Location("table", table="income", row=3, col=2)
    assert views.parse_location("table:gov_fund") == views.Location("table", table="gov_fund")
    assert views.parse_location(f"item:{GENERAL}:一般公共服务支出/{KUAN}/行政运行") == views.Location(
        "item", fund=GENERAL, path=("一般公共服务支出", KUAN, "行政运行"))
    assert views.parse_location(f"fund:{GENERAL}") == views.Location("fund", fund=GENERAL)
    assert views.parse_location("scorecard:0:indicator:4") == views.Location(
        "scorecard", card=0, part="indicator", index=4)
    assert views.parse_location("scorecard:1:funds:全年预算数") == views.Location(
        "scorecard", card=1, part="funds", index=0)  # a column of the 项目资金 rows: the head row
    assert views.parse_location("scorecard:0:total").part == "total"
    assert views.parse_location(None) is None and views.parse_location("whatever") is None


def test_each_finding_targets_its_place():
    doc = checked_document()
    error, item, table, fund, card = doc.findings
    assert views.finding_target(doc, error) == views.FindingTarget(
        "text", section_id="2.4", sentence=error.sentence)
    assert views.finding_target(doc, item) == views.FindingTarget(
        "drill", drill_path=(GENERAL, "一般公共服务支出", KUAN, "事业运行"))
    assert views.finding_target(doc, table) == views.FindingTarget(
        "report", table_key="procurement_detail", included=True, row=0)
    assert views.finding_target(doc, fund).drill_path == (GENERAL,)
    assert views.finding_target(doc, card) == views.FindingTarget("perf", card=0, card_part="indicator", card_index=1)
    assert views.finding_place(doc, error) == "正文 第二部分部门决算情况说明 › 四、政府采购情况"
    assert views.finding_place(doc, table) == "报表《附表：采购明细》 第 1 行"
    assert views.finding_place(doc, card) == "绩效 热线服务项目 › 指标“一号响应”"


def test_a_location_that_names_nothing_falls_back_to_the_section_or_nowhere():
    doc = checked_document()
    gone = _finding(location=f"item:{GENERAL}:不存在的类", section="2.3.3", sentence="句子")
    assert views.finding_target(doc, gone) == views.FindingTarget("text", section_id="2.3.3", sentence="句子")
    assert views.finding_target(doc, _finding(location="table:procurement_detail:row 9:col 0")) is None
    assert views.finding_place(doc, _finding()) == "（未给出位置）"


def test_findings_group_by_severity_in_fixed_order():
    doc = checked_document()
    groups = views.findings_by_severity(doc.findings)
    assert [(s, len(f)) for s, f in groups] == [("error", 1), ("warning", 2), ("info", 2)]
    assert views.findings_by_severity([])[0] == ("error", [])
    assert views.worst(doc.findings[1:]) == "warning" and views.worst([]) is None


# --------------------------------------------------------------------------- marks


def test_drill_nodes_are_marked_by_location_sentence_and_name():
    doc = checked_document()
    root = views.drill_tree(doc)
    marks = views.node_findings(doc, root)
    marked = {(n.level, n.name): [f.rule for f in found] for n, found in marks.items()}
    assert marked == {("项", "事业运行"): ["change.from_zero"], ("资金", GENERAL): ["tree.fund_total"]}
    # a finding not located on one item marks the items its values name, in its section
    share = _finding(rule="tree.share", section="2.3.2", values={"一般公共服务支出占比": "83.33%", "占比合计": "100%"},
                     location=f"fund:{GENERAL}")
    doc.findings = [share]
    marks = views.node_findings(doc, root)
    assert {n.name for n in marks} == {GENERAL, "一般公共服务支出"}
    # the same words in another section do not count
    doc.findings = [_finding(section="2.1", values={"一般公共服务支出占比": "83.33%"})]
    assert views.node_findings(doc, root) == {}


def test_rebuilt_table_cells_are_marked_through_their_facts_and_items():
    doc = checked_document()
    tables = views.standard_tables(doc) + views.included_tables(doc)
    views.mark_tables(doc, tables)
    by_key = {t.key: t for t in tables if t.from_facts}
    general = by_key["general_budget"]
    names = [row[1] for row in general.rows]
    assert general.cell_marks == {(0, 2): "info", (names.index("事业运行"), 2): "warning"}
    assert [f.rule for f in general.row_findings[0]] == ["tree.fund_total"]
    fiscal = by_key["fiscal_total"]
    assert fiscal.cell_marks == {(3, 2): "info"}  # 本年财政拨款支出 / 一般公共预算
    own = next(t for t in tables if not t.from_facts)
    assert own.cell_marks == {(0, 1): "warning"} and list(own.row_findings) == [0]
    assert not by_key["income"].row_findings and not by_key["income"].cell_marks


def test_fact_findings_prefer_named_facts_over_the_whole_sentence():
    doc = sample_document()
    sentence = "收入总计 200.00 万元，其中：本年收入合计 180.00 万元，年初结转和结余 20.00 万元。"
    for fact in doc.facts[:3]:
        fact.sentence = sentence
    named = _finding(section="2.1", sentence=sentence, values={"本年收入合计": "180.00万元"})
    unnamed = _finding(section="2.1", sentence=sentence, values={"差": "1"})
    doc.findings = [named, unnamed]
    marks = views.fact_findings(doc)
    assert [f is named for f in marks[id(doc.facts[1])]] == [True, False]
    assert marks[id(doc.facts[0])] == [unnamed] and marks[id(doc.facts[2])] == [unnamed]


def test_scorecard_findings_are_keyed_by_row():
    doc = checked_document()
    doc.findings.append(_finding(location="scorecard:0:total"))
    doc.findings.append(_finding(location="scorecard:0:funds:0"))
    keys = set(views.scorecard_findings(doc))
    assert keys == {(0, "indicator", 1), (0, "total", None), (0, "funds", 0)}
    rows = views.indicator_rows(doc.scorecards[0])
    assert [r.index for r in rows if r.kind == "indicator"] == [0, 1, 2]


# --------------------------------------------------------------------------- exports of what is shown


def _csv(sheet) -> list[list[str]]:
    return list(csv.reader(io.StringIO(to_csv(sheet).decode("utf-8-sig"))))


def test_table_sheet_keeps_columns_and_exact_amounts():
    view = next(v for v in views.standard_tables(sample_document()) if v.key == "basic_expenditure")
    sheet = views.table_sheet(view)
    assert [c.kind for c in sheet.spec.columns] == ["text", "money"]
    assert _csv(sheet) == [["项目", "决算数"], ["人员经费", "70.00"], ["公用经费", "10.00"], ["合计", "80.00"]]


def test_drill_sheet_is_the_level_shown():
    root = views.drill_tree(sample_document())
    node = views.find_drill_node(root, [GENERAL, "一般公共服务支出", KUAN])
    rows = _csv(views.drill_sheet(node))
    assert rows[0][:4] == ["名称", "编码", "级次", "金额（万元）"]
    assert [r[0] for r in rows[1:]] == ["行政运行", "事业运行"]
    assert rows[1][1:5] == ["2010301", "项", "100.00", "66.67"]
    assert views.drill_sheet(node).spec.sheet.startswith("类款项 一般公共预算财政拨款")


def test_comparison_sheets_mark_added_removed_and_renamed():
    result = compare(sample_document(), next_year_document())
    facts, items = views.comparison_sheets(result)
    income = next(r for r in facts.rows if r["label"] == "收入总计")
    assert (income["a"], income["b"], income["difference"], income["difference_pct"]) == (
        D("200.00"), D("250.00"), D("50.00"), D("25.00"))
    statuses = {r["path"]: r["status"] for r in items.rows if r["status"]}
    assert statuses["城乡社区支出 / 城乡社区管理事务 / 城管执法"] == "删除"
    assert statuses["社会保障和就业支出 / 行政事业单位养老支出 / 机关事业单位基本养老保险缴费支出"] == "新增"
    assert statuses[f"一般公共服务支出 / {KUAN} / 行政运行（综合）"] == "更名：行政运行 → 行政运行（综合）"
    markdown = to_markdown(items)
    assert "| 更名：行政运行 → 行政运行（综合） |" in markdown


def test_sheet_titles_and_file_names_are_safe():
    assert views.sheet_title("a/b:c[d]*?" + "长" * 40) == "abcd" + "长" * 27
    assert views.safe_file_name("单位 名称", 2024, "a/b\\c:d", None, "") == "单位名称-2024-abcd"
