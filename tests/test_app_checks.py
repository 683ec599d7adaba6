"""检查 in the app: findings grouped by severity, Enter going to their source, and findings
marked where the numbers are shown (类款项, 报表, 绩效)."""

from __future__ import annotations

import shutil

import pytest
from app_fixtures import GENERAL, checked_document, settle
from textual.widgets import DataTable, OptionList, TabbedContent

from juesuan_tui.app import make_app
from juesuan_tui.store import Store
from juesuan_tui.views import section_trail
from juesuan_tui.widgets.drilldown import DrillDown
from juesuan_tui.widgets.findings_view import FindingsView
from juesuan_tui.widgets.report_view import ReportView
from juesuan_tui.widgets.section_view import HIT_STYLE, SectionView

WIDE = (120, 40)
KUAN = "政府办公厅（室）及相关机构事务"


@pytest.fixture
def checked_db(tmp_path):
    path = tmp_path / "checked.db"
    with Store(path) as store:
        store.save(checked_document())
    return path


def rows_of(table: DataTable) -> list[list[str]]:
    return [[str(cell) for cell in table.get_row_at(i)] for i in range(table.row_count)]


async def open_check_tab(pilot) -> FindingsView:
    await settle(pilot)
    await pilot.press("6")
    await pilot.pause()
    view = pilot.app.screen.query_one(FindingsView)
    assert pilot.app.focused is view.options
    return view


async def choose(pilot, view: FindingsView, rule: str, key: str = "enter") -> None:
    """Arrow down to the finding of ``rule`` and press ``key``."""
    await pilot.press("home")
    for _ in range(view.options.option_count):
        if view.highlighted is not None and view.highlighted.rule == rule:
            break
        await pilot.press("down")
    assert view.highlighted.rule == rule
    await pilot.press(key)
    await settle(pilot)


def hit_paragraphs(view: SectionView) -> list:
    return [w for w in view.body.children if any(span.style == HIT_STYLE for span in w.text.spans)]


async def test_findings_listed_by_severity_with_title_message_values_and_difference(checked_db):
    app = make_app(checked_db)
    async with app.run_test(size=WIDE) as pilot:
        view = await open_check_tab(pilot)
        summary = str(app.screen.query_one("#findings-summary").content)
        assert summary.startswith("检查结果：错误 1 · 警告 2 · 提示 2")
        prompts = view.prompts
        assert [p for p in prompts if "\n" not in p] == ["错误（1）", "警告（2）", "提示（2）"]
        error = prompts[1].splitlines()
        assert error[0] == "错误 政府采购总额不等于各项之和  差额 +0.34  parts.procurement"
        assert error[1] == "  政府采购支出总额 12.34万元，各项之和 = 12.00万元，相差 +0.34万元"
        assert error[2] == "  政府采购支出总额 12.34万元；合计（计算） 12.00万元"
        assert error[3] == "  出处：正文 第二部分部门决算情况说明 › 四、政府采购情况"
        assert prompts[3].splitlines()[-1] == "  出处：类款项 一般公共预算财政拨款 › 一般公共服务支出 › " + KUAN + " › 事业运行"
        assert view.highlighted.severity == "error"  # the cursor starts on the first finding


async def test_enter_on_a_sentence_finding_opens_the_section_with_the_sentence_in_view(checked_db):
    app = make_app(checked_db)
    async with app.run_test(size=(80, 24)) as pilot:
        view = await open_check_tab(pilot)
        await choose(pilot, view, "parts.procurement")
        screen = app.screen
        assert screen.query_one(TabbedContent).active == "text"
        text = screen.query_one(SectionView)
        assert text.section.id == "2.4"
        marked = hit_paragraphs(text)
        assert [w.text.plain for w in marked] == ["政府采购支出总额 12.34 万元，其中：政府采购服务支出 12.34 万元。"]
        body = text.body.region
        assert body.y <= marked[0].region.y and marked[0].region.bottom <= body.bottom


async def test_enter_on_an_item_finding_opens_the_drill_down_on_it(checked_db):
    app = make_app(checked_db)
    async with app.run_test(size=WIDE) as pilot:
        view = await open_check_tab(pilot)
        await choose(pilot, view, "change.from_zero")
        drill = app.screen.query_one(DrillDown)
        assert app.screen.query_one(TabbedContent).active == "drill"
        assert drill.trail_names == [GENERAL, "一般公共服务支出", KUAN]
        assert drill.highlighted.name == "事业运行" and app.focused is drill.table
        rows = rows_of(drill.table)
        assert [r[5] for r in rows] == ["—", "— 警"]  # marked beside the sum check
        assert "检查：警告 事业运行上年数为0，增长率无法计算" in drill.detail_text
        # t goes to the sentence's section instead
        await pilot.press("6")
        await choose(pilot, view, "change.from_zero", "t")
        assert app.screen.query_one(TabbedContent).active == "text"
        assert app.screen.query_one(SectionView).section.id == "2.3.3"


async def test_enter_on_a_table_finding_selects_the_row_of_the_table(checked_db):
    app = make_app(checked_db)
    async with app.run_test(size=WIDE) as pilot:
        view = await open_check_tab(pilot)
        await choose(pilot, view, "tables.sum")
        report = app.screen.query_one(ReportView)
        assert app.screen.query_one(TabbedContent).active == "report"
        assert report.current.title == "附表：采购明细" and not report.current.from_facts
        assert app.focused is report.table and report.table.cursor_row == 0
        assert rows_of(report.table) == [["服务", "12.34", "警"]]
        cell = report.table.get_row_at(0)[1]
        assert "underline" in str(cell.spans[-1].style)
        assert "警告 附表服务一行与合计不符" in str(app.screen.query_one("#report-note").content)
        listing = app.screen.query_one("#report-list", OptionList)
        assert str(listing.get_option_at_index(listing.highlighted).prompt).endswith("检查：警告 1")


async def test_enter_on_a_scorecard_finding_focuses_the_indicator(checked_db):
    app = make_app(checked_db)
    async with app.run_test(size=WIDE) as pilot:
        view = await open_check_tab(pilot)
        await choose(pilot, view, "scorecard.score_le_weight")
        await settle(pilot)
        assert app.screen.query_one(TabbedContent).active == "perf"
        table = app.screen.query_one("#card-0-indicators", DataTable)
        assert app.focused is table
        row = rows_of(table)[table.cursor_row]
        assert row[0].strip() == "一号响应" and row[-1] == "提"


async def test_enter_on_a_fund_finding_and_the_marks_on_rebuilt_tables(checked_db):
    app = make_app(checked_db)
    async with app.run_test(size=WIDE) as pilot:
        view = await open_check_tab(pilot)
        await choose(pilot, view, "tree.fund_total")
        drill = app.screen.query_one(DrillDown)
        assert drill.trail_names == [] and drill.highlighted.name == GENERAL
        assert rows_of(drill.table)[0][5].endswith("提")
        await pilot.press("3")
        await pilot.pause()
        report = app.screen.query_one(ReportView)
        report.reveal("general_budget")
        await pilot.pause()
        rows = rows_of(report.table)
        assert rows[0][1:3] == ["合计", "180.00"] and rows[0][-1] == "提"
        assert {r[1].strip(): r[-1] for r in rows}["事业运行"] == "警"
        assert [r[-1] for r in rows].count("") == len(rows) - 2


# --------------------------------------------------------------------------- the seed


@pytest.fixture(scope="session")
def _seed_checked_db(tmp_path_factory, _seed_doc_cached):
    path = tmp_path_factory.mktemp("seedchecks") / "seed.db"
    with Store(path) as store:
        store.save(_seed_doc_cached)
    return path


@pytest.fixture
def seed_db(_seed_checked_db, tmp_path):
    path = tmp_path / "seed.db"
    shutil.copy(_seed_checked_db, path)
    return path


async def test_seed_findings_and_the_procurement_error_opens_its_sentence(seed_db):
    app = make_app(seed_db)
    async with app.run_test(size=WIDE) as pilot:
        view = await open_check_tab(pilot)
        document = app.screen.document
        counts = {s: sum(f.severity == s for f in document.findings) for s in ("error", "warning", "info")}
        assert counts["error"] == 1 and counts["warning"] >= 1 and counts["info"] >= 1
        summary = str(app.screen.query_one("#findings-summary").content)
        assert summary.startswith(f"检查结果：错误 1 · 警告 {counts['warning']} · 提示 {counts['info']}")
        headings = [p for p in view.prompts if "\n" not in p]
        assert headings == ["错误（1）", f"警告（{counts['warning']}）", f"提示（{counts['info']}）"]
        error = view.prompts[1]
        assert "政府采购" in error.splitlines()[0] and "900.52" in error
        await choose(pilot, view, view.findings[0].rule)
        screen = app.screen
        text = screen.query_one(SectionView)
        trail = [s.heading for s in section_trail(screen.document, text.section.id)]
        assert trail[-2:] == ["十、其他重要事项的情况说明", "（二）政府采购情况"]
        marked = hit_paragraphs(text)
        assert len(marked) == 1 and "政府采购支出总额 900.52 万元" in marked[0].text.plain
        body = text.body.region
        assert body.y <= marked[0].region.y and marked[0].region.bottom <= body.bottom


async def test_seed_drill_down_marks_the_items_findings_are_about(seed_db):
    app = make_app(seed_db)
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        screen = app.screen
        drill = screen.query_one(DrillDown)
        located = [f for f in screen.document.findings if (f.location or "").startswith("item:")]
        assert located  # the seed's 增长率 written for a 项 new this year
        fund, path = located[0].location[5:].split(":", 1)
        await pilot.press("2")
        drill.reveal([fund, *path.split("/")])
        await pilot.pause()
        row = rows_of(drill.table)[drill.table.cursor_row]
        assert row[0] == path.split("/")[-1] and row[5].endswith("警")
