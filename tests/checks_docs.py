"""A hand-made, fully consistent document for the consistency-check tests.

Every number below agrees with every other one exactly (no rounding), so
``run_checks(consistent_doc())`` must return nothing; each rule test then
breaks one number and expects exactly the findings that number warrants.
"""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal as D

from importers.extract.vocab import FACT_KEYS
from juesuan_tui.models import (
    Document,
    Fact,
    GlossaryTerm,
    Indicator,
    LineItem,
    Profile,
    Scorecard,
    ScoreFundRow,
    Section,
    Source,
    Staffing,
    Table,
    TableRow,
)

GENERAL = "一般公共预算财政拨款"
FUND = "政府性基金预算财政拨款"


def fact(key: str, value: str, section: str, unit: str = "万元", **kw) -> Fact:
    kw = {k: (D(v) if isinstance(v, str) and k in _DECIMALS else v) for k, v in kw.items()}
    return Fact(label=kw.pop("label", FACT_KEYS[key]), key=key, value=D(value), unit=unit, section=section,
                sentence=kw.pop("sentence", f"{FACT_KEYS[key]}{value}{unit}"), **kw)


_DECIMALS = {"share_pct", "change", "change_pct", "budget", "final", "diff_pct", "completion_pct"}


def item(fund: str, path: list[str], amount: str | None, section: str, code: str | None = None, **kw) -> LineItem:
    level = ("类", "款", "项")[len(path) - 1]
    kw = {k: (D(v) if isinstance(v, str) and k in _DECIMALS else v) for k, v in kw.items()}
    return LineItem(fund=fund, level=level, code=code, name=path[-1], path=path,
                    amount=None if amount is None else D(amount), section=section,
                    sentence=f"{'（类）'.join(path)}{amount or ''}", **kw)


def sections() -> list[Section]:
    def s(id_: str, level: int, title: str, key: str | None, text: str = "", children=()) -> Section:
        return Section(id=id_, level=level, title=title, key=key, text=text or title, children=list(children))

    return [
        s("1", 0, "单位概况", "overview", children=[s("1.1", 1, "主要职能", "functions"),
                                                  s("1.2", 1, "机构设置及人员情况", "staffing")]),
        s("2", 0, "部门决算情况说明", "explanation", children=[
            s("2.1", 1, "收入支出决算总体情况说明", "totals"),
            s("2.2", 1, "收入决算情况说明", "income"),
            s("2.3", 1, "支出决算情况说明", "expenditure"),
            s("2.4", 1, "财政拨款收入支出决算总体情况说明", "fiscal_totals"),
            s("2.5", 1, "一般公共预算财政拨款支出决算情况说明", "general_budget", children=[
                s("2.5.1", 2, "一般公共预算财政拨款支出决算总体情况", "general_budget_total"),
                s("2.5.2", 2, "一般公共预算财政拨款支出决算结构情况", "general_budget_structure"),
                s("2.5.3", 2, "一般公共预算财政拨款支出决算具体情况", "general_budget_detail")]),
            s("2.6", 1, "一般公共预算财政拨款基本支出决算情况说明", "basic_expenditure"),
            s("2.7", 1, "政府性基金预算财政拨款收入支出决算情况说明", "gov_fund"),
            s("2.8", 1, "国有资本经营预算财政拨款收入支出决算情况说明", "state_capital",
              text="国有资本经营预算财政拨款收入支出决算情况说明\n本单位本年度无国有资本经营预算财政拨款收入、"
                   "支出及结转和结余，国有资本经营预算财政拨款收入支出决算表为空表。"),
            s("2.9", 1, "财政拨款“三公”经费支出决算情况说明", "sangong"),
            s("2.10", 1, "其他重要事项的情况说明", "other_matters", children=[
                s("2.10.1", 2, "机关运行经费及公用经费支出情况", "operating_costs"),
                s("2.10.2", 2, "政府采购情况", "procurement"),
                s("2.10.3", 2, "国有资产占用情况说明", "assets")]),
            s("2.11", 1, "预算绩效的情况说明", "performance"),
        ]),
        s("3", 0, "专业名词解释", "glossary"),
        s("4", 0, "部门决算报表（见附表）", "tables"),
    ]


NINE = (
    ("income_expenditure_total", "收入支出决算总表", "一"),
    ("income", "收入决算表", "二"),
    ("expenditure", "支出决算表", "三"),
    ("fiscal_total", "财政拨款收入支出决算总表", "四"),
    ("general_budget", "一般公共预算财政拨款支出决算表", "五"),
    ("basic", "一般公共预算财政拨款基本支出决算表", "六"),
    ("gov_fund", "政府性基金预算财政拨款收入支出决算表", "七"),
    ("state_capital", "国有资本经营预算财政拨款收入支出决算表", "八"),
    ("sangong", "财政拨款“三公”经费支出决算表", "九"),
)


def _row(label: str, *values: str | None, code: str | None = None) -> TableRow:
    return TableRow(cells=[label, *(v or "" for v in values)], code=code, label=label,
                    values=[None if v is None else D(v) for v in values])


def _grids() -> dict[str, Table]:
    """Included grids for six of the tables, agreeing with the narrative and with each other."""
    t01 = Table(name="收入支出决算总表", key="income_expenditure_total", number="一", status="included", unit="万元",
                columns=["决算数"], section="4", rows=[
                    _row("一般公共预算财政拨款收入", "880.00"), _row("政府性基金预算财政拨款收入", "20.00"),
                    _row("国有资本经营预算财政拨款收入", "0.00"), _row("上级补助收入", "0.00"),
                    _row("事业收入", "100.00"), _row("经营收入", "0.00"), _row("附属单位上缴收入", "0.00"),
                    _row("其他收入", "0.00"), _row("本年收入合计", "1000.00"),
                    _row("使用非财政拨款结余（含专用结余）", "0.00"), _row("年初结转和结余", "50.00"),
                    _row("总计", "1050.00"),
                    _row("一般公共服务支出", "600.00"), _row("社会保障和就业支出", "380.00"),
                    _row("城乡社区支出", "20.00"), _row("本年支出合计", "1000.00"), _row("结余分配", "0.00"),
                    _row("年末结转和结余", "50.00"), _row("总计", "1050.00")])
    t02 = Table(name="收入决算表", key="income", number="二", status="included", unit="万元",
                columns=["本年收入合计", "财政拨款收入", "事业收入"], section="4", rows=[
                    _row("合计", "1000.00", "900.00", "100.00")])
    t03 = Table(name="支出决算表", key="expenditure", number="三", status="included", unit="万元",
                columns=["本年支出合计", "基本支出", "项目支出"], section="4", rows=[
                    _row("合计", "1000.00", "400.00", "600.00")])
    t04 = Table(name="财政拨款收入支出决算总表", key="fiscal_total", number="四", status="included", unit="万元",
                columns=["金额", "合计", "一般公共预算财政拨款", "政府性基金预算财政拨款", "国有资本经营预算财政拨款"],
                section="4", rows=[
                    _row("一般公共预算财政拨款", "880.00", None, None, None, None),
                    _row("政府性基金预算财政拨款", "20.00", None, None, None, None),
                    _row("国有资本经营预算财政拨款", "0.00", None, None, None, None),
                    _row("本年收入合计", "900.00", None, None, None, None),
                    _row("年初财政拨款结转和结余", "20.00", None, None, None, None),
                    _row("总计", "920.00", None, None, None, None),
                    _row("一般公共服务支出", None, "500.00", "500.00", "0.00", "0.00"),
                    _row("社会保障和就业支出", None, "380.00", "380.00", "0.00", "0.00"),
                    _row("城乡社区支出", None, "20.00", "0.00", "20.00", "0.00"),
                    _row("本年支出合计", None, "900.00", "880.00", "20.00", "0.00"),
                    _row("年末财政拨款结转和结余", None, "20.00", "20.00", "0.00", "0.00"),
                    _row("总计", None, "920.00", "900.00", "20.00", "0.00")])
    t05 = Table(name="一般公共预算财政拨款支出决算表", key="general_budget", number="五", status="included", unit="万元",
                columns=["合计", "基本支出", "项目支出"], section="4", rows=[
                    _row("合计", "880.00", "400.00", "480.00"),
                    _row("一般公共服务支出", "500.00", "100.00", "400.00", code="201"),
                    _row("政府办公厅（室）及相关机构事务", "500.00", "100.00", "400.00", code="20103"),
                    _row("事业运行", "300.00", "100.00", "200.00", code="2010350"),
                    _row("其他政府办公厅（室）及相关机构事务支出", "200.00", None, "200.00", code="2010399"),
                    _row("社会保障和就业支出", "380.00", "300.00", "80.00", code="208"),
                    _row("行政事业单位养老支出", "380.00", "300.00", "80.00", code="20805"),
                    _row("机关事业单位基本养老保险缴费支出", "380.00", "300.00", "80.00", code="2080505")])
    budget = ["预算数/合计", "预算数/因公出国（境）费", "预算数/公务用车购置及运行维护费/小计",
              "预算数/公务用车购置及运行维护费/公务用车购置费", "预算数/公务用车购置及运行维护费/公务用车运行维护费",
              "预算数/公务接待费"]
    t09 = Table(name="财政拨款“三公”经费支出决算表", key="sangong", number="九", status="included", unit="万元",
                columns=budget + [c.replace("预算数", "决算数") for c in budget], section="4", rows=[
                    _row("", "12.00", "2.00", "6.00", "0.00", "6.00", "4.00",
                         "10.00", "2.00", "5.00", "0.00", "5.00", "3.00")])
    return {t.key: t for t in (t01, t02, t03, t04, t05, t09)}  # type: ignore[misc]


def consistent_doc(*, grids: bool = False) -> Document:
    """The consistent document; ``grids=True`` includes four table grids as well."""
    f = fact
    facts = [
        f("income.total", "1050.00", "2.1", change="50.00", change_pct="5.00", direction="increase"),
        f("income.current", "1000.00", "2.1"),
        f("income.nonfiscal_balance_used", "0.00", "2.1"),
        f("income.carryover_begin", "50.00", "2.1"),
        f("expenditure.total", "1050.00", "2.1"),
        f("expenditure.current", "1000.00", "2.1"),
        f("expenditure.surplus_distribution", "0.00", "2.1"),
        f("expenditure.carryover_end", "50.00", "2.1"),
        f("income.current", "1000.00", "2.2"),
        f("income.fiscal", "900.00", "2.2", share_pct="90.00"),
        f("income.superior_subsidy", "0.00", "2.2", share_pct="0.00"),
        f("income.business", "100.00", "2.2", share_pct="10.00"),
        f("income.operating", "0.00", "2.2", share_pct="0.00"),
        f("income.affiliated", "0.00", "2.2", share_pct="0.00"),
        f("income.other", "0.00", "2.2", share_pct="0.00"),
        f("expenditure.current", "1000.00", "2.3"),
        f("expenditure.basic", "400.00", "2.3", share_pct="40.00"),
        f("expenditure.project", "600.00", "2.3", share_pct="60.00"),
        f("expenditure.remit_superior", "0.00", "2.3", share_pct="0.00"),
        f("expenditure.operating", "0.00", "2.3", share_pct="0.00"),
        f("expenditure.affiliated_subsidy", "0.00", "2.3", share_pct="0.00"),
        f("fiscal.income_total", "920.00", "2.4", change="120.00", change_pct="15.00", direction="increase",
          budget="800.00", budget_basis="年初", final="920.00", diff_pct="15.00", budget_reason="年中追加项目资金"),
        f("fiscal.carryover_begin", "20.00", "2.4"),
        f("fiscal.income_current", "900.00", "2.4"),
        f("fiscal.expenditure_total", "920.00", "2.4"),
        f("fiscal.carryover_end", "20.00", "2.4"),
        f("fiscal.expenditure_current", "900.00", "2.4"),
        f("general.expenditure", "880.00", "2.5.1", share_pct="88.00", share_base="本年支出合计",
          change="80.00", change_pct="10.00", direction="increase", budget="800.00", budget_basis="年初",
          diff_pct="10.00", completion_pct="110.00", budget_reason="年中追加项目资金"),
        f("basic.total", "400.00", "2.6"),
        f("basic.personnel", "300.00", "2.6"),
        f("basic.public", "100.00", "2.6"),
        f("fund.income_total", "20.00", "2.7"),
        f("fund.carryover_begin", "0.00", "2.7"),
        f("fund.income_current", "20.00", "2.7"),
        f("fund.expenditure_total", "20.00", "2.7"),
        f("fund.carryover_end", "0.00", "2.7"),
        f("fund.expenditure_current", "20.00", "2.7"),
        f("capital.income_total", "0.00", "2.8"),
        f("capital.expenditure_total", "0.00", "2.8"),
        f("sangong.total", "10.00", "2.9", change="-2.00", change_pct="-16.67", direction="decrease",
          budget="12.00", budget_basis="全年", diff_pct="-16.67", budget_reason="厉行节约"),
        f("sangong.abroad", "2.00", "2.9", share_pct="20.00", budget="2.00"),
        f("sangong.vehicle", "5.00", "2.9", share_pct="50.00", budget="6.00", budget_reason="厉行节约"),
        f("sangong.reception", "3.00", "2.9", share_pct="30.00", budget="4.00", budget_reason="厉行节约"),
        f("sangong.vehicle_purchase", "0.00", "2.9", budget="0.00"),
        f("sangong.vehicle_operation", "5.00", "2.9", budget="6.00", budget_reason="厉行节约"),
        f("sangong.vehicle_stock", "3", "2.9", unit="辆"),
        f("operating.public", "100.00", "2.10.1"),
        f("procurement.total", "100.00", "2.10.2"),
        f("procurement.goods", "20.00", "2.10.2"),
        f("procurement.works", "30.00", "2.10.2"),
        f("procurement.services", "50.00", "2.10.2"),
        f("procurement.sme", "40.00", "2.10.2", share_pct="40.00"),
        f("procurement.small_micro", "25.00", "2.10.2", share_pct="25.00"),
        f("assets.vehicles", "3", "2.10.3", unit="辆"),
        f("assets.vehicles_by_category", "1", "2.10.3", unit="辆", label="主要负责人用车"),
        f("assets.vehicles_by_category", "2", "2.10.3", unit="辆", label="其他用车"),
        f("performance.projects", "1", "2.11", unit="个"),
        f("performance.budget", "100.00", "2.11"),
        f("performance.executed", "90.00", "2.11"),
    ]
    office = ["一般公共服务支出", "政府办公厅（室）及相关机构事务"]
    pension = ["社会保障和就业支出", "行政事业单位养老支出"]
    items = [
        item(GENERAL, ["一般公共服务支出"], "500.00", "2.5.2", share_pct="56.82", source="structure"),
        item(GENERAL, ["社会保障和就业支出"], "380.00", "2.5.2", share_pct="43.18", source="structure"),
        item(GENERAL, office + ["事业运行"], "300.00", "2.5.3", code="2010350",
             change="100.00", change_pct="50.00"),
        item(GENERAL, office + ["其他政府办公厅（室）及相关机构事务支出"], "200.00", "2.5.3", code="2010399"),
        item(GENERAL, pension + ["机关事业单位基本养老保险缴费支出"], "380.00", "2.5.3", code="2080505"),
        item(FUND, ["城乡社区支出", "城市基础设施配套费安排的支出", "城市公共设施"], "20.00", "2.7"),
    ]
    card = Scorecard(
        project="热线服务项目", year=2024, section="2.11",
        funds=[
            ScoreFundRow(name="年度资金总额", initial_budget=D("120.00"), annual_budget=D("100.00"),
                         executed=D("90.00"), weight=D("10"), rate_pct=D("90.00"), score=D("9.00")),
            ScoreFundRow(name="其中：当年财政拨款", initial_budget=D("120.00"), annual_budget=D("100.00"),
                         executed=D("90.00")),
            ScoreFundRow(name="其他资金", initial_budget=D("0.00"), annual_budget=D("0.00"), executed=D("0.00")),
        ],
        indicators=[
            Indicator(level1="产出指标", level2="数量指标", name="热线受理量", weight=D("50"), score=D("50")),
            Indicator(level1="效益指标", level2="社会效益指标", name="一号响应", weight=D("30"), score=D("28")),
            Indicator(level1="满意度指标", level2="满意度指标", name="市民满意度", weight=D("10"), score=D("10")),
        ],
        total_weight=D("100"), total_score=D("97.00"),
    )
    grid = _grids() if grids else {}
    tables = []
    for key, name, number in NINE:
        if key in grid:
            tables.append(grid[key])
        else:
            status = "empty" if key == "state_capital" else "listed"
            tables.append(Table(name=name, key=key, number=number, status=status, section="4"))
    return Document(
        id="consistent", title="测试单位2024年度单位决算公开", unit="测试单位", year=2024,
        # grids are read from positions (a PDF), so a blank cell is known to be blank
        source=Source(path="consistent.pdf" if grids else "consistent.txt", sha256="0" * 64,
                      format="pdf" if grids else "text", size=1,
                      imported_at=datetime(2025, 1, 1), importer_version="test"),
        text="", sections=sections(), facts=facts, line_items=items,
        profile=Profile(staffing=Staffing(total=35, active=32, retired_cadre=0, retired=3,
                                          sentence="实有人数35人，其中：在职人员32人；离休人员0人；退休人员3人。")),
        scorecards=[card], glossary=[GlossaryTerm(term="财政拨款收入", definition="指同级财政当年拨付的资金。")],
        tables=tables,
    )


def facts_of(doc: Document, key: str, label: str | None = None) -> list[Fact]:
    return [f for f in doc.facts if f.key == key and (label is None or f.label == label)]


def one(doc: Document, key: str, label: str | None = None) -> Fact:
    found = facts_of(doc, key, label)
    assert found, key
    return found[0]


def node(doc: Document, name: str) -> LineItem:
    return next(i for i in doc.line_items if i.name == name)


def table(doc: Document, key: str) -> Table:
    return next(t for t in doc.tables if t.key == key)


def row(doc: Document, key: str, label: str, occurrence: int = 0) -> TableRow:
    return [r for r in table(doc, key).rows if r.label == label][occurrence]
