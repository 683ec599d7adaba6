"""Every rule: a consistent document yields nothing; breaking one number yields exactly
the findings it warrants, with the values compared and the difference."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal as D

import pytest

from checks_docs import GENERAL, consistent_doc, node, one, row, table
from juesuan_tui.checks import RULES, run_checks
from juesuan_tui.models import Document, Fact, Finding, LineItem


def test_consistent_document_has_no_findings():
    assert run_checks(consistent_doc()) == []
    assert run_checks(consistent_doc(grids=True)) == []


def test_rules_registry_is_complete_and_chinese():
    brief = {"totals.income", "totals.balance", "parts.income", "parts.expenditure", "parts.basic", "parts.sangong",
             "parts.vehicle", "parts.procurement", "parts.sme", "parts.vehicles", "parts.staff", "share.amount",
             "change.consistency", "change.verb", "change.from_zero", "budget.diff_rate", "budget.completion",
             "budget.wording", "tree.sum", "tree.share", "tree.fund_total", "scorecard.score_le_weight",
             "scorecard.weights_100", "scorecard.total", "scorecard.execution_rate", "scorecard.execution_score",
             "scorecard.narrative", "table.narrative_amount", "table.code_name", "completeness.sections",
             "completeness.tables", "completeness.empty_table", "budget.reason", "table.cross"}
    assert brief <= set(RULES)
    for rule_id, rule in RULES.items():
        assert rule.id == rule_id
        assert rule.severity in {"error", "warning", "info"}
        assert any("\u4e00" <= ch <= "\u9fff" for ch in rule.title)


_TEXT_FIELDS = {"direction", "sentence", "label", "status", "text", "title", "name"}


def _set(obj, **changes) -> None:
    """Set attributes; strings become Decimals except for text fields."""
    for name, value in changes.items():
        setattr(obj, name, D(value) if isinstance(value, str) and name not in _TEXT_FIELDS else value)


@dataclass
class Case:
    """Break the consistent document once; expect these (rule, severity) findings and no others."""

    name: str
    mutate: Callable[[Document], None]
    expected: list[tuple[str, str]]
    difference: str | None = None  # of the first expected finding
    values: dict[str, str] = field(default_factory=dict)  # subset of the first expected finding's values
    grids: bool = False


def _remove_section(doc: Document, key: str) -> None:
    doc.sections = [s for s in doc.sections if s.key != key]


def _item(doc: Document, name: str, **changes) -> LineItem:
    found = node(doc, name)
    _set(found, **changes)
    return found


CASES = [
    Case("totals.income", lambda d: _set(one(d, "income.carryover_begin"), value="60.00"),
         [("totals.income", "error")], "-10.00",
         {"收入总计": "1050.00万元", "年初结转和结余": "60.00万元", "合计（计算）": "1060.00万元"}),
    Case("totals.expenditure", lambda d: _set(one(d, "expenditure.carryover_end"), value="45.00"),
         [("totals.expenditure", "error")], "5.00", {"支出总计": "1050.00万元", "合计（计算）": "1045.00万元"}),
    Case("totals.balance", lambda d: (_set(one(d, "expenditure.total"), value="1040.00"),
                                      _set(one(d, "expenditure.carryover_end"), value="40.00")),
         [("totals.balance", "error")], "10.00", {"收入总计": "1050.00万元", "支出总计": "1040.00万元"}),
    Case("totals.balance of 政府性基金 without totals",
         lambda d: (d.facts.remove(one(d, "fund.income_total")), d.facts.remove(one(d, "fund.expenditure_total")),
                    _set(one(d, "fund.carryover_end"), value="5.00")),
         [("totals.balance", "error")], "-5.00", {"政府性基金年末结转和结余": "5.00万元"}),
    Case("parts.income", lambda d: _set(one(d, "income.business"), value="90.00", share_pct="9.00"),
         [("parts.income", "error")], "10.00", {"本年收入合计": "1000.00万元", "事业收入": "90.00万元"}),
    Case("parts.income, only some parts listed and short: not checkable",
         lambda d: [d.facts.remove(f) for f in [one(d, "income.business"), one(d, "income.other")]], []),
    Case("parts.income, only some parts listed and already above the total",
         lambda d: (d.facts.remove(one(d, "income.other")),
                    _set(one(d, "income.business"), value="110.00", share_pct="11.00")),
         [("parts.income", "error")], "-10.00"),
    Case("parts.expenditure", lambda d: _set(one(d, "expenditure.project"), value="610.00", share_pct="61.00"),
         [("parts.expenditure", "error")], "-10.00"),
    Case("parts.fiscal", lambda d: (_set(one(d, "fiscal.income_current"), value="910.00"),
                                    _set(one(d, "fiscal.carryover_begin"), value="10.00")),
         [("parts.fiscal", "error")], "10.00", {"本年财政拨款收入": "910.00万元", "财政拨款收入": "900.00万元"}),
    Case("parts.basic", lambda d: _set(one(d, "basic.personnel"), value="310.00"),
         [("parts.basic", "error")], "-10.00"),
    Case("parts.operating is a warning (scopes may differ)", lambda d: _set(one(d, "operating.public"), value="90.00"),
         [("parts.operating", "warning")], "-10.00"),
    Case("parts.sangong", lambda d: _set(one(d, "sangong.reception"), value="4.00", share_pct="40.00"),
         [("parts.sangong", "error")], "-1.00", {"“三公”经费": "10.00万元", "公务接待费": "4.00万元"}),
    Case("parts.sangong budget", lambda d: _set(one(d, "sangong.abroad"), budget="3.00"),
         # the part now differs from its budget without a reason as well
         [("parts.sangong", "error"), ("budget.reason", "warning")], "-1.00",
         {"“三公”经费预算数": "12.00万元", "因公出国（境）费预算数": "3.00万元"}),
    Case("parts.vehicle", lambda d: _set(one(d, "sangong.vehicle_operation"), value="4.00"),
         [("parts.vehicle", "error")], "1.00", {"公务用车购置及运行维护费": "5.00万元", "公务用车运行维护费": "4.00万元"}),
    Case("parts.procurement", lambda d: _set(one(d, "procurement.works"), value="20.00"),
         [("parts.procurement", "error")], "10.00"),
    Case("parts.sme", lambda d: _set(one(d, "procurement.small_micro"), value="45.00", share_pct="45.00"),
         [("parts.sme", "error")], "5.00", {"授予小微企业合同金额": "45.00万元", "授予中小企业合同金额": "40.00万元"}),
    Case("parts.vehicles more than total", lambda d: _set(one(d, "assets.vehicles_by_category", "其他用车"),
                                                          value="3"),
         [("parts.vehicles", "error")], "-1", {"车辆": "3辆", "其他用车": "3辆"}),
    Case("parts.vehicles fewer than total: a category may be unlisted",
         lambda d: _set(one(d, "assets.vehicles_by_category", "其他用车"), value="1"), []),
    Case("parts.staff", lambda d: setattr(d.profile.staffing, "active", 31),
         [("parts.staff", "error")], "1", {"实有人数": "35人", "在职人员": "31人"}),
    Case("share.amount", lambda d: _set(one(d, "income.business"), share_pct="11.00"),
         [("share.amount", "error")], "1.00", {"事业收入占比": "11.00%", "事业收入": "100.00万元"}),
    Case("share.amount with a named base", lambda d: _set(one(d, "general.expenditure"), share_pct="80.00"),
         [("share.amount", "error")], "-8.00", {"本年支出合计": "1000.00万元"}),
    Case("change.consistency", lambda d: _set(one(d, "general.expenditure"), change_pct="12.00"),
         [("change.consistency", "error")], "2.00",
         {"一般公共预算财政拨款支出增减率": "+12.00%", "一般公共预算财政拨款支出上年数（推算）": "800.00万元"}),
    Case("change.consistency on a line item", lambda d: _item(d, "事业运行", change_pct="40.00"),
         [("change.consistency", "error")], "-10.00"),
    Case("change.consistency: increase larger than the amount", lambda d: _item(d, "事业运行", change="350.00",
                                                                                   change_pct=None),
         [("change.consistency", "error")], "-50.00"),
    Case("change.verb: word against sign", lambda d: _set(one(d, "general.expenditure"), direction="decrease"),
         [("change.verb", "error")], None, {"用语": "减少"}),
    Case("change.verb: amount and rate disagree",
         lambda d: _set(one(d, "sangong.total"), change="2.00", change_pct="-16.67", direction=None),
         # prior = 10 − 2 = 8, so the rate is also wrong (+25.00%)
         [("change.verb", "error"), ("change.consistency", "error")], None),
    Case("change.from_zero", lambda d: _item(d, "事业运行", change="300.00", change_pct="100.00"),
         [("change.from_zero", "warning")], None, {"事业运行上年数（推算）": "0.00万元", "事业运行增减率": "+100.00%"}),
    Case("budget.diff_rate", lambda d: _set(one(d, "general.expenditure"), diff_pct="11.00"),
         [("budget.diff_rate", "error")], "1.00", {"一般公共预算财政拨款支出年初预算数": "800.00万元"}),
    Case("budget.diff_rate with a zero budget", lambda d: _set(one(d, "fund.income_total"), budget="0.00",
                                                              diff_pct="100.00"),
         [("budget.diff_rate", "warning"), ("budget.reason", "warning")], None, {"政府性基金预算财政拨款收入总计预决算差异率": "100.00%"}),
    Case("budget.reason", lambda d: _set(one(d, "general.expenditure"), budget_reason=None),
         [("budget.reason", "warning")], "80.00", {"一般公共预算财政拨款支出决算数": "880.00万元"}),
    Case("budget.reason worded after the statement", lambda d: (
        _set(one(d, "general.expenditure"), budget_reason=None),
        setattr(next(s for s in d.walk_sections() if s.id == "2.5.1"), "text",
                "一般公共预算财政拨款支出880.00万元。决算数大于预算数的主要原因是年中追加项目资金。")), [], None),
    Case("budget.completion", lambda d: _set(one(d, "general.expenditure"), completion_pct="100.00"),
         [("budget.completion", "error")], "-10.00"),
    Case("budget.completion with a zero budget", lambda d: _set(one(d, "sangong.vehicle_purchase"),
                                                               completion_pct="100.00", value="1.00", budget="0.00"),
         # the purchase of 1.00 also breaks 用车 = 购置 + 运行
         [("budget.completion", "warning"), ("parts.vehicle", "error"), ("budget.reason", "warning")], None),
    Case("budget.wording", lambda d: _set(one(d, "general.expenditure"),
                                          sentence="决算数小于年初预算数的主要原因是：年中追加。"),
         [("budget.wording", "error")], "80.00", {"用语": "决算数小于预算数"}),
    Case("budget.wording 持平 with a real gap", lambda d: _set(one(d, "general.expenditure"),
                                                              sentence="决算数与预算数持平。"),
         [("budget.wording", "warning")], "80.00"),
    Case("tree.sum: children above the parent", lambda d: _item(d, "其他政府办公厅（室）及相关机构事务支出",
                                                                  amount="210.00"),
         [("tree.sum", "error")], "-10.00", {"一般公共服务支出": "500.00万元"}),
    Case("tree.sum: children below the parent (one may be unlisted): not checkable",
         lambda d: _item(d, "其他政府办公厅（室）及相关机构事务支出", amount="190.00"), []),
    Case("tree.share", lambda d: _item(d, "一般公共服务支出", share_pct="57.82"),
         [("tree.share", "error")], "1.00", {"一般公共服务支出占比": "57.82%"}),
    Case("tree.fund_total", lambda d: (_item(d, "社会保障和就业支出", amount="390.00", share_pct="44.32"),
                                       _item(d, "机关事业单位基本养老保险缴费支出", amount="390.00")),
         [("tree.fund_total", "error")], "-10.00", {"一般公共预算财政拨款支出": "880.00万元"}),
    Case("scorecard.score_le_weight", lambda d: (_set(d.scorecards[0].indicators[1], score="31"),
                                                 _set(d.scorecards[0], total_score="100.00")),
         [("scorecard.score_le_weight", "error")], "1", {"一号响应分值": "30分", "一号响应得分": "31分"}),
    Case("scorecard.weights_100", lambda d: _set(d.scorecards[0].indicators[1], weight="31"),
         [("scorecard.weights_100", "error")], "-1", {"总分值": "100分", "一号响应分值": "31分"}),
    Case("scorecard.total", lambda d: _set(d.scorecards[0], total_score="96.00"),
         [("scorecard.total", "error")], "-1.00", {"总分": "96.00分"}),
    Case("scorecard.execution_rate", lambda d: (_set(d.scorecards[0].funds[0], rate_pct="95.00", score="9.50"),
                                                _set(d.scorecards[0], total_score="97.50")),
         [("scorecard.execution_rate", "error")], "5.00"),
    Case("scorecard.execution_score", lambda d: (_set(d.scorecards[0].funds[0], score="10.00"),
                                                 _set(d.scorecards[0], total_score="98.00")),
         [("scorecard.execution_score", "error")], "1.00", {"执行率": "90.00%", "分值": "10分"}),
    Case("scorecard.funds_sum", lambda d: _set(d.scorecards[0].funds[1], executed="80.00"),
         [("scorecard.funds_sum", "error")], "10.00"),
    Case("scorecard.narrative", lambda d: _set(one(d, "performance.executed"), value="95.00"),
         [("scorecard.narrative", "error")], "5.00", {"绩效评价项目全年执行数": "95.00万元"}),
    Case("completeness.sections", lambda d: (_remove_section(d, "glossary"), d.glossary.clear()),
         [("completeness.sections", "warning")], None, {"缺少": "名词解释"}),
    Case("completeness.sections: terms extracted without a recognised heading",
         lambda d: _remove_section(d, "glossary"), []),
    Case("completeness.tables", lambda d: d.tables.remove(table(d, "basic")),
         [("completeness.tables", "warning")], None, {"缺少": "一般公共预算财政拨款基本支出决算表"}),
    Case("completeness.empty_table", lambda d: (_set(table(d, "state_capital"), status="listed"),
                                                _set(d.sections[1].children[7], text="八、国有资本经营")),
         [("completeness.empty_table", "warning")], None),
    Case("completeness.empty_table stated empty against nonzero narrative",
         lambda d: _set(table(d, "gov_fund"), status="empty"),
         [("completeness.empty_table", "warning")], None),
    Case("table.narrative_amount", lambda d: row(d, "income_expenditure_total", "事业收入").values.__setitem__(
        0, D("110.00")), [("table.narrative_amount", "error")], "-10.00",
         {"事业收入": "100.00万元", "收入支出决算总表“事业收入”决算数": "110.00万元"}, grids=True),
    Case("table.narrative_amount on the 支出 side of a two-sided table",
         lambda d: row(d, "fiscal_total", "总计", 1).values.__setitem__(1, D("930.00")),
         [("table.narrative_amount", "error")], "-10.00", {"财政拨款支出总计": "920.00万元"}, grids=True),
    Case("table.narrative_amount of the 三公 table by column",
         lambda d: row(d, "sangong", "").values.__setitem__(11, D("3.50")),
         [("table.narrative_amount", "error")], "-0.50", {"公务接待费": "3.00万元"}, grids=True),
    Case("table.narrative_amount of line items (found by path)",
         lambda d: (row(d, "general_budget", "事业运行").values.__setitem__(0, D("310.00")),
                    row(d, "general_budget", "其他政府办公厅（室）及相关机构事务支出").values.__setitem__(0, D("190.00"))),
         [("table.narrative_amount", "error"), ("table.narrative_amount", "error")], "-10.00", grids=True),
    Case("table.code_name", lambda d: setattr(row(d, "general_budget", "事业运行"), "label", "事业单位运行"),
         [("table.code_name", "warning")], None, {"编码": "2010350", "情况说明名称": "事业运行"}, grids=True),
    Case("table.cross 收入决算表 against the 总表", lambda d: row(d, "income", "合计").values.__setitem__(0, D("990.00")),
         [("table.cross", "error")], "10.00",
         {"收入支出决算总表“本年收入合计”决算数": "1000.00万元", "收入决算表“合计”本年收入合计": "990.00万元"}, grids=True),
    Case("table.cross 支出决算表 against the 总表",
         lambda d: row(d, "expenditure", "合计").values.__setitem__(0, D("1010.00")),
         [("table.cross", "error")], "-10.00", {"支出决算表“合计”本年支出合计": "1010.00万元"}, grids=True),
    Case("table.cross 财政拨款收入 against the 财政拨款总表",
         lambda d: row(d, "income", "合计").values.__setitem__(1, D("890.00")),
         [("table.cross", "error")], "10.00", {"收入决算表“合计”财政拨款收入": "890.00万元"}, grids=True),
    Case("table.sum", lambda d: row(d, "general_budget", "合计").values.__setitem__(0, D("890.00")),
         [("table.sum", "error"), ("table.narrative_amount", "error")], "10.00", grids=True),
]


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_breaking_a_rule_once_is_caught(case: Case):
    doc = consistent_doc(grids=case.grids)
    case.mutate(doc)
    findings = run_checks(doc)
    got = sorted((f.rule, f.severity) for f in findings)
    assert got == sorted(case.expected), _describe(findings)
    if not case.expected:
        return
    rule, severity = case.expected[0]
    first = next(f for f in findings if f.rule == rule and f.severity == severity)
    assert first.title == RULES[rule].title
    assert first.message
    if case.difference is not None:
        assert first.difference == D(case.difference), _describe([first])
    for label, value in case.values.items():
        assert first.values.get(label) == value, _describe([first])
    assert first.section or first.location or rule.startswith("completeness.")


def _describe(findings: list[Finding]) -> str:
    return "\n".join(f"{f.rule} {f.severity} {f.difference} {f.values} | {f.message}" for f in findings)


# --- where a finding points ----------------------------------------------------------------


def test_finding_points_to_the_statement():
    doc = consistent_doc()
    broken = one(doc, "general.expenditure")
    broken.change_pct = D("12.00")
    broken.sentence = "与上年相比，增加 80.00 万元，增长 12.00%。"
    (finding,) = run_checks(doc)
    assert finding.section == "2.5.1"
    assert finding.sentence == broken.sentence


def test_line_item_findings_carry_the_item_location():
    doc = consistent_doc()
    node(doc, "其他政府办公厅（室）及相关机构事务支出").amount = D("210.00")
    (finding,) = run_checks(doc)
    assert finding.location == f"item:{GENERAL}:一般公共服务支出"


def test_table_findings_carry_the_cell_location():
    doc = consistent_doc(grids=True)
    row(doc, "income_expenditure_total", "事业收入").values[0] = D("110.00")
    (finding,) = run_checks(doc)
    rows = table(doc, "income_expenditure_total").rows
    index = next(i for i, r in enumerate(rows) if r.label == "事业收入")
    assert finding.location == f"table:income_expenditure_total:row {index}:col 0"


# --- missing data is not checkable ---------------------------------------------------------


def test_missing_numbers_make_rules_silent():
    doc = consistent_doc()
    doc.facts = [f for f in doc.facts if f.key not in {"income.carryover_begin", "basic.public"}]
    doc.profile.staffing.retired = None
    doc.scorecards[0].indicators[0].weight = None
    doc.scorecards[0].indicators[0].score = None
    # 收入总计 without 年初结转和结余, 基本支出 without 公用经费, a staffing total without
    # 退休, a scorecard without one weight: none of these can be checked, so nothing is said.
    assert run_checks(doc) == []


def test_empty_document_has_no_findings():
    doc = consistent_doc()
    doc.facts, doc.line_items, doc.scorecards, doc.tables, doc.sections = [], [], [], [], []
    doc.profile.staffing.total = None
    assert run_checks(doc) == []


def test_checks_do_not_modify_the_document():
    doc = consistent_doc(grids=True)
    one(doc, "income.business").share_pct = D("11.00")
    before = doc.model_dump_json()
    run_checks(doc)
    assert doc.model_dump_json() == before


def test_a_crashing_family_is_reported_not_raised(monkeypatch):
    from juesuan_tui.checks import tree

    def boom(ctx):
        raise ZeroDivisionError("x")

    monkeypatch.setattr(tree, "check", boom)
    doc = consistent_doc()
    one(doc, "income.business").share_pct = D("11.00")
    findings = run_checks(doc)
    assert {(f.rule, f.severity) for f in findings} == {("share.amount", "error"), ("checks.internal", "warning")}


# --- robustness on real-world shapes ------------------------------------------------------


def test_change_printed_in_another_unit_than_the_amount():
    """“机关运行经费支出365300.00元，较上年增加5.56万元，增长17.95%”: the change is in 万元."""
    doc = consistent_doc()
    fact = one(doc, "operating.public")
    fact.value, fact.unit = D("1000000.00"), "元"  # 100.00 万元, as before
    fact.change, fact.change_pct, fact.direction = D("20.00"), D("25.00"), "increase"
    fact.sentence = "公用经费支出1,000,000.00元，较上年增加20.00万元，增长25.00%。"
    assert run_checks(doc) == []  # prior = 100.00 − 20.00 = 80.00 万元; 20 / 80 = 25%
    fact.change_pct = D("20.00")
    (finding,) = run_checks(doc)
    assert (finding.rule, finding.difference) == ("change.consistency", D("-5.00"))
    assert finding.values["公用经费增减额"] == "+20.00万元"


def test_one_statement_reaching_the_document_twice_is_reported_once():
    doc = consistent_doc()
    item = node(doc, "事业运行")
    item.change, item.change_pct = D("300.00"), D("100.00")
    # the same statement also extracted as a fact without a key (as the facts extractor does)
    doc.facts.append(Fact(label="事业运行（项）", value=D("300.00"), unit="万元", change=D("300.00"),
                          change_pct=D("100.00"), direction="increase", section=item.section,
                          sentence=item.sentence))
    # and one budget statement attached to both 政府性基金 totals
    for key in ("fund.income_total", "fund.expenditure_total"):
        one(doc, key).budget, one(doc, key).diff_pct = D("0.00"), D("100.00")
    got = sorted((f.rule, f.location) for f in run_checks(doc))
    # (the one statement has no reason for 20.00 against a budget of 0.00: one finding, not two)
    assert got == [("budget.diff_rate", None), ("budget.reason", None),
                   ("change.from_zero", f"item:{GENERAL}:{item.path_key}")]


def test_misread_grids_are_not_compared():
    doc = consistent_doc(grids=True)
    t05 = table(doc, "general_budget")
    t05.columns = ["科目名称", "合计", "基本支出"]  # a label header among the value columns: cells shifted
    row(doc, "general_budget", "合计").values[0] = D("1.00")
    t09 = table(doc, "sangong")
    t09.columns = ["预算数", "决算数"] * 6  # the upper header rows were lost
    row(doc, "sangong", "").values[11] = D("9.99")
    assert run_checks(doc) == []


def test_sangong_column_naming_two_parts_is_not_used():
    doc = consistent_doc(grids=True)
    t09 = table(doc, "sangong")
    t09.columns[11] = "决算数/公务接待费/因公出国（境）费"
    row(doc, "sangong", "").values[11] = D("9.99")
    assert run_checks(doc) == []


def test_blocks_are_found_by_heading_words_when_keys_are_missing():
    doc = consistent_doc()
    for section in doc.walk_sections():
        section.key = None
    assert [f for f in run_checks(doc) if f.rule == "completeness.sections"] == []
    doc.sections = [s for s in doc.sections if "名词解释" not in s.title]
    doc.glossary = []
    assert [(f.rule, f.values["缺少"]) for f in run_checks(doc) if f.rule == "completeness.sections"] == \
        [("completeness.sections", "名词解释")]


def test_rule_severity_follows_the_registry():
    doc = consistent_doc()
    one(doc, "operating.public").value = D("90.00")
    (finding,) = run_checks(doc)
    assert finding.severity == RULES[finding.rule].severity == "warning"


def test_share_sum_without_a_fund_total():
    doc = consistent_doc()
    doc.facts = [f for f in doc.facts if f.key != "general.expenditure"]
    node(doc, "一般公共服务支出").share_pct = D("58.82")  # Σ = 102.00%: impossible
    assert [(f.rule, f.severity, f.difference) for f in run_checks(doc)] == [("tree.share", "error", D("2.00"))]
    node(doc, "一般公共服务支出").share_pct = D("54.82")  # Σ = 98.00%: a 类 may be unlisted
    assert run_checks(doc) == []


def test_a_level_named_by_its_code_is_the_same_node():
    """The text printed "201 … 2010350 事业运行": the extractor names the 类 by its code."""
    doc = consistent_doc()
    for item in doc.line_items:
        if item.path[0] == "一般公共服务支出" and item.level == "项":
            item.path = ["201", "20103", item.name]
    assert run_checks(doc) == []  # not counted twice in Σ 类 (unresolved: left out)
    doc.line_items.append(item.model_copy(update={"level": "类", "code": "201", "name": "一般公共服务支出",
                                                  "path": ["一般公共服务支出"], "amount": None, "share_pct": None,
                                                  "change": None, "change_pct": None}))
    # now resolvable: 201 → 一般公共服务支出, so its 项 are summed under the stated 类
    node(doc, "其他政府办公厅（室）及相关机构事务支出").amount = D("210.00")
    assert [(f.rule, f.difference) for f in run_checks(doc)] == [("tree.sum", D("-10.00"))]
