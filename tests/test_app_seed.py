"""The app on the real seed disclosure, imported and stored by the real importer and store."""

from __future__ import annotations

import shutil
from decimal import Decimal

import pytest
from app_fixtures import settle
from textual.widgets import DataTable, OptionList

from juesuan_tui.app import make_app
from juesuan_tui.screens.browser import BrowserScreen
from juesuan_tui.screens.help import HelpScreen
from juesuan_tui.store import Store
from juesuan_tui.views import section_trail
from juesuan_tui.widgets.context_panel import ContextPanel
from juesuan_tui.widgets.drilldown import DrillDown
from juesuan_tui.widgets.section_tree import SectionTree
from juesuan_tui.widgets.section_view import HIT_STYLE, SectionView

SIZE = (120, 40)
GENERAL = "一般公共预算财政拨款"


@pytest.fixture(scope="session")
def _seed_db(tmp_path_factory, _seed_doc_cached):
    path = tmp_path_factory.mktemp("seeddb") / "seed.db"
    with Store(path) as store:
        store.save(_seed_doc_cached)
    return path


@pytest.fixture
def seed_db(_seed_db, tmp_path):
    """A private copy of a database holding the seed (imported once per session)."""
    path = tmp_path / "seed.db"
    shutil.copy(_seed_db, path)
    return path


def heading_node(tree: SectionTree, prefix: str):
    return next(node for node in tree._section_nodes.values() if node.label.plain.startswith(prefix))


async def choose_section(pilot, prefix: str) -> None:
    """Move the section tree's cursor to the heading starting with ``prefix`` with the arrow keys; Enter."""
    tree = pilot.app.screen.query_one(SectionTree)
    tree.focus()
    target = heading_node(tree, prefix)
    await pilot.pause()
    for _ in range(200):
        if tree.cursor_node is target:
            break
        await pilot.press("down")
    assert tree.cursor_node is target
    await pilot.press("enter")
    await settle(pilot)


async def drill_into(pilot, drill: DrillDown, name: str) -> None:
    """Arrow down to the row called ``name`` and press Enter."""
    names = [node.name for node in drill.rows]
    index = names.index(name)
    drill.table.focus()
    await pilot.press("home", *["down"] * index, "enter")
    await pilot.pause()


async def test_navigate_to_general_budget_and_drill_to_items(seed_db):
    app = make_app(seed_db)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await choose_section(pilot, "五、一般公共预算财政拨款支出决算情况说明")
        view = app.screen.query_one(SectionView)
        assert view.section.title == "一般公共预算财政拨款支出决算情况说明"
        assert "（三）一般公共预算财政拨款支出决算具体情况" in view.plain_text  # subsections shown with it
        assert "3,300.15" in view.plain_text

        await pilot.press("2")
        await pilot.pause()
        drill = app.screen.query_one(DrillDown)
        await drill_into(pilot, drill, GENERAL)
        await drill_into(pilot, drill, "一般公共服务支出")
        await drill_into(pilot, drill, "政府办公厅（室）及相关机构事务")
        assert drill.trail_names == [GENERAL, "一般公共服务支出", "政府办公厅（室）及相关机构事务"]
        rows = {str(drill.table.get_row_at(i)[0]): str(drill.table.get_row_at(i)[1])
                for i in range(drill.table.row_count)}
        assert rows["事业运行"] == "512.51"
        assert rows["其他政府办公厅（室）及相关机构事务支出"] == "1,064.89"
        parent = drill.current.parent
        assert parent.name == "一般公共服务支出" and parent.stated == Decimal("1577.40") and parent.check == "✓"

        await pilot.press("backspace", "backspace")
        await pilot.pause()
        assert drill.trail_names == [GENERAL]
        names = [node.name for node in drill.rows]
        assert names[:3] == ["一般公共服务支出", "科学技术支出", "社会保障和就业支出"]


async def test_performance_shows_seven_indicators_and_total_100(seed_db):
    app = make_app(seed_db)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("4")
        await pilot.pause()
        table = app.screen.query_one("#card-0-indicators", DataTable)
        rows = [[str(c) for c in table.get_row_at(i)] for i in range(table.row_count)]
        card = app.screen.document.scorecards[0]
        assert len(card.indicators) == 7
        indicator_names = {i.name for i in card.indicators}
        assert sum(row[0].strip() in indicator_names for row in rows) == 7
        assert rows[-1][0].strip() == "总分" and Decimal(rows[-1][3]) == 100
        assert "热线受理量" in indicator_names


async def test_section_six_context_defines_basic_expenditure(seed_db):
    app = make_app(seed_db)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await choose_section(pilot, "六、")
        context = app.screen.query_one(ContextPanel)
        assert "基本支出" in [t.term for t in context.terms]
        assert "基本支出\n指为保障机构正常运转、完成日常工作任务而发生的人员支出和公用支出。" in context.plain_text


async def test_search_opens_procurement_with_the_amount_visible(seed_db):
    app = make_app(seed_db)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("slash", *"政府采购", "enter")
        await settle(pilot)
        results = app.screen.query_one("#search-results", OptionList)
        prompts = [str(results.get_option_at_index(i).prompt) for i in range(results.option_count)]
        index = next(i for i, p in enumerate(prompts) if "政府采购情况" in p.splitlines()[0])
        await pilot.press(*["down"] * index, "enter")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, BrowserScreen)
        view = screen.query_one(SectionView)
        assert view.section.heading == "（二）政府采购情况"
        trail = [s.heading for s in section_trail(screen.document, screen.section_id)]
        assert trail == ["第二部分部门决算情况说明", "十、其他重要事项的情况说明", "（二）政府采购情况"]
        paragraph = next(w for w in view.body.children if "900.52" in w.text.plain)
        assert any(span.style == HIT_STYLE for span in paragraph.text.spans)
        body = view.body.region
        assert body.y <= paragraph.region.y and paragraph.region.bottom <= body.bottom


async def test_help_then_quit(seed_db):
    app = make_app(seed_db)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, BrowserScreen)
        await pilot.press("q")
        await pilot.pause()
    assert app.return_code == 0


async def test_fresh_database_shows_the_bundled_sample(tmp_path):
    path = tmp_path / "fresh" / "juesuan.db"
    app = make_app(path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, rounds=4)
        screen = app.screen
        assert screen.document is not None
        assert screen.document.unit == "乌鲁木齐市12345政务服务热线中心"
        assert "已导入内置样例" in str(screen.query_one("#status").content)
        assert "负责受理市民诉求事项" in screen.query_one(SectionView).plain_text
    with Store(path) as store:
        assert store.count() == 1
    # the second start finds it and imports nothing more
    app = make_app(path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert "已导入" not in str(app.screen.query_one("#status").content)
    with Store(path) as store:
        assert store.count() == 1
