"""Hand-built documents for the app, view and format tests (no importer needed)."""

from __future__ import annotations

import io
from datetime import datetime
from decimal import Decimal as D

from juesuan_tui.models import (
    Document,
    Fact,
    Finding,
    GlossaryTerm,
    Goal,
    Indicator,
    LineItem,
    Scorecard,
    ScoreFundRow,
    Section,
    Source,
    Table,
    TableRow,
)

GENERAL = "一般公共预算财政拨款"
FUND = "政府性基金预算财政拨款"


def _source(name: str) -> Source:
    return Source(path=name, sha256="0" * 64, format="text", encoding="utf-8", size=1,
                  imported_at=datetime(2025, 1, 1), importer_version="test")


def _item(level, path, amount=None, *, fund=GENERAL, share=None, change=None, change_pct=None,
          reason=None, code=None, source="narrative", section="2.3.3") -> LineItem:
    return LineItem(fund=fund, level=level, path=list(path), name=path[-1], amount=amount, share_pct=share,
                    change=change, change_pct=change_pct, reason=reason, code=code, section=section,
                    source=source)


def sample_document(doc_id: str = "doc-a", unit: str = "示例市测试服务中心", year: int = 2023) -> Document:
    """A small 单位决算 with every part the app shows: sections, facts, a 类款项 tree, a scorecard,
    glossary terms, tables and a finding."""
    s = Section
    sections = [
        s(id="1", level=0, number="第一部分", title="单位概况", key="overview", children=[
            s(id="1.1", level=1, number="一、", title="主要职能", key="functions",
              text="负责受理市民诉求事项。\n负责平台运行维护。"),
        ]),
        s(id="2", level=0, number="第二部分", title="部门决算情况说明", key="explanation", children=[
            s(id="2.1", level=1, number="一、", title="收入支出决算总体情况说明", key="totals",
              text="收入总计 200.00 万元，其中：本年收入合计 180.00 万元，年初结转和结余 20.00 万元。"),
            s(id="2.2", level=1, number="二、", title="基本支出决算情况说明", key="basic_expenditure",
              text="基本支出 80.00 万元，其中：人员经费 70.00 万元；公用经费 10.00 万元。"),
            s(id="2.3", level=1, number="三、", title="一般公共预算财政拨款支出决算情况说明", key="general_budget",
              children=[
                  s(id="2.3.1", level=2, number="（一）", title="总体情况", key="general_budget_total",
                    text="一般公共预算财政拨款支出 180.00 万元，占本年支出合计的 100.00%。"),
                  s(id="2.3.2", level=2, number="（二）", title="结构情况", key="general_budget_structure",
                    text="1. 一般公共服务支出（类）150.00 万元，占 83.33%。\n2. 社会保障和就业支出（类）30.00 万元，占 16.67%。"),
                  s(id="2.3.3", level=2, number="（三）", title="具体情况", key="general_budget_detail",
                    text="1. 一般公共服务支出（类）政府办公厅（室）及相关机构事务（款）行政运行（项）：支出决算数为 100.00 万元。\n"
                         "2. 一般公共服务支出（类）政府办公厅（室）及相关机构事务（款）事业运行（项）：支出决算数为 50.00 万元。"),
              ]),
            s(id="2.4", level=1, number="四、", title="政府采购情况", key="procurement",
              text="政府采购支出总额 12.34 万元，其中：政府采购服务支出 12.34 万元。"),
            s(id="2.5", level=1, number="五、", title="预算绩效的情况说明", key="performance",
              text="本单位预算绩效评价项目 1 个。\n项目支出绩效自评表"),
        ]),
        s(id="3", level=0, number="第三部分", title="专业名词解释", key="glossary", children=[
            s(id="3.1", level=1, number="一、", title="基本支出", key=None,
              text="基本支出：指为保障机构正常运转的支出。"),
        ]),
        s(id="4", level=0, number="第四部分", title="部门决算报表", key="tables",
          text="一、《收入支出决算总表》\n二、《政府性基金预算财政拨款收入支出决算表》"),
    ]
    facts = [
        Fact(label="收入总计", key="income.total", value=D("200.00"), unit="万元", value_wan=D("200.00"), section="2.1"),
        Fact(label="本年收入合计", key="income.current", value=D("180.00"), unit="万元", value_wan=D("180.00"),
             section="2.1"),
        Fact(label="年初结转和结余", key="income.carryover_begin", value=D("20.00"), unit="万元",
             value_wan=D("20.00"), section="2.1"),
        Fact(label="基本支出", key="basic.total", value=D("80.00"), unit="万元", value_wan=D("80.00"), section="2.2"),
        Fact(label="人员经费", key="basic.personnel", value=D("70.00"), unit="万元", value_wan=D("70.00"),
             section="2.2"),
        Fact(label="公用经费", key="basic.public", value=D("10.00"), unit="万元", value_wan=D("10.00"), section="2.2"),
        Fact(label="一般公共预算财政拨款支出", key="general.expenditure", value=D("180.00"), unit="万元",
             value_wan=D("180.00"), change=D("30.00"), change_pct=D("20.00"), section="2.3.1"),
        Fact(label="“三公”经费", key="sangong.total", value=D("3.00"), unit="万元", value_wan=D("3.00"),
             budget=D("4.00"), budget_basis="全年"),
        Fact(label="政府采购支出总额", key="procurement.total", value=D("12.34"), unit="万元", value_wan=D("12.34"),
             section="2.4"),
    ]
    items = [
        _item("类", ["一般公共服务支出"], D("150.00"), share=D("83.33"), source="structure", section="2.3.2"),
        _item("类", ["社会保障和就业支出"], D("30.00"), share=D("16.67"), source="structure", section="2.3.2"),
        _item("项", ["一般公共服务支出", "政府办公厅（室）及相关机构事务", "行政运行"], D("100.00"),
              change=D("100.00"), change_pct=D("100.00"), reason="本年新增科目。", code="2010301"),
        # Half-width parentheses as some narratives print them: must merge with the 款 above.
        _item("项", ["一般公共服务支出", "政府办公厅(室)及相关机构事务", "事业运行"], D("50.00"),
              change=D("-5.00"), change_pct=D("-9.09"), reason="厉行节约。"),
        _item("项", ["社会保障和就业支出", "行政事业单位养老支出", "事业单位离退休"], D("29.00")),
        _item("项", ["城乡社区支出", "城乡社区管理事务", "城管执法"], D("0.00"), change=D("-9.00"),
              change_pct=D("-100.00"), reason="科目调整。"),
        _item("项", ["城乡社区支出", "城市基础设施配套费安排的支出", "城市公共设施"], D("0.00"), fund=FUND,
              change=D("-2.00"), change_pct=D("-100.00")),
    ]
    card = Scorecard(
        project="热线服务项目", year=year, department="示例市数字化局", implementer=unit,
        funds=[ScoreFundRow(name="年度资金总额", initial_budget=D("10.00"), annual_budget=D("8.00"),
                            executed=D("8.00"), weight=D("10"), rate_pct=D("100.00"), score=D("10.00")),
               ScoreFundRow(name="其中：当年财政拨款", initial_budget=D("10.00"), annual_budget=D("8.00"),
                            executed=D("8.00"))],
        goals=[Goal(expected="提供不间断服务。", actual="全年不间断服务。")],
        indicators=[
            Indicator(level1="产出指标", level2="数量指标", name="受理量", target=">=10 万条", actual="=12 万条",
                      weight=D("50"), score=D("50")),
            Indicator(level1="效益指标", level2="社会效益指标", name="一号响应", target="有效实现", actual="达到预期",
                      weight=D("30"), score=D("25"), note="部分渠道未接入。"),
            Indicator(level1="满意度指标", level2="满意度指标", name="市民满意度", target=">=90%", actual="=96%",
                      weight=D("10"), score=D("10")),
        ],
        total_weight=D("100"), total_score=D("95.00"), section="2.5",
    )
    glossary = [
        GlossaryTerm(term="基本支出", definition="指为保障机构正常运转、完成日常工作任务而发生的人员支出和公用支出。",
                     number="一、", section="3.1"),
        GlossaryTerm(term="“三公”经费", definition="指用财政拨款安排的因公出国（境）费、公务用车购置及运行费和公务接待费。",
                     number="二、", section="3.1"),
        GlossaryTerm(term="年初结转和结余", definition="指以前年度尚未完成、结转到本年度继续使用的资金。",
                     number="三、", section="3.1"),
    ]
    tables = [
        Table(name="收入支出决算总表", key="income_expenditure_total", number="一", status="listed", section="4"),
        Table(name="政府性基金预算财政拨款收入支出决算表", key="gov_fund", number="二", status="empty", section="4",
              note="本年度无政府性基金预算财政拨款收入和支出。"),
        Table(name="附表：采购明细", key=None, number="三", status="included", unit="万元",
              columns=["项目", "金额"], rows=[TableRow(cells=["服务", "12.34"], label="服务", values=[D("12.34")])]),
    ]
    findings = [Finding(rule="T", title="类合计", severity="info", message="合计相差 0.01 万元。")]
    return Document(
        id=doc_id, title=f"{unit}{year}年度单位决算公开", unit=unit, year=year, source=_source(f"{doc_id}.txt"),
        text="\n".join(node.text for top in sections for node in top.walk()),
        sections=sections, facts=facts, line_items=items, scorecards=[card], glossary=glossary, tables=tables,
        findings=findings,
    )


def checked_document(doc_id: str = "doc-a") -> Document:
    """``sample_document`` with findings pointing at each kind of place: a sentence, a 项,
    a fund total, a row of the document's own table and a scorecard indicator."""
    doc = sample_document(doc_id=doc_id)
    doc.tables[2].key = "procurement_detail"
    item = "item:" + GENERAL + ":一般公共服务支出/政府办公厅（室）及相关机构事务/事业运行"
    doc.findings = [
        Finding(rule="parts.procurement", title="政府采购总额不等于各项之和", severity="error",
                message="政府采购支出总额 12.34万元，各项之和 = 12.00万元，相差 +0.34万元",
                values={"政府采购支出总额": "12.34万元", "合计（计算）": "12.00万元"}, difference=D("0.34"),
                section="2.4", sentence="政府采购支出总额 12.34 万元，其中：政府采购服务支出 12.34 万元。"),
        Finding(rule="change.from_zero", title="上年数为0时写出增长率", severity="warning",
                message="事业运行上年数为0，增长率无法计算", values={"事业运行增减率": "-9.09%"},
                section="2.3.3", location=item),
        Finding(rule="tables.sum", title="附表合计不符", severity="warning", message="附表服务一行与合计不符",
                values={"服务": "12.34"}, difference=D("0.02"), section="4",
                location="table:procurement_detail:row 0:col 1"),
        Finding(rule="tree.fund_total", title="各类支出之和不等于该资金支出合计", severity="info",
                message="一般公共预算财政拨款支出 180.00万元，各类之和 180.01万元，在四舍五入误差范围内",
                values={"一般公共预算财政拨款支出": "180.00万元", "合计（计算）": "180.01万元"},
                difference=D("-0.01"), section="2.3.1", location="fund:" + GENERAL),
        Finding(rule="scorecard.score_le_weight", title="得分超过分值", severity="info",
                message="热线服务项目：一号响应得分在误差范围内", values={"一号响应得分": "25"},
                section="2.5", location="scorecard:0:indicator:1"),
    ]
    return doc


def next_year_document(doc_id: str = "doc-c", year: int = 2024) -> Document:
    """The same unit a year later: 收入总计 250.00, 行政运行 renamed (same code), 城管执法
    gone, a new 项 under 社会保障和就业支出."""
    doc = sample_document(doc_id=doc_id, year=year)
    for fact in doc.facts:
        if fact.key == "income.total":
            fact.value = fact.value_wan = D("250.00")
    items = [i for i in doc.line_items if i.name != "城管执法"]
    for item in items:
        if item.code == "2010301":
            item.name = "行政运行（综合）"
            item.path = [*item.path[:-1], item.name]
    items.append(_item("项", ["社会保障和就业支出", "行政事业单位养老支出", "机关事业单位基本养老保险缴费支出"],
                       D("12.00"), code="2080505"))
    doc.line_items = items
    return doc


def with_income(doc: Document, value: str) -> Document:
    """``doc`` with its 收入总计 set to ``value`` (to tell documents apart when sorting)."""
    for fact in doc.facts:
        if fact.key == "income.total":
            fact.value = fact.value_wan = D(value)
    return doc


def review_database(path):
    """Three documents: 另一单位 2022 (收入总计 150), the unit in 2023 (200) and 2024 (250, changed items)."""
    from juesuan_tui.store import Store

    with Store(path) as store:
        store.save(sample_document())
        store.save(with_income(sample_document(doc_id="doc-b", unit="另一单位", year=2022), "150.00"))
        store.save(next_year_document())
    return path


HOSTILE = "[bold red]红色[/bold red] [link=http://x]链接[/link] \x1b[31m转义\x1b[0m"


def hostile_document() -> Document:
    """A document whose unit name and text contain markup and escape sequences."""
    doc = sample_document(doc_id="doc-hostile", unit=f"恶意单位{HOSTILE}")
    doc.sections[0].children[0].text = f"职能：{HOSTILE}\n第二行 [b]粗[/b]"
    doc.sections[0].children[0].title = f"主要职能{HOSTILE}"
    return doc


def screen_text(app) -> str:
    """The current screen as plain text, as a terminal would show it."""
    from rich.console import Console

    width, height = app.size
    console = Console(width=width, height=height, record=True, file=io.StringIO(), legacy_windows=False,
                      color_system=None)
    console.print(app.screen._compositor)
    return console.export_text()


async def settle(pilot, rounds: int = 3) -> None:
    """Let workers finish and the messages they post be handled (workers may start workers)."""
    for _ in range(rounds):
        await pilot.pause()
        await pilot.app.workers.wait_for_complete()
    await pilot.pause()
