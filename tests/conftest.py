"""Shared fixtures: the seed, a temporary database, a hand-built full document, a CLI runner.

No test ever touches the user's real database: JUESUAN_DB and XDG_DATA_HOME
point into the test's tmp_path (autouse).
"""

from __future__ import annotations

from datetime import datetime, timezone
from decimal import Decimal
from pathlib import Path

import pytest
from click.testing import CliRunner

from juesuan_tui.models import (
    Document,
    Fact,
    Finding,
    GlossaryTerm,
    Goal,
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
    TocEntry,
)

TESTS = Path(__file__).resolve().parent
SEED = TESTS / "fixtures" / "urumqi-12345-2024-juesuan.txt"


@pytest.fixture(autouse=True)
def _isolated_data(tmp_path_factory, monkeypatch):
    """Point the default database and data folder at a temporary place."""
    home = tmp_path_factory.mktemp("userdata")
    monkeypatch.setenv("JUESUAN_DB", str(home / "default.db"))
    monkeypatch.setenv("XDG_DATA_HOME", str(home / "xdg"))


@pytest.fixture(scope="session")
def seed_path() -> Path:
    return SEED


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    """The repo's sibling ``shared`` folder (domain docs, sample PDFs); skip when absent."""
    shared = TESTS.parents[1] / "shared"
    if not shared.is_dir():
        pytest.skip("shared material folder is absent")
    return shared


@pytest.fixture
def db_path(tmp_path) -> Path:
    return tmp_path / "test.db"


@pytest.fixture
def store(db_path):
    from juesuan_tui.store import Store

    s = Store(db_path)
    yield s
    s.close()


def _load_importer():
    from importers import load

    return load


@pytest.fixture(scope="session")
def _seed_doc_cached(seed_path) -> Document:
    return _load_importer()(seed_path)


@pytest.fixture
def seed_doc(_seed_doc_cached) -> Document:
    """The seed parsed by the real importer (parsed once per session; each test gets a copy)."""
    return _seed_doc_cached.model_copy(deep=True)


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


def build_full_document(doc_id: str = "f" * 16, unit: str = "测试市某某服务中心", year: int = 2024) -> Document:
    """A small document with every collection and most optional fields populated.

    Amounts keep trailing zeros ("3361.40", "0.00") so a round trip can prove
    they are stored as printed. The text holds markup-like and escape debris
    that must always be shown literally.
    """
    body = [
        "第一部分 单位概况",
        "一、主要职能",
        "负责[bold red]热线[/]受理工作。\x1b[31m红字\x1b[0m",
        "第二部分 部门决算情况说明",
        "一、收入支出决算总体情况说明",
        "2024 年度收入总计 3,361.40 万元。",
        "（二）政府采购情况",
        "本单位政府采购支出总额 120.00 万元。",
    ]
    text = "\n".join(["封面", "目 录", *body]) + "\n"
    sections = [
        Section(
            id="1", level=0, number="第一部分", title="单位概况", key="overview", raw=body[0] + "\n",
            text="", order=0, page=1, line_start=2, line_end=3,
            children=[
                Section(
                    id="1.1", level=1, number="一、", title="主要职能", key="functions",
                    raw=body[1] + "\n" + body[2] + "\n", text=body[2], order=0, page=1, line_start=3, line_end=5,
                )
            ],
        ),
        Section(
            id="2", level=0, number="第二部分", title="部门决算情况说明", key="explanation", raw=body[3] + "\n",
            order=1, page=2, line_start=5, line_end=6,
            children=[
                Section(
                    id="2.1", level=1, number="一、", title="收入支出决算总体情况说明", key="totals",
                    raw=body[4] + "\n" + body[5] + "\n", text="2024年度收入总计3361.40万元。", order=0,
                    line_start=6, line_end=8,
                    children=[
                        Section(
                            id="2.1.1", level=2, number="（二）", title="政府采购情况", key="procurement",
                            raw=body[6] + "\n" + body[7] + "\n", text=body[7], order=0,
                            line_start=8, line_end=10,
                        )
                    ],
                )
            ],
        ),
    ]
    return Document(
        id=doc_id,
        title=f"{unit}{year}年单位决算公开",
        unit=unit,
        year=year,
        kind="单位决算",
        money_unit="万元",
        source=Source(
            path="/data/测试.txt", sha256="a" * 64, format="text", encoding="gb18030", size=len(text.encode()),
            imported_at=datetime(2025, 3, 1, 8, 30, 15, 123456, tzinfo=timezone.utc), importer_version="0.1.0",
        ),
        text=text,
        cover="封面\n",
        toc_raw="目 录\n",
        toc=[TocEntry(number="第一部分", title="单位概况", level=0, line=2)],
        sections=sections,
        facts=[
            Fact(
                label="收入总计", key="income.total", topic="收入支出总体", value=Decimal("3361.40"), unit="万元",
                value_wan=Decimal("3361.40"), share_pct=Decimal("100.00"), share_base="收入", change=Decimal("-12.50"),
                change_pct=Decimal("-0.37"), direction="decrease", change_text=None, budget=Decimal("3000.00"),
                budget_basis="年初", final=Decimal("3361.40"), diff_pct=Decimal("12.05"),
                completion_pct=Decimal("112.05"), reason="人员增加", section="2.1",
                sentence="2024 年度收入总计 3,361.40 万元。", page=2,
            ),
            Fact(label="车辆", value=Decimal("0"), unit="辆", section="1.1"),
        ],
        line_items=[
            LineItem(
                fund="一般公共预算财政拨款", level="类", code="201", name="一般公共服务支出",
                path=["一般公共服务支出"], amount=Decimal("3361.40"), share_pct=Decimal("100.00"),
                children=["一般公共服务支出/政府办公厅（室）及相关机构事务"], section="2.1",
            ),
            LineItem(
                fund="一般公共预算财政拨款", level="款", code="20103", name="政府办公厅（室）及相关机构事务",
                path=["一般公共服务支出", "政府办公厅（室）及相关机构事务"], amount=Decimal("0.00"),
                change=Decimal("1.10"), change_pct=Decimal("494.34"), budget=Decimal("2.00"),
                table_amount=Decimal("0.00"), reason="新增", parent="一般公共服务支出", source="table", page=3,
            ),
        ],
        profile=Profile(
            functions=["受理诉求"], departments=["办公室", "受理科"], department_count=2,
            subordinate_units=[], subordinate_count=0,
            staffing=Staffing(establishment=30, total=28, active=20, active_change=-1, retired=8, sentence="实有28人"),
        ),
        scorecards=[
            Scorecard(
                project="热线运维项目", year=2024, department="某局", implementer="某中心",
                funds=[
                    ScoreFundRow(
                        name="年度资金总额", initial_budget=Decimal("100.00"), annual_budget=Decimal("120.00"),
                        executed=Decimal("119.50"), weight=Decimal("10.00"), rate_pct=Decimal("99.58"),
                        score=Decimal("9.96"),
                    ),
                    ScoreFundRow(name="其他资金"),
                ],
                goals=[Goal(expected="全年受理", actual="已完成")],
                indicators=[
                    Indicator(
                        level1="产出指标", level2="数量指标", name="受理量", target=">=85 万条", target_op=">=",
                        target_value=Decimal("85"), target_unit="万条", actual="90 万条", actual_op="=",
                        actual_value=Decimal("90.00"), actual_unit="万条", weight=Decimal("10.00"),
                        score=Decimal("10.00"), note="",
                    ),
                    Indicator(level1="满意度指标", level2="服务对象满意度指标", name="满意度"),
                ],
                total_weight=Decimal("100.00"), total_score=Decimal("98.50"), section="2.1", page=9,
            )
        ],
        glossary=[GlossaryTerm(term="财政拨款收入", definition="指本级财政当年拨付的资金。", number="1", section="2")],
        tables=[
            Table(
                name="收入支出决算总表", key="income_expenditure_total", number="一", status="included", unit="万元",
                columns=["项目", "决算数"],
                rows=[
                    TableRow(cells=["一、一般公共预算财政拨款收入", "3,361.40"], label="一般公共预算财政拨款收入",
                             values=[Decimal("3361.40"), None]),
                    TableRow(cells=["201", "一般公共服务支出", ""], code="201", label="一般公共服务支出", values=[None]),
                ],
                note="注：本表金额单位为万元", section="2", page=10, source=None,
            ),
            Table(name="政府性基金预算财政拨款收入支出决算表", number="七", status="empty", note="本单位无此项"),
        ],
        findings=[
            Finding(
                rule="R1", title="收入合计", severity="warning", message="收入合计与明细不符",
                values={"收入总计": "3361.40", "合计": "3361.00"}, difference=Decimal("0.40"), section="2.1",
                sentence="…", location="table:income:row 3:col 2",
            )
        ],
    )


@pytest.fixture
def full_doc() -> Document:
    """A hand-built document with every collection populated (see build_full_document)."""
    return build_full_document()


@pytest.fixture
def make_doc():
    """Factory: ``make_doc(doc_id=…, unit=…, year=…)`` → a full hand-built document."""
    return build_full_document
